import { desc, eq, inArray } from 'drizzle-orm';
import type { Database } from '../../platform/db/database.ts';
import { apiKeys, requests } from './open311.tables.ts';

export type ApiKeyRow = typeof apiKeys.$inferSelect;
export type RequestRow = typeof requests.$inferSelect;

export async function insertApiKey(db: Database, row: typeof apiKeys.$inferInsert): Promise<ApiKeyRow> {
  const [inserted] = await db.insert(apiKeys).values(row).returning();
  return inserted!;
}

/** Newest first; keys are issued by hand, so there are at most a few hundred. */
export async function listApiKeys(db: Database): Promise<ApiKeyRow[]> {
  return db.select().from(apiKeys).orderBy(desc(apiKeys.createdAt)).limit(1000);
}

export async function findApiKeyById(db: Database, id: string): Promise<ApiKeyRow | undefined> {
  const [row] = await db.select().from(apiKeys).where(eq(apiKeys.id, id));
  return row;
}

export async function findApiKeyByHash(db: Database, keyHash: string): Promise<ApiKeyRow | undefined> {
  const [row] = await db.select().from(apiKeys).where(eq(apiKeys.keyHash, keyHash));
  return row;
}

export async function markApiKeyUsed(db: Database, id: string, at: Date): Promise<void> {
  await db.update(apiKeys).set({ lastUsedAt: at }).where(eq(apiKeys.id, id));
}

export async function revokeApiKey(db: Database, id: string, at: Date): Promise<void> {
  await db.update(apiKeys).set({ revokedAt: at }).where(eq(apiKeys.id, id));
}

export async function insertRequest(db: Database, row: typeof requests.$inferInsert): Promise<void> {
  await db.insert(requests).values(row);
}

export async function findRequestByToken(db: Database, token: string): Promise<RequestRow | undefined> {
  const [row] = await db.select().from(requests).where(eq(requests.token, token));
  return row;
}

/** What Open311 added to these reports (media URL, address id, the key that posted them). */
export async function findRequestsByTrackingIds(db: Database, trackingIds: string[]): Promise<RequestRow[]> {
  if (trackingIds.length === 0) return [];
  return db.select().from(requests).where(inArray(requests.trackingId, trackingIds));
}
