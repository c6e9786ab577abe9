import { readFile } from 'node:fs/promises';
import { eq, like, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../test/support/test-platform.ts';
import type { DatabaseHandle } from '../../platform/db/database.ts';
import { AppError } from '../../platform/http/errors.ts';
import { importAgencies, seedAgencies } from './agencies.seed.ts';
import { agencies } from './identity.tables.ts';

let database: DatabaseHandle;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => {
  await database?.close();
});

async function agencyByCode(code: string) {
  const [row] = await database.db.select().from(agencies).where(eq(agencies.code, code));
  return row;
}

async function countAgencies(): Promise<number> {
  const [row] = await database.db.select({ count: sql<number>`count(*)::int` }).from(agencies);
  return row!.count;
}

/** The error importAgencies rejects with, for a CSV that must be refused. */
async function importError(csv: string): Promise<AppError> {
  const error = await importAgencies(database.db, { csv, actor: 'system' }).then(
    () => undefined,
    (rejection: unknown) => rejection,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

describe('standing agency tree', () => {
  it('has one government per province, at the root, named after it', async () => {
    const provinces = await database.db.select().from(agencies).where(eq(agencies.kind, 'provinsi'));
    expect(provinces).toHaveLength(38);
    for (const province of provinces) {
      expect(province.code).toMatch(/^\d{2}$/);
      expect(province).toMatchObject({ parentId: null, path: province.code, regionCode: province.code });
      expect(province.name).toMatch(/^Pemerintah Provinsi /);
    }
    expect(await agencyByCode('35')).toMatchObject({ name: 'Pemerintah Provinsi Jawa Timur' });
  });

  it('has one government per regency and city, under its province', async () => {
    const regencies = await database.db.select().from(agencies).where(eq(agencies.kind, 'kabkota'));
    expect(regencies).toHaveLength(514);
    const provinces = await database.db.select().from(agencies).where(eq(agencies.kind, 'provinsi'));
    const provinceByCode = new Map(provinces.map((province) => [province.code, province]));
    for (const regency of regencies) {
      const province = provinceByCode.get(regency.code.slice(0, 2));
      expect(province, regency.code).toBeDefined();
      expect(regency.parentId, regency.code).toBe(province!.id);
      expect(regency.path, regency.code).toBe(`${province!.code}>${regency.code}`);
      expect(regency.regionCode, regency.code).toBe(regency.code);
    }
    expect(await agencyByCode('35.78')).toMatchObject({ name: 'Pemerintah Kota Surabaya', path: '35>35.78' });
  });

  it('has every central agency shipped in instansi-pusat.csv, at the root', async () => {
    const csv = await readFile(new URL('./data/instansi-pusat.csv', import.meta.url), 'utf8');
    const shipped = csv
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => line.split(',')[0]!);
    const central = await database.db.select().from(agencies).where(eq(agencies.kind, 'pusat'));
    expect(central.map((agency) => agency.code).sort()).toEqual([...shipped].sort());
    for (const agency of central) {
      expect(agency).toMatchObject({ parentId: null, path: agency.code, regionCode: null });
    }
    expect(await agencyByCode('kemendagri')).toMatchObject({ name: 'Kementerian Dalam Negeri' });
  });

  it('adds nothing when seeded again', async () => {
    const before = await countAgencies();
    expect(await seedAgencies(database.db)).toEqual({ inserted: 0 });
    expect(await countAgencies()).toBe(before);
  });
});

describe('importing agencies from CSV', () => {
  it('adds a unit and its sub-unit from the same file, whatever their order, with their paths', async () => {
    const csv = [
      'code,name,parent_code',
      'bidang-jalan,Bidang Jalan dan Jembatan,35.78/dinas-pu',
      'dinas-pu,Dinas Pekerjaan Umum,35.78',
    ].join('\n');
    expect(await importAgencies(database.db, { csv, actor: 'system' })).toEqual({ inserted: 2, skipped: 0 });

    const unit = await agencyByCode('35.78/dinas-pu');
    const subUnit = await agencyByCode('35.78/dinas-pu/bidang-jalan');
    const surabaya = await agencyByCode('35.78');
    expect(unit).toMatchObject({
      name: 'Dinas Pekerjaan Umum',
      kind: 'unit',
      parentId: surabaya!.id,
      path: '35>35.78>35.78/dinas-pu',
      regionCode: '35.78',
    });
    expect(subUnit).toMatchObject({
      name: 'Bidang Jalan dan Jembatan',
      kind: 'unit',
      parentId: unit!.id,
      path: '35>35.78>35.78/dinas-pu>35.78/dinas-pu/bidang-jalan',
      regionCode: '35.78',
    });
  });

  it('accepts full unit codes, a central agency, quoted names and a byte-order mark', async () => {
    const csv = [
      '\uFEFFcode,name,parent_code',
      '35.78/dinas-kominfo,"Dinas Komunikasi dan Informatika, Kota Surabaya",35.78',
      'badan-riset-uji,Badan Riset Uji,',
    ].join('\r\n');
    expect(await importAgencies(database.db, { csv, actor: 'system' })).toEqual({ inserted: 2, skipped: 0 });
    expect(await agencyByCode('35.78/dinas-kominfo')).toMatchObject({
      name: 'Dinas Komunikasi dan Informatika, Kota Surabaya',
      path: '35>35.78>35.78/dinas-kominfo',
    });
    expect(await agencyByCode('badan-riset-uji')).toMatchObject({
      kind: 'pusat',
      path: 'badan-riset-uji',
      parentId: null,
    });
  });

  it('skips agencies that already exist and keeps their names', async () => {
    const csv = [
      'code,name,parent_code',
      'dinas-pu,Nama Baru Yang Tidak Dipakai,35.78',
      'bidang-air,Bidang Sumber Daya Air,35.78/dinas-pu',
    ].join('\n');
    expect(await importAgencies(database.db, { csv, actor: 'system' })).toEqual({ inserted: 1, skipped: 1 });
    expect(await agencyByCode('35.78/dinas-pu')).toMatchObject({ name: 'Dinas Pekerjaan Umum' });
    expect(await agencyByCode('35.78/dinas-pu/bidang-air')).toMatchObject({
      path: '35>35.78>35.78/dinas-pu>35.78/dinas-pu/bidang-air',
    });
  });

  it('refuses the whole file when rows have a bad code or no name, listing every row', async () => {
    const before = await countAgencies();
    const error = await importError(
      [
        'code,name,parent_code',
        'dinas-baru,Dinas Baru,35.78',
        'Dinas Sosial!,Dinas Sosial,35.78',
        'dinas-tanpa-nama,,35.78',
        'kantor-ok,Kantor Baik,',
      ].join('\n'),
    );
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.fields).toEqual([
      expect.objectContaining({ field: 'row 3', code: 'CSV_CODE_INVALID' }),
      expect.objectContaining({ field: 'row 4', code: 'CSV_ROW_INVALID' }),
    ]);
    expect(await countAgencies()).toBe(before);
    expect(await agencyByCode('35.78/dinas-baru')).toBeUndefined();
  });

  it('refuses the whole file when a row’s parent does not exist, naming the row', async () => {
    const before = await countAgencies();
    const error = await importError(
      [
        'code,name,parent_code',
        'dinas-baru,Dinas Baru,35.78',
        'dinas-hilang,Dinas Tanpa Induk,99.99',
        'bidang-hilang,Bidang Tanpa Induk,35.78/tidak-ada',
      ].join('\n'),
    );
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.fields).toEqual([
      expect.objectContaining({ field: 'row 3', code: 'CSV_PARENT_UNKNOWN' }),
      expect.objectContaining({ field: 'row 4', code: 'CSV_PARENT_UNKNOWN' }),
    ]);
    expect(await countAgencies()).toBe(before);
    expect(await agencyByCode('35.78/dinas-baru')).toBeUndefined();
  });

  it('refuses a file that is not CSV with columns code and name', async () => {
    const before = await countAgencies();
    expect((await importError('code,name\n"unterminated,Dinas\n')).code).toBe('VALIDATION_FAILED');
    expect((await importError('kode,nama\ndinas-x,Dinas X\n')).fields?.[0]).toMatchObject({ field: 'row 2' });
    expect(await countAgencies()).toBe(before);
    const units = await database.db.select().from(agencies).where(like(agencies.code, '%dinas-x%'));
    expect(units).toEqual([]);
  });
});
