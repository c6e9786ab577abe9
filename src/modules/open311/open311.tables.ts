import { index, integer, pgSchema, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

export const open311Schema = pgSchema('open311');

/**
 * Keys issued to agency systems and civic apps for POST requests. Only the SHA-256 of the key is
 * kept; `prefix` (the first characters) lets an operator recognise a key without revealing it.
 */
export const apiKeys = open311Schema.table(
  'api_keys',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    prefix: text('prefix').notNull(),
    keyHash: text('key_hash').notNull(),
    /** Kemendagri code used when a request names no jurisdiction_id (an app serving one regency). */
    regionCode: text('region_code'),
    /** Requests per minute this key may make; the platform default when null. */
    rateLimitPerMinute: integer('rate_limit_per_minute'),
    /** The officer who issued it; null when issued at the console (`terpadu apikeys create`). */
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (table) => [uniqueIndex('api_keys_key_hash_key').on(table.keyHash)],
);

/**
 * One row per request posted through Open311: its token, the report it became (by tracking ID,
 * the complaint service's public identifier) and what the spec carries that a report does not.
 * `contact` is the reporter's e-mail, name, phone, device and account ids as one AES-GCM
 * ciphertext; it is never returned by the Open311 API, and never stored for `anonim` reports.
 */
export const requests = open311Schema.table(
  'requests',
  {
    token: text('token').primaryKey(),
    trackingId: text('tracking_id').notNull(),
    apiKeyId: uuid('api_key_id').notNull(),
    contact: text('contact'),
    addressId: text('address_id'),
    mediaUrl: text('media_url'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex('requests_tracking_id_key').on(table.trackingId),
    index('requests_api_key_idx').on(table.apiKeyId),
  ],
);
