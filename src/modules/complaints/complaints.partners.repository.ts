import { and, count, desc, gte, inArray, lt, or, type SQL } from 'drizzle-orm';
import type { Database } from '../../platform/db/database.ts';
import type { Status } from './complaints.contracts.ts';
import { type ComplaintRow, feedConditions } from './complaints.repository.ts';
import { complaints } from './complaints.tables.ts';

/** What an outward, public API (Open311) may know of a report: no identity, no internal ids. */
const recordColumns = {
  trackingId: complaints.trackingId,
  kind: complaints.kind,
  title: complaints.title,
  description: complaints.description,
  privacy: complaints.privacy,
  channel: complaints.channel,
  status: complaints.status,
  categoryCode: complaints.categoryCode,
  regionCode: complaints.regionCode,
  agencyId: complaints.agencyId,
  lat: complaints.lat,
  lng: complaints.lng,
  address: complaints.address,
  submittedAt: complaints.submittedAt,
  updatedAt: complaints.updatedAt,
  verificationDueAt: complaints.verificationDueAt,
  completionDueAt: complaints.completionDueAt,
};
export type RecordRow = Pick<ComplaintRow, keyof typeof recordColumns>;

export type RecordFilter = {
  categoryCodes?: string[] | undefined;
  statuses?: Status[] | undefined;
  regionPrefix?: string | undefined;
  /** Filed at or after `from` and before `to`. */
  from: Date;
  to: Date;
  limit: number;
  offset: number;
};

/**
 * Public reports (`publik`, `anonim`) filed in a period, newest first. A period may hold
 * hundreds of thousands of reports: always paginated.
 */
export async function listPublicRecords(db: Database, filter: RecordFilter) {
  const conditions: SQL[] = [
    inArray(complaints.privacy, ['publik', 'anonim']),
    gte(complaints.submittedAt, filter.from),
    lt(complaints.submittedAt, filter.to),
    ...feedConditions({
      statuses: filter.statuses,
      regionPrefix: filter.regionPrefix,
      limit: filter.limit,
      offset: filter.offset,
    }),
  ];
  if (filter.categoryCodes?.length) conditions.push(inArray(complaints.categoryCode, filter.categoryCodes));
  const where = and(...conditions);
  const [rows, [total]] = await Promise.all([
    db
      .select(recordColumns)
      .from(complaints)
      .where(where)
      .orderBy(desc(complaints.submittedAt), desc(complaints.trackingId))
      .limit(filter.limit)
      .offset(filter.offset),
    db.select({ count: count() }).from(complaints).where(where),
  ]);
  return { rows: rows satisfies RecordRow[], total: total?.count ?? 0 };
}

/** Reports by tracking ID: the public ones, plus `rahasia` ones only among `confidentialAllowed`. */
export async function findRecords(
  db: Database,
  trackingIds: string[],
  confidentialAllowed: string[],
): Promise<RecordRow[]> {
  if (trackingIds.length === 0) return [];
  const visible = confidentialAllowed.length
    ? or(
        inArray(complaints.privacy, ['publik', 'anonim']),
        inArray(complaints.trackingId, confidentialAllowed),
      )!
    : inArray(complaints.privacy, ['publik', 'anonim']);
  const rows = await db
    .select(recordColumns)
    .from(complaints)
    .where(and(inArray(complaints.trackingId, trackingIds), visible))
    .orderBy(desc(complaints.submittedAt));
  return rows satisfies RecordRow[];
}
