import { inArray, type SQL, sql } from 'drizzle-orm';
import type { Database } from '../../platform/db/database.ts';
import { regions } from '../../platform/regions/regions.tables.ts';
import type { ReportFact } from './statistics.facts.ts';
import { refreshState } from './statistics.tables.ts';

/** Serialises refreshes across instances: two at once could each undo the other's subtraction. */
const REFRESH_LOCK_KEY = 7_464_972_385;

export async function lockRefresh(db: Database): Promise<void> {
  await db.execute(sql`select pg_advisory_xact_lock(${REFRESH_LOCK_KEY})`);
}

export async function findRefreshedUntil(db: Database): Promise<Date | undefined> {
  const [row] = await db.select().from(refreshState);
  return row?.refreshedUntil;
}

export async function setRefreshedUntil(db: Database, at: Date): Promise<void> {
  await db
    .insert(refreshState)
    .values({ id: 1, refreshedUntil: at })
    .onConflictDoUpdate({ target: refreshState.id, set: { refreshedUntil: at } });
}

/** Reports whose open completion clock has run out since their facts were written. */
export async function findFactsPastDue(db: Database, now: Date, limit: number): Promise<string[]> {
  const result = (await db.execute(sql`
    select distinct complaint_id from statistics.report_facts
    where open_due_at is not null and open_due_at < ${now.toISOString()}::timestamptz
    limit ${limit}
  `)) as unknown as { rows: Array<{ complaint_id: string }> };
  return result.rows.map((row) => row.complaint_id);
}

const idList = (ids: readonly string[]) => sql`any(string_to_array(${ids.join(',')}, ',')::uuid[])`;

/** The rollup's measures as sums over report_facts rows `f`. */
const MEASURES: Array<[column: string, expression: string]> = [
  ['reports', 'count(*) filter (where f.is_report)'],
  ['verified', 'count(*) filter (where f.is_verified)'],
  ['verified_in_time', 'count(*) filter (where f.is_verified_in_time)'],
  ['completion_due', 'count(*) filter (where f.is_completion_due)'],
  ['completed_in_time', 'count(*) filter (where f.is_completed_in_time)'],
  ['reopened', 'count(*) filter (where f.is_reopened)'],
  ['confirmed', 'count(*) filter (where f.is_confirmed)'],
  ['closed_by_silence', 'count(*) filter (where f.is_closed_by_silence)'],
  ['ratings', 'count(f.rating)'],
  ['rating_sum', 'coalesce(sum(f.rating), 0)'],
  ['bounces', 'sum(f.bounces)'],
  ['transfers', 'sum(f.transfers)'],
];

/** Adds (sign 1) or subtracts (sign −1) what the facts of these reports contribute to the rollups. */
async function applyToRollups(db: Database, ids: readonly string[], sign: 1 | -1): Promise<void> {
  const columns = MEASURES.map(([column]) => column).join(', ');
  const sums = MEASURES.map(([, expression]) => `${sign} * ${expression}`).join(', ');
  const updates = MEASURES.map(([column]) => `${column} = r.${column} + excluded.${column}`).join(', ');
  await db.execute(sql`
    insert into statistics.rollup as r (dimension, value, month, agency_key, region_key, ${sql.raw(columns)})
    select d.dimension, d.value, f.month, f.agency_key, f.region_key, ${sql.raw(sums)}
    from statistics.report_facts f
    cross join lateral (values ('all', ''), ('status', f.status), ('kind', f.kind), ('category', f.category_key))
      as d(dimension, value)
    where f.complaint_id = ${idList(ids)} and (d.dimension = 'all' or f.is_report)
    group by 1, 2, 3, 4, 5
    on conflict (dimension, value, month, agency_key, region_key) do update set ${sql.raw(updates)}
  `);
  await db.execute(sql`
    insert into statistics.durations as r (stage, month, agency_key, days, reports)
    select d.stage, f.month, f.agency_key, d.days, ${sign} * count(*)
    from statistics.report_facts f
    cross join lateral (values ('verifikasi', f.verify_days), ('penyelesaian', f.complete_days)) as d(stage, days)
    where f.complaint_id = ${idList(ids)} and d.days is not null
    group by 1, 2, 3, 4
    on conflict (stage, agency_key, month, days) do update set reports = r.reports + excluded.reports
  `);
}

/**
 * Replaces the facts of these reports and moves the rollups by the difference, in the caller's
 * transaction: the rollups always equal the sums of the facts.
 */
export async function replaceFacts(db: Database, ids: readonly string[], facts: readonly ReportFact[]) {
  if (ids.length === 0) return;
  await applyToRollups(db, ids, -1);
  await db.execute(sql`delete from statistics.report_facts where complaint_id = ${idList(ids)}`);
  if (facts.length > 0) {
    await db.execute(sql`
      insert into statistics.report_facts (complaint_id, agency_key, month, region_key, category_key, kind,
        status, is_report, is_verified, is_verified_in_time, verify_days, is_completion_due,
        is_completed_in_time, complete_days, open_due_at, is_reopened, is_confirmed, is_closed_by_silence,
        rating, bounces, transfers)
      select x."complaintId", x."agencyKey", x.month, x."regionKey", x."categoryKey", x.kind, x.status,
        x."isReport", x."isVerified", x."isVerifiedInTime", x."verifyDays", x."isCompletionDue",
        x."isCompletedInTime", x."completeDays", x."openDueAt", x."isReopened", x."isConfirmed",
        x."isClosedBySilence", x.rating, x.bounces, x.transfers
      from json_to_recordset(${JSON.stringify(facts)}::json) as x("complaintId" uuid, "agencyKey" text,
        month date, "regionKey" text, "categoryKey" text, kind text, status text, "isReport" boolean,
        "isVerified" boolean, "isVerifiedInTime" boolean, "verifyDays" integer, "isCompletionDue" boolean,
        "isCompletedInTime" boolean, "completeDays" integer, "openDueAt" timestamptz, "isReopened" boolean,
        "isConfirmed" boolean, "isClosedBySilence" boolean, rating smallint, bounces integer,
        transfers integer)
    `);
  }
  await applyToRollups(db, ids, 1);
}

/** Rows that no report contributes to any more. */
export async function pruneEmptyRollups(db: Database): Promise<void> {
  await db.execute(sql`delete from statistics.rollup where reports = 0 and bounces = 0 and transfers = 0`);
  await db.execute(sql`delete from statistics.durations where reports = 0`);
}

// ---------------------------------------------------------------------------------------------
// Reading

export type RollupFilter = {
  fromMonth?: string | undefined;
  toMonth?: string | undefined;
  regionPrefix?: string | undefined;
  agencyKey?: string | undefined;
};

function rollupWhere(filter: RollupFilter, alias = ''): SQL {
  const column = (name: string) => sql.raw(`${alias}${name}`);
  const conditions: SQL[] = [sql`true`];
  if (filter.fromMonth) conditions.push(sql`${column('month')} >= ${filter.fromMonth}::date`);
  if (filter.toMonth) conditions.push(sql`${column('month')} <= ${filter.toMonth}::date`);
  if (filter.agencyKey !== undefined) conditions.push(sql`${column('agency_key')} = ${filter.agencyKey}`);
  if (filter.regionPrefix) {
    conditions.push(
      filter.regionPrefix.length === 2
        ? sql`${column('region_key')} like ${`${filter.regionPrefix}.%`}`
        : sql`${column('region_key')} = ${filter.regionPrefix}`,
    );
  }
  return sql.join(conditions, sql` and `);
}

export type Measures = {
  reports: number;
  verified: number;
  verifiedInTime: number;
  completionDue: number;
  completedInTime: number;
  reopened: number;
  confirmed: number;
  closedBySilence: number;
  ratings: number;
  ratingSum: number;
  bounces: number;
  transfers: number;
};

const MEASURE_SUMS = sql.raw(
  MEASURES.map(([column]) => `coalesce(sum(${column}), 0)::bigint as ${column}`).join(', '),
);

function toMeasures(row: Record<string, unknown>): Measures {
  const number = (name: string) => Number(row[name] ?? 0);
  return {
    reports: number('reports'),
    verified: number('verified'),
    verifiedInTime: number('verified_in_time'),
    completionDue: number('completion_due'),
    completedInTime: number('completed_in_time'),
    reopened: number('reopened'),
    confirmed: number('confirmed'),
    closedBySilence: number('closed_by_silence'),
    ratings: number('ratings'),
    ratingSum: number('rating_sum'),
    bounces: number('bounces'),
    transfers: number('transfers'),
  };
}

export type RollupGroup = { dimension: string; value: string; measures: Measures };

/**
 * Every breakdown in one pass over the filtered rollup: per status, kind and category (their own
 * dimensions), and per month, agency and region plus the total (dimension 'all').
 */
export async function sumRollups(db: Database, filter: RollupFilter): Promise<RollupGroup[]> {
  const where = rollupWhere(filter);
  const result = (await db.execute(sql`
    select dimension, value, ${MEASURE_SUMS}
    from statistics.rollup
    where dimension in ('status', 'kind', 'category') and ${where}
    group by dimension, value
    union all
    select case when grouping(month) = 0 then 'month' when grouping(agency_key) = 0 then 'agency'
                when grouping(region_key) = 0 then 'region' else 'total' end,
      coalesce(to_char(month, 'YYYY-MM'), agency_key, region_key, ''), ${MEASURE_SUMS}
    from statistics.rollup
    where dimension = 'all' and ${where}
    group by grouping sets ((month), (agency_key), (region_key), ())
  `)) as unknown as { rows: Array<Record<string, unknown>> };
  return result.rows.map((row) => ({
    dimension: String(row.dimension),
    value: String(row.value),
    measures: toMeasures(row),
  }));
}

export type DurationCount = {
  stage: 'verifikasi' | 'penyelesaian';
  agencyKey: string;
  days: number;
  reports: number;
};

/**
 * Working-day durations per agency: from the per-agency counts, or (filtered by region, which
 * those counts do not carry) from the facts of that region, which its index keeps small.
 */
export async function countDurations(db: Database, filter: RollupFilter): Promise<DurationCount[]> {
  const query = filter.regionPrefix
    ? sql`
      select d.stage, f.agency_key, d.days, count(*)::bigint as reports
      from statistics.report_facts f
      cross join lateral (values ('verifikasi', f.verify_days), ('penyelesaian', f.complete_days)) as d(stage, days)
      where f.is_report and d.days is not null and ${rollupWhere(filter, 'f.')}
      group by 1, 2, 3`
    : sql`
      select stage, agency_key, days, sum(reports)::bigint as reports
      from statistics.durations
      where ${rollupWhere(filter)}
      group by 1, 2, 3`;
  const result = (await db.execute(query)) as unknown as { rows: Array<Record<string, unknown>> };
  return result.rows
    .map((row) => ({
      stage: row.stage as DurationCount['stage'],
      agencyKey: String(row.agency_key),
      days: Number(row.days),
      reports: Number(row.reports),
    }))
    .filter((row) => row.reports > 0);
}

export async function findRegionNames(db: Database, codes: string[]): Promise<Map<string, string>> {
  if (codes.length === 0) return new Map();
  const rows = await db
    .select({ code: regions.code, name: regions.name })
    .from(regions)
    .where(inArray(regions.code, codes));
  return new Map(rows.map((row) => [row.code, row.name]));
}
