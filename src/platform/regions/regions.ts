import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { asc, eq, inArray, sql } from 'drizzle-orm';
import type { Database } from '../db/database.ts';
import { referenceCache } from '../db/prepared.ts';
import { regions } from './regions.tables.ts';

export type Region = typeof regions.$inferSelect;
export type RegionLevel = 1 | 2 | 3 | 4;

export const REGION_LEVEL_NAMES: Record<RegionLevel, string> = {
  1: 'provinsi',
  2: 'kabupaten/kota',
  3: 'kecamatan',
  4: 'desa/kelurahan',
};

/** A dotted Kemendagri code: 35, 35.78, 35.78.01 or 35.78.01.1001. */
export const REGION_CODE_PATTERN = /^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$/;

const regionCache = referenceCache<Region>();

/** Regions change only when start-up loads a new idn-area-data version: kept in memory once read. */
export async function findRegion(db: Database, code: string): Promise<Region | undefined> {
  return regionCache(db, code, async () => {
    const [row] = await db.select().from(regions).where(eq(regions.code, code));
    return row;
  });
}

/** Which of the given codes exist; one query whatever their number. */
export async function existingRegionCodes(db: Database, codes: string[]): Promise<Set<string>> {
  if (codes.length === 0) return new Set();
  const rows = await db.select({ code: regions.code }).from(regions).where(inArray(regions.code, codes));
  return new Set(rows.map((row) => row.code));
}

/** Children of a region, or the provinces when no parent is given. At most ~300 rows for a district. */
export async function listRegions(db: Database, parentCode: string | undefined): Promise<Region[]> {
  return db
    .select()
    .from(regions)
    .where(parentCode ? eq(regions.parentCode, parentCode) : eq(regions.level, 1))
    .orderBy(asc(regions.code));
}

export async function listRegionsByLevel(db: Database, level: RegionLevel): Promise<Region[]> {
  return db.select().from(regions).where(eq(regions.level, level)).orderBy(asc(regions.code));
}

/**
 * Loads the Kemendagri codes from the idn-area-data package. Idempotent: rows already present are
 * kept, new ones are added and names are brought up to date. Start-up calls it only when the
 * package version differs from the one loaded (see prepare.ts).
 *
 * Memory: the package (and its CSV parser) is imported only here, one level is parsed at a time,
 * and each batch goes to the database as one JSON parameter rather than 4 bound values per row,
 * so the 91,599 areas never exist as query-builder objects — loading them once took the service's
 * heap past 220 MB, which it kept long after start-up.
 */
export async function seedRegions(
  db: Database,
  onProgress?: (message: string) => void,
): Promise<{ total: number }> {
  const areas = await import('idn-area-data');
  type Area = {
    code: string;
    name: string;
    province_code?: string;
    regency_code?: string;
    district_code?: string;
  };
  // Parents first, so every level's parents exist when it is loaded.
  const levels: [RegionLevel, () => Promise<Area[]>][] = [
    [1, areas.getProvinces],
    [2, areas.getRegencies],
    [3, areas.getDistricts],
    [4, areas.getVillages],
  ];
  const batchSize = 10_000;
  let total = 0;
  await db.transaction(async (tx) => {
    for (const [level, read] of levels) {
      const rows = (await read()).map((row) => ({
        code: row.code,
        parentCode: row.province_code ?? row.regency_code ?? row.district_code ?? null,
        name: row.name,
      }));
      for (let start = 0; start < rows.length; start += batchSize) {
        const batch = JSON.stringify(rows.slice(start, start + batchSize));
        await tx.execute(sql`
          insert into ${regions} (code, parent_code, level, name)
          select area.code, area."parentCode", ${level}::smallint, area.name
          from json_to_recordset(${batch}::json) as area(code text, "parentCode" text, name text)
          on conflict (code) do update set name = excluded.name`);
        onProgress?.(
          `wilayah ${REGION_LEVEL_NAMES[level]} ${Math.min(start + batchSize, rows.length)}/${rows.length}`,
        );
      }
      total += rows.length;
    }
  });
  return { total };
}

/** The idn-area-data version, the identity of the area data set. */
export async function regionDataVersion(): Promise<string> {
  const manifest = createRequire(import.meta.url).resolve('idn-area-data/package.json');
  return `idn-area-data@${JSON.parse(await readFile(manifest, 'utf8')).version}`;
}
