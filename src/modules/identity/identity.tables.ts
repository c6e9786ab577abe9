import { sql } from 'drizzle-orm';
import { index, integer, pgSchema, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

export const identitySchema = pgSchema('identity');

/**
 * The agency tree. `path` holds the codes from the root down, joined by '>', so a subtree is one
 * prefix match: path = p OR path LIKE p || '>%'. Codes never contain '>', '%' or '_'.
 */
export const agencies = identitySchema.table(
  'agencies',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    code: text('code').notNull(),
    name: text('name').notNull(),
    kind: text('kind', { enum: ['pusat', 'provinsi', 'kabkota', 'unit'] }).notNull(),
    parentId: uuid('parent_id'),
    path: text('path').notNull(),
    regionCode: text('region_code'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex('agencies_code_key').on(table.code),
    index('agencies_parent_idx').on(table.parentId),
    index('agencies_path_idx').on(sql`${table.path} text_pattern_ops`),
  ],
);

export const users = identitySchema.table(
  'users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind', { enum: ['warga', 'petugas'] }).notNull(),
    /** Lower-cased. */
    email: text('email').notNull(),
    name: text('name').notNull(),
    passwordHash: text('password_hash'),
    /** AES-GCM ciphertext; read only through a deliberate, audited call. */
    nikCiphertext: text('nik_ciphertext'),
    /** HMAC of the NIK: uniqueness and log-in by NIK without decrypting. */
    nikIndex: text('nik_index'),
    nikMasked: text('nik_masked'),
    phoneCiphertext: text('phone_ciphertext'),
    phoneMasked: text('phone_masked'),
    role: text('role', { enum: ['admin-nasional', 'admin-instansi', 'penghubung', 'pengawas', 'sysadmin'] }),
    agencyId: uuid('agency_id'),
    emailVerifiedAt: timestamp('email_verified_at', { withTimezone: true }),
    failedLoginCount: integer('failed_login_count').notNull().default(0),
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    lastLoginAt: timestamp('last_login_at', { withTimezone: true }),
    disabledAt: timestamp('disabled_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex('users_email_key').on(table.email),
    uniqueIndex('users_nik_index_key').on(table.nikIndex),
    index('users_agency_idx').on(table.agencyId),
  ],
);

/** Browser sessions and machine tokens alike; only the SHA-256 of a token is kept. */
export const sessions = identitySchema.table(
  'sessions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tokenHash: text('token_hash').notNull(),
    userId: uuid('user_id').notNull(),
    kind: text('kind', { enum: ['browser', 'api'] }).notNull(),
    label: text('label'),
    csrfToken: text('csrf_token').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    createdBy: uuid('created_by'),
  },
  (table) => [
    uniqueIndex('sessions_token_hash_key').on(table.tokenHash),
    index('sessions_user_idx').on(table.userId),
  ],
);

export const oneTimeTokens = identitySchema.table(
  'one_time_tokens',
  {
    tokenHash: text('token_hash').primaryKey(),
    userId: uuid('user_id').notNull(),
    purpose: text('purpose', { enum: ['verify-email', 'reset-password'] }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index('one_time_tokens_user_idx').on(table.userId)],
);
