import { eq } from 'drizzle-orm';
import type { Database } from './database.ts';
import { referenceData } from './reference-data.tables.ts';

/**
 * Runs `load` only when the database does not yet hold this version of a data set, then records
 * it: a start-up with current data reads one row instead of re-checking ninety thousand.
 */
export async function loadReferenceDataOnce(
  db: Database,
  name: string,
  version: string,
  load: () => Promise<unknown>,
): Promise<boolean> {
  const [current] = await db.select().from(referenceData).where(eq(referenceData.name, name));
  if (current?.version === version) return false;
  await load();
  await db
    .insert(referenceData)
    .values({ name, version })
    .onConflictDoUpdate({ target: referenceData.name, set: { version, loadedAt: new Date() } });
  return true;
}
