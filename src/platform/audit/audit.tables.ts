import { bigint, bigserial, index, integer, jsonb, smallint, text, timestamp } from 'drizzle-orm/pg-core';
import { platformSchema } from '../db/platform.tables.ts';

/**
 * Append-only. Each row's hash covers its content and the previous row's hash in its lane: the log
 * is a few independent hash chains (lanes), so that concurrent transactions append without
 * waiting for each other's commit (see audit.ts).
 */
export const auditLog = platformSchema.table(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull(),
    actorId: text('actor_id'),
    actorRole: text('actor_role'),
    action: text('action').notNull(),
    targetType: text('target_type').notNull(),
    targetId: text('target_id'),
    requestId: text('request_id'),
    details: jsonb('details').$type<Record<string, unknown>>().notNull().default({}),
    previousHash: text('previous_hash').notNull(),
    hash: text('hash').notNull(),
    /** The chain this entry belongs to; entries before lanes existed are lane 0. */
    lane: smallint('lane').notNull().default(0),
  },
  (table) => [index('audit_log_target_idx').on(table.targetType, table.targetId)],
);

/**
 * Before lanes: the single chain's newest id and hash. No longer written; the migration that
 * added lanes copied it into lane 0 (kept so that the migration can, and old backups restore).
 */
export const auditHead = platformSchema.table('audit_head', {
  singleton: integer('singleton').primaryKey().default(1),
  lastId: bigint('last_id', { mode: 'number' }).notNull(),
  hash: text('hash').notNull(),
});

/**
 * One row per lane: its newest entry's id and hash, so that deleting a lane's tail is detected too.
 * The row is locked from an append to the commit of the appending transaction; `previous_hash` is
 * the hash before the last append (the append statement reads it back).
 */
export const auditLanes = platformSchema.table('audit_lanes', {
  lane: smallint('lane').primaryKey(),
  lastId: bigint('last_id', { mode: 'number' }).notNull(),
  previousHash: text('previous_hash').notNull(),
  hash: text('hash').notNull(),
});
