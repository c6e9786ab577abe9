import { sql } from 'drizzle-orm';
import type { Database } from '../../platform/db/database.ts';
import type { ComplaintKind, Privacy, Status } from './complaints.contracts.ts';

/**
 * What other modules (statistics, exports) may read about reports: plain rows assembled here, so
 * that they never query this module's tables themselves. No identity is ever part of them.
 */

/** One report as the statistics need it: dimensions, clock data and the agencies it was handed off by. */
export type ComplaintFactSource = {
  id: string;
  kind: ComplaintKind;
  status: Status;
  categoryCode: string | null;
  regionCode: string;
  agencyId: string | null;
  submittedAt: Date;
  /** The first verification (disposisi) of the report, whatever happened afterwards. */
  firstDispositionAt: Date | null;
  /** Disposition to the current agency (restarted by a transfer). */
  dispositionedAt: Date | null;
  resolvedAt: Date | null;
  completionDueAt: Date | null;
  reopenCount: number;
  ratingScore: number | null;
  /** Every "bukan wewenang" bounce and transfer away, with the agency it counts against. */
  handoffs: Array<{ agencyId: string; kind: 'bukan_wewenang' | 'alihkan' }>;
};

type RawFactRow = {
  id: string;
  kind: ComplaintKind;
  status: Status;
  category_code: string | null;
  region_code: string;
  agency_id: string | null;
  submitted_at: string | Date;
  first_disposition_at: string | Date | null;
  dispositioned_at: string | Date | null;
  resolved_at: string | Date | null;
  completion_due_at: string | Date | null;
  reopen_count: number;
  rating_score: number | null;
  handoffs: Array<{ a: string; k: 'bukan_wewenang' | 'alihkan' }> | string | null;
};

const toDate = (value: string | Date | null): Date | null =>
  value === null ? null : value instanceof Date ? value : new Date(value);

/**
 * Reports for the statistics, in id order from `afterId`: all of them, or (with `changedSince`)
 * those whose row changed since then, or the listed ids. May cover a million rows: page with `limit`.
 */
export async function scanComplaintFacts(
  db: Database,
  options: { afterId?: string | undefined; limit: number; changedSince?: Date | undefined; ids?: string[] },
): Promise<ComplaintFactSource[]> {
  const conditions = [sql`true`];
  if (options.afterId) conditions.push(sql`c.id > ${options.afterId}::uuid`);
  if (options.changedSince)
    conditions.push(sql`c.updated_at >= ${options.changedSince.toISOString()}::timestamptz`);
  if (options.ids) conditions.push(sql`c.id = any(string_to_array(${options.ids.join(',')}, ',')::uuid[])`);
  const result = (await db.execute(sql`
    select c.id, c.kind, c.status, c.category_code, c.region_code, c.agency_id, c.submitted_at,
      h.first_disposition_at, c.dispositioned_at, c.resolved_at, c.completion_due_at, c.reopen_count,
      c.rating_score, h.handoffs
    from complaints.complaints c
    -- One pass over the report's own events (by their complaint index), whatever their kinds.
    cross join lateral (
      select min(e.at) filter (where e.kind = 'disposisi') as first_disposition_at,
        json_agg(json_build_object('a', e.agency_id, 'k', e.kind) order by e.id)
          filter (where e.kind in ('bukan_wewenang', 'alihkan') and e.agency_id is not null) as handoffs
      from complaints.events e
      where e.complaint_id = c.id
    ) h
    where ${sql.join(conditions, sql` and `)}
    order by c.id
    limit ${options.limit}
  `)) as unknown as { rows: RawFactRow[] };
  return result.rows.map((row) => {
    const handoffs = typeof row.handoffs === 'string' ? JSON.parse(row.handoffs) : row.handoffs;
    return {
      id: row.id,
      kind: row.kind,
      status: row.status,
      categoryCode: row.category_code,
      regionCode: row.region_code,
      agencyId: row.agency_id,
      submittedAt: toDate(row.submitted_at)!,
      firstDispositionAt: toDate(row.first_disposition_at),
      dispositionedAt: toDate(row.dispositioned_at),
      resolvedAt: toDate(row.resolved_at),
      completionDueAt: toDate(row.completion_due_at),
      reopenCount: Number(row.reopen_count),
      ratingScore: row.rating_score === null ? null : Number(row.rating_score),
      handoffs: (handoffs ?? []).map((handoff: { a: string; k: 'bukan_wewenang' | 'alihkan' }) => ({
        agencyId: handoff.a,
        kind: handoff.k,
      })),
    };
  });
}

/** A report as an officer's export lists it: content, no identity. */
export type ExportedComplaint = {
  id: string;
  trackingId: string;
  kind: ComplaintKind;
  privacy: Privacy;
  status: Status;
  title: string;
  description: string;
  categoryCode: string | null;
  regionCode: string;
  agencyId: string | null;
  unitId: string | null;
  submittedAt: Date;
  dispositionedAt: Date | null;
  resolvedAt: Date | null;
  closedAt: Date | null;
  completionDueAt: Date | null;
  reopenCount: number;
  ratingScore: number | null;
};

export type ExportedEvent = {
  trackingId: string;
  at: Date;
  kind: string;
  fromStatus: Status | null;
  toStatus: Status | null;
  actorRole: string;
  note: string | null;
};

/**
 * Reports handled within an agency subtree (agency or unit path), filed in [from, to), oldest
 * first; `scopePath` undefined means every report (national readers). Capped by `limit`.
 */
export async function listComplaintsForExport(
  db: Database,
  options: { scopePath: string | undefined; from?: Date | undefined; to?: Date | undefined; limit: number },
): Promise<{ complaints: ExportedComplaint[]; events: ExportedEvent[] }> {
  const conditions = [sql`true`];
  if (options.scopePath !== undefined) {
    const below = `${options.scopePath}>%`;
    conditions.push(sql`(c.agency_path = ${options.scopePath} or c.agency_path like ${below}
      or c.unit_path = ${options.scopePath} or c.unit_path like ${below})`);
  }
  if (options.from) conditions.push(sql`c.submitted_at >= ${options.from.toISOString()}::timestamptz`);
  if (options.to) conditions.push(sql`c.submitted_at < ${options.to.toISOString()}::timestamptz`);
  const rows = (
    (await db.execute(sql`
      select id, tracking_id, kind, privacy, status, title, description, category_code, region_code,
        agency_id, unit_id, submitted_at, dispositioned_at, resolved_at, closed_at, completion_due_at,
        reopen_count, rating_score
      from complaints.complaints c
      where ${sql.join(conditions, sql` and `)}
      order by submitted_at, id
      limit ${options.limit}
    `)) as unknown as { rows: Array<Record<string, unknown>> }
  ).rows;
  const complaints: ExportedComplaint[] = rows.map((row) => ({
    id: String(row.id),
    trackingId: String(row.tracking_id),
    kind: row.kind as ComplaintKind,
    privacy: row.privacy as Privacy,
    status: row.status as Status,
    title: String(row.title),
    description: String(row.description),
    categoryCode: (row.category_code as string | null) ?? null,
    regionCode: String(row.region_code),
    agencyId: (row.agency_id as string | null) ?? null,
    unitId: (row.unit_id as string | null) ?? null,
    submittedAt: toDate(row.submitted_at as string)!,
    dispositionedAt: toDate(row.dispositioned_at as string | null),
    resolvedAt: toDate(row.resolved_at as string | null),
    closedAt: toDate(row.closed_at as string | null),
    completionDueAt: toDate(row.completion_due_at as string | null),
    reopenCount: Number(row.reopen_count),
    ratingScore: row.rating_score === null ? null : Number(row.rating_score),
  }));
  if (complaints.length === 0) return { complaints, events: [] };
  const trackingIds = new Map(complaints.map((complaint) => [complaint.id, complaint.trackingId]));
  // The reporter's own words stay out of an export: officers read them on the report itself.
  const eventRows = (
    (await db.execute(sql`
      select complaint_id, at, kind, from_status, to_status, actor_role,
        case when actor_role = 'pelapor' then null else note end as note
      from complaints.events
      where complaint_id = any(string_to_array(${[...trackingIds.keys()].join(',')}, ',')::uuid[])
      order by complaint_id, id
    `)) as unknown as { rows: Array<Record<string, unknown>> }
  ).rows;
  return {
    complaints,
    events: eventRows.map((row) => ({
      trackingId: trackingIds.get(String(row.complaint_id))!,
      at: toDate(row.at as string)!,
      kind: String(row.kind),
      fromStatus: (row.from_status as Status | null) ?? null,
      toStatus: (row.to_status as Status | null) ?? null,
      actorRole: String(row.actor_role),
      note: (row.note as string | null) ?? null,
    })),
  };
}
