import { describe, expect, it } from 'vitest';
import { normaliseText, stemIndonesian, tokenise } from './text-normaliser.ts';

describe('Indonesian text normalisation', () => {
  it('maps slang and abbreviations to the standard word', () => {
    expect(normaliseText('Jln rusak gk diperbaiki, sdh lapor tdk ada respon')).toEqual([
      'jalan',
      'rusak',
      'tidak',
      'diperbaiki',
      'sudah',
      'lapor',
      'tidak',
      'ada',
      'respon',
    ]);
    expect(normaliseText('jl. Ahmad Yani ga ada lampu')).toEqual([
      'jalan',
      'ahmad',
      'yani',
      'tidak',
      'ada',
      'lampu',
    ]);
  });

  it('lower-cases, squeezes stretched letters and folds reduplication', () => {
    expect(normaliseText('TOLONGGG pak, banjirrr!!!')).toEqual(['tolong', 'bapak', 'banjir']);
    expect(normaliseText('anak-anak dan warga2 sekitar')).toEqual(['anak', 'dan', 'warga', 'sekitar']);
  });

  it('replaces links, masked identifiers and long numbers by placeholders', () => {
    expect(normaliseText('lihat https://contoh.id/foto?x=1 NIK [NIK] telp [TELP] 081234567890 rt 3')).toEqual(
      ['lihat', 'tautan', 'nik', 'nik', 'telp', 'telp', 'angka', 'rt', '3'],
    );
  });

  it('strips common affixes but keeps short words whole', () => {
    expect(stemIndonesian('diperbaiki')).toBe('perbaiki');
    expect(stemIndonesian('jalannya')).toBe('jalan');
    expect(stemIndonesian('membersihkan')).toBe('bersih');
    expect(stemIndonesian('pemberitahuan')).toBe('beritahuan');
    expect(stemIndonesian('dia')).toBe('dia');
    expect(tokenise('Saluran air tersumbat')).toEqual(['saluran', 'air', 'sumbat']);
  });
});
