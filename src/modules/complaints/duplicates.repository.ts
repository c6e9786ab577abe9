import { and, count, eq, getTableColumns, gte, inArray, isNull, type SQL, sql } from 'drizzle-orm';
import type { Database } from '../../platform/db/database.ts';
import type { Status } from './complaints.contracts.ts';
import { type ComplaintRow, reachCondition } from './complaints.repository.ts';
import { complaints, merges, reporters } from './complaints.tables.ts';

/*
 * Queries of similar reports, co-reporters and merges. Text likeness is PostgreSQL's own:
 * pg_trgm similarity of titles (GIN trigram index complaints_title_trgm_idx) and the share of
 * stemmed content words two texts have in common (complaints.text_similarity over the generated
 * `indonesian` search vector; candidates found through its GIN index). Both functions come with
 * migration 0003 and behave the same on PGlite (PostgreSQL 18) and PostgreSQL 15.
 */

export type MergeRow = typeof merges.$inferSelect;

/** Only these words go into the full-text OR query: letters and digits, so no tsquery syntax. */
export function orQueryOf(text: string, stopwords: ReadonlySet<string>): string | undefined {
  const words = [...new Set(text.toLowerCase().match(/[\p{L}\p{N}]{3,}/gu) ?? [])].filter(
    (word) => !stopwords.has(word),
  );
  return words.length ? words.slice(0, 32).join(' | ') : undefined;
}

function textScore(title: string, text: string): SQL<number> {
  return sql<number>`(0.5 * similarity(${complaints.title}, ${title}) + 0.5 * complaints.text_similarity(${complaints.searchVector}, to_tsvector('indonesian', ${text}::text)))::real`;
}

/**
 * Open `publik`/`anonim` reports of one regency filed since `since` whose text is like the given
 * one, best first. `rahasia` reports are never candidates. Bounded by `limit`.
 */
export async function findSimilarOpenPublic(
  db: Database,
  query: {
    title: string;
    text: string;
    orQuery: string | undefined;
    regencyCode: string;
    statuses: readonly Status[];
    since: Date;
    minScore: number;
    limit: number;
  },
): Promise<Array<ComplaintRow & { score: number }>> {
  const filters = and(
    inArray(complaints.privacy, ['publik', 'anonim']),
    inArray(complaints.status, [...query.statuses]),
    gte(complaints.submittedAt, query.since),
    sql`(${complaints.regionCode} = ${query.regencyCode} or ${complaints.regionCode} like ${`${query.regencyCode}.%`})`,
  );
  // Candidates first, through the GIN indexes and cheap C-level ranking: the reports sharing the
  // most words and those with the closest titles. Only these get the full (costlier) score.
  const candidates: SQL[] = [];
  if (query.orQuery) {
    candidates.push(sql`(select ${complaints.id} from ${complaints} where ${filters}
      and ${complaints.searchVector} @@ to_tsquery('indonesian', ${query.orQuery})
      order by ts_rank(${complaints.searchVector}, to_tsquery('indonesian', ${query.orQuery})) desc
      limit ${CANDIDATES_BY_WORDS})`);
  }
  if (query.title) {
    candidates.push(sql`(select ${complaints.id} from ${complaints} where ${filters}
      and ${complaints.title} % ${query.title}
      order by similarity(${complaints.title}, ${query.title}) desc limit ${CANDIDATES_BY_TITLE})`);
  }
  if (candidates.length === 0) return [];
  const score = textScore(query.title, query.text);
  const { searchVector: _searchVector, ...columns } = getTableColumns(complaints);
  const rows = await db
    .select({ ...columns, score })
    .from(complaints)
    .where(
      and(
        sql`${complaints.id} in (${sql.join(candidates, sql` union `)})`,
        sql`${score} >= ${query.minScore}`,
      ),
    )
    .orderBy(sql`${score} desc`, sql`${complaints.submittedAt} desc`)
    .limit(query.limit);
  return rows;
}

/** How many candidates each index offers before the full score is computed. */
const CANDIDATES_BY_WORDS = 60;
const CANDIDATES_BY_TITLE = 20;

/** How many citizens follow each report (filer and parties); counts only, never who. */
export async function countReporters(db: Database, complaintIds: string[]): Promise<Map<string, number>> {
  if (complaintIds.length === 0) return new Map();
  const rows = await db
    .select({ complaintId: reporters.complaintId, count: count() })
    .from(reporters)
    .where(inArray(reporters.complaintId, complaintIds))
    .groupBy(reporters.complaintId);
  return new Map(rows.map((row) => [row.complaintId, row.count]));
}

/** The caller's own links to these reports: filer (true) or party (false). */
export async function linksOfUser(
  db: Database,
  userId: string,
  complaintIds: string[],
): Promise<Map<string, boolean>> {
  if (complaintIds.length === 0) return new Map();
  const rows = await db
    .select({ complaintId: reporters.complaintId, isPrimary: reporters.isPrimary })
    .from(reporters)
    .where(and(eq(reporters.userId, userId), inArray(reporters.complaintId, complaintIds)));
  return new Map(rows.map((row) => [row.complaintId, row.isPrimary]));
}

/** Makes everyone who follows `fromId` a party of `toId`, remembering where they came from. */
export async function copyReportersAsParties(db: Database, fromId: string, toId: string): Promise<void> {
  await db.execute(sql`
    insert into ${reporters} (complaint_id, user_id, is_primary, source_complaint_id)
    select ${toId}, user_id, false, ${fromId} from ${reporters} where complaint_id = ${fromId}
    on conflict do nothing`);
}

/** Undoes copyReportersAsParties: parties who joined by themselves stay. */
export async function removePartiesFrom(db: Database, primaryId: string, sourceId: string): Promise<void> {
  await db
    .delete(reporters)
    .where(
      and(
        eq(reporters.complaintId, primaryId),
        eq(reporters.sourceComplaintId, sourceId),
        eq(reporters.isPrimary, false),
      ),
    );
}

export async function insertMerge(db: Database, row: typeof merges.$inferInsert): Promise<MergeRow> {
  const [inserted] = await db.insert(merges).values(row).returning();
  return inserted!;
}

export async function findActiveMergeOfDuplicate(
  db: Database,
  duplicateId: string,
): Promise<MergeRow | undefined> {
  const [row] = await db
    .select()
    .from(merges)
    .where(and(eq(merges.duplicateId, duplicateId), isNull(merges.unmergedAt)));
  return row;
}

/** Tracking IDs of the duplicates merged into a report, oldest merge first. */
export async function listActiveDuplicatesOf(db: Database, primaryId: string): Promise<string[]> {
  const rows = await db
    .select({ trackingId: complaints.trackingId })
    .from(merges)
    .innerJoin(complaints, eq(complaints.id, merges.duplicateId))
    .where(and(eq(merges.primaryId, primaryId), isNull(merges.unmergedAt)))
    .orderBy(merges.mergedAt);
  return rows.map((row) => row.trackingId);
}

/** Ends a merge; false when another request ended it first. */
export async function closeMerge(db: Database, id: string, by: string, at: Date): Promise<boolean> {
  const rows = await db
    .update(merges)
    .set({ unmergedAt: at, unmergedBy: by })
    .where(and(eq(merges.id, id), isNull(merges.unmergedAt)))
    .returning({ id: merges.id });
  return rows.length > 0;
}

export type DuplicatePair = { firstId: string; secondId: string; score: number };

/**
 * Pairs of near-duplicate reports within an officer's reach: open, not `rahasia`, same regency,
 * filed at most `windowDays` apart, text score at least `minScore`. The pool is the `poolSize`
 * newest such reports filed since `since`: a bounded self-join, not a scan of the whole history.
 */
export async function findDuplicatePairs(
  db: Database,
  filter: {
    scopePath: string | undefined;
    includeAddressedTo: string[] | undefined;
    statuses: readonly Status[];
    since: Date;
    windowDays: number;
    minScore: number;
    poolSize: number;
  },
): Promise<DuplicatePair[]> {
  const conditions = [
    inArray(complaints.privacy, ['publik', 'anonim']),
    inArray(complaints.status, [...filter.statuses]),
    gte(complaints.submittedAt, filter.since),
  ];
  if (filter.scopePath) conditions.push(reachCondition(filter.scopePath, filter.includeAddressedTo));
  const result = await db.execute(sql`
    with pool as (
      select ${complaints.id} as id, ${complaints.title} as title, left(${complaints.regionCode}, 5) as regency,
        ${complaints.submittedAt} as submitted_at,
        complaints.content_lexemes(${complaints.searchVector}) as words
      from ${complaints} where ${and(...conditions)}
      order by ${complaints.submittedAt} desc limit ${filter.poolSize}
    ),
    pairs as (
      -- The same Dice share as complaints.text_similarity, on words computed once per report
      -- rather than once per pair; pairs sharing no word at all are skipped by the && test.
      select a.id as first_id, b.id as second_id,
        (0.5 * similarity(a.title, b.title)
          + 0.5 * case when cardinality(a.words) + cardinality(b.words) = 0 then 0
            else 2.0 * (select count(*) from unnest(a.words) as word where word = any (b.words))
              / (cardinality(a.words) + cardinality(b.words)) end)::real as score
      from pool a join pool b on a.id < b.id and a.regency = b.regency
        and abs(extract(epoch from a.submitted_at - b.submitted_at)) <= ${filter.windowDays * 86_400}
        and a.words && b.words
    )
    select first_id, second_id, score from pairs where score >= ${filter.minScore}
    order by score desc limit 500`);
  const rows = (result as unknown as { rows: Array<{ first_id: string; second_id: string; score: number }> })
    .rows;
  return rows.map((row) => ({ firstId: row.first_id, secondId: row.second_id, score: Number(row.score) }));
}

export async function findComplaintsByIds(db: Database, ids: string[]): Promise<ComplaintRow[]> {
  if (ids.length === 0) return [];
  const { searchVector: _searchVector, ...columns } = getTableColumns(complaints);
  return db.select(columns).from(complaints).where(inArray(complaints.id, ids));
}
