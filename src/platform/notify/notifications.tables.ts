import { index, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { platformSchema } from '../db/platform.tables.ts';

/** In-app notifications, shown to their user; the same message usually goes by e-mail too. */
export const notifications = platformSchema.table(
  'notifications',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id').notNull(),
    title: text('title').notNull(),
    body: text('body').notNull(),
    /** A path inside the web app, e.g. /lapor/ABCDE-FGHJK. */
    link: text('link'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    readAt: timestamp('read_at', { withTimezone: true }),
  },
  (table) => [index('notifications_user_idx').on(table.userId, table.createdAt)],
);
