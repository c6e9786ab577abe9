import { pgSchema } from 'drizzle-orm/pg-core';

/** Tables of the platform kernel (audit, outbox) live in their own PostgreSQL schema. */
export const platformSchema = pgSchema('platform');
