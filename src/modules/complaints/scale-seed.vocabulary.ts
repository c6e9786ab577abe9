import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';

/**
 * Words to synthesise realistic report texts from. Read from a real complaint export, but only
 * words that cannot identify anyone: lower-case letters only (no numbers, codes, e-mail or phone),
 * used in at least MIN_DOCUMENTS different reports, mostly written in lower case (names are
 * capitalised), and not a place name of the export's own columns. No sentence of the source is kept.
 */
const MIN_DOCUMENTS = 20;

/** When the export is absent: plain words of everyday complaints. */
const BUILT_IN = `jalan rusak berlubang lampu penerangan mati saluran air tersumbat banjir sampah menumpuk
  belum diangkut warga mohon segera ditindaklanjuti pelayanan kantor kelurahan lambat antrean panjang
  petugas tidak ada pohon tumbang kabel listrik trotoar parkir liar pedagang kaki lima bau tidak sedap
  got meluap genangan hujan deras kemacetan lalu lintas rambu lampu merah rusak sekolah guru bantuan
  sosial tidak tepat sasaran kartu keluarga akta kelahiran pengurusan dokumen berbelit biaya pungutan
  puskesmas obat dokter rumah sakit rujukan pasien bpjs iuran air bersih keruh tidak mengalir pipa bocor
  sudah lama dilaporkan namun belum ada tanggapan kami berharap pemerintah kota memperbaiki kondisi
  tersebut sangat mengganggu aktivitas warga sekitar setiap hari terutama malam pagi sore anak anak
  membahayakan pengendara motor mobil kendaraan umum angkutan terminal halte taman fasilitas umum`;

export type Vocabulary = { words: string[]; source: 'csv' | 'built-in'; documents: number };

export async function loadVocabulary(csvPath: string | undefined): Promise<Vocabulary> {
  let text: string | undefined;
  try {
    text = csvPath ? await readFile(csvPath, 'utf8') : undefined;
  } catch {
    text = undefined;
  }
  if (!text) return { words: builtIn(), source: 'built-in', documents: 0 };
  const rows = parse(text, { columns: true, skip_empty_lines: true, relax_column_count: true }) as Array<
    Record<string, string>
  >;
  const documentFrequency = new Map<string, number>();
  const capitalised = new Map<string, number>();
  const occurrences = new Map<string, number>();
  const placeWords = new Set<string>();
  for (const row of rows) {
    for (const column of ['kecamatan', 'kelurahan', 'instansi']) {
      for (const word of (row[column] ?? '').toLowerCase().match(/\p{L}+/gu) ?? []) placeWords.add(word);
    }
    const seen = new Set<string>();
    for (const token of (row.text ?? '').match(/\p{L}+/gu) ?? []) {
      const word = token.toLowerCase();
      if (!/^[a-z]{3,20}$/.test(word)) continue;
      occurrences.set(word, (occurrences.get(word) ?? 0) + 1);
      if (token[0] !== word[0]) capitalised.set(word, (capitalised.get(word) ?? 0) + 1);
      if (!seen.has(word)) {
        seen.add(word);
        documentFrequency.set(word, (documentFrequency.get(word) ?? 0) + 1);
      }
    }
  }
  const words: string[] = [];
  for (const [word, documents] of documentFrequency) {
    if (documents < MIN_DOCUMENTS || placeWords.has(word)) continue;
    if ((capitalised.get(word) ?? 0) * 2 > occurrences.get(word)!) continue;
    // Common words come up more often, but not overwhelmingly (square root of their frequency).
    for (let copies = Math.ceil(Math.sqrt(documents)); copies > 0; copies--) words.push(word);
  }
  if (words.length === 0) return { words: builtIn(), source: 'built-in', documents: rows.length };
  return { words, source: 'csv', documents: rows.length };
}

function builtIn(): string[] {
  return BUILT_IN.split(/\s+/).filter(Boolean);
}
