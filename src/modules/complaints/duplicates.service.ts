import { appendAudit } from '../../platform/audit/audit.ts';
import type { Actor } from '../../platform/http/auth.ts';
import { AppError } from '../../platform/http/errors.ts';
import { type Notification, notifyUsers } from '../../platform/notify/notifications.ts';
import { findRegion } from '../../platform/regions/regions.ts';
import { findAgencies } from '../identity/index.ts';
import { type ComplaintView, PUBLIC_STATUS, type Status } from './complaints.contracts.ts';
import { ComplaintErrors } from './complaints.errors.ts';
import * as repository from './complaints.repository.ts';
import { JOINABLE_STATES, MERGERS, type Standing } from './complaints.rules.ts';
import {
  type ComplaintsContext,
  fullView,
  loadForCaller,
  reporterActorId,
  standingsOf,
  toReporters,
} from './complaints.service.ts';
import {
  type DuplicateGroupsPage,
  type DuplicateGroupsQuery,
  GROUPS_PER_PAGE,
  type MergeComplaints,
  type SimilarReport,
  type SimilarReportsQuery,
  type UnmergeComplaint,
} from './duplicates.contracts.ts';
import * as duplicates from './duplicates.repository.ts';
import { normaliseTrackingId } from './tracking-id.ts';

type Meta = { requestId?: string | undefined };

/** Tuned on hand-written near-copies and unrelated reports of one regency (duplicates.test.ts). */
export const SIMILARITY = {
  /** Similar reports offered while writing: filed in the last 90 days, at most five. */
  recentDays: 90,
  offerScore: 0.3,
  offerLimit: 5,
  /** Near-duplicate groups for officers: stricter than the offer, among all open reports of 90 days. */
  groupScore: 0.45,
  groupHorizonDays: 90,
} as const;

const DAY = 86_400_000;

function excerptOf(text: string): string {
  return text.length > 240 ? `${text.slice(0, 237)}…` : text;
}

/** kelurahan 35.78.01.1001 ⊂ kecamatan 35.78.01 ⊂ kabupaten/kota 35.78. */
function areaMatch(a: string, b: string): SimilarReport['sameArea'] {
  if (a === b && a.split('.').length === 4) return 'kelurahan';
  const district = (code: string) => code.split('.').slice(0, 3).join('.');
  if (a.split('.').length >= 3 && b.split('.').length >= 3 && district(a) === district(b)) return 'kecamatan';
  return 'kabupaten';
}

const AREA_BONUS: Record<SimilarReport['sameArea'], number> = {
  kelurahan: 0.1,
  kecamatan: 0.05,
  kabupaten: 0,
};

async function regionNames(context: ComplaintsContext, codes: string[]): Promise<Map<string, string>> {
  const names = new Map<string, string>();
  for (const code of new Set(codes)) {
    const region = await findRegion(context.db, code);
    if (region) names.set(code, region.name);
  }
  return names;
}

// ---------------------------------------------------------------------------------------------
// While writing: similar open public reports nearby

/** How many of a text's least common words a similar report must contain two of. */
const DISTINCTIVE_WORDS = 16;
/** The word statistics change slowly (ANALYZE): read them at most every 15 minutes per database. */
const WORD_SHARES_TTL_MS = 15 * 60_000;
const wordShares = new WeakMap<object, { readAt: number; shares: Map<string, number> }>();

/**
 * The text's content words least common among reports, rarest first: words not in the statistics
 * are rarer than any listed; longer words first among equals (also the whole order on a database
 * never analysed).
 */
async function distinctiveWordsOf(context: ComplaintsContext, text: string): Promise<string[]> {
  let cached = wordShares.get(context.db);
  if (!cached || Date.now() - cached.readAt > WORD_SHARES_TTL_MS) {
    cached = { readAt: Date.now(), shares: await duplicates.findCommonWordShares(context.db) };
    wordShares.set(context.db, cached);
  }
  const shares = cached.shares;
  const words = await duplicates.findContentWords(context.db, text);
  return words
    .sort(
      (a, b) =>
        (shares.get(a) ?? 0) - (shares.get(b) ?? 0) || b.length - a.length || (a < b ? -1 : a > b ? 1 : 0),
    )
    .slice(0, DISTINCTIVE_WORDS);
}

/**
 * Open `publik`/`anonim` reports of the same regency, filed in the last 90 days, whose text is
 * like what the citizen is writing; nearer areas first among equals. Nothing here names a
 * reporter: a count of followers, and whether the caller is one of them.
 */
export async function findSimilarReports(
  context: ComplaintsContext,
  options: { actor: Actor; query: SimilarReportsQuery },
): Promise<SimilarReport[]> {
  const { query } = options;
  const region = await findRegion(context.db, query.regionCode);
  if (!region || region.level < 2) {
    throw new AppError(ComplaintErrors.REGION_UNKNOWN, {
      fields: [{ field: 'regionCode', code: 'REGION_UNKNOWN' }],
    });
  }
  const text = `${query.title} ${query.description}`.trim();
  const rows = await duplicates.findSimilarOpenPublic(context.db, {
    title: query.title,
    text,
    distinctiveWords: await distinctiveWordsOf(context, text),
    regencyCode: query.regionCode.slice(0, 5),
    statuses: JOINABLE_STATES,
    since: new Date(context.now().getTime() - SIMILARITY.recentDays * DAY),
    minScore: SIMILARITY.offerScore,
    limit: SIMILARITY.offerLimit * 2,
  });
  const ranked = rows
    .map((row) => ({ row, sameArea: areaMatch(row.regionCode, query.regionCode) }))
    .sort((a, b) => b.row.score + AREA_BONUS[b.sameArea] - (a.row.score + AREA_BONUS[a.sameArea]))
    .slice(0, SIMILARITY.offerLimit);
  const ids = ranked.map(({ row }) => row.id);
  const [counts, links, names] = await Promise.all([
    duplicates.countReporters(context.db, ids),
    duplicates.linksOfUser(context.db, options.actor.userId, ids),
    regionNames(
      context,
      ranked.map(({ row }) => row.regionCode),
    ),
  ]);
  return ranked.map(({ row, sameArea }) => ({
    trackingId: row.trackingId,
    title: row.title,
    excerpt: excerptOf(row.description),
    publicStatus: PUBLIC_STATUS[row.status],
    regionCode: row.regionCode,
    regionName: names.get(row.regionCode) ?? null,
    submittedAt: row.submittedAt.toISOString(),
    score: Math.round(row.score * 100) / 100,
    sameArea,
    reporterCount: counts.get(row.id) ?? 0,
    isYours: links.get(row.id) === true,
    hasJoined: links.get(row.id) === false,
  }));
}

// ---------------------------------------------------------------------------------------------
// Joining as a co-reporter

/**
 * A citizen joins an open public report instead of filing the same one again: they become a
 * party of it and receive the news its filer receives (not the questions put to the filer). The
 * timeline says that a citizen joined, never who; the audit trail follows the report's privacy.
 */
export async function joinComplaint(
  context: ComplaintsContext,
  options: { actor: Actor; trackingId: string } & Meta,
) {
  const { actor } = options;
  const normalised = normaliseTrackingId(options.trackingId);
  const complaint = normalised
    ? await repository.findComplaintByTrackingId(context.db, normalised)
    : undefined;
  if (!complaint) throw new AppError(ComplaintErrors.COMPLAINT_NOT_FOUND);
  const link = await repository.reporterLinkOf(context.db, complaint.id, actor.userId);
  if (link === 'filer') throw new AppError(ComplaintErrors.OWN_REPORT);
  if (link === 'party') throw new AppError(ComplaintErrors.ALREADY_JOINED);
  if (complaint.privacy === 'rahasia') throw new AppError(ComplaintErrors.COMPLAINT_NOT_FOUND);
  if (!JOINABLE_STATES.includes(complaint.status)) throw new AppError(ComplaintErrors.REPORT_CLOSED);
  const now = context.now();
  const recipients = await toReporters(
    context,
    complaint,
    {
      title: `${complaint.trackingId}: Anda ikut melapor`,
      body: `Anda ikut melaporkan "${complaint.title}". Anda akan menerima kabar setiap perkembangannya.`,
    },
    [actor.userId],
  );
  const result = await context.db.transaction(async (tx) => {
    if (!(await repository.insertReporter(tx, complaint.id, actor.userId, { sourceComplaintId: null }))) {
      throw new AppError(ComplaintErrors.ALREADY_JOINED);
    }
    await repository.insertEvent(tx, {
      complaintId: complaint.id,
      at: now,
      kind: 'ikut_melapor',
      actorRole: 'warga',
      note: 'Seorang warga lain ikut melaporkan hal yang sama.',
    });
    await appendAudit(tx, {
      actorId: reporterActorId(actor.userId, complaint.privacy),
      actorRole: 'warga',
      action: 'complaint.joined',
      targetType: 'complaint',
      targetId: complaint.trackingId,
      requestId: options.requestId,
    });
    const queued = await notifyUsers(tx, recipients, { publicUrl: context.publicUrl });
    return { queued };
  });
  if (result.queued) context.onEmailQueued();
  const counts = await duplicates.countReporters(context.db, [complaint.id]);
  return { trackingId: complaint.trackingId, reporterCount: counts.get(complaint.id) ?? 1 };
}

// ---------------------------------------------------------------------------------------------
// Merging duplicates into one case, and undoing it

/** How an officer's step is recorded: by role and agency in the timeline, by id in the audit trail. */
function byOfficer(actor: Actor) {
  return { actorId: actor.userId, actorRole: actor.role ?? 'petugas', actorAgencyId: actor.agencyId };
}

function requireMerger(standings: ReadonlySet<Standing>): void {
  if (!MERGERS.some((standing) => standings.has(standing)))
    throw new AppError(ComplaintErrors.ACTION_FORBIDDEN);
}

function requireMergeable(complaint: repository.ComplaintRow): void {
  if (complaint.privacy === 'rahasia') throw new AppError(ComplaintErrors.MERGE_RAHASIA);
  if (!JOINABLE_STATES.includes(complaint.status)) throw new AppError(ComplaintErrors.REPORT_CLOSED);
}

/**
 * Merges duplicates into the report of `trackingId` (the primary): each duplicate is archived as
 * `duplikat` and linked to the primary, its reporters (filer and parties) become parties of the
 * primary, every reporter of both sides is told, and the timeline and audit trail record it. The
 * caller must verify or dispose of every report involved (MERGERS); all of it or nothing.
 */
export async function mergeComplaints(
  context: ComplaintsContext,
  options: { actor: Actor; trackingId: string; input: MergeComplaints } & Meta,
): Promise<ComplaintView> {
  const { actor, input } = options;
  const primary = await loadForCaller(context, actor, options.trackingId);
  requireMerger(primary.standings);
  const wanted = [...new Set(input.duplicates.map((id) => normaliseTrackingId(id) ?? id))];
  if (wanted.includes(primary.complaint.trackingId)) {
    throw new AppError(ComplaintErrors.MERGE_WITH_ITSELF, {
      fields: [{ field: 'duplicates', code: 'MERGE_WITH_ITSELF' }],
    });
  }
  requireMergeable(primary.complaint);
  const merged: repository.ComplaintRow[] = [];
  for (const trackingId of wanted) {
    const duplicate = await loadForCaller(context, actor, trackingId);
    requireMerger(duplicate.standings);
    requireMergeable(duplicate.complaint);
    if ((await duplicates.listActiveDuplicatesOf(context.db, duplicate.complaint.id)).length > 0) {
      throw new AppError(ComplaintErrors.MERGE_CHAIN);
    }
    merged.push(duplicate.complaint);
  }
  const target = primary.complaint;
  const now = context.now();
  const recipients: Notification[] = [
    ...(await toReporters(context, target, {
      title: `${target.trackingId}: laporan serupa digabungkan`,
      body: `${merged.length} laporan lain tentang hal yang sama digabungkan ke laporan Anda "${target.title}". Penanganannya tetap berjalan di laporan ini.`,
    })),
  ];
  for (const duplicate of merged) {
    recipients.push(
      ...(await toReporters(context, duplicate, {
        title: `${duplicate.trackingId}: digabungkan ke ${target.trackingId}`,
        body: `Laporan "${duplicate.title}" membahas hal yang sama dengan laporan ${target.trackingId} dan kini ditangani bersama di sana. Anda akan menerima kabar setiap perkembangannya. Catatan petugas: ${input.note}`,
      })),
    );
  }
  const queued = await context.db.transaction(async (tx) => {
    // The primary must still be as the caller saw it (not closed or changed meanwhile).
    const stillOpen = await repository.updateComplaintIfStatus(
      tx,
      target.id,
      target.status,
      {},
      target.updatedAt,
    );
    if (!stillOpen) throw new AppError(ComplaintErrors.COMPLAINT_CHANGED);
    for (const duplicate of merged) {
      const archived = await repository.updateComplaintIfStatus(
        tx,
        duplicate.id,
        duplicate.status,
        { status: 'diarsipkan', archiveReason: 'duplikat', closedAt: now },
        duplicate.updatedAt,
      );
      if (!archived) throw new AppError(ComplaintErrors.COMPLAINT_CHANGED);
      await duplicates.insertMerge(tx, {
        primaryId: target.id,
        duplicateId: duplicate.id,
        mergedAt: now,
        mergedBy: actor.userId,
        note: input.note,
        previousStatus: duplicate.status,
        previousArchiveReason: duplicate.archiveReason,
        previousClosedAt: duplicate.closedAt,
      });
      await duplicates.copyReportersAsParties(tx, duplicate.id, target.id);
      await repository.insertEvent(tx, {
        complaintId: duplicate.id,
        at: now,
        kind: 'digabung',
        fromStatus: duplicate.status,
        toStatus: 'diarsipkan',
        ...byOfficer(actor),
        note: `Digabungkan ke laporan ${target.trackingId}: ${input.note}`,
      });
      await repository.insertEvent(tx, {
        complaintId: target.id,
        at: now,
        kind: 'penggabungan',
        ...byOfficer(actor),
        note: `Laporan serupa ${duplicate.trackingId} digabungkan ke laporan ini.`,
      });
      await appendAudit(tx, {
        actorId: actor.userId,
        actorRole: actor.role ?? 'petugas',
        action: 'complaint.merged',
        targetType: 'complaint',
        targetId: duplicate.trackingId,
        requestId: options.requestId,
        details: { into: target.trackingId, from: duplicate.status },
      });
    }
    return notifyUsers(tx, recipients, { publicUrl: context.publicUrl });
  });
  if (queued) context.onEmailQueued();
  const after = (await repository.findComplaintById(context.db, target.id))!;
  return fullView(context, after, await standingsOf(context, actor, after));
}

/**
 * Undoes a merge: the duplicate returns to the state it had, its clocks moved on by the working
 * days it spent merged; the parties it brought leave the primary (citizens who joined the primary
 * themselves stay); its reporters are told; timeline and audit record it.
 */
export async function unmergeComplaint(
  context: ComplaintsContext,
  options: { actor: Actor; trackingId: string; input: UnmergeComplaint } & Meta,
): Promise<ComplaintView> {
  const { actor } = options;
  const { complaint: duplicate, standings } = await loadForCaller(context, actor, options.trackingId);
  requireMerger(standings);
  const merge = await duplicates.findActiveMergeOfDuplicate(context.db, duplicate.id);
  if (!merge) throw new AppError(ComplaintErrors.NOT_MERGED);
  const primary = await repository.findComplaintById(context.db, merge.primaryId);
  const now = context.now();
  const calendar = await context.calendar.current();
  const mergedDays = calendar.workingDaysBetween(merge.mergedAt, now);
  const extend = (date: Date | null) =>
    date && mergedDays > 0 && !duplicate.pausedAt ? calendar.addWorkingDays(date, mergedDays) : date;
  const restored = { ...duplicate, status: merge.previousStatus };
  const recipients = await toReporters(context, restored, {
    title: `${duplicate.trackingId}: penggabungan dibatalkan`,
    body: `Laporan "${duplicate.title}" tidak lagi digabungkan ke laporan ${primary?.trackingId ?? ''} dan kembali ditangani tersendiri. Catatan petugas: ${options.input.note}`,
  });
  const queued = await context.db.transaction(async (tx) => {
    if (!(await duplicates.closeMerge(tx, merge.id, actor.userId, now))) {
      throw new AppError(ComplaintErrors.COMPLAINT_CHANGED);
    }
    const updated = await repository.updateComplaintIfStatus(
      tx,
      duplicate.id,
      'diarsipkan',
      {
        status: merge.previousStatus,
        archiveReason: merge.previousArchiveReason,
        closedAt: merge.previousClosedAt,
        verificationDueAt: extend(duplicate.verificationDueAt),
        planDueAt: duplicate.planPostedAt ? duplicate.planDueAt : extend(duplicate.planDueAt),
        completionDueAt: extend(duplicate.completionDueAt),
      },
      duplicate.updatedAt,
    );
    if (!updated) throw new AppError(ComplaintErrors.COMPLAINT_CHANGED);
    await duplicates.removePartiesFrom(tx, merge.primaryId, duplicate.id);
    await repository.insertEvent(tx, {
      complaintId: duplicate.id,
      at: now,
      kind: 'pemisahan',
      fromStatus: 'diarsipkan',
      toStatus: merge.previousStatus,
      ...byOfficer(actor),
      note: `Tidak lagi digabungkan ke laporan ${primary?.trackingId ?? ''}: ${options.input.note}`,
    });
    if (primary) {
      await repository.insertEvent(tx, {
        complaintId: primary.id,
        at: now,
        kind: 'pemisahan',
        ...byOfficer(actor),
        note: `Laporan ${duplicate.trackingId} dipisahkan kembali dari laporan ini.`,
      });
    }
    await appendAudit(tx, {
      actorId: actor.userId,
      actorRole: actor.role ?? 'petugas',
      action: 'complaint.unmerged',
      targetType: 'complaint',
      targetId: duplicate.trackingId,
      requestId: options.requestId,
      details: { from: primary?.trackingId ?? null, restoredStatus: merge.previousStatus },
    });
    return notifyUsers(tx, recipients, { publicUrl: context.publicUrl });
  });
  if (queued) context.onEmailQueued();
  const after = (await repository.findComplaintById(context.db, duplicate.id))!;
  return fullView(context, after, await standingsOf(context, actor, after));
}

// ---------------------------------------------------------------------------------------------
// Near-duplicate groups in an officer's reach

/** How far handling has come: the report furthest along is the one to keep. */
const PROGRESS: Partial<Record<Status, number>> = {
  baru: 0,
  ditunda: 0,
  terdisposisi: 1,
  di_unit: 2,
  diproses: 3,
  menunggu_pelapor: 3,
};

/** At least this many reports of one regency waiting: its pairs are computed all at once. */
const REGENCY_AT_ONCE = 50;
/** Queue entries read at a time. */
const QUEUE_BATCH = 2_000;
/** At most this many pairs are stored for one report (its best). */
const PAIRS_PER_REPORT = 50;

/**
 * Computes the stored near-duplicate pairs of the reports waiting in the queue (filled by a
 * trigger on complaints: filed, edited, open and public again): each against the reports of its
 * regency filed up to 90 days before or after it, found and scored as the similar reports offered
 * while writing (findSimilarToReport), or a whole regency's open reports at once when many of them
 * wait (an upgrade, an import). Run by the `duplicate-pairs` job every minute and before the
 * groups are read, so that these are never behind. Idempotent. Returns how many reports it read.
 */
export async function refreshDuplicatePairs(context: ComplaintsContext): Promise<number> {
  const since = new Date(context.now().getTime() - SIMILARITY.groupHorizonDays * DAY);
  let read = 0;
  for (const [regencyCode, waiting] of await duplicates.countPairQueueByRegency(context.db)) {
    if (waiting < REGENCY_AT_ONCE) continue;
    // Read before the pairs are computed: every entry read is then in the computation's snapshot.
    const queued = await duplicates.listPairQueue(context.db, {
      statuses: JOINABLE_STATES,
      since,
      regencyCode,
    });
    await duplicates.storePairsOfRegency(context.db, {
      regencyCode,
      statuses: JOINABLE_STATES,
      since,
      windowDays: SIMILARITY.groupHorizonDays,
      minScore: SIMILARITY.groupScore,
      pairsPerReport: PAIRS_PER_REPORT,
    });
    await duplicates.removeFromPairQueue(context.db, queued);
    read += queued.length;
  }
  // The rest (and whatever was queued meanwhile) one report at a time.
  for (;;) {
    const queued = await duplicates.listPairQueue(context.db, {
      statuses: JOINABLE_STATES,
      since,
      limit: QUEUE_BATCH,
    });
    for (const report of queued.filter((entry) => entry.isOpenPublic)) {
      const text = `${report.title} ${report.description}`.trim();
      const similar = await duplicates.findSimilarToReport(context.db, {
        id: report.complaintId,
        title: report.title,
        text,
        distinctiveWords: await distinctiveWordsOf(context, text),
        regencyCode: report.regencyCode,
        submittedAt: report.submittedAt,
        days: SIMILARITY.groupHorizonDays,
        minScore: SIMILARITY.groupScore,
        limit: PAIRS_PER_REPORT,
      });
      await duplicates.storePairsOf(context.db, report.complaintId, similar);
    }
    await duplicates.removeFromPairQueue(context.db, queued);
    read += queued.length;
    if (queued.length < QUEUE_BATCH) return read;
  }
}

/**
 * Groups of open public reports that look like one event reported several times: stored pairs
 * (refreshDuplicatePairs) with similar text in the same regency filed within `windowDays` of each
 * other, joined into groups. For the officers who may merge them (MERGERS); national admins see
 * all agencies.
 */
export async function listDuplicateGroups(
  context: ComplaintsContext,
  options: { actor: Actor; query: DuplicateGroupsQuery },
): Promise<DuplicateGroupsPage> {
  const { actor } = options;
  if (actor.role !== 'admin-nasional' && actor.role !== 'admin-instansi') {
    throw new AppError(ComplaintErrors.ACTION_FORBIDDEN);
  }
  const isNational = actor.role === 'admin-nasional';
  if (!isNational && !actor.agencyPath) {
    return { groups: [], total: 0, page: options.query.page, pageSize: GROUPS_PER_PAGE };
  }
  await refreshDuplicatePairs(context);
  const pairs = await duplicates.findDuplicatePairs(context.db, {
    scopePath: isNational ? undefined : actor.agencyPath!,
    includeAddressedTo: !isNational && actor.agencyId ? [actor.agencyId] : undefined,
    regencyCode: options.query.regionCode?.slice(0, 5),
    statuses: JOINABLE_STATES,
    since: new Date(context.now().getTime() - SIMILARITY.groupHorizonDays * DAY),
    windowDays: options.query.windowDays,
    minScore: SIMILARITY.groupScore,
  });
  // Connected components of the pairs (union-find).
  const parent = new Map<string, string>();
  const root = (id: string): string => {
    let current = id;
    while (parent.get(current) !== current) current = parent.get(current)!;
    parent.set(id, current);
    return current;
  };
  for (const pair of pairs) {
    for (const id of [pair.firstId, pair.secondId]) if (!parent.has(id)) parent.set(id, id);
    parent.set(root(pair.firstId), root(pair.secondId));
  }
  const members = new Map<string, string[]>();
  for (const id of parent.keys()) members.set(root(id), [...(members.get(root(id)) ?? []), id]);
  const bestScore = new Map<string, number>();
  for (const pair of pairs) {
    const group = root(pair.firstId);
    bestScore.set(group, Math.max(bestScore.get(group) ?? 0, pair.score));
  }
  // Best first; only the page's reports are read.
  const ranked = [...members.entries()]
    .map(([group, memberIds]) => ({ memberIds, score: bestScore.get(group) ?? 0 }))
    .sort((a, b) => b.score - a.score || b.memberIds.length - a.memberIds.length);
  const { page } = options.query;
  const onPage = ranked.slice((page - 1) * GROUPS_PER_PAGE, page * GROUPS_PER_PAGE);
  const ids = onPage.flatMap((group) => group.memberIds);
  const [rows, counts] = await Promise.all([
    duplicates.findComplaintsByIds(context.db, ids),
    duplicates.countReporters(context.db, ids),
  ]);
  const byId = new Map(rows.map((row) => [row.id, row]));
  const [agencies, names] = await Promise.all([
    findAgencies(
      context.identity,
      rows.flatMap((row) => (row.agencyId ? [row.agencyId] : [])),
    ),
    regionNames(
      context,
      rows.map((row) => row.regionCode),
    ),
  ]);
  const groups = onPage.map(({ memberIds, score }) => {
    const reports = memberIds
      .map((id) => byId.get(id))
      .filter((row): row is repository.ComplaintRow => row !== undefined)
      .sort((a, b) => a.submittedAt.getTime() - b.submittedAt.getTime());
    const primary = [...reports].sort(
      (a, b) =>
        (PROGRESS[b.status] ?? 0) - (PROGRESS[a.status] ?? 0) ||
        (counts.get(b.id) ?? 0) - (counts.get(a.id) ?? 0) ||
        a.submittedAt.getTime() - b.submittedAt.getTime(),
    )[0];
    return {
      score: Math.round(score * 100) / 100,
      suggestedPrimary: primary?.trackingId ?? '',
      reports: reports.map((row) => ({
        trackingId: row.trackingId,
        title: row.title,
        excerpt: excerptOf(row.description),
        status: row.status,
        publicStatus: PUBLIC_STATUS[row.status],
        privacy: row.privacy as 'publik' | 'anonim',
        regionCode: row.regionCode,
        regionName: names.get(row.regionCode) ?? null,
        agency: row.agencyId ? (agencies.get(row.agencyId)?.name ?? null) : null,
        submittedAt: row.submittedAt.toISOString(),
        reporterCount: counts.get(row.id) ?? 0,
      })),
    };
  });
  return { groups, total: ranked.length, page, pageSize: GROUPS_PER_PAGE };
}
