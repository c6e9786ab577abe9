import { and, count, eq, getTableColumns, gte, inArray, isNull, lte, ne, type SQL, sql } from 'drizzle-orm';
import type { Database } from '../../platform/db/database.ts';
import { preparedQuery } from '../../platform/db/prepared.ts';
import type { Status } from './complaints.contracts.ts';
import { type ComplaintRow, reachCondition } from './complaints.repository.ts';
import { complaints, duplicatePairQueue, duplicatePairs, merges, reporters } from './complaints.tables.ts';

/*
 * Queries of similar reports, co-reporters and merges. Text likeness is PostgreSQL's own:
 * pg_trgm similarity of titles (GIN trigram index complaints_title_trgm_idx) and the share of
 * stemmed content words two texts have in common (complaints.text_similarity /
 * complaints.word_overlap over the generated `indonesian` search vector; candidates found through
 * its GIN index). The functions come with migrations 0003 and 0008 (dupes) and behave the same on
 * PGlite (PostgreSQL 18) and PostgreSQL 15.
 */

export type MergeRow = typeof merges.$inferSelect;

function textScore(title: string, text: string): SQL<number> {
  return sql<number>`(0.5 * similarity(${complaints.title}, ${title}) + 0.5 * complaints.text_similarity(${complaints.searchVector}, to_tsvector('indonesian', ${text}::text)))::real`;
}

/** Open `publik`/`anonim` reports of one regency filed since `since` (complaints_regency_submitted_idx). */
function openPublicOfRegency(regencyCode: string, statuses: readonly Status[], since: Date): SQL | undefined {
  return and(
    inArray(complaints.privacy, ['publik', 'anonim']),
    inArray(complaints.status, [...statuses]),
    sql`left(${complaints.regionCode}, 5) = ${regencyCode}`,
    gte(complaints.submittedAt, since),
  );
}

/** The stemmed content words of a text, as complaints.content_lexemes gives them (no function words). */
export async function findContentWords(db: Database, text: string): Promise<string[]> {
  const result = await db.execute(
    sql`select complaints.content_lexemes(to_tsvector('indonesian', ${text}::text)) as words`,
  );
  return (result as unknown as { rows: Array<{ words: string[] }> }).rows[0]?.words ?? [];
}

/**
 * How common the most common words of reports are (share of reports containing each), from the
 * planner's statistics of search_vector (kept by ANALYZE; up to 10,000 words, see migration 0008).
 * Empty on a database never analysed.
 */
export async function findCommonWordShares(db: Database): Promise<Map<string, number>> {
  const result = await db.execute(sql`
    select s.word, s.share
    from pg_stats p, unnest(p.most_common_elems::text::text[], p.most_common_elem_freqs) as s(word, share)
    where p.schemaname = 'complaints' and p.tablename = 'complaints' and p.attname = 'search_vector'
      and s.word is not null`);
  const rows = (result as unknown as { rows: Array<{ word: string; share: number }> }).rows;
  return new Map(rows.map((row) => [row.word, Number(row.share)]));
}

/**
 * Open `publik`/`anonim` reports of one regency filed since `since` whose text is like the given
 * one, best first. `rahasia` reports are never candidates. Bounded by `limit`.
 *
 * Candidates come from two indexes, restricted to the regency and period by the B-tree on
 * (regency, submitted_at): reports containing at least two of the text's most distinctive words
 * (GIN full-text index, complaints.any_two_of), ranked by ts_rank; and reports whose title is a
 * near-copy (GIN trigram index, `%` with pg_trgm.similarity_threshold set for this transaction).
 * Only these get the full score.
 */
export async function findSimilarOpenPublic(
  db: Database,
  query: SimilarText & { regencyCode: string; statuses: readonly Status[]; since: Date },
): Promise<Array<ComplaintRow & { score: number }>> {
  return findSimilar(db, query, openPublicOfRegency(query.regencyCode, query.statuses, query.since));
}

type SimilarText = {
  title: string;
  text: string;
  /** The text's least common content words, rarest first (see findCommonWordShares). */
  distinctiveWords: string[];
  minScore: number;
  limit: number;
};

/**
 * Reports of any state and privacy, of the report's regency, filed at most `days` before or after
 * it, whose text scores at least `minScore` against it (as findSimilarOpenPublic finds them): the
 * candidates of its stored near-duplicate pairs.
 */
export async function findSimilarToReport(
  db: Database,
  report: SimilarText & { id: string; regencyCode: string; submittedAt: Date; days: number },
): Promise<Array<{ id: string; score: number }>> {
  const span = report.days * 86_400_000;
  const rows = await findSimilar(
    db,
    report,
    and(
      sql`left(${complaints.regionCode}, 5) = ${report.regencyCode}`,
      gte(complaints.submittedAt, new Date(report.submittedAt.getTime() - span)),
      lte(complaints.submittedAt, new Date(report.submittedAt.getTime() + span)),
      ne(complaints.id, report.id),
    ),
  );
  return rows.map((row) => ({ id: row.id, score: row.score }));
}

async function findSimilar(
  db: Database,
  query: SimilarText,
  filters: SQL | undefined,
): Promise<Array<ComplaintRow & { score: number }>> {
  // A scalar subquery: built once per query (an InitPlan), not once per matching row by ts_rank.
  const words = sql`(select complaints.any_two_of(array(select jsonb_array_elements_text(${JSON.stringify(query.distinctiveWords)}::jsonb))))`;
  const candidates: SQL[] = [];
  if (query.distinctiveWords.length > 0) {
    candidates.push(sql`(select ${complaints.id} from ${complaints} where ${filters}
      and ${complaints.searchVector} @@ ${words}
      order by ts_rank(${complaints.searchVector}, ${words}) desc limit ${CANDIDATES_BY_WORDS})`);
  }
  if (query.title) {
    candidates.push(sql`(select ${complaints.id} from ${complaints} where ${filters}
      and ${complaints.title} % ${query.title}
      order by similarity(${complaints.title}, ${query.title}) desc limit ${CANDIDATES_BY_TITLE})`);
  }
  if (candidates.length === 0) return [];
  const score = textScore(query.title, query.text);
  const { searchVector: _searchVector, ...columns } = getTableColumns(complaints);
  return db.transaction(async (tx) => {
    await tx.execute(
      sql`select set_config('pg_trgm.similarity_threshold', ${String(TITLE_THRESHOLD)}, true)`,
    );
    return tx
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
  });
}

/** How many candidates each index offers before the full score is computed. */
const CANDIDATES_BY_WORDS = 100;
const CANDIDATES_BY_TITLE = 20;
/** Trigram similarity of titles for the title candidates: near-copies only (pg_trgm's default is 0.3). */
const TITLE_THRESHOLD = 0.5;

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

/**
 * A report's merges in force, read together for its view (one prepared statement): the merge
 * into the report it is a duplicate of, with that report's tracking ID, and the tracking IDs of
 * the duplicates merged into it, oldest merge first.
 */
export async function findMergesOf(
  db: Database,
  complaintId: string,
): Promise<{ mergedInto: (MergeRow & { primaryTrackingId: string }) | undefined; duplicates: string[] }> {
  const query = preparedQuery(db, 'merges_of', (db) => {
    const fields = { ...getTableColumns(merges), trackingId: complaints.trackingId };
    const into = db
      .select({ ...fields, isDuplicate: sql<boolean>`true`.as('is_duplicate') })
      .from(merges)
      .innerJoin(complaints, eq(complaints.id, merges.primaryId))
      .where(and(eq(merges.duplicateId, sql.placeholder('complaintId')), isNull(merges.unmergedAt)));
    const duplicatesOf = db
      .select({ ...fields, isDuplicate: sql<boolean>`false`.as('is_duplicate') })
      .from(merges)
      .innerJoin(complaints, eq(complaints.id, merges.duplicateId))
      .where(and(eq(merges.primaryId, sql.placeholder('complaintId')), isNull(merges.unmergedAt)));
    return into.unionAll(duplicatesOf).prepare('merges_of');
  });
  const rows = await query.execute({ complaintId });
  const own = rows.find((row) => row.isDuplicate);
  let mergedInto: (MergeRow & { primaryTrackingId: string }) | undefined;
  if (own) {
    const { trackingId, isDuplicate: _, ...merge } = own;
    mergedInto = { ...merge, primaryTrackingId: trackingId };
  }
  const duplicates = rows
    .filter((row) => !row.isDuplicate)
    .sort((a, b) => a.mergedAt.getTime() - b.mergedAt.getTime())
    .map((row) => row.trackingId);
  return { mergedInto, duplicates };
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

type Rows<T> = { rows: T[] };

/** Stores pairs of one report with others (first_id < second_id); a pair found again gets its new score. */
export async function storePairsOf(
  db: Database,
  complaintId: string,
  others: Array<{ id: string; score: number }>,
): Promise<void> {
  if (others.length === 0) return;
  await db
    .insert(duplicatePairs)
    .values(
      others
        .map((other) => ({
          firstId: complaintId < other.id ? complaintId : other.id,
          secondId: complaintId < other.id ? other.id : complaintId,
          score: other.score,
        }))
        // Rows locked in one order by every writer of pairs: concurrent writers wait, never deadlock.
        .sort((a, b) => (a.firstId + a.secondId < b.firstId + b.secondId ? -1 : 1)),
    )
    .onConflictDoUpdate({
      target: [duplicatePairs.firstId, duplicatePairs.secondId],
      set: { score: sql`excluded.score` },
    });
}

/**
 * Computes and stores the near-duplicate pairs among all open public reports of one regency
 * filed since `since` in one statement: for many reports waiting at once (an upgrade, an import),
 * far cheaper than one similar search each.
 *
 * Comparing every pair is quadratic (20 million pairs for one city's 6,400 open reports), so
 * candidate pairs are found the way search engines do it: each report's signature is its
 * `SIGNATURE_WORDS` least common content words (frequency counted among the reports compared);
 * two reports are compared only if their signatures share at least two words. Near-copies share
 * their rare words; reports alike only in common words ("jalan", "rusak") are not duplicates of
 * one event. Each candidate pair then gets the exact score of findSimilarOpenPublic; a pair is
 * kept if it is among the `pairsPerReport` best of either report.
 */
export async function storePairsOfRegency(
  db: Database,
  filter: {
    regencyCode: string;
    statuses: readonly Status[];
    since: Date;
    windowDays: number;
    minScore: number;
    /** Each report's best pairs kept (a flood of copies would otherwise store n² pairs). */
    pairsPerReport: number;
  },
): Promise<number> {
  return db.transaction(async (tx) => {
    // The word lists of a city's open reports are a few MB: sort and hash them in memory.
    await tx.execute(sql`select set_config('work_mem', '64MB', true)`);
    const result = await tx.execute(sql`
      with pool as materialized (
        select ${complaints.id} as id, ${complaints.title} as title, ${complaints.submittedAt} as submitted_at,
          complaints.content_lexemes(${complaints.searchVector}) as words
        from ${complaints} where ${openPublicOfRegency(filter.regencyCode, filter.statuses, filter.since)}
      ),
      postings as materialized (select id, unnest(words) as word from pool),
      frequency as (
        select word, count(*) as reports from postings group by word
        having count(*) between 2 and ${MAX_REPORTS_PER_WORD}
      ),
      signature as materialized (
        select ranked.id, pool.submitted_at, ranked.word
        from (
          select p.id, p.word, row_number() over (partition by p.id order by f.reports, p.word) as rank
          from postings p join frequency f using (word)
        ) ranked join pool using (id)
        where ranked.rank <= ${SIGNATURE_WORDS}
      ),
      candidates as (
        select a.id as first_id, b.id as second_id
        from signature a join signature b on a.word = b.word and a.id < b.id
          and abs(extract(epoch from a.submitted_at - b.submitted_at)) <= ${filter.windowDays * 86_400}
        group by a.id, b.id having count(*) >= 2
      ),
      scored as (
        select c.first_id, c.second_id,
          (0.5 * similarity(a.title, b.title) + 0.5 * complaints.word_overlap(a.words, b.words))::real as score
        from candidates c join pool a on a.id = c.first_id join pool b on b.id = c.second_id
      ),
      ranked as (
        select first_id, second_id, score,
          row_number() over (partition by first_id order by score desc, second_id) as first_rank,
          row_number() over (partition by second_id order by score desc, first_id) as second_rank
        from scored where score >= ${filter.minScore}
      )
      insert into ${duplicatePairs} (first_id, second_id, score)
      select first_id, second_id, score from ranked
      where first_rank <= ${filter.pairsPerReport} or second_rank <= ${filter.pairsPerReport}
      order by first_id, second_id
      on conflict (first_id, second_id) do update set score = excluded.score
      returning 1`);
    return (result as unknown as Rows<unknown>).rows.length;
  });
}

/** How many of each report's least common words make its signature for duplicate candidates. */
const SIGNATURE_WORDS = 8;
/**
 * A word in more reports of the regency than this is no signature word: not distinctive, and the
 * candidates of a flood of copies (a script, a campaign) would otherwise grow with the square of it.
 */
const MAX_REPORTS_PER_WORD = 1000;

export type QueuedReport = {
  complaintId: string;
  /** As stored (microseconds): the entry is removed only if not queued again meanwhile. */
  queuedAt: string;
  title: string;
  description: string;
  regencyCode: string;
  submittedAt: Date;
  /** Still open, public and within the horizon: otherwise its pairs are not needed now. */
  isOpenPublic: boolean;
};

/** How many reports wait for their pairs, per regency. */
export async function countPairQueueByRegency(db: Database): Promise<Map<string, number>> {
  const result = await db.execute(sql`
    select left(c.region_code, 5) as regency_code, count(*)::int as waiting
    from ${duplicatePairQueue} q join ${complaints} c on c.id = q.complaint_id group by 1`);
  const rows = (result as unknown as Rows<{ regency_code: string; waiting: number }>).rows;
  return new Map(rows.map((row) => [row.regency_code, Number(row.waiting)]));
}

/** Reports waiting for their pairs, oldest first; of one regency, or `limit` of any. */
export async function listPairQueue(
  db: Database,
  filter: { statuses: readonly Status[]; since: Date } & ({ regencyCode: string } | { limit: number }),
): Promise<QueuedReport[]> {
  const result = await db.execute(sql`
    select q.complaint_id, q.queued_at::text as queued_at, c.title, c.description,
      left(c.region_code, 5) as regency_code, c.submitted_at,
      (c.privacy <> 'rahasia' and c.status in (${sql.join(
        filter.statuses.map((status) => sql`${status}`),
        sql`, `,
      )}) and c.submitted_at >= ${filter.since}) as is_open_public
    from ${duplicatePairQueue} q join ${complaints} c on c.id = q.complaint_id
    ${'regencyCode' in filter ? sql`where left(c.region_code, 5) = ${filter.regencyCode}` : sql`order by q.queued_at limit ${filter.limit}`}`);
  const rows = (
    result as unknown as Rows<{
      complaint_id: string;
      queued_at: string;
      title: string;
      description: string;
      regency_code: string;
      submitted_at: Date | string;
      is_open_public: boolean;
    }>
  ).rows;
  return rows.map((row) => ({
    complaintId: row.complaint_id,
    queuedAt: row.queued_at,
    title: row.title,
    description: row.description,
    regencyCode: row.regency_code,
    submittedAt: new Date(row.submitted_at),
    isOpenPublic: row.is_open_public,
  }));
}

/** Removes entries whose pairs were computed, unless queued again since they were read. */
export async function removeFromPairQueue(db: Database, entries: QueuedReport[]): Promise<void> {
  if (entries.length === 0) return;
  await db.execute(sql`
    delete from ${duplicatePairQueue} q
    using jsonb_to_recordset(${JSON.stringify(
      entries.map((entry) => ({ id: entry.complaintId, at: entry.queuedAt })),
    )}::jsonb) as done(id uuid, at timestamptz)
    where q.complaint_id = done.id and q.queued_at = done.at`);
}

/**
 * Stored pairs of near-duplicate reports within an officer's reach: both open, not `rahasia`,
 * filed since `since` and at most `windowDays` apart, optionally of one regency only.
 */
export async function findDuplicatePairs(
  db: Database,
  filter: {
    scopePath: string | undefined;
    includeAddressedTo: string[] | undefined;
    regencyCode: string | undefined;
    statuses: readonly Status[];
    since: Date;
    windowDays: number;
    minScore: number;
  },
): Promise<DuplicatePair[]> {
  const conditions = [
    inArray(complaints.privacy, ['publik', 'anonim']),
    inArray(complaints.status, [...filter.statuses]),
    gte(complaints.submittedAt, filter.since),
  ];
  if (filter.regencyCode) conditions.push(sql`left(${complaints.regionCode}, 5) = ${filter.regencyCode}`);
  if (filter.scopePath) conditions.push(reachCondition(filter.scopePath, filter.includeAddressedTo));
  const result = await db.execute(sql`
    with open as materialized (
      select ${complaints.id} as id, ${complaints.submittedAt} as submitted_at
      from ${complaints} where ${and(...conditions)}
    )
    select p.first_id, p.second_id, p.score
    from ${duplicatePairs} p join open a on a.id = p.first_id join open b on b.id = p.second_id
    where p.score >= ${filter.minScore}
      and abs(extract(epoch from a.submitted_at - b.submitted_at)) <= ${filter.windowDays * 86_400}
    order by p.score desc`);
  const rows = (result as unknown as Rows<{ first_id: string; second_id: string; score: number }>).rows;
  return rows.map((row) => ({ firstId: row.first_id, secondId: row.second_id, score: Number(row.score) }));
}

export async function findComplaintsByIds(db: Database, ids: string[]): Promise<ComplaintRow[]> {
  if (ids.length === 0) return [];
  const { searchVector: _searchVector, ...columns } = getTableColumns(complaints);
  return db.select(columns).from(complaints).where(inArray(complaints.id, ids));
}
