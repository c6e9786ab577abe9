import { index, integer, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { platformSchema } from '../db/platform.tables.ts';

/** Transactional outbox: written in the same transaction as the change that causes the e-mail. */
export const outbox = platformSchema.table(
  'outbox',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    recipient: text('recipient').notNull(),
    subject: text('subject').notNull(),
    bodyText: text('body_text').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    claimedAt: timestamp('claimed_at', { withTimezone: true }),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    /** Where it went: "smtp" or the .eml file name under DATA_DIR/outbox. */
    deliveredTo: text('delivered_to'),
  },
  (table) => [index('outbox_pending_idx').on(table.sentAt, table.createdAt)],
);
