import type { CalendarStore } from '../../platform/calendar/calendar.ts';
import type { Database } from '../../platform/db/database.ts';
import { AppError } from '../../platform/http/errors.ts';
import {
  COMPLAINT_KINDS,
  type ComplaintFactSource,
  listCategories,
  PUBLIC_STATUS,
  PUBLIC_STATUSES,
  type Status,
  scanComplaintFacts,
} from '../complaints/index.ts';
import { findAgencies, getAgency, type IdentityContext } from '../identity/index.ts';
import {
  type BreakdownRow,
  type LeagueRow,
  type StatisticsOverview,
  type StatisticsQuery,
  type StatisticsTable,
  SUPPRESSION_THRESHOLD,
} from './statistics.contracts.ts';
import { type CsvCell, toCsv } from './statistics.csv.ts';
import { StatisticsErrors } from './statistics.errors.ts';
import { deriveFacts, indexWorkingDays } from './statistics.facts.ts';
import * as repository from './statistics.repository.ts';
import { SUPPRESSED_LABEL, suppressCount, suppressTable, whenEnough } from './statistics.suppression.ts';

export type StatisticsContext = {
  db: Database;
  identity: IdentityContext;
  calendar: CalendarStore;
  /** The time the complaint clocks read (injectable in tests). */
  now: () => Date;
};

/**
 * Answers already computed, per database and filters. The rollups change only when a refresh runs
 * (each minute); on its own instance the refresh then computes again the answers asked for most
 * recently (RENEWED_ANSWERS of them, the unfiltered one always) and drops the rest, so that
 * popular views never wait for the rollups. Other instances keep an answer at most ANSWER_TTL_MS.
 */
type Answer = { at: number; usedAt: number; query: StatisticsQuery; overview: Promise<StatisticsOverview> };
const answersByDatabase = new WeakMap<Database, Map<string, Answer>>();
const ANSWER_TTL_MS = 90_000;
const MAX_ANSWERS = 1_000;
const RENEWED_ANSWERS = 8;

const answerKey = (query: StatisticsQuery) =>
  JSON.stringify([query.from, query.to, query.regionCode, query.agencyCode]);

/** After a refresh: the most used answers computed again (one at a time), the others dropped. */
async function renewAnswers(context: StatisticsContext): Promise<void> {
  const answers = answersOf(context.db);
  const unfiltered = answerKey({});
  const kept = [...answers.entries()]
    .filter(([key]) => key !== unfiltered)
    .sort(([, a], [, b]) => b.usedAt - a.usedAt)
    .slice(0, RENEWED_ANSWERS - 1)
    .map(([key, answer]) => [key, answer.query] as const);
  for (const key of answers.keys()) if (!kept.some(([keptKey]) => keptKey === key)) answers.delete(key);
  for (const [key, query] of [[unfiltered, {}] as const, ...kept]) {
    try {
      const overview = await computeOverview(context, query);
      answers.set(key, {
        at: Date.now(),
        usedAt: answers.get(key)?.usedAt ?? 0,
        query,
        overview: Promise.resolve(overview),
      });
    } catch {
      answers.delete(key);
    }
  }
}

function answersOf(db: Database) {
  let answers = answersByDatabase.get(db);
  if (!answers) {
    answers = new Map();
    answersByDatabase.set(db, answers);
  }
  return answers;
}

// ---------------------------------------------------------------------------------------------
// Refresh: keeps facts and rollups equal to what the complaints say

/**
 * A transaction can commit a little after the time it wrote into `updated_at`; looking this far
 * back on every run picks such late commits up (re-deriving a report is idempotent).
 */
const LATE_COMMIT_OVERLAP_MS = 2 * 60_000;
const BATCH_SIZE = 5_000;

async function refreshBatch(
  context: StatisticsContext,
  select: (
    db: Database,
  ) => Promise<ComplaintFactSource[] | { ids: string[]; sources: ComplaintFactSource[] }>,
): Promise<{ count: number; lastId: string | undefined }> {
  const calendar = indexWorkingDays(await context.calendar.current());
  const now = context.now();
  return context.db.transaction(async (tx) => {
    await repository.lockRefresh(tx);
    const selected = await select(tx);
    const { ids, sources } = Array.isArray(selected)
      ? { ids: selected.map((source) => source.id), sources: selected }
      : selected;
    const facts = sources.flatMap((source) => deriveFacts(source, calendar, now));
    await repository.replaceFacts(tx, ids, facts);
    return { count: ids.length, lastId: sources.at(-1)?.id ?? ids.at(-1) };
  });
}

/**
 * Brings the statistics up to date: every report changed since the last run (all of them on the
 * first), and every report whose completion clock ran out since its facts were written. Run by the
 * `statistics-refresh` job each minute, by the seed, and by tests. Safe to run at any time and on
 * several instances (an advisory lock serialises the writes).
 */
export async function refreshStatistics(
  context: StatisticsContext,
  options: { onProgress?: (done: number) => void } = {},
): Promise<{ reports: number }> {
  const startedAt = new Date();
  const previous = await repository.findRefreshedUntil(context.db);
  const changedSince = previous ? new Date(previous.getTime() - LATE_COMMIT_OVERLAP_MS) : undefined;
  let done = 0;
  let afterId: string | undefined;
  for (;;) {
    const batch = await refreshBatch(context, (db) =>
      scanComplaintFacts(db, { afterId, limit: BATCH_SIZE, changedSince }),
    );
    done += batch.count;
    options.onProgress?.(done);
    if (batch.count < BATCH_SIZE) break;
    afterId = batch.lastId;
  }
  for (;;) {
    const pastDue = await repository.findFactsPastDue(context.db, context.now(), BATCH_SIZE);
    if (pastDue.length === 0) break;
    await refreshBatch(context, async (db) => ({
      ids: pastDue,
      sources: await scanComplaintFacts(db, { ids: pastDue, limit: pastDue.length }),
    }));
    done += pastDue.length;
    if (pastDue.length < BATCH_SIZE) break;
  }
  await repository.pruneEmptyRollups(context.db);
  await repository.setRefreshedUntil(context.db, startedAt);
  await renewAnswers(context);
  return { reports: done };
}

// ---------------------------------------------------------------------------------------------
// Reading

const KIND_LABELS: Record<string, string> = {
  pengaduan: 'Pengaduan',
  aspirasi: 'Aspirasi',
  informasi: 'Permintaan informasi',
};

const monthToDate = (month: string | undefined) => (month ? `${month}-01` : undefined);

/** The lower and upper middle of a histogram averaged: the usual median of whole days. */
export function medianOf(histogram: ReadonlyArray<{ days: number; reports: number }>): number | null {
  const sorted = [...histogram].sort((a, b) => a.days - b.days);
  const total = sorted.reduce((sum, entry) => sum + entry.reports, 0);
  if (total === 0) return null;
  const at = (position: number) => {
    let seen = 0;
    for (const entry of sorted) {
      seen += entry.reports;
      if (seen > position) return entry.days;
    }
    return sorted.at(-1)!.days;
  };
  return (at(Math.floor((total - 1) / 2)) + at(Math.floor(total / 2))) / 2;
}

const percent = (part: number, whole: number) => Math.round((1000 * part) / whole) / 10;

async function resolveFilter(context: StatisticsContext, query: StatisticsQuery) {
  let agencyKey: string | undefined;
  if (query.agencyCode) {
    const agency = await getAgency(context.identity, { code: query.agencyCode }).catch(() => undefined);
    if (!agency) {
      throw new AppError(StatisticsErrors.STATISTICS_AGENCY_UNKNOWN, {
        fields: [{ field: 'agencyCode', code: 'AGENCY_NOT_FOUND' }],
      });
    }
    agencyKey = agency.id;
  }
  return {
    fromMonth: monthToDate(query.from),
    toMonth: monthToDate(query.to),
    regionPrefix: query.regionCode,
    agencyKey,
  };
}

export type AgencyFigures = {
  agencyKey: string;
  agencyCode: string;
  agencyName: string;
  measures: repository.Measures;
  medianDaysToVerify: number | null;
  medianDaysToComplete: number | null;
  /** How many reports each median rests on. */
  verifyDurations: number;
  completeDurations: number;
};

export type Entry = { key: string; label: string; reports: number };

/**
 * The statistics before suppression: exact counts and figures. Internal only (tests compare them
 * with hand-computed cases); the public gets getOverview's suppressed version.
 */
export async function computeFigures(context: StatisticsContext, query: StatisticsQuery) {
  const filter = await resolveFilter(context, query);
  const [groups, durations, refreshedAt, categories] = await Promise.all([
    repository.sumRollups(context.db, filter),
    repository.countDurations(context.db, filter),
    repository.findRefreshedUntil(context.db),
    listCategories({ db: context.db }),
  ]);
  const of = (dimension: string) => groups.filter((group) => group.dimension === dimension);
  const withReports = (dimension: string) => of(dimension).filter((group) => group.measures.reports > 0);
  const byReports = (a: Entry, b: Entry) => b.reports - a.reports || a.label.localeCompare(b.label);

  const statusCounts = new Map<string, number>(PUBLIC_STATUSES.map((name) => [name, 0]));
  for (const group of of('status')) {
    const name = PUBLIC_STATUS[group.value as Status] ?? group.value;
    statusCounts.set(name, (statusCounts.get(name) ?? 0) + group.measures.reports);
  }
  const kindCounts = new Map<string, number>(COMPLAINT_KINDS.map((kind) => [kind, 0]));
  for (const group of of('kind')) kindCounts.set(group.value, group.measures.reports);
  const categoryNames = new Map(categories.map((category) => [category.code, category.name]));
  const agencyGroups = of('agency');
  const agencies = await findAgencies(
    context.identity,
    agencyGroups.map((group) => group.value).filter(Boolean),
  );
  const regionGroups = withReports('region');
  const regionNames = await repository.findRegionNames(
    context.db,
    regionGroups.map((group) => group.value),
  );
  const agencyName = (key: string) => (key ? (agencies.get(key)?.name ?? key) : 'Belum ditentukan');
  const agencyCode = (key: string) => (key ? (agencies.get(key)?.code ?? key) : '');

  const histogram = (agencyKey: string, stage: 'verifikasi' | 'penyelesaian') =>
    durations.filter((entry) => entry.agencyKey === agencyKey && entry.stage === stage);
  const count = (entries: ReadonlyArray<{ reports: number }>) =>
    entries.reduce((sum, entry) => sum + entry.reports, 0);
  // Agencies that handle reports, or bounced or transferred some; "not yet assigned" is no agency.
  const agencyFigures: AgencyFigures[] = agencyGroups
    .filter((group) => group.value)
    .map((group) => ({
      agencyKey: group.value,
      agencyCode: agencyCode(group.value),
      agencyName: agencyName(group.value),
      measures: group.measures,
      medianDaysToVerify: medianOf(histogram(group.value, 'verifikasi')),
      medianDaysToComplete: medianOf(histogram(group.value, 'penyelesaian')),
      verifyDurations: count(histogram(group.value, 'verifikasi')),
      completeDurations: count(histogram(group.value, 'penyelesaian')),
    }));

  return {
    filters: {
      from: query.from ?? null,
      to: query.to ?? null,
      regionCode: query.regionCode ?? null,
      agencyCode: query.agencyCode ?? null,
    },
    total: of('total')[0]?.measures.reports ?? 0,
    tables: {
      status: [...statusCounts].map(([name, reports]) => ({ key: name, label: name, reports })),
      kind: [...kindCounts].map(([kind, reports]) => ({
        key: kind,
        label: KIND_LABELS[kind] ?? kind,
        reports,
      })),
      category: withReports('category')
        .map((group) => ({
          key: group.value,
          label: group.value ? (categoryNames.get(group.value) ?? group.value) : 'Tanpa kategori',
          reports: group.measures.reports,
        }))
        .sort(byReports),
      agency: withReports('agency')
        .map((group) => ({
          key: agencyCode(group.value),
          label: agencyName(group.value),
          reports: group.measures.reports,
        }))
        .sort(byReports),
      region: regionGroups
        .map((group) => ({
          key: group.value,
          label: regionNames.get(group.value) ?? group.value,
          reports: group.measures.reports,
        }))
        .sort(byReports),
      month: withReports('month')
        .map((group) => ({ key: group.value, label: group.value, reports: group.measures.reports }))
        .sort((a, b) => a.key.localeCompare(b.key)),
    } satisfies Record<Exclude<StatisticsTable, 'league'>, Entry[]>,
    agencies: agencyFigures,
    refreshedAt,
  };
}

function suppressed(entries: Entry[]): BreakdownRow[] {
  const { cells } = suppressTable(entries.map((entry) => entry.reports));
  return entries.map((entry, index) => ({ key: entry.key, label: entry.label, count: cells[index]! }));
}

/** Every public statistic for the filters, small counts suppressed; nothing here names a person or a report. */
export function getOverview(context: StatisticsContext, query: StatisticsQuery): Promise<StatisticsOverview> {
  const answers = answersOf(context.db);
  const key = answerKey(query);
  const cached = answers.get(key);
  if (cached && Date.now() - cached.at < ANSWER_TTL_MS) {
    cached.usedAt = Date.now();
    return cached.overview;
  }
  if (answers.size >= MAX_ANSWERS) answers.clear();
  // Concurrent requests for the same filters share one computation; a failure is not kept.
  const overview = computeOverview(context, query);
  answers.set(key, { at: Date.now(), usedAt: Date.now(), query, overview });
  overview.catch(() => answers.delete(key));
  return overview;
}

async function computeOverview(
  context: StatisticsContext,
  query: StatisticsQuery,
): Promise<StatisticsOverview> {
  const figures = await computeFigures(context, query);
  const leagueReports = suppressTable(figures.agencies.map((agency) => agency.measures.reports));
  const league: LeagueRow[] = figures.agencies
    .map((agency, index) => {
      const m = agency.measures;
      return {
        agencyCode: agency.agencyCode,
        agencyName: agency.agencyName,
        reports: leagueReports.cells[index]!,
        verifiedInTimePercent: whenEnough(m.verified, () => percent(m.verifiedInTime, m.verified)),
        completedInTimePercent: whenEnough(m.completionDue, () =>
          percent(m.completedInTime, m.completionDue),
        ),
        medianDaysToVerify: whenEnough(agency.verifyDurations, () => agency.medianDaysToVerify),
        medianDaysToComplete: whenEnough(agency.completeDurations, () => agency.medianDaysToComplete),
        bounces: suppressCount(m.bounces),
        transfers: suppressCount(m.transfers),
        reopened: suppressCount(m.reopened),
        confirmed: suppressCount(m.confirmed),
        closedBySilence: suppressCount(m.closedBySilence),
        averageRating: whenEnough(m.ratings, () => Math.round((100 * m.ratingSum) / m.ratings) / 100),
      };
    })
    .sort(
      (a, b) =>
        (b.completedInTimePercent ?? -1) - (a.completedInTimePercent ?? -1) ||
        (b.reports ?? 0) - (a.reports ?? 0) ||
        a.agencyName.localeCompare(b.agencyName),
    );
  const status = suppressTable(figures.tables.status.map((entry) => entry.reports));
  return {
    filters: figures.filters,
    threshold: SUPPRESSION_THRESHOLD,
    total: status.total,
    tables: {
      status: suppressed(figures.tables.status),
      kind: suppressed(figures.tables.kind),
      category: suppressed(figures.tables.category),
      agency: suppressed(figures.tables.agency),
      region: suppressed(figures.tables.region),
      month: suppressed(figures.tables.month),
    },
    league,
    refreshedAt: figures.refreshedAt?.toISOString() ?? null,
  };
}

// ---------------------------------------------------------------------------------------------
// CSV

/** A suppressed count, or a figure with too few reports behind it, reads "<5". */
const shown = (value: number | null): CsvCell => (value === null ? SUPPRESSED_LABEL : value);

const BREAKDOWN_HEADERS: Record<Exclude<StatisticsTable, 'league'>, string> = {
  status: 'Status',
  kind: 'Jenis laporan / Kind',
  category: 'Kategori / Category',
  agency: 'Instansi / Agency',
  region: 'Wilayah / Region',
  month: 'Bulan pengajuan / Month filed',
};

/** One table of the overview as CSV (suppressed cells read "<5"). */
export function tableCsv(overview: StatisticsOverview, table: StatisticsTable): string {
  if (table === 'league') {
    return toCsv(
      [
        'Kode instansi / Agency code',
        'Instansi / Agency',
        'Laporan / Reports',
        'Terverifikasi tepat waktu (%) / Verified in time (%)',
        'Selesai tepat waktu (%) / Completed in time (%)',
        'Median hari kerja verifikasi / Median working days to verify',
        'Median hari kerja penyelesaian / Median working days to complete',
        'Bukan wewenang / Bounced',
        'Dialihkan / Transferred',
        'Dibuka kembali / Reopened',
        'Dikonfirmasi pelapor / Confirmed by reporter',
        'Ditutup tanpa konfirmasi / Closed by silence',
        'Rata-rata penilaian / Average rating',
      ],
      overview.league.map((row) => [
        row.agencyCode,
        row.agencyName,
        shown(row.reports),
        shown(row.verifiedInTimePercent),
        shown(row.completedInTimePercent),
        shown(row.medianDaysToVerify),
        shown(row.medianDaysToComplete),
        shown(row.bounces),
        shown(row.transfers),
        shown(row.reopened),
        shown(row.confirmed),
        shown(row.closedBySilence),
        shown(row.averageRating),
      ]),
    );
  }
  const label = BREAKDOWN_HEADERS[table];
  const codeHeader = table === 'month' || table === 'status' ? [] : ['Kode / Code'];
  const rows = overview.tables[table].map((row) => [
    ...(codeHeader.length ? [row.key] : []),
    row.label,
    shown(row.count),
  ]);
  return toCsv(
    [...codeHeader, label, 'Jumlah laporan / Reports'],
    [...rows, [...(codeHeader.length ? [''] : []), 'Total', shown(overview.total)]],
  );
}
