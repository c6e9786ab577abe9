import { index, smallint, text } from 'drizzle-orm/pg-core';
import { platformSchema } from '../db/platform.tables.ts';

/** Kemendagri administrative areas: 1 province, 2 regency/city, 3 district, 4 village. */
export const regions = platformSchema.table(
  'regions',
  {
    code: text('code').primaryKey(),
    parentCode: text('parent_code'),
    level: smallint('level').notNull(),
    name: text('name').notNull(),
  },
  (table) => [index('regions_parent_idx').on(table.parentCode)],
);
