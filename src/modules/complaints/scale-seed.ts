import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { localDate, type WorkingCalendar } from '../../platform/calendar/calendar.ts';
import type { Database } from '../../platform/db/database.ts';
import { listRegionsByLevel } from '../../platform/regions/regions.ts';
import { getAgency, type IdentityContext } from '../identity/index.ts';
import type { ComplaintKind, Privacy, Status } from './complaints.contracts.ts';
import { listCategories } from './complaints.repository.ts';
import { LIMITS } from './complaints.rules.ts';
import { loadVocabulary } from './scale-seed.vocabulary.ts';
import { newTrackingId } from './tracking-id.ts';

/**
 * `terpadu seed --reports N`: N synthetic reports for scale tests and benchmarks, spread over two
 * years, regencies/cities, agencies, categories and every state, each with a timeline and clock
 * data that follow the complaint rules (working days of the platform calendar), so that the
 * statistics mean something. Additive: each run adds N more (new ids and tracking numbers).
 * Seeded reports have no reporter account and no unit.
 */

const BATCH = 5_000;
const HOUR = 3_600_000;
/**
 * From this many reports (and at least as many as the table already holds), the two GIN indexes
 * (full-text and trigram) are dropped for the load and built once at the end: building a GIN
 * index in one pass is several times cheaper than updating it row by row.
 */
export const DEFER_INDEXES_FROM = 100_000;
const DEFERRED_INDEXES = ['complaints_search_idx', 'complaints_title_trgm_idx'];

/** A small fast deterministic generator (mulberry32), seeded per run. */
function generator(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    chance: (probability: number) => next() < probability,
    pick: <T>(items: readonly T[]) => items[Math.floor(next() * items.length)]!,
    /** Index by Zipf-like weights: the first items are much more frequent. */
    zipf: (weights: readonly number[]) => {
      let target = next() * weights[weights.length - 1]!;
      let low = 0;
      let high = weights.length - 1;
      while (low < high) {
        const middle = (low + high) >> 1;
        if (weights[middle]! < target) low = middle + 1;
        else high = middle;
      }
      target = low;
      return target;
    },
  };
}

function cumulativeZipf(count: number, exponent: number): number[] {
  let sum = 0;
  return Array.from({ length: count }, (_, index) => {
    sum += 1 / (index + 1) ** exponent;
    return sum;
  });
}

type Agency = { id: string; path: string; factor: number };
type Event = {
  complaintId: string;
  at: string;
  kind: string;
  fromStatus: Status | null;
  toStatus: Status | null;
  actorRole: string;
  agencyId: string | null;
  actorAgencyId: string | null;
};

export type ScaleSeedOptions = {
  reports: number;
  /** The real complaint export to take the vocabulary from; a built-in list when absent. */
  vocabularyCsv?: string | undefined;
  now?: Date;
  onProgress?: (message: string) => void;
  /** Drop and rebuild the GIN indexes around the load; by default from DEFER_INDEXES_FROM reports. */
  deferIndexes?: boolean;
};

type ScaleSeedContext = { db: Database; identity: IdentityContext; calendar: WorkingCalendar };
type ScaleSeedResult = { reports: number; vocabulary: { source: string; words: number } };

export async function seedScaleReports(
  context: ScaleSeedContext,
  options: ScaleSeedOptions,
): Promise<ScaleSeedResult> {
  const deferred = await dropIndexesForLoad(context.db, options);
  if (deferred.length) {
    options.onProgress?.(
      `GIN indexes dropped for the load, rebuilt at the end (if interrupted, run: ${deferred.join('; ')})`,
    );
  }
  try {
    return await insertScaleReports(context, options);
  } finally {
    for (const definition of deferred) {
      const indexStarted = Date.now();
      await context.db.transaction(async (tx) => {
        await tx.execute(sql`set local maintenance_work_mem = '128MB'`);
        await tx.execute(sql.raw(definition));
      });
      options.onProgress?.(
        `index rebuilt in ${((Date.now() - indexStarted) / 1000).toFixed(1)} s: ${definition.replace(/^CREATE INDEX (\S+).*$/, '$1')}`,
      );
    }
  }
}

async function insertScaleReports(
  context: ScaleSeedContext,
  options: ScaleSeedOptions,
): Promise<ScaleSeedResult> {
  const { db } = context;
  const calendar = memoisedCalendar(context.calendar);
  const now = options.now ?? new Date();
  const random = generator(Date.now() ^ options.reports);
  const vocabulary = await loadVocabulary(options.vocabularyCsv);
  const distinctWords = new Set(vocabulary.words).size;
  options.onProgress?.(`vocabulary: ${distinctWords} words (${vocabulary.source})`);

  const categories = await listCategories(db);
  const categoryWeights = cumulativeZipf(categories.length, 0.9);
  const regencies = await listRegionsByLevel(db, 2);
  // Kota Surabaya first, then the rest in a fixed shuffled order: a few places file most reports.
  const ordered = [
    ...regencies.filter((region) => region.code === '35.78'),
    ...regencies
      .filter((region) => region.code !== '35.78')
      .sort((a, b) => hash(a.code) - hash(b.code))
      .slice(0, 199),
  ];
  const regionWeights = cumulativeZipf(ordered.length, 1.0);
  const agencyOf = new Map<string, Agency>();
  const agencyByCode = async (code: string): Promise<Agency> => {
    let agency = agencyOf.get(code);
    if (!agency) {
      const found = await getAgency(context.identity, { code });
      // Each agency works at its own pace: the league table has something to rank.
      agency = { id: found.id, path: found.path, factor: 0.5 + (hash(code) % 1000) / 1000 };
      agencyOf.set(code, agency);
    }
    return agency;
  };
  const centralCodes = [
    'kemenpu',
    'kemenhub',
    'kemenkes',
    'kemensos',
    'kemendagri',
    'kemen-atr-bpn',
    'kemenlh',
  ];
  const central = await Promise.all(centralCodes.map((code) => agencyByCode(code).catch(() => undefined)));
  const centralAgencies = central.filter((agency): agency is Agency => agency !== undefined);

  const words = vocabulary.words;
  const sentence = (length: number) => {
    const parts: string[] = [];
    for (let index = 0; index < length; index++) parts.push(random.pick(words));
    const text = parts.join(' ');
    return text.charAt(0).toUpperCase() + text.slice(1);
  };
  const description = () => {
    const sentences: string[] = [];
    for (let count = random.int(2, 5); count > 0; count--) sentences.push(`${sentence(random.int(8, 16))}.`);
    return sentences.join(' ');
  };
  /** A moment during office hours (09:00–17:00 WIB) on the working day `days` after `from`. */
  const onWorkingDay = (from: Date, days: number) =>
    days === 0
      ? new Date(from.getTime() + random.int(1, 4) * HOUR)
      : new Date(calendar.addWorkingDays(from, days).getTime() - random.int(7, 15) * HOUR);

  const twoYears = 730 * 24 * HOUR;
  let inserted = 0;
  const started = Date.now();
  const inFlight: Array<Promise<void>> = [];
  while (inserted < options.reports) {
    const size = Math.min(BATCH, options.reports - inserted);
    const rows: Array<Record<string, unknown>> = [];
    const events: Event[] = [];
    for (let index = 0; index < size; index++) {
      const id = randomUUID();
      // More reports lately: the platform gains users over the two years.
      const submittedAt = new Date(now.getTime() - twoYears * (1 - Math.sqrt(random.next())));
      const region = ordered[random.zipf(regionWeights)]!;
      const category = categories[random.zipf(categoryWeights)]!;
      const kind: ComplaintKind = random.chance(0.7)
        ? 'pengaduan'
        : random.chance(0.66)
          ? 'aspirasi'
          : 'informasi';
      const isOversight = kind === 'pengaduan' && category.isOversight;
      const privacy: Privacy = random.chance(0.7) ? 'publik' : random.chance(0.66) ? 'anonim' : 'rahasia';
      const roll = random.next();
      const home =
        roll < 0.8
          ? await agencyByCode(region.code)
          : roll < 0.88 || centralAgencies.length === 0
            ? await agencyByCode(region.code.slice(0, 2))
            : random.pick(centralAgencies);
      const event = (
        at: Date,
        kind: string,
        fromStatus: Status | null,
        toStatus: Status | null,
        extra = {},
      ) =>
        events.push({
          complaintId: id,
          at: at.toISOString(),
          kind,
          fromStatus,
          toStatus,
          actorRole: 'sistem',
          agencyId: null,
          actorAgencyId: null,
          ...extra,
        });
      event(submittedAt, 'diajukan', null, 'baru', { actorRole: 'pelapor' });

      const row: Record<string, unknown> = {
        id,
        trackingId: newTrackingId(),
        kind,
        isOversight,
        title: sentence(random.int(5, 9)),
        description: description(),
        privacy,
        channel: random.chance(0.85) ? 'web' : random.pick(['api', 'loket', 'surat', 'telepon']),
        status: 'baru',
        categoryCode: category.code,
        regionCode: region.code,
        submittedAt: submittedAt.toISOString(),
        verificationDueAt: calendar.addWorkingDays(submittedAt, LIMITS.verification).toISOString(),
        reopenCount: 0,
      };
      rows.push(row);
      const past = (date: Date) => date <= now;
      const pace = (days: number) => Math.max(0, Math.round(days * home.factor));

      // Verification: most within 3 working days, a tail much later.
      const verifiedAt = onWorkingDay(
        submittedAt,
        pace(random.chance(0.8) ? random.int(0, 3) : random.int(4, 15)),
      );
      if (!past(verifiedAt)) continue;
      if (random.chance(0.03)) {
        row.status = 'diarsipkan';
        row.archiveReason = random.pick(['spam', 'tidak_jelas', 'duplikat', 'di_luar_cakupan']);
        row.closedAt = verifiedAt.toISOString();
        event(verifiedAt, 'arsipkan', 'baru', 'diarsipkan', { actorRole: 'admin-nasional' });
        continue;
      }
      let agency = home;
      let dispositionedAt = verifiedAt;
      event(verifiedAt, 'disposisi', 'baru', 'terdisposisi', {
        actorRole: 'admin-nasional',
        agencyId: agency.id,
      });
      const handoff = random.next();
      if (handoff < 0.06) {
        // Bounced ("bukan wewenang") or transferred to another agency a few days later.
        const at = onWorkingDay(verifiedAt, random.int(1, 3));
        const other = random.pick(centralAgencies.length ? centralAgencies : [home]);
        if (!past(at) || other.id === home.id) {
          row.status = 'terdisposisi';
        } else if (handoff < 0.03) {
          event(at, 'bukan_wewenang', 'terdisposisi', 'baru', {
            actorRole: 'admin-instansi',
            agencyId: home.id,
            actorAgencyId: home.id,
          });
          const again = onWorkingDay(at, random.int(0, 2));
          if (!past(again)) {
            row.status = 'baru';
            row.verificationDueAt = calendar.addWorkingDays(at, LIMITS.verification).toISOString();
            continue;
          }
          event(again, 'disposisi', 'baru', 'terdisposisi', {
            actorRole: 'admin-nasional',
            agencyId: other.id,
          });
          agency = other;
          dispositionedAt = again;
        } else {
          event(at, 'alihkan', 'terdisposisi', 'terdisposisi', {
            actorRole: 'admin-instansi',
            agencyId: home.id,
            actorAgencyId: home.id,
          });
          agency = other;
          dispositionedAt = at;
        }
      }
      const limit = LIMITS.completion(kind, isOversight);
      const completionDueAt = calendar.addWorkingDays(dispositionedAt, limit);
      Object.assign(row, {
        status: 'terdisposisi',
        agencyId: agency.id,
        agencyPath: agency.path,
        dispositionedAt: dispositionedAt.toISOString(),
        planDueAt: calendar.addWorkingDays(dispositionedAt, LIMITS.followUpPlan).toISOString(),
        completionDueAt: completionDueAt.toISOString(),
      });
      const planAt = onWorkingDay(dispositionedAt, pace(random.int(1, 6)));
      if (!past(planAt)) continue;
      row.status = 'diproses';
      row.planPostedAt = planAt.toISOString();
      event(planAt, 'rencana_tindak_lanjut', 'terdisposisi', 'diproses', {
        actorRole: 'penghubung',
        actorAgencyId: agency.id,
      });
      // Completion: usually within the limit, sometimes well past it.
      const share = random.chance(0.75) ? 0.2 + random.next() * 0.8 : 1 + random.next() * 1.5;
      let resolvedAt = onWorkingDay(planAt, Math.max(1, pace(Math.round(limit * share))));
      if (!past(resolvedAt)) continue;
      event(resolvedAt, 'tindak_lanjut', 'diproses', 'selesai', {
        actorRole: 'penghubung',
        actorAgencyId: agency.id,
      });
      if (random.chance(0.05)) {
        const reopenedAt = onWorkingDay(resolvedAt, random.int(1, 5));
        if (!past(reopenedAt)) {
          Object.assign(row, { status: 'selesai', resolvedAt: resolvedAt.toISOString() });
          row.autoCloseDueAt = calendar
            .addWorkingDays(resolvedAt, LIMITS.silenceBeforeAutoClose)
            .toISOString();
          continue;
        }
        event(reopenedAt, 'buka_kembali', 'selesai', 'diproses', { actorRole: 'pelapor' });
        row.reopenCount = 1;
        resolvedAt = onWorkingDay(reopenedAt, random.int(2, 8));
        if (!past(resolvedAt)) continue;
        event(resolvedAt, 'tindak_lanjut', 'diproses', 'selesai', {
          actorRole: 'penghubung',
          actorAgencyId: agency.id,
        });
      }
      const autoCloseDueAt = calendar.addWorkingDays(resolvedAt, LIMITS.silenceBeforeAutoClose);
      Object.assign(row, { status: 'selesai', resolvedAt: resolvedAt.toISOString() });
      const confirmedAt = onWorkingDay(resolvedAt, random.int(0, 8));
      if (random.chance(0.45) && past(confirmedAt)) {
        Object.assign(row, { status: 'ditutup', closedAt: confirmedAt.toISOString() });
        event(confirmedAt, 'konfirmasi_selesai', 'selesai', 'ditutup', { actorRole: 'pelapor' });
      } else if (autoCloseDueAt < now) {
        const closedAt = new Date(autoCloseDueAt.getTime() + random.int(1, 60) * 60_000);
        Object.assign(row, { status: 'ditutup_tanpa_konfirmasi', closedAt: closedAt.toISOString() });
        event(closedAt, 'ditutup_otomatis', 'selesai', 'ditutup_tanpa_konfirmasi', {});
      } else {
        row.autoCloseDueAt = autoCloseDueAt.toISOString();
      }
      if (row.status !== 'selesai' && random.chance(0.4)) {
        row.ratingScore = random.pick([1, 2, 3, 3, 4, 4, 4, 5, 5, 5]);
      }
    }
    // Writing a batch overlaps generating the next (two in flight: the server has two cores).
    inFlight.push(writeBatch(db, rows, events));
    if (inFlight.length >= 2) await inFlight.shift();
    inserted += size;
    const seconds = (Date.now() - started) / 1000;
    options.onProgress?.(
      `reports: ${inserted.toLocaleString('en')}/${options.reports.toLocaleString('en')} (${seconds.toFixed(1)} s, ${Math.round(inserted / seconds).toLocaleString('en')}/s)`,
    );
  }
  await Promise.all(inFlight);
  // Fresh statistics for the planner: a million new rows would otherwise be planned as none.
  await db.execute(sql`analyze complaints.complaints`);
  await db.execute(sql`analyze complaints.events`);
  return { reports: inserted, vocabulary: { source: vocabulary.source, words: distinctWords } };
}

/**
 * `addWorkingDays` depends only on the WIB date of the start and the count: the seed asks the same
 * few thousand questions millions of times, so the answers are kept (same results, no day loop).
 */
function memoisedCalendar(calendar: WorkingCalendar): Pick<WorkingCalendar, 'addWorkingDays'> {
  const answers = new Map<string, Date>();
  return {
    addWorkingDays(start: Date, workingDays: number) {
      const key = `${localDate(start)}|${workingDays}`;
      let answer = answers.get(key);
      if (!answer) {
        answer = calendar.addWorkingDays(start, workingDays);
        answers.set(key, answer);
      }
      return new Date(answer.getTime());
    },
  };
}

/** Drops the GIN indexes of complaints for a large load; returns their definitions to recreate. */
async function dropIndexesForLoad(db: Database, options: ScaleSeedOptions): Promise<string[]> {
  let defer = options.deferIndexes;
  if (defer === undefined) {
    if (options.reports < DEFER_INDEXES_FROM) return [];
    const [existing] = await rowsOf<{ n: number }>(
      db.execute(sql`select count(*)::int as n from complaints.complaints`),
    );
    defer = (existing?.n ?? 0) <= options.reports;
  }
  if (!defer) return [];
  const definitions = await rowsOf<{ name: string; definition: string }>(
    db.execute(sql`select indexname as name, indexdef as definition from pg_indexes
      where schemaname = 'complaints' and tablename = 'complaints'
        and indexname in (${sql.join(
          DEFERRED_INDEXES.map((name) => sql`${name}`),
          sql`, `,
        )})`),
  );
  for (const { name } of definitions) await db.execute(sql.raw(`drop index complaints."${name}"`));
  return definitions.map(({ definition }) => definition);
}

/** Rows of `db.execute` on either driver (node-postgres and PGlite both return `{ rows }`). */
async function rowsOf<T>(result: Promise<unknown>): Promise<T[]> {
  return ((await result) as { rows: T[] }).rows;
}

async function writeBatch(
  db: Database,
  rows: Array<Record<string, unknown>>,
  events: Event[],
): Promise<void> {
  await db.transaction(async (tx) => {
    // Synthetic data: a crash may lose the last batches, which the operator simply seeds again.
    await tx.execute(sql`set local synchronous_commit = off`);
    await tx.execute(sql`
        insert into complaints.complaints (id, tracking_id, kind, is_oversight, title, description, privacy,
          channel, status, category_code, region_code, agency_id, agency_path, submitted_at, dispositioned_at,
          plan_posted_at, resolved_at, closed_at, verification_due_at, plan_due_at, completion_due_at,
          auto_close_due_at, archive_reason, reopen_count, rating_score)
        select x.id, x."trackingId", x.kind, x."isOversight", x.title, x.description, x.privacy, x.channel,
          x.status, x."categoryCode", x."regionCode", x."agencyId", x."agencyPath", x."submittedAt",
          x."dispositionedAt", x."planPostedAt", x."resolvedAt", x."closedAt", x."verificationDueAt",
          x."planDueAt", x."completionDueAt", x."autoCloseDueAt", x."archiveReason", x."reopenCount",
          x."ratingScore"
        from json_to_recordset(${JSON.stringify(rows)}::json) as x(id uuid, "trackingId" text, kind text,
          "isOversight" boolean, title text, description text, privacy text, channel text, status text,
          "categoryCode" text, "regionCode" text, "agencyId" uuid, "agencyPath" text, "submittedAt" timestamptz,
          "dispositionedAt" timestamptz, "planPostedAt" timestamptz, "resolvedAt" timestamptz,
          "closedAt" timestamptz, "verificationDueAt" timestamptz, "planDueAt" timestamptz,
          "completionDueAt" timestamptz, "autoCloseDueAt" timestamptz, "archiveReason" text,
          "reopenCount" integer, "ratingScore" smallint)
        on conflict (tracking_id) do nothing
      `);
    // Events of a report whose random tracking number happened to exist already are dropped with it.
    await tx.execute(sql`
        insert into complaints.events (complaint_id, at, kind, from_status, to_status, actor_role, agency_id,
          actor_agency_id)
        select x."complaintId", x.at, x.kind, x."fromStatus", x."toStatus", x."actorRole", x."agencyId",
          x."actorAgencyId"
        from json_to_recordset(${JSON.stringify(events)}::json) as x("complaintId" uuid, at timestamptz,
          kind text, "fromStatus" text, "toStatus" text, "actorRole" text, "agencyId" uuid, "actorAgencyId" uuid)
        where exists (select 1 from complaints.complaints c where c.id = x."complaintId")
        order by x."complaintId", x.at
      `);
  });
}

function hash(text: string): number {
  let value = 2_166_136_261;
  for (let index = 0; index < text.length; index++) {
    value ^= text.charCodeAt(index);
    value = Math.imul(value, 16_777_619);
  }
  return value >>> 0;
}
