import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import { z } from 'zod';
import { appendAudit } from '../../platform/audit/audit.ts';
import type { Database } from '../../platform/db/database.ts';
import { AppError, type FieldError, PlatformErrors } from '../../platform/http/errors.ts';
import { listRegionsByLevel } from '../../platform/regions/regions.ts';
import { AgencyCode, AgencySlug } from './identity.contracts.ts';
import * as repository from './identity.repository.ts';

const CENTRAL_AGENCIES_CSV = new URL('./data/instansi-pusat.csv', import.meta.url);

/** Changes whenever the shipped central list changes, so that start-up loads it again. */
export async function agencySeedVersion(): Promise<string> {
  return createHash('sha256')
    .update(await readFile(CENTRAL_AGENCIES_CSV, 'utf8'))
    .digest('hex')
    .slice(0, 16);
}

/**
 * The standing agency tree: the central agencies shipped with Terpadu, and one government per
 * province (38) and per regency/city (514), coded by Kemendagri. Idempotent.
 */
export async function seedAgencies(db: Database): Promise<{ inserted: number }> {
  let inserted = 0;
  const central = await readFile(CENTRAL_AGENCIES_CSV, 'utf8');
  inserted += (await importAgencies(db, { csv: central, actor: 'system' })).inserted;
  const provinces = await listRegionsByLevel(db, 1);
  inserted += await repository.insertAgencies(
    db,
    provinces.map((province) => ({
      code: province.code,
      name: `Pemerintah Provinsi ${province.name}`,
      kind: 'provinsi' as const,
      path: province.code,
      regionCode: province.code,
    })),
  );
  const provinceIds = new Map(
    (await repository.listAgencies(db, { kind: 'provinsi', limit: 1000, offset: 0 })).map((row) => [
      row.code,
      row.id,
    ]),
  );
  const regencies = await listRegionsByLevel(db, 2);
  inserted += await repository.insertAgencies(
    db,
    regencies.map((regency) => ({
      code: regency.code,
      name: `Pemerintah ${regency.name}`,
      kind: 'kabkota' as const,
      parentId: provinceIds.get(regency.parentCode!) ?? null,
      path: `${regency.parentCode}>${regency.code}`,
      regionCode: regency.code,
    })),
  );
  return { inserted };
}

const ImportRow = z.strictObject({
  code: z.string().trim(),
  name: z.string().trim().min(3).max(200),
  parent_code: z.string().trim().optional(),
});

/**
 * Adds agencies from CSV (columns code,name[,parent_code]). A row without parent is a central
 * agency whose code is a slug; a row with a parent is a unit whose code is parent/slug or a slug
 * (the parent's code is then prefixed). Existing codes are left as they are. All or nothing:
 * any bad row rejects the whole file, with every problem listed.
 */
export async function importAgencies(
  db: Database,
  options: { csv: string; actor: 'system' | { userId: string; role: string | null } },
): Promise<{ inserted: number; skipped: number }> {
  let records: Record<string, string>[];
  try {
    records = parse(options.csv, { columns: true, skip_empty_lines: true, trim: true, bom: true });
  } catch (error) {
    throw new AppError(PlatformErrors.VALIDATION_FAILED, { detail: `CSV: ${(error as Error).message}` });
  }
  const problems: FieldError[] = [];
  const planned: Array<{ line: string; code: string; name: string; parentCode: string | undefined }> = [];
  records.forEach((record, index) => {
    const line = `row ${index + 2}`;
    const parsed = ImportRow.safeParse(
      Object.fromEntries(Object.entries(record).filter(([, value]) => value !== '')),
    );
    if (!parsed.success) {
      problems.push({ field: line, code: 'CSV_ROW_INVALID', message: parsed.error.issues[0]?.message ?? '' });
      return;
    }
    const { code, name, parent_code: parentCode } = parsed.data;
    const fullCode = parentCode && !code.includes('/') ? `${parentCode}/${code}` : code;
    const codeValid = parentCode
      ? AgencyCode.safeParse(fullCode).success && fullCode.startsWith(`${parentCode}/`)
      : AgencySlug.safeParse(code).success;
    if (!codeValid) {
      problems.push({ field: line, code: 'CSV_CODE_INVALID', message: `code "${code}"` });
      return;
    }
    planned.push({ line, code: fullCode, name, parentCode });
  });
  if (problems.length > 0) throw new AppError(PlatformErrors.VALIDATION_FAILED, { fields: problems });

  return db.transaction(async (tx) => {
    let inserted = 0;
    let skipped = 0;
    // Parents before children: a file may add a unit and its sub-units together.
    for (const row of planned.sort((a, b) => a.code.split('/').length - b.code.split('/').length)) {
      if (await repository.findAgencyByCode(tx, row.code)) {
        skipped += 1;
        continue;
      }
      const parent = row.parentCode ? await repository.findAgencyByCode(tx, row.parentCode) : undefined;
      if (row.parentCode && !parent) {
        problems.push({ field: row.line, code: 'CSV_PARENT_UNKNOWN', message: `parent "${row.parentCode}"` });
        continue;
      }
      await repository.insertAgency(tx, {
        code: row.code,
        name: row.name,
        kind: parent ? 'unit' : 'pusat',
        parentId: parent?.id ?? null,
        path: parent ? `${parent.path}>${row.code}` : row.code,
        regionCode: parent?.regionCode ?? null,
      });
      inserted += 1;
    }
    // Thrown after the loop so that every unknown parent is listed; the transaction rolls back.
    if (problems.length > 0) {
      throw new AppError(PlatformErrors.VALIDATION_FAILED, {
        fields: problems.sort((a, b) => Number(a.field.slice(4)) - Number(b.field.slice(4))),
      });
    }
    if (options.actor !== 'system' || inserted > 0) {
      await appendAudit(tx, {
        actorId: options.actor === 'system' ? null : options.actor.userId,
        actorRole: options.actor === 'system' ? 'system' : options.actor.role,
        action: 'agency.imported',
        targetType: 'agency',
        details: { inserted, skipped },
      });
    }
    return { inserted, skipped };
  });
}
