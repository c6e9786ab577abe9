import { seedCategories } from './modules/complaints/index.ts';
import { seedAgencies } from './modules/identity/index.ts';
import { seedHolidays } from './platform/calendar/calendar.ts';
import type { DatabaseHandle } from './platform/db/database.ts';
import { seedRegions } from './platform/regions/regions.ts';

/** Migrates and loads reference data (areas, standing agencies). Idempotent; run at every start. */
export async function prepareDatabase(
  database: DatabaseHandle,
  onProgress: (message: string) => void = () => {},
): Promise<void> {
  onProgress('migrasi skema');
  await database.migrate();
  await seedRegions(database.db, onProgress);
  onProgress('instansi');
  await seedAgencies(database.db);
  await seedHolidays(database.db);
  await seedCategories(database.db);
}
