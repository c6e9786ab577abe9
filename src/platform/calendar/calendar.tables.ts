import { date, text, timestamp } from 'drizzle-orm/pg-core';
import { platformSchema } from '../db/platform.tables.ts';

/** National holidays and cuti bersama; admins edit it every year when the SKB is published. */
export const holidays = platformSchema.table('holidays', {
  date: date('date', { mode: 'string' }).primaryKey(),
  kind: text('kind', { enum: ['libur_nasional', 'cuti_bersama'] }).notNull(),
  name: text('name').notNull(),
  updatedBy: text('updated_by'),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
