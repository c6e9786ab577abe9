import { and, desc, eq, isNotNull, sql } from 'drizzle-orm';
import type { Database } from '../../platform/db/database.ts';
import type { ModelKind, ModelMetadata, SuggestedLabel } from './insights.contracts.ts';
import { activations, models, suggestions } from './insights.tables.ts';

export type ModelRow = typeof models.$inferSelect;
export type SuggestionRow = typeof suggestions.$inferSelect;

export async function insertModel(
  db: Database,
  row: { kind: ModelKind; version: string; createdBy: string | null; metadata: ModelMetadata },
) {
  await db.insert(models).values(row);
}

export async function findModel(
  db: Database,
  kind: ModelKind,
  version: string,
): Promise<ModelRow | undefined> {
  const [row] = await db
    .select()
    .from(models)
    .where(and(eq(models.kind, kind), eq(models.version, version)));
  return row;
}

/** Few rows (one per training run): not paginated. */
export async function listModels(db: Database): Promise<ModelRow[]> {
  return db.select().from(models).orderBy(models.kind, desc(models.createdAt));
}

export async function insertActivation(
  db: Database,
  row: {
    kind: ModelKind;
    version: string;
    actorId: string | null;
    reason: 'activate' | 'rollback' | 'retrain' | 'install';
  },
) {
  await db.insert(activations).values(row);
}

/** The active version of each kind: the latest activation. */
export async function findActiveVersions(db: Database): Promise<Map<ModelKind, string>> {
  const rows = await db
    .selectDistinctOn([activations.kind], { kind: activations.kind, version: activations.version })
    .from(activations)
    .orderBy(activations.kind, desc(activations.id));
  return new Map(rows.map((row) => [row.kind, row.version]));
}

/** Activations of one kind, newest first (for roll-back). */
export async function listActivations(db: Database, kind: ModelKind, limit = 50) {
  return db
    .select({ version: activations.version, at: activations.at })
    .from(activations)
    .where(eq(activations.kind, kind))
    .orderBy(desc(activations.id))
    .limit(limit);
}

/** Keeps the first showing: what the officer saw before deciding. */
export async function insertSuggestionIfAbsent(
  db: Database,
  row: {
    trackingId: string;
    agencyModelVersion: string | null;
    categoryModelVersion: string | null;
    agencies: SuggestedLabel[];
    categories: SuggestedLabel[];
    topConfidence: number | null;
    shownAt: Date;
    isAutomatic?: boolean;
  },
) {
  await db.insert(suggestions).values(row).onConflictDoNothing();
}

export async function findSuggestion(db: Database, trackingId: string): Promise<SuggestionRow | undefined> {
  const [row] = await db.select().from(suggestions).where(eq(suggestions.trackingId, trackingId));
  return row;
}

export async function recordRouting(
  db: Database,
  trackingId: string,
  outcome: {
    routedTo: string | null;
    routedAt: Date | null;
    isFollowed: boolean | null;
    isInTop3: boolean | null;
    isAutomatic?: boolean;
  },
) {
  await db.update(suggestions).set(outcome).where(eq(suggestions.trackingId, trackingId));
}

export async function markRoutedAutomatically(db: Database, trackingId: string) {
  await db.update(suggestions).set({ isAutomatic: true }).where(eq(suggestions.trackingId, trackingId));
}

/** Routed reports per week (Monday, Asia/Jakarta), newest first; at most a year of weeks. */
export async function routingAccuracyByWeek(db: Database) {
  const week = sql<string>`to_char(date_trunc('week', ${suggestions.routedAt} AT TIME ZONE 'Asia/Jakarta'), 'YYYY-MM-DD')`;
  return db
    .select({
      week,
      routed: sql<number>`count(*)::int`,
      followed: sql<number>`count(*) filter (where ${suggestions.isFollowed})::int`,
      inTop3: sql<number>`count(*) filter (where ${suggestions.isInTop3})::int`,
      automatic: sql<number>`count(*) filter (where ${suggestions.isAutomatic})::int`,
    })
    .from(suggestions)
    .where(isNotNull(suggestions.routedAt))
    .groupBy(week)
    .orderBy(desc(week))
    .limit(53);
}
