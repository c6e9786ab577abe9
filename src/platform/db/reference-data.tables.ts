import { text, timestamp } from 'drizzle-orm/pg-core';
import { platformSchema } from './platform.tables.ts';

/** Which version of each shipped reference data set (areas, agencies, …) the database holds. */
export const referenceData = platformSchema.table('reference_data', {
  name: text('name').primaryKey(),
  version: text('version').notNull(),
  loadedAt: timestamp('loaded_at', { withTimezone: true }).notNull().defaultNow(),
});
