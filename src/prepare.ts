import { seedCategories } from './modules/complaints/index.ts';
import { agencySeedVersion, seedAgencies } from './modules/identity/index.ts';
import { seedHolidays } from './platform/calendar/calendar.ts';
import type { DatabaseHandle } from './platform/db/database.ts';
import { loadReferenceDataOnce } from './platform/db/reference-data.ts';
import { regionDataVersion, seedRegions } from './platform/regions/regions.ts';

/**
 * Migrates and loads reference data (areas, standing agencies, holidays, categories). Run at
 * every start: each data set is loaded only when the shipped version differs from the stored one.
 */
export async function prepareDatabase(
  database: DatabaseHandle,
  onProgress: (message: string) => void = () => {},
): Promise<void> {
  const { db } = database;
  onProgress('migrasi skema');
  await database.migrate();
  const regionsVersion = await regionDataVersion();
  await loadReferenceDataOnce(db, 'regions', regionsVersion, () => seedRegions(db, onProgress));
  onProgress('instansi');
  await loadReferenceDataOnce(db, 'agencies', `${await agencySeedVersion()}+${regionsVersion}`, () =>
    seedAgencies(db),
  );
  await loadReferenceDataOnce(db, 'holidays', '2024-2026', () => seedHolidays(db));
  await loadReferenceDataOnce(db, 'categories', '1', () => seedCategories(db));
}
