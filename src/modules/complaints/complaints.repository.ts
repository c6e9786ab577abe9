import {
  and,
  asc,
  count,
  desc,
  eq,
  getTableColumns,
  inArray,
  isNotNull,
  isNull,
  lt,
  or,
  type SQL,
  type SQLWrapper,
  sql,
} from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { Database } from '../../platform/db/database.ts';
import { preparedQuery, referenceCache } from '../../platform/db/prepared.ts';
import type { Status } from './complaints.contracts.ts';
import {
  attachments,
  categories,
  complaints,
  escalations,
  events,
  idempotencyKeys,
  reporters,
} from './complaints.tables.ts';

/** A report as the service sees it: every column but the generated search vector. */
export type ComplaintRow = Omit<typeof complaints.$inferSelect, 'searchVector'>;
export type NewComplaint = typeof complaints.$inferInsert;
export type EventRow = typeof events.$inferSelect;
export type CategoryRow = typeof categories.$inferSelect;

/** Columns of a report without the generated search vector (never sent anywhere). */
const { searchVector: _searchVector, ...complaintColumns } = getTableColumns(complaints);

export async function insertComplaint(db: Database, row: NewComplaint): Promise<ComplaintRow> {
  const [inserted] = await db.insert(complaints).values(row).returning(complaintColumns);
  return inserted!;
}

/**
 * Inserts a report together with everything that must exist with it — the given statements (its
 * filer, event, notifications, e-mails) and audit entry parts — as ONE statement: atomic without
 * a transaction around it, one round trip. The statements must not need each other's rows.
 */
export async function insertComplaintTogether(
  db: Database,
  row: NewComplaint & { id: string },
  statements: SQLWrapper[],
  parts: Array<{ name: string; body: SQL }>,
): Promise<ComplaintRow> {
  const ctes = [
    ...statements.map((statement, index) => db.$with(`s${index}`, {}).as(statement.getSQL())),
    ...parts.map((part) => db.$with(part.name, {}).as(part.body)),
  ];
  const [inserted] = await db
    .with(...ctes)
    .insert(complaints)
    .values(row)
    .returning(complaintColumns);
  return inserted!;
}

export async function findComplaintByTrackingId(
  db: Database,
  trackingId: string,
): Promise<ComplaintRow | undefined> {
  const query = preparedQuery(db, 'complaint_by_tracking_id', (db) =>
    db
      .select(complaintColumns)
      .from(complaints)
      .where(eq(complaints.trackingId, sql.placeholder('trackingId')))
      .prepare('complaint_by_tracking_id'),
  );
  const [row] = await query.execute({ trackingId });
  return row;
}

export async function findComplaintById(db: Database, id: string): Promise<ComplaintRow | undefined> {
  const [row] = await db.select(complaintColumns).from(complaints).where(eq(complaints.id, id));
  return row;
}

/**
 * Applies a change only if the report is still in the state the caller saw; undefined means
 * someone else changed it first.
 */
export async function updateComplaintIfStatus(
  db: Database,
  id: string,
  expectedStatus: Status,
  changes: Partial<NewComplaint>,
  /**
   * The `updatedAt` the caller read: the state alone does not show that an action which keeps it
   * (a transfer, a reclassification) happened in between, and the later write would undo it.
   */
  seenUpdatedAt?: Date,
): Promise<ComplaintRow | undefined> {
  const [row] = await db
    .update(complaints)
    // Later than the version read even within one millisecond, so the next check sees the change.
    .set({ ...changes, updatedAt: new Date(Math.max(Date.now(), (seenUpdatedAt?.getTime() ?? 0) + 1)) })
    .where(
      and(
        eq(complaints.id, id),
        eq(complaints.status, expectedStatus),
        // Drivers read timestamps to the millisecond; the column may hold microseconds.
        seenUpdatedAt
          ? sql`date_trunc('milliseconds', ${complaints.updatedAt}) = ${seenUpdatedAt.toISOString()}::timestamptz`
          : undefined,
      ),
    )
    .returning(complaintColumns);
  return row;
}

export async function insertReporter(
  db: Database,
  complaintId: string,
  userId: string,
  party?: { sourceComplaintId: string | null },
): Promise<boolean> {
  const inserted = await db
    .insert(reporters)
    .values({
      complaintId,
      userId,
      isPrimary: !party,
      sourceComplaintId: party?.sourceComplaintId ?? null,
    })
    .onConflictDoNothing()
    .returning({ userId: reporters.userId });
  return inserted.length > 0;
}

/**
 * How the user stands to this report: its filer, a party (joined it, or filed a duplicate merged
 * into it), or neither. The only per-report read of `reporters` for users.
 */
export async function reporterLinkOf(
  db: Database,
  complaintId: string,
  userId: string,
): Promise<'filer' | 'party' | undefined> {
  const query = preparedQuery(db, 'reporter_link', (db) =>
    db
      .select({ isPrimary: reporters.isPrimary })
      .from(reporters)
      .where(
        and(
          eq(reporters.complaintId, sql.placeholder('complaintId')),
          eq(reporters.userId, sql.placeholder('userId')),
        ),
      )
      .prepare('reporter_link'),
  );
  const [row] = await query.execute({ complaintId, userId });
  if (!row) return undefined;
  return row.isPrimary ? 'filer' : 'party';
}

/** Whether the user filed this report (parties follow it but do not act as its reporter). */
export async function isReporterOf(db: Database, complaintId: string, userId: string): Promise<boolean> {
  return (await reporterLinkOf(db, complaintId, userId)) === 'filer';
}

/**
 * For the notifier and the identity endpoint only: never joined into any listing. The filer
 * first; parties (co-reporters) after, unless left out.
 */
export async function reporterIdsOf(
  db: Database,
  complaintId: string,
  options: { withParties: boolean } = { withParties: true },
): Promise<string[]> {
  const rows = await db
    .select({ userId: reporters.userId })
    .from(reporters)
    .where(
      and(
        eq(reporters.complaintId, complaintId),
        options.withParties ? undefined : eq(reporters.isPrimary, true),
      ),
    )
    .orderBy(desc(reporters.isPrimary), asc(reporters.joinedAt));
  return rows.map((row) => row.userId);
}

/**
 * The rows that come with a new report — its filer, the idempotency key, the first event —
 * unsent, for createComplaint to send in one statement together with its notifications.
 */
export function filingInserts(
  db: Database,
  filing: {
    complaintId: string;
    reporterId: string | undefined;
    idempotencyKey: string | undefined;
    event: Omit<typeof events.$inferInsert, 'complaintId'>;
  },
): SQLWrapper[] {
  const { complaintId, reporterId, idempotencyKey } = filing;
  const inserts: SQLWrapper[] = [db.insert(events).values({ ...filing.event, complaintId })];
  if (reporterId) {
    inserts.push(
      db
        .insert(reporters)
        .values({ complaintId, userId: reporterId, isPrimary: true, sourceComplaintId: null }),
    );
    if (idempotencyKey) {
      inserts.push(
        db.insert(idempotencyKeys).values({ actorId: reporterId, key: idempotencyKey, complaintId }),
      );
    }
  }
  return inserts;
}

export async function insertEvent(db: Database, event: typeof events.$inferInsert): Promise<void> {
  await db.insert(events).values(event);
}

export async function listEvents(db: Database, complaintId: string): Promise<EventRow[]> {
  const query = preparedQuery(db, 'events_of_complaint', (db) =>
    db
      .select()
      .from(events)
      .where(eq(events.complaintId, sql.placeholder('complaintId')))
      .orderBy(asc(events.id))
      .prepare('events_of_complaint'),
  );
  return query.execute({ complaintId });
}

export async function findIdempotentComplaint(
  db: Database,
  actorId: string,
  key: string,
): Promise<string | undefined> {
  const [row] = await db
    .select({ complaintId: idempotencyKeys.complaintId })
    .from(idempotencyKeys)
    .where(and(eq(idempotencyKeys.actorId, actorId), eq(idempotencyKeys.key, key)));
  return row?.complaintId;
}

export async function listCategories(db: Database): Promise<CategoryRow[]> {
  return db.select().from(categories).where(eq(categories.isActive, true)).orderBy(asc(categories.name));
}

const categoryCache = referenceCache<CategoryRow>(1000);

/** Categories are seeded and never changed while the service runs: kept in memory once read. */
export async function findCategory(db: Database, code: string): Promise<CategoryRow | undefined> {
  return categoryCache(db, code, async () => {
    const [row] = await db.select().from(categories).where(eq(categories.code, code));
    return row;
  });
}

export async function upsertCategories(
  db: Database,
  rows: Array<typeof categories.$inferInsert>,
): Promise<void> {
  if (rows.length === 0) return;
  await db.insert(categories).values(rows).onConflictDoNothing();
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (character) => `\\${character}`);
}

function subtree(column: AnyPgColumn, path: string): SQL {
  return or(eq(column, path), sql`${column} like ${`${escapeLike(path)}>%`}`)!;
}

export type FeedFilter = {
  text?: string | undefined;
  statuses?: Status[] | undefined;
  kind?: ComplaintRow['kind'] | undefined;
  agencyPath?: string | undefined;
  regionPrefix?: string | undefined;
  categoryCode?: string | undefined;
  limit: number;
  offset: number;
};

export function feedConditions(filter: FeedFilter): SQL[] {
  const conditions: SQL[] = [];
  if (filter.text) {
    conditions.push(sql`${complaints.searchVector} @@ websearch_to_tsquery('indonesian', ${filter.text})`);
  }
  if (filter.statuses?.length) conditions.push(inArray(complaints.status, filter.statuses));
  if (filter.kind) conditions.push(eq(complaints.kind, filter.kind));
  if (filter.agencyPath) conditions.push(subtree(complaints.agencyPath, filter.agencyPath));
  if (filter.regionPrefix) {
    conditions.push(
      or(
        eq(complaints.regionCode, filter.regionPrefix),
        sql`${complaints.regionCode} like ${`${filter.regionPrefix}.%`}`,
      )!,
    );
  }
  if (filter.categoryCode) conditions.push(eq(complaints.categoryCode, filter.categoryCode));
  return conditions;
}

/**
 * The public feed counts matches up to this many: counting every match of a common word among a
 * million reports means reading hundreds of thousands of rows, on every page view.
 */
export const FEED_COUNT_CAP = 1_000;

/**
 * How long the capped count of one feed filter is reused (per service process): paging through a
 * search, or many readers searching the same words, count once per this many milliseconds. For
 * another as long, an older count is still answered while a new one is taken, so readers of a
 * popular search never wait for it. A total shown may therefore be up to twice this old; a page
 * itself is never cached, and a last page tells its exact total from its own rows.
 */
export const FEED_COUNT_TTL_MS = 30_000;
const FEED_COUNT_KEYS = 10_000;
type FeedCount = { at: number; count: Promise<number>; next?: Promise<number> | undefined };
const feedCounts = new WeakMap<object, Map<string, FeedCount>>();

/** The capped number of matches of `where`, shared by the requests for one filter (FEED_COUNT_TTL_MS). */
function cappedFeedCount(db: Database, filter: FeedFilter, where: SQL | undefined): Promise<number> {
  let counts = feedCounts.get(db);
  if (!counts) {
    counts = new Map();
    feedCounts.set(db, counts);
  }
  const { limit: _limit, offset: _offset, ...matching } = filter;
  const key = JSON.stringify(matching);
  const now = Date.now();
  const cached = counts.get(key);
  if (cached && now - cached.at < FEED_COUNT_TTL_MS) return cached.count;
  const taking = (): Promise<number> => {
    const capped = db
      .select({ one: sql`1` })
      .from(complaints)
      .where(where)
      .limit(FEED_COUNT_CAP + 1)
      .as('capped');
    return db
      .select({ count: count() })
      .from(capped)
      .then(([row]) => row?.count ?? 0);
  };
  if (cached && now - cached.at < 2 * FEED_COUNT_TTL_MS) {
    // Answer the older count; take a new one once, in the background.
    if (!cached.next) {
      const next = taking();
      cached.next = next;
      next.then(
        (value) => counts.set(key, { at: Date.now(), count: Promise.resolve(value) }),
        () => {
          cached.next = undefined;
        },
      );
    }
    return cached.count;
  }
  const entry: FeedCount = { at: now, count: taking() };
  if (counts.size >= FEED_COUNT_KEYS) counts.clear();
  counts.set(key, entry);
  entry.count.catch(() => {
    if (counts.get(key) === entry) counts.delete(key);
  });
  return entry.count;
}

/** What a feed item shows: no reporter, and the description only as long as its excerpt needs. */
const feedColumns = {
  trackingId: complaints.trackingId,
  kind: complaints.kind,
  title: complaints.title,
  description: sql<string>`left(${complaints.description}, 241)`,
  status: complaints.status,
  categoryCode: complaints.categoryCode,
  regionCode: complaints.regionCode,
  agencyId: complaints.agencyId,
  submittedAt: complaints.submittedAt,
};

/**
 * The public feed: `publik` and `anonim` reports only, newest first, with or without a search
 * (a search is a filter through the GIN index on the search vector; it does not reorder). May
 * match hundreds of thousands of rows: always paginated, and counted only up to FEED_COUNT_CAP
 * (the count reused for FEED_COUNT_TTL_MS). `total` is exact when `totalExact`; otherwise there
 * are more matches than `total`. `hasMore` says whether a next page has items. `description` is
 * cut to 241 characters.
 */
export async function listPublicComplaints(db: Database, filter: FeedFilter) {
  const where = and(inArray(complaints.privacy, ['publik', 'anonim']), ...feedConditions(filter));
  const [page, seen] = await Promise.all([
    db
      .select(feedColumns)
      .from(complaints)
      .where(where)
      .orderBy(desc(complaints.submittedAt), desc(complaints.id))
      .limit(filter.limit + 1)
      .offset(filter.offset),
    cappedFeedCount(db, filter, where),
  ]);
  const hasMore = page.length > filter.limit;
  const rows = hasMore ? page.slice(0, filter.limit) : page;
  const shown = filter.offset + rows.length;
  // A last page tells the exact number, whatever the (possibly older) count says.
  if (!hasMore && (rows.length > 0 || filter.offset === 0))
    return { rows, total: shown, totalExact: true, hasMore };
  if (!hasMore) {
    // Past the last page.
    if (seen <= FEED_COUNT_CAP)
      return { rows, total: Math.min(seen, filter.offset), totalExact: true, hasMore };
    return { rows, total: FEED_COUNT_CAP, totalExact: false, hasMore };
  }
  // More pages follow. A count older than this page (reports filed since) may be too low.
  if (seen <= FEED_COUNT_CAP && seen > shown) return { rows, total: seen, totalExact: true, hasMore };
  return { rows, total: Math.max(Math.min(seen, FEED_COUNT_CAP), shown), totalExact: false, hasMore };
}

export type QueueFilter = FeedFilter & {
  /** Reports handled within this subtree (agency or unit path); undefined for national readers. */
  scopePath?: string | undefined;
  /** Also reports addressed to agencies in this subtree but not yet verified. */
  includeAddressedTo?: string[] | undefined;
  overdueAt?: Date | undefined;
};

/** Reports within an officer's reach: handled in their subtree, or addressed to their agency and not yet verified. */
export function reachCondition(scopePath: string, includeAddressedTo: string[] | undefined): SQL {
  const handled = or(subtree(complaints.agencyPath, scopePath), subtree(complaints.unitPath, scopePath))!;
  return includeAddressedTo?.length
    ? or(
        handled,
        and(eq(complaints.status, 'baru'), inArray(complaints.suggestedAgencyId, includeAddressedTo)),
      )!
    : handled;
}

/** An officer's work queue; paginated, oldest due first. */
export async function listQueue(db: Database, filter: QueueFilter) {
  const conditions = feedConditions(filter);
  if (filter.scopePath) conditions.push(reachCondition(filter.scopePath, filter.includeAddressedTo));
  if (filter.overdueAt) conditions.push(isNotNull(complaints.overdueAt));
  const where = conditions.length ? and(...conditions) : undefined;
  const [rows, [total]] = await Promise.all([
    db
      .select(complaintColumns)
      .from(complaints)
      .where(where)
      .orderBy(
        asc(sql`coalesce(${complaints.completionDueAt}, ${complaints.verificationDueAt})`),
        asc(complaints.submittedAt),
      )
      .limit(filter.limit)
      .offset(filter.offset),
    db.select({ count: count() }).from(complaints).where(where),
  ]);
  return { rows, total: total?.count ?? 0 };
}

export type ClockStage = 'verifikasi' | 'rencana' | 'penyelesaian';

/** Reports whose clock for a stage ran out before `now` and has not been escalated for that due date. */
export async function findOverdue(
  db: Database,
  stage: ClockStage,
  now: Date,
  limit: number,
): Promise<ComplaintRow[]> {
  const due =
    stage === 'verifikasi'
      ? complaints.verificationDueAt
      : stage === 'rencana'
        ? complaints.planDueAt
        : complaints.completionDueAt;
  const statuses: Status[] =
    stage === 'verifikasi'
      ? ['baru']
      : stage === 'rencana'
        ? ['terdisposisi', 'di_unit']
        : ['terdisposisi', 'di_unit', 'diproses'];
  return db
    .select(complaintColumns)
    .from(complaints)
    .where(
      and(
        inArray(complaints.status, statuses),
        isNull(complaints.pausedAt),
        lt(due, now),
        sql`not exists (select 1 from ${escalations} e where e.complaint_id = ${complaints.id} and e.stage = ${stage} and e.due_at = ${due})`,
      ),
    )
    .limit(limit);
}

/** True only for the one caller that records this escalation: the guard against firing twice. */
export async function recordEscalation(
  db: Database,
  complaintId: string,
  stage: ClockStage,
  dueAt: Date,
): Promise<boolean> {
  const inserted = await db
    .insert(escalations)
    .values({ complaintId, stage, dueAt })
    .onConflictDoNothing()
    .returning({ complaintId: escalations.complaintId });
  return inserted.length > 0;
}

export async function countEscalations(db: Database, complaintId: string): Promise<number> {
  const [row] = await db
    .select({ count: count() })
    .from(escalations)
    .where(eq(escalations.complaintId, complaintId));
  return row?.count ?? 0;
}

/** Resolved reports whose reporter stayed silent past the auto-close date. */
export async function findSilentResolved(db: Database, now: Date, limit: number): Promise<ComplaintRow[]> {
  return db
    .select(complaintColumns)
    .from(complaints)
    .where(and(eq(complaints.status, 'selesai'), lt(complaints.autoCloseDueAt, now)))
    .limit(limit);
}

/** Flags a report overdue without touching what a concurrent action may be writing. */
export async function markOverdue(db: Database, id: string, now: Date): Promise<void> {
  await db
    .update(complaints)
    .set({ overdueAt: sql`coalesce(${complaints.overdueAt}, ${now})` })
    .where(eq(complaints.id, id));
}

export type AttachmentRow = typeof attachments.$inferSelect;

export async function insertAttachment(
  db: Database,
  row: typeof attachments.$inferInsert,
): Promise<AttachmentRow> {
  const [inserted] = await db.insert(attachments).values(row).returning();
  return inserted!;
}

export async function listAttachments(db: Database, complaintId: string): Promise<AttachmentRow[]> {
  const query = preparedQuery(db, 'attachments_of_complaint', (db) =>
    db
      .select()
      .from(attachments)
      .where(eq(attachments.complaintId, sql.placeholder('complaintId')))
      .orderBy(asc(attachments.createdAt))
      .prepare('attachments_of_complaint'),
  );
  return query.execute({ complaintId });
}

export async function countAttachments(db: Database, complaintId: string): Promise<number> {
  const [row] = await db
    .select({ count: count() })
    .from(attachments)
    .where(eq(attachments.complaintId, complaintId));
  return row?.count ?? 0;
}

export async function findAttachment(
  db: Database,
  complaintId: string,
  id: string,
): Promise<AttachmentRow | undefined> {
  const [row] = await db
    .select()
    .from(attachments)
    .where(and(eq(attachments.complaintId, complaintId), eq(attachments.id, id)));
  return row;
}
