import { randomUUID } from 'node:crypto';
import { appendAudit, auditAppendParts } from '../../platform/audit/audit.ts';
import type { CalendarStore, WorkingCalendar } from '../../platform/calendar/calendar.ts';
import type { Database } from '../../platform/db/database.ts';
import { displayFileName, type FileStore, sanitiseUpload } from '../../platform/files/files.ts';
import type { Actor } from '../../platform/http/auth.ts';
import { AppError } from '../../platform/http/errors.ts';
import {
  type Notification,
  notificationStatements,
  notifyUsers,
} from '../../platform/notify/notifications.ts';
import { findRegion } from '../../platform/regions/regions.ts';
import {
  type AgencyRef,
  actorReachesAgency,
  findAgencies,
  findCitizenIdByEmail,
  findNotificationContacts,
  findUserContact,
  getAgency,
  type IdentityContext,
  listOfficersToNotify,
} from '../identity/index.ts';
import {
  type ComplaintAction,
  type ComplaintView,
  PUBLIC_STATUS,
  type PublicFeedQuery,
  type QueueQuery,
  type RecordComplaint,
  type Status,
  type SubmitComplaint,
} from './complaints.contracts.ts';
import { ComplaintErrors } from './complaints.errors.ts';
import { emitComplaintChange } from './complaints.hooks.ts';
import * as repository from './complaints.repository.ts';
import {
  allowedActions,
  checkTransition,
  isPrivacyRaise,
  LIMITS,
  MERGERS,
  type Standing,
  TERMINAL_STATES,
} from './complaints.rules.ts';
import * as duplicatesRepository from './duplicates.repository.ts';
import { newTrackingId, normaliseTrackingId } from './tracking-id.ts';

export type ComplaintsContext = {
  db: Database;
  files: FileStore;
  limits: { attachmentsPerReport: number };
  identity: IdentityContext;
  calendar: CalendarStore;
  /** The time, injectable so that clocks can be tested across weeks. */
  now: () => Date;
  publicUrl: string;
  onEmailQueued: () => void;
};

type Meta = { requestId?: string | undefined };

/**
 * The id recorded as the actor of a reporter's step. For an anonim report it is left out of the
 * audit trail and the timeline: administrators read those, and only `reporters` may hold the link.
 */
export function reporterActorId(userId: string, privacy: repository.ComplaintRow['privacy']): string | null {
  return privacy === 'anonim' ? null : userId;
}

// ---------------------------------------------------------------------------------------------
// Who stands where

/**
 * Before verification the addressed agency's admin stands towards a report; so they still do
 * while it is merged away as a duplicate from that stage (they may undo the merge).
 */
async function isAwaitingVerification(context: ComplaintsContext, complaint: repository.ComplaintRow) {
  if (complaint.status === 'baru' || complaint.status === 'ditunda') return true;
  if (complaint.status !== 'diarsipkan' || complaint.archiveReason !== 'duplikat') return false;
  const merge = await duplicatesRepository.findActiveMergeOfDuplicate(context.db, complaint.id);
  return merge?.previousStatus === 'baru' || merge?.previousStatus === 'ditunda';
}

export async function standingsOf(
  context: ComplaintsContext,
  actor: Actor | undefined,
  complaint: repository.ComplaintRow,
): Promise<Set<Standing>> {
  const standings = new Set<Standing>();
  if (!actor) return standings;
  if (actor.kind === 'warga') {
    if (await repository.isReporterOf(context.db, complaint.id, actor.userId)) standings.add('pelapor');
    return standings;
  }
  const reaches = (path: string | null) => path !== null && actorReachesAgency(actor, { path });
  switch (actor.role) {
    case 'admin-nasional':
      standings.add('admin-nasional');
      break;
    case 'admin-instansi': {
      if (reaches(complaint.agencyPath)) standings.add('admin-instansi');
      if (complaint.suggestedAgencyId && (await isAwaitingVerification(context, complaint))) {
        const suggested = (await findAgencies(context.identity, [complaint.suggestedAgencyId])).get(
          complaint.suggestedAgencyId,
        );
        if (suggested && reaches(suggested.path)) standings.add('admin-instansi-tujuan');
      }
      break;
    }
    case 'penghubung':
      if (reaches(complaint.unitPath)) standings.add('penghubung');
      break;
    case 'pengawas':
      // A supervisor placed in the handling unit oversees it too, as its work queue already shows.
      if (actor.hasNationalScope || reaches(complaint.agencyPath) || reaches(complaint.unitPath)) {
        standings.add('pengawas');
      }
      break;
  }
  return standings;
}

/** The report if the caller may see its full record; 404 otherwise, whatever the reason. */
export async function loadForCaller(
  context: ComplaintsContext,
  actor: Actor | undefined,
  trackingId: string,
) {
  const normalised = normaliseTrackingId(trackingId);
  const complaint = normalised
    ? await repository.findComplaintByTrackingId(context.db, normalised)
    : undefined;
  if (!complaint) throw new AppError(ComplaintErrors.COMPLAINT_NOT_FOUND);
  const standings = await standingsOf(context, actor, complaint);
  if (standings.size === 0) throw new AppError(ComplaintErrors.COMPLAINT_NOT_FOUND);
  return { complaint, standings };
}

// ---------------------------------------------------------------------------------------------
// Views: built from what the reader may see; none of them contains the reporter's identity.

function iso(date: Date | null): string | null {
  return date ? date.toISOString() : null;
}

const ROLE_LABELS: Record<string, string> = {
  pelapor: 'Pelapor',
  sistem: 'Sistem',
  warga: 'Warga',
  'admin-nasional': 'Admin Nasional',
  'admin-instansi': 'Admin Instansi',
  penghubung: 'Pejabat Penghubung',
};

/**
 * Notes the public never sees: anything the reporter wrote (whatever the action: a new reporter
 * action must not become public by being forgotten here) and the questions put to them.
 */
function isPrivateNote(event: repository.EventRow): boolean {
  return event.actorRole === 'pelapor' || event.kind === 'minta_informasi';
}

async function timelineOf(
  context: ComplaintsContext,
  events: repository.EventRow[],
  audience: 'public' | 'participant',
) {
  const agencyIds = events.flatMap((event) => (event.actorAgencyId ? [event.actorAgencyId] : []));
  const agencies = await findAgencies(context.identity, agencyIds);
  return events
    .filter((event) => audience === 'participant' || event.kind !== 'penilaian')
    .map((event) => {
      const agency = event.actorAgencyId ? agencies.get(event.actorAgencyId) : undefined;
      const role = ROLE_LABELS[event.actorRole] ?? event.actorRole;
      return {
        at: event.at.toISOString(),
        kind: event.kind,
        fromStatus: event.fromStatus,
        toStatus: event.toStatus,
        actor: agency ? `${role} — ${agency.name}` : role,
        note: audience === 'public' && isPrivateNote(event) ? null : event.note,
      };
    });
}

function currentDue(complaint: repository.ComplaintRow): Date | null {
  switch (complaint.status) {
    case 'baru':
    case 'ditunda':
      return complaint.verificationDueAt;
    case 'terdisposisi':
    case 'di_unit':
      return complaint.planDueAt && complaint.planDueAt < (complaint.completionDueAt ?? complaint.planDueAt)
        ? complaint.planDueAt
        : complaint.completionDueAt;
    case 'diproses':
    case 'menunggu_pelapor':
      return complaint.completionDueAt;
    case 'selesai':
      return complaint.autoCloseDueAt;
    default:
      return null;
  }
}

async function agencyRefs(context: ComplaintsContext, complaint: repository.ComplaintRow) {
  const ids = [complaint.agencyId, complaint.unitId].filter((id): id is string => Boolean(id));
  const agencies = await findAgencies(context.identity, ids);
  const ref = (id: string | null) => {
    const agency = id ? agencies.get(id) : undefined;
    return agency ? { code: agency.code, name: agency.name } : null;
  };
  return { agency: ref(complaint.agencyId), unit: ref(complaint.unitId) };
}

export async function fullView(
  context: ComplaintsContext,
  complaint: repository.ComplaintRow,
  standings: Set<Standing>,
): Promise<ComplaintView> {
  const [events, refs, region, files, merges] = await Promise.all([
    repository.listEvents(context.db, complaint.id),
    agencyRefs(context, complaint),
    findRegion(context.db, complaint.regionCode),
    repository.listAttachments(context.db, complaint.id),
    duplicatesRepository.findMergesOf(context.db, complaint.id),
  ]);
  const due = currentDue(complaint);
  return {
    trackingId: complaint.trackingId,
    kind: complaint.kind,
    isOversight: complaint.isOversight,
    title: complaint.title,
    description: complaint.description,
    privacy: complaint.privacy,
    channel: complaint.channel,
    status: complaint.status,
    publicStatus: PUBLIC_STATUS[complaint.status],
    categoryCode: complaint.categoryCode,
    regionCode: complaint.regionCode,
    regionName: region?.name ?? null,
    ...refs,
    lat: complaint.lat,
    lng: complaint.lng,
    address: complaint.address,
    submittedAt: complaint.submittedAt.toISOString(),
    dueAt: {
      verification: iso(complaint.verificationDueAt),
      followUpPlan: iso(complaint.planDueAt),
      completion: iso(complaint.completionDueAt),
      autoClose: iso(complaint.autoCloseDueAt),
    },
    isPaused: complaint.pausedAt !== null,
    isOverdue:
      complaint.overdueAt !== null || (due !== null && complaint.pausedAt === null && due < context.now()),
    reopenCount: complaint.reopenCount,
    rating: complaint.ratingScore ? { score: complaint.ratingScore, comment: complaint.ratingComment } : null,
    timeline: await timelineOf(context, events, 'participant'),
    attachments: files.map((file) => ({
      id: file.id,
      fileName: file.fileName,
      mediaType: file.mediaType,
      size: file.size,
      uploadedBy: file.uploaderRole === 'pelapor' ? ('pelapor' as const) : ('petugas' as const),
      createdAt: file.createdAt.toISOString(),
    })),
    allowedActions: allowedActions(complaint.status, standings),
    isReporter: standings.has('pelapor'),
    mergedInto: merges.mergedInto?.primaryTrackingId ?? null,
    mergedDuplicates: merges.duplicates,
    canUnmerge: merges.mergedInto !== undefined && MERGERS.some((standing) => standings.has(standing)),
  };
}

export async function getComplaint(
  context: ComplaintsContext,
  options: { actor: Actor | undefined; trackingId: string },
): Promise<ComplaintView> {
  const { complaint, standings } = await loadForCaller(context, options.actor, options.trackingId);
  return fullView(context, complaint, standings);
}

/** What anyone may see of a `publik` or `anonim` report; `rahasia` reports do not exist here. */
export async function getPublicComplaint(context: ComplaintsContext, options: { trackingId: string }) {
  const normalised = normaliseTrackingId(options.trackingId);
  const complaint = normalised
    ? await repository.findComplaintByTrackingId(context.db, normalised)
    : undefined;
  if (!complaint || complaint.privacy === 'rahasia') throw new AppError(ComplaintErrors.COMPLAINT_NOT_FOUND);
  const [events, refs, region] = await Promise.all([
    repository.listEvents(context.db, complaint.id),
    agencyRefs(context, complaint),
    findRegion(context.db, complaint.regionCode),
  ]);
  return {
    trackingId: complaint.trackingId,
    kind: complaint.kind,
    title: complaint.title,
    description: complaint.description,
    publicStatus: PUBLIC_STATUS[complaint.status],
    categoryCode: complaint.categoryCode,
    regionCode: complaint.regionCode,
    regionName: region?.name ?? null,
    agency: refs.agency,
    submittedAt: complaint.submittedAt.toISOString(),
    timeline: await timelineOf(context, events, 'public'),
  };
}

// ---------------------------------------------------------------------------------------------
// Intake

async function checkPlace(context: ComplaintsContext, input: SubmitComplaint) {
  const region = await findRegion(context.db, input.regionCode);
  if (!region || region.level < 2) {
    throw new AppError(ComplaintErrors.REGION_UNKNOWN, {
      fields: [{ field: 'regionCode', code: 'REGION_UNKNOWN' }],
    });
  }
  const category = input.categoryCode
    ? await repository.findCategory(context.db, input.categoryCode)
    : undefined;
  if (input.categoryCode && !category?.isActive) {
    throw new AppError(ComplaintErrors.CATEGORY_UNKNOWN, {
      fields: [{ field: 'categoryCode', code: 'CATEGORY_UNKNOWN' }],
    });
  }
  let suggestedAgency: AgencyRef | undefined;
  if (input.agencyCode) {
    suggestedAgency = await getAgency(context.identity, { code: input.agencyCode }).catch(() => {
      throw new AppError(ComplaintErrors.TARGET_AGENCY_INVALID, {
        fields: [{ field: 'agencyCode', code: 'AGENCY_NOT_FOUND' }],
      });
    });
  }
  return { category, suggestedAgency };
}

export async function createComplaint(
  context: ComplaintsContext,
  options: {
    input: SubmitComplaint;
    /** Undefined when a partner system files for a person without an account (see complaints.partners.ts). */
    reporterId: string | undefined;
    channel: repository.ComplaintRow['channel'];
    recordedBy?: Actor | undefined;
    /** The partner system (e.g. an Open311 API key) that filed the report, for the timeline and audit. */
    filedBy?: { id: string; name: string } | undefined;
    idempotencyKey?: string | undefined;
  } & Meta,
) {
  const { input } = options;
  const { category, suggestedAgency } = await checkPlace(context, input);
  const calendar = await context.calendar.current();
  const now = context.now();
  const trackingId = newTrackingId();
  const verificationDueAt = calendar.addWorkingDays(now, LIMITS.verification);
  // The filer's e-mail and the officers to tell, in one statement.
  const { contacts, officers } = await findNotificationContacts(context.identity, {
    userIds: options.reporterId ? [options.reporterId] : [],
    roles: ['admin-nasional', 'admin-instansi'],
    agencyPath: suggestedAgency?.path,
  });
  const recipients = [
    ...reporterNotifications(
      { trackingId, privacy: input.privacy },
      {
        title: `Laporan ${trackingId} diterima`,
        body: `Laporan Anda "${input.title}" telah kami terima dengan nomor pelacakan ${trackingId}. Verifikasi paling lambat ${formatDate(verificationDueAt)}.`,
      },
      options.reporterId ? [options.reporterId] : [],
      contacts,
    ),
    ...officerNotifications({ trackingId }, officers, {
      title: `Laporan baru menunggu verifikasi: ${trackingId}`,
      body: `Laporan baru "${input.title}" menunggu verifikasi paling lambat ${formatDate(verificationDueAt)}.`,
    }),
  ];
  // The report, its filer, idempotency key, first event, notifications, e-mails and audit entry
  // as one statement: all of it or none of it is written, in one round trip and no transaction.
  const db = context.db;
  const notification = notificationStatements(db, recipients, { publicUrl: context.publicUrl });
  const complaintId = randomUUID();
  const created = await repository.insertComplaintTogether(
    db,
    {
      id: complaintId,
      trackingId,
      kind: input.kind,
      isOversight: input.kind === 'pengaduan' && Boolean(category?.isOversight),
      title: input.title,
      description: input.description,
      privacy: input.privacy,
      channel: options.channel,
      status: 'baru',
      categoryCode: category?.code ?? null,
      regionCode: input.regionCode,
      lat: input.lat ?? null,
      lng: input.lng ?? null,
      address: input.address ?? null,
      suggestedAgencyId: suggestedAgency?.id ?? null,
      recordedBy: options.recordedBy?.userId ?? null,
      submittedAt: now,
      verificationDueAt,
    },
    [
      ...repository.filingInserts(db, {
        complaintId,
        reporterId: options.reporterId,
        idempotencyKey: options.idempotencyKey,
        event: {
          at: now,
          kind: options.recordedBy ? 'dicatat_petugas' : 'diajukan',
          toStatus: 'baru',
          actorId: options.recordedBy?.userId ?? null,
          actorRole: options.recordedBy?.role ?? 'pelapor',
          actorAgencyId: options.recordedBy?.agencyId ?? null,
          note: options.recordedBy
            ? `Diterima melalui ${options.channel}`
            : options.filedBy
              ? `Diterima melalui ${options.channel} (${options.filedBy.name})`
              : null,
        },
      }),
      ...notification.statements,
    ],
    auditAppendParts({
      actorId:
        options.recordedBy?.userId ??
        (options.reporterId ? reporterActorId(options.reporterId, input.privacy) : null),
      actorRole: options.recordedBy?.role ?? (options.filedBy ? 'partner' : 'warga'),
      action: 'complaint.submitted',
      targetType: 'complaint',
      targetId: trackingId,
      requestId: options.requestId,
      details: options.filedBy
        ? { channel: options.channel, partnerId: options.filedBy.id }
        : { channel: options.channel },
    }),
  );
  const complaint = { created, queued: notification.hasEmail };
  if (complaint.queued) context.onEmailQueued();
  await emitComplaintChange(context.db, changeOf(complaint.created, 'diajukan', now));
  return complaint.created;
}

function changeOf(complaint: repository.ComplaintRow, action: string, at: Date) {
  const { id: complaintId, trackingId, status, agencyId, unitId } = complaint;
  return { complaintId, trackingId, action, status, agencyId, unitId, at };
}

export async function submitComplaint(
  context: ComplaintsContext,
  options: {
    actor: Actor;
    input: SubmitComplaint;
    idempotencyKey?: string | undefined;
    channel?: 'web' | 'api';
  } & Meta,
) {
  const { actor, idempotencyKey } = options;
  if (idempotencyKey !== undefined && !/^[A-Za-z0-9._-]{8,100}$/.test(idempotencyKey)) {
    throw new AppError(ComplaintErrors.IDEMPOTENCY_KEY_INVALID);
  }
  if (idempotencyKey) {
    const existing = await repository.findIdempotentComplaint(context.db, actor.userId, idempotencyKey);
    if (existing)
      return { complaint: (await repository.findComplaintById(context.db, existing))!, isReplay: true };
  }
  try {
    const complaint = await createComplaint(context, {
      input: options.input,
      reporterId: actor.userId,
      channel: options.channel ?? (actor.via === 'bearer' ? 'api' : 'web'),
      idempotencyKey,
      requestId: options.requestId,
    });
    return { complaint, isReplay: false };
  } catch (error) {
    // Two requests with one key at once: the loser returns the winner's report.
    if (
      idempotencyKey &&
      String((error as { cause?: unknown }).cause ?? error).includes('idempotency_keys')
    ) {
      const existing = await repository.findIdempotentComplaint(context.db, actor.userId, idempotencyKey);
      if (existing)
        return { complaint: (await repository.findComplaintById(context.db, existing))!, isReplay: true };
    }
    throw error;
  }
}

export async function recordComplaint(
  context: ComplaintsContext,
  options: { actor: Actor; input: RecordComplaint } & Meta,
) {
  const { channel, reporterEmail, ...input } = options.input;
  const reporterId = await findCitizenIdByEmail(context.identity, reporterEmail);
  if (!reporterId) {
    throw new AppError(ComplaintErrors.REPORTER_NOT_FOUND, {
      fields: [{ field: 'reporterEmail', code: 'REPORTER_NOT_FOUND' }],
    });
  }
  return createComplaint(context, {
    input,
    reporterId,
    channel,
    recordedBy: options.actor,
    requestId: options.requestId,
  });
}

// ---------------------------------------------------------------------------------------------
// Transitions

/** Built once: constructing an Intl formatter costs more than a whole database round trip. */
const DATE_FORMAT = new Intl.DateTimeFormat('id-ID', { dateStyle: 'long', timeZone: 'Asia/Jakarta' });

export function formatDate(date: Date): string {
  return DATE_FORMAT.format(date);
}

/*
 * Recipients are looked up before the transaction that records the change (PGlite has one
 * connection: a read outside the transaction would wait for it), then written inside it.
 */

/**
 * An anonymous reporter's e-mail names no report: an address next to a tracking ID or title in a
 * mailbox or the outbox would tie the person to the report. The details wait in the app.
 */
const ANONYMOUS_EMAIL = {
  title: 'Ada kabar baru tentang laporan Anda / News about your report',
  body: 'Ada perkembangan pada laporan anonim Anda. Masuk ke Terpadu untuk membacanya.\n\nThere is news about your anonymous report. Log in to Terpadu to read it.',
  link: '/beranda',
};

export async function toReporters(
  context: ComplaintsContext,
  complaint: Pick<repository.ComplaintRow, 'id' | 'trackingId' | 'privacy'>,
  message: { title: string; body: string },
  reporterIds?: string[],
  /** Only the filer: a question put to them, not news for those who follow the report. */
  options: { filerOnly?: boolean } = {},
): Promise<Notification[]> {
  // Parties (co-reporters) follow public reports; should one be made rahasia later, they hear no more.
  const withParties = !options.filerOnly && complaint.privacy !== 'rahasia';
  const userIds = reporterIds ?? (await repository.reporterIdsOf(context.db, complaint.id, { withParties }));
  const contacts = new Map<string, { email: string }>();
  for (const userId of userIds) {
    const contact = await findUserContact(context.identity, userId);
    if (contact) contacts.set(userId, contact);
  }
  return reporterNotifications(complaint, message, userIds, contacts);
}

/** A reporter's notifications, their e-mail from `contacts` (none for one who is not there). */
function reporterNotifications(
  complaint: Pick<repository.ComplaintRow, 'trackingId' | 'privacy'>,
  message: { title: string; body: string },
  userIds: string[],
  contacts: Map<string, { email: string }>,
): Notification[] {
  return userIds.map((userId) => ({
    userId,
    email: contacts.get(userId)?.email,
    ...message,
    link: `/lapor/${complaint.trackingId}`,
    emailMessage: complaint.privacy === 'anonim' ? ANONYMOUS_EMAIL : undefined,
  }));
}

export async function toOfficers(
  context: ComplaintsContext,
  complaint: Pick<repository.ComplaintRow, 'trackingId'>,
  roles: Array<'admin-nasional' | 'admin-instansi' | 'penghubung'>,
  path: string | null,
  message: { title: string; body: string },
): Promise<Notification[]> {
  const officers = await listOfficersToNotify(context.identity, { roles, agencyPath: path ?? undefined });
  return officerNotifications(complaint, officers, message);
}

function officerNotifications(
  complaint: Pick<repository.ComplaintRow, 'trackingId'>,
  officers: Array<{ id: string; email: string }>,
  message: { title: string; body: string },
): Notification[] {
  return officers.map((officer) => ({
    userId: officer.id,
    email: officer.email,
    ...message,
    link: `/petugas/laporan/${complaint.trackingId}`,
  }));
}

async function resolveTarget(context: ComplaintsContext, code: string, field: string) {
  try {
    return await getAgency(context.identity, { code });
  } catch {
    throw new AppError(ComplaintErrors.TARGET_AGENCY_INVALID, {
      fields: [{ field, code: 'AGENCY_NOT_FOUND' }],
    });
  }
}

type Change = {
  changes: Partial<repository.NewComplaint>;
  /** The agency a bounce or transfer counts against. */
  concernsAgencyId?: string | null;
  /** Who to tell, given the report as it will be after the change. */
  notify?: (after: repository.ComplaintRow) => Promise<Notification[]>;
};

/** Clocks of a report (re)dispositioned now to an agency. */
function dispositionClocks(
  calendar: WorkingCalendar,
  now: Date,
  kind: repository.ComplaintRow['kind'],
  isOversight: boolean,
) {
  return {
    dispositionedAt: now,
    planDueAt: calendar.addWorkingDays(now, LIMITS.followUpPlan),
    completionDueAt: calendar.addWorkingDays(now, LIMITS.completion(kind, isOversight)),
    overdueAt: null,
  };
}

/** Kind, category, privacy and oversight as an admin may set them at verification or later. */
async function reclassify(
  context: ComplaintsContext,
  complaint: repository.ComplaintRow,
  change: {
    kind?: repository.ComplaintRow['kind'] | undefined;
    categoryCode?: string | undefined;
    privacy?: repository.ComplaintRow['privacy'] | undefined;
    isOversight?: boolean | undefined;
  },
) {
  const privacy = change.privacy ?? complaint.privacy;
  if (!isPrivacyRaise(complaint.privacy, privacy)) throw new AppError(ComplaintErrors.PRIVACY_LOWERING);
  if (change.categoryCode && !(await repository.findCategory(context.db, change.categoryCode))) {
    throw new AppError(ComplaintErrors.CATEGORY_UNKNOWN);
  }
  const kind = change.kind ?? complaint.kind;
  return {
    kind,
    privacy,
    categoryCode: change.categoryCode ?? complaint.categoryCode,
    isOversight: kind === 'pengaduan' && (change.isOversight ?? complaint.isOversight),
  };
}

async function planChange(
  context: ComplaintsContext,
  actor: Actor,
  complaint: repository.ComplaintRow,
  action: ComplaintAction,
  calendar: WorkingCalendar,
  now: Date,
): Promise<Change> {
  const reporterMessage =
    (title: string, body: string, options: { filerOnly?: boolean } = {}) =>
    (after: repository.ComplaintRow) =>
      toReporters(context, after, { title: `${after.trackingId}: ${title}`, body }, undefined, options);
  switch (action.action) {
    case 'disposisi': {
      const target = await resolveTarget(context, action.agencyCode, 'agencyCode');
      if (target.kind === 'unit' || (actor.role === 'admin-instansi' && !actorReachesAgency(actor, target))) {
        throw new AppError(ComplaintErrors.TARGET_AGENCY_INVALID, {
          fields: [{ field: 'agencyCode', code: 'AGENCY_NOT_ELIGIBLE' }],
        });
      }
      const classification = await reclassify(context, complaint, action);
      return {
        changes: {
          ...classification,
          agencyId: target.id,
          agencyPath: target.path,
          unitId: null,
          unitPath: null,
          ...dispositionClocks(calendar, now, classification.kind, classification.isOversight),
        },
        concernsAgencyId: target.id,
        notify: async (after) => [
          ...(await reporterMessage(
            'laporan diteruskan',
            `Laporan Anda telah diverifikasi dan diteruskan kepada ${target.name}. Batas penyelesaian: ${formatDate(after.completionDueAt!)}.`,
          )(after)),
          ...(await toOfficers(context, after, ['admin-instansi'], target.path, {
            title: `Laporan baru untuk instansi Anda: ${after.trackingId}`,
            body: `Laporan "${after.title}" didisposisikan ke ${target.name}. Teruskan ke unit yang berwenang.`,
          })),
        ],
      };
    }
    case 'tunda':
      return {
        changes: {},
        notify: reporterMessage('laporan ditunda', `Laporan Anda ditunda: ${action.note}`),
      };
    case 'arsipkan':
      return {
        changes: { archiveReason: action.reason, closedAt: now },
        notify: reporterMessage('laporan diarsipkan', `Laporan Anda diarsipkan: ${action.note}`),
      };
    case 'disposisi_unit': {
      const unit = await resolveTarget(context, action.unitCode, 'unitCode');
      const parentPath = complaint.agencyPath ?? '';
      if (unit.kind !== 'unit' || !unit.path.startsWith(`${parentPath}>`)) {
        throw new AppError(ComplaintErrors.TARGET_AGENCY_INVALID, {
          fields: [{ field: 'unitCode', code: 'UNIT_NOT_IN_AGENCY' }],
        });
      }
      return {
        // The unit plans the follow-up within 5 working days of receiving it (DOMAIN.md: flow).
        changes: {
          unitId: unit.id,
          unitPath: unit.path,
          planDueAt: calendar.addWorkingDays(now, LIMITS.followUpPlan),
        },
        concernsAgencyId: unit.id,
        notify: (after) =>
          toOfficers(context, after, ['penghubung'], unit.path, {
            title: `Laporan untuk ditindaklanjuti: ${after.trackingId}`,
            body: `Laporan "${after.title}" didisposisikan ke ${unit.name}. Rencana tindak lanjut paling lambat ${formatDate(after.planDueAt!)}.`,
          }),
      };
    }
    case 'bukan_wewenang':
      return {
        changes: {
          agencyId: null,
          agencyPath: null,
          unitId: null,
          unitPath: null,
          suggestedAgencyId: null,
          dispositionedAt: null,
          planDueAt: null,
          completionDueAt: null,
          overdueAt: null,
          verificationDueAt: calendar.addWorkingDays(now, LIMITS.verification),
        },
        concernsAgencyId: complaint.agencyId,
        notify: (after) =>
          toOfficers(context, after, ['admin-nasional'], null, {
            title: `Laporan dikembalikan (bukan wewenang): ${after.trackingId}`,
            body: `Instansi mengembalikan laporan "${after.title}": ${action.note}`,
          }),
      };
    case 'alihkan': {
      const target = await resolveTarget(context, action.agencyCode, 'agencyCode');
      if (target.kind === 'unit' || target.id === complaint.agencyId) {
        throw new AppError(ComplaintErrors.TARGET_AGENCY_INVALID, {
          fields: [{ field: 'agencyCode', code: 'AGENCY_NOT_ELIGIBLE' }],
        });
      }
      return {
        changes: {
          agencyId: target.id,
          agencyPath: target.path,
          unitId: null,
          unitPath: null,
          ...dispositionClocks(calendar, now, complaint.kind, complaint.isOversight),
        },
        concernsAgencyId: complaint.agencyId,
        notify: async (after) => [
          ...(await reporterMessage(
            'laporan dialihkan',
            `Laporan Anda dialihkan kepada ${target.name}.`,
          )(after)),
          ...(await toOfficers(context, after, ['admin-instansi'], target.path, {
            title: `Laporan dialihkan ke instansi Anda: ${after.trackingId}`,
            body: `Laporan "${after.title}" dialihkan ke ${target.name}: ${action.note}`,
          })),
        ],
      };
    }
    case 'rencana_tindak_lanjut':
      return {
        changes: { planPostedAt: now },
        notify: reporterMessage('rencana tindak lanjut', action.note),
      };
    case 'minta_informasi':
      return {
        changes: { pausedAt: now, statusBeforePause: complaint.status },
        notify: reporterMessage(
          'petugas meminta informasi',
          `Petugas meminta informasi tambahan: ${action.note}\nBalas melalui halaman laporan Anda.`,
          { filerOnly: true },
        ),
      };
    case 'balas': {
      // The clock stood still while the question waited for the reporter.
      const pausedDays = complaint.pausedAt ? calendar.workingDaysBetween(complaint.pausedAt, now) : 0;
      const extend = (date: Date | null) => (date ? calendar.addWorkingDays(date, pausedDays) : null);
      return {
        changes: {
          pausedAt: null,
          statusBeforePause: null,
          planDueAt: complaint.planPostedAt ? complaint.planDueAt : extend(complaint.planDueAt),
          completionDueAt: extend(complaint.completionDueAt),
        },
        notify: (after) =>
          toOfficers(context, after, ['penghubung'], after.unitPath, {
            title: `Pelapor menjawab: ${after.trackingId}`,
            body: 'Pelapor telah mengirim informasi yang diminta.',
          }),
      };
    }
    case 'tindak_lanjut':
      return action.isFinal
        ? {
            changes: {
              resolvedAt: now,
              autoCloseDueAt: calendar.addWorkingDays(now, LIMITS.silenceBeforeAutoClose),
            },
            notify: reporterMessage(
              'tindak lanjut selesai',
              `${action.note}\n\nKonfirmasi bila masalah Anda telah selesai, atau buka kembali laporan bila belum. Tanpa tanggapan, laporan ditutup otomatis setelah ${LIMITS.silenceBeforeAutoClose} hari kerja.`,
            ),
          }
        : { changes: {}, notify: reporterMessage('perkembangan tindak lanjut', action.note) };
    case 'konfirmasi_selesai':
      return { changes: { closedAt: now, autoCloseDueAt: null } };
    case 'buka_kembali':
      return {
        changes: { resolvedAt: null, autoCloseDueAt: null, reopenCount: complaint.reopenCount + 1 },
        notify: (after) =>
          toOfficers(context, after, ['penghubung'], after.unitPath, {
            title: `Laporan dibuka kembali: ${after.trackingId}`,
            body: `Pelapor menyatakan belum selesai: ${action.note}`,
          }),
      };
    case 'ubah_klasifikasi': {
      const classification = await reclassify(context, complaint, action);
      const { kind, isOversight } = classification;
      const limitChanged = kind !== complaint.kind || isOversight !== complaint.isOversight;
      return {
        changes: {
          ...classification,
          ...(limitChanged && complaint.dispositionedAt
            ? {
                completionDueAt: calendar.addWorkingDays(
                  complaint.dispositionedAt,
                  LIMITS.completion(kind, isOversight),
                ),
              }
            : {}),
        },
      };
    }
  }
}

function eventNote(action: ComplaintAction): string | null {
  if ('note' in action && action.note) return action.note;
  return null;
}

export async function actOnComplaint(
  context: ComplaintsContext,
  options: {
    actor: Actor;
    trackingId: string;
    action: ComplaintAction;
    /**
     * The platform itself decided (automatic disposition, insights module): timeline and audit
     * trail say "sistem" with no person, whatever standing the step was checked against.
     */
    isSystemDecision?: boolean;
  } & Meta,
): Promise<ComplaintView> {
  const { actor, action } = options;
  const { complaint, standings } = await loadForCaller(context, actor, options.trackingId);
  const recordedActor = options.isSystemDecision
    ? { actorId: null, actorRole: 'sistem', actorAgencyId: null }
    : undefined;
  const check = checkTransition(action, complaint.status, standings, complaint.statusBeforePause);
  if (!check.ok) {
    throw new AppError(
      check.reason === 'role' ? ComplaintErrors.ACTION_FORBIDDEN : ComplaintErrors.TRANSITION_NOT_ALLOWED,
      {
        detail: `${action.action} ← ${complaint.status}`,
      },
    );
  }
  const now = context.now();
  const calendar = await context.calendar.current();
  const plan = await planChange(context, actor, complaint, action, calendar, now);
  const toStatus = check.to ?? complaint.status;
  const recipients = plan.notify
    ? await plan.notify({ ...complaint, ...plan.changes, status: toStatus })
    : [];
  const result = await context.db.transaction(async (tx) => {
    const updated = await repository.updateComplaintIfStatus(
      tx,
      complaint.id,
      complaint.status,
      {
        ...plan.changes,
        status: toStatus,
        ...(TERMINAL_STATES.includes(toStatus) && !plan.changes.closedAt ? { closedAt: now } : {}),
      },
      complaint.updatedAt,
    );
    if (!updated) throw new AppError(ComplaintErrors.COMPLAINT_CHANGED);
    await repository.insertEvent(tx, {
      complaintId: complaint.id,
      at: now,
      kind: action.action,
      fromStatus: complaint.status,
      toStatus,
      actorId: standings.has('pelapor') ? reporterActorId(actor.userId, updated.privacy) : actor.userId,
      actorRole: standings.has('pelapor') ? 'pelapor' : (actor.role ?? 'warga'),
      actorAgencyId: standings.has('pelapor') ? null : actor.agencyId,
      ...recordedActor,
      agencyId: plan.concernsAgencyId ?? null,
      note: eventNote(action),
    });
    const queued = await notifyUsers(tx, recipients, { publicUrl: context.publicUrl });
    await appendAudit(tx, {
      actorId: standings.has('pelapor') ? reporterActorId(actor.userId, updated.privacy) : actor.userId,
      actorRole: actor.role ?? 'warga',
      ...(recordedActor ? { actorId: null, actorRole: 'sistem' } : {}),
      action: `complaint.${action.action}`,
      targetType: 'complaint',
      targetId: complaint.trackingId,
      requestId: options.requestId,
      details: { from: complaint.status, to: toStatus },
    });
    return { updated, queued };
  });
  if (result.queued) context.onEmailQueued();
  await emitComplaintChange(context.db, changeOf(result.updated, action.action, now));
  const standingsAfter = await standingsOf(context, actor, result.updated);
  return fullView(context, result.updated, standingsAfter.size ? standingsAfter : standings);
}

export async function rateComplaint(
  context: ComplaintsContext,
  options: { actor: Actor; trackingId: string; score: number; comment?: string | undefined } & Meta,
) {
  const { complaint, standings } = await loadForCaller(context, options.actor, options.trackingId);
  if (!standings.has('pelapor')) throw new AppError(ComplaintErrors.ACTION_FORBIDDEN);
  if (
    complaint.status !== 'ditutup' &&
    complaint.status !== 'ditutup_tanpa_konfirmasi' &&
    complaint.status !== 'selesai'
  ) {
    throw new AppError(ComplaintErrors.TRANSITION_NOT_ALLOWED);
  }
  if (complaint.ratingScore !== null) throw new AppError(ComplaintErrors.ALREADY_RATED);
  const now = context.now();
  const updated = await context.db.transaction(async (tx) => {
    const row = await repository.updateComplaintIfStatus(
      tx,
      complaint.id,
      complaint.status,
      { ratingScore: options.score, ratingComment: options.comment ?? null },
      complaint.updatedAt,
    );
    if (!row) throw new AppError(ComplaintErrors.COMPLAINT_CHANGED);
    await repository.insertEvent(tx, {
      complaintId: complaint.id,
      at: now,
      kind: 'penilaian',
      actorId: reporterActorId(options.actor.userId, complaint.privacy),
      actorRole: 'pelapor',
      note: `${options.score}/5${options.comment ? ` — ${options.comment}` : ''}`,
    });
    await appendAudit(tx, {
      actorId: reporterActorId(options.actor.userId, complaint.privacy),
      actorRole: 'warga',
      action: 'complaint.rated',
      targetType: 'complaint',
      targetId: complaint.trackingId,
      requestId: options.requestId,
    });
    return row;
  });
  return fullView(context, updated, standings);
}

/**
 * The report, if the caller handles it and its reporter may be known to them: 404 out of sight,
 * 403 for a non-handler, and 403 for an `anonim` report whoever asks.
 */
export async function loadForIdentityRead(
  context: ComplaintsContext,
  options: { actor: Actor; trackingId: string },
) {
  const { complaint, standings } = await loadForCaller(context, options.actor, options.trackingId);
  const isHandler = ['admin-nasional', 'admin-instansi', 'penghubung'].some((standing) =>
    standings.has(standing as Standing),
  );
  if (!isHandler) throw new AppError(ComplaintErrors.ACTION_FORBIDDEN);
  if (complaint.privacy === 'anonim') throw new AppError(ComplaintErrors.IDENTITY_PROTECTED);
  return complaint;
}

/**
 * The reporter's name and e-mail, for the officers handling a `publik` or `rahasia` report. Never
 * for `anonim` reports, whoever asks. Every read is audited.
 */
export async function getReporterIdentity(
  context: ComplaintsContext,
  options: { actor: Actor; trackingId: string } & Meta,
) {
  const complaint = await loadForIdentityRead(context, options);
  const [reporterId] = await repository.reporterIdsOf(context.db, complaint.id, { withParties: false });
  const contact = reporterId ? await findUserContact(context.identity, reporterId) : undefined;
  await appendAudit(context.db, {
    actorId: options.actor.userId,
    actorRole: options.actor.role,
    action: 'complaint.reporter_identity_read',
    targetType: 'complaint',
    targetId: complaint.trackingId,
    requestId: options.requestId,
  });
  return { name: contact?.name ?? null, email: contact?.email ?? null };
}

// ---------------------------------------------------------------------------------------------
// Lists

const PUBLIC_TO_STATUSES = Object.entries(PUBLIC_STATUS).reduce<Record<string, Status[]>>(
  (map, [status, name]) => {
    map[name] = [...(map[name] ?? []), status as Status];
    return map;
  },
  {},
);

export async function listPublicComplaints(context: ComplaintsContext, query: PublicFeedQuery) {
  const agency = query.agencyCode
    ? await getAgency(context.identity, { code: query.agencyCode }).catch(() => undefined)
    : undefined;
  if (query.agencyCode && !agency) {
    return {
      items: [],
      total: 0,
      totalExact: true,
      hasMore: false,
      page: query.page,
      pageSize: query.pageSize,
    };
  }
  const { rows, total, totalExact, hasMore } = await repository.listPublicComplaints(context.db, {
    text: query.q,
    statuses: query.status ? PUBLIC_TO_STATUSES[query.status] : undefined,
    kind: query.kind,
    agencyPath: agency?.path,
    regionPrefix: query.regionCode,
    categoryCode: query.categoryCode,
    limit: query.pageSize,
    offset: (query.page - 1) * query.pageSize,
  });
  const agencies = await findAgencies(
    context.identity,
    rows.flatMap((row) => (row.agencyId ? [row.agencyId] : [])),
  );
  return {
    items: rows.map((row) => ({
      trackingId: row.trackingId,
      kind: row.kind,
      title: row.title,
      excerpt: row.description.length > 240 ? `${row.description.slice(0, 237)}…` : row.description,
      publicStatus: PUBLIC_STATUS[row.status],
      categoryCode: row.categoryCode,
      regionCode: row.regionCode,
      agency: row.agencyId ? (agencies.get(row.agencyId)?.name ?? null) : null,
      submittedAt: row.submittedAt.toISOString(),
    })),
    total,
    totalExact,
    hasMore,
    page: query.page,
    pageSize: query.pageSize,
  };
}

const QUEUE_STATUSES: Record<QueueQuery['queue'], Status[] | undefined> = {
  verifikasi: ['baru', 'ditunda'],
  disposisi: ['terdisposisi'],
  tindak_lanjut: ['di_unit', 'diproses', 'menunggu_pelapor'],
  terlambat: undefined,
  semua: undefined,
};

function slaBadge(complaint: repository.ComplaintRow, calendar: WorkingCalendar, now: Date) {
  if (TERMINAL_STATES.includes(complaint.status)) return { dueAt: null, sla: 'none' as const };
  const due = currentDue(complaint);
  if (complaint.pausedAt) return { dueAt: iso(due), sla: 'paused' as const };
  if (!due) return { dueAt: null, sla: 'none' as const };
  if (due < now) return { dueAt: iso(due), sla: 'overdue' as const };
  return {
    dueAt: iso(due),
    sla: calendar.workingDaysBetween(now, due) <= 1 ? ('soon' as const) : ('ok' as const),
  };
}

export async function listQueue(context: ComplaintsContext, options: { actor: Actor; query: QueueQuery }) {
  const { actor, query } = options;
  const now = context.now();
  const national = actor.role === 'admin-nasional' || (actor.role === 'pengawas' && actor.hasNationalScope);
  if (!national && !actor.agencyPath)
    return { items: [], total: 0, page: query.page, pageSize: query.pageSize };
  const addressed = actor.role === 'admin-instansi' && actor.agencyId ? [actor.agencyId] : undefined;
  const { rows, total } = await repository.listQueue(context.db, {
    text: query.q,
    statuses: query.status ? [query.status] : QUEUE_STATUSES[query.queue],
    kind: query.kind,
    scopePath: national ? undefined : actor.agencyPath!,
    includeAddressedTo: addressed,
    overdueAt: query.queue === 'terlambat' ? now : undefined,
    limit: query.pageSize,
    offset: (query.page - 1) * query.pageSize,
  });
  const calendar = await context.calendar.current();
  const agencies = await findAgencies(
    context.identity,
    rows.flatMap((row) => (row.agencyId ? [row.agencyId] : [])),
  );
  return {
    items: rows.map((row) => ({
      trackingId: row.trackingId,
      kind: row.kind,
      title: row.title,
      status: row.status,
      publicStatus: PUBLIC_STATUS[row.status],
      privacy: row.privacy,
      agency: row.agencyId ? (agencies.get(row.agencyId)?.name ?? null) : null,
      regionCode: row.regionCode,
      submittedAt: row.submittedAt.toISOString(),
      ...slaBadge(row, calendar, now),
    })),
    total,
    page: query.page,
    pageSize: query.pageSize,
  };
}

export async function listCategories(context: Pick<ComplaintsContext, 'db'>) {
  const rows = await repository.listCategories(context.db);
  return rows.map((row) => ({
    code: row.code,
    name: row.name,
    nameEn: row.nameEn,
    isOversight: row.isOversight,
  }));
}

// ---------------------------------------------------------------------------------------------
// Clocks: run by the scheduled job; idempotent, so a second run (or instance) changes nothing.

/** Before verification a report has no handling agency: the agency its reporter addressed verifies it. */
async function addressedAgencyPath(
  context: ComplaintsContext,
  complaint: Pick<repository.ComplaintRow, 'suggestedAgencyId'>,
): Promise<string | null> {
  const id = complaint.suggestedAgencyId;
  return id ? ((await findAgencies(context.identity, [id])).get(id)?.path ?? null) : null;
}

const STAGE_LABELS = {
  verifikasi: 'verifikasi',
  rencana: 'rencana tindak lanjut',
  penyelesaian: 'penyelesaian',
};

export async function runComplaintClocks(
  context: ComplaintsContext,
  options: { batchSize?: number } = {},
): Promise<{ escalated: number; autoClosed: number }> {
  const now = context.now();
  const limit = options.batchSize ?? 200;
  let escalated = 0;
  let autoClosed = 0;
  let queuedAny = false;
  for (const stage of ['verifikasi', 'rencana', 'penyelesaian'] as const) {
    for (const complaint of await repository.findOverdue(context.db, stage, now, limit)) {
      const due =
        stage === 'verifikasi'
          ? complaint.verificationDueAt!
          : stage === 'rencana'
            ? complaint.planDueAt!
            : complaint.completionDueAt!;
      const recipients = await toOfficers(
        context,
        complaint,
        ['admin-nasional', 'admin-instansi'],
        complaint.agencyPath ?? (await addressedAgencyPath(context, complaint)),
        {
          title: `Terlambat: ${complaint.trackingId}`,
          body: `Batas waktu ${STAGE_LABELS[stage]} laporan "${complaint.title}" (${formatDate(due)}) telah terlampaui.`,
        },
      );
      const queued = await context.db.transaction(async (tx) => {
        if (!(await repository.recordEscalation(tx, complaint.id, stage, due))) return false;
        await repository.markOverdue(tx, complaint.id, now);
        await repository.insertEvent(tx, {
          complaintId: complaint.id,
          at: now,
          kind: 'eskalasi',
          actorRole: 'sistem',
          note: `Batas waktu ${STAGE_LABELS[stage]} terlampaui`,
        });
        await appendAudit(tx, {
          actorRole: 'system',
          action: 'complaint.escalated',
          targetType: 'complaint',
          targetId: complaint.trackingId,
          details: { stage, dueAt: due.toISOString() },
        });
        escalated += 1;
        return notifyUsers(tx, recipients, { publicUrl: context.publicUrl });
      });
      queuedAny ||= queued;
    }
  }
  for (const complaint of await repository.findSilentResolved(context.db, now, limit)) {
    const recipients = await toReporters(context, complaint, {
      title: `${complaint.trackingId}: laporan ditutup`,
      body: `Laporan ditutup karena tidak ada tanggapan dalam ${LIMITS.silenceBeforeAutoClose} hari kerja setelah tindak lanjut. Anda masih dapat memberi penilaian.`,
    });
    const queued = await context.db.transaction(async (tx) => {
      const updated = await repository.updateComplaintIfStatus(tx, complaint.id, 'selesai', {
        status: 'ditutup_tanpa_konfirmasi',
        closedAt: now,
        autoCloseDueAt: null,
      });
      if (!updated) return false;
      await repository.insertEvent(tx, {
        complaintId: complaint.id,
        at: now,
        kind: 'ditutup_otomatis',
        fromStatus: 'selesai',
        toStatus: 'ditutup_tanpa_konfirmasi',
        actorRole: 'sistem',
        note: `Tidak ada tanggapan pelapor selama ${LIMITS.silenceBeforeAutoClose} hari kerja`,
      });
      await appendAudit(tx, {
        actorRole: 'system',
        action: 'complaint.auto_closed',
        targetType: 'complaint',
        targetId: complaint.trackingId,
      });
      autoClosed += 1;
      return notifyUsers(tx, recipients, { publicUrl: context.publicUrl });
    });
    queuedAny ||= queued;
  }
  if (queuedAny) context.onEmailQueued();
  return { escalated, autoClosed };
}

// ---------------------------------------------------------------------------------------------
// Attachments: visible to the reporter and the officers who can see the report, never public.

const UPLOADERS: readonly Standing[] = [
  'pelapor',
  'admin-nasional',
  'admin-instansi',
  'admin-instansi-tujuan',
  'penghubung',
];

export async function addAttachment(
  context: ComplaintsContext,
  options: { actor: Actor; trackingId: string; fileName: string | undefined; bytes: Buffer } & Meta,
) {
  const { complaint, standings } = await loadForCaller(context, options.actor, options.trackingId);
  if (!UPLOADERS.some((standing) => standings.has(standing)))
    throw new AppError(ComplaintErrors.ACTION_FORBIDDEN);
  if (TERMINAL_STATES.includes(complaint.status)) throw new AppError(ComplaintErrors.TRANSITION_NOT_ALLOWED);
  if ((await repository.countAttachments(context.db, complaint.id)) >= context.limits.attachmentsPerReport) {
    throw new AppError(ComplaintErrors.TOO_MANY_ATTACHMENTS);
  }
  const isReporter = standings.has('pelapor');
  // An anonymous reporter's file must not name them: no PDF (its metadata and text are theirs to
  // check, not ours to clean) and no original file name.
  const isAnonymousReporter = isReporter && complaint.privacy === 'anonim';
  const clean = await sanitiseUpload(options.bytes);
  if (isAnonymousReporter && clean.mediaType === 'application/pdf') {
    throw new AppError(ComplaintErrors.PDF_NOT_FOR_ANONYMOUS);
  }
  const stored = await context.files.put(clean.bytes);
  try {
    return await context.db.transaction(async (tx) => {
      const row = await repository.insertAttachment(tx, {
        complaintId: complaint.id,
        uploadedBy: isReporter
          ? reporterActorId(options.actor.userId, complaint.privacy)
          : options.actor.userId,
        uploaderRole: isReporter ? 'pelapor' : (options.actor.role ?? 'petugas'),
        fileName: displayFileName(isAnonymousReporter ? undefined : options.fileName, clean.mediaType),
        mediaType: clean.mediaType,
        size: stored.size,
        sha256: stored.sha256,
        storageKey: stored.key,
      });
      await appendAudit(tx, {
        actorId: isReporter ? reporterActorId(options.actor.userId, complaint.privacy) : options.actor.userId,
        actorRole: options.actor.role ?? 'warga',
        action: 'complaint.attachment_added',
        targetType: 'complaint',
        targetId: complaint.trackingId,
        requestId: options.requestId,
        details: { attachmentId: row.id, mediaType: row.mediaType, size: row.size },
      });
      return {
        id: row.id,
        fileName: row.fileName,
        mediaType: row.mediaType,
        size: row.size,
        uploadedBy: row.uploaderRole === 'pelapor' ? ('pelapor' as const) : ('petugas' as const),
        createdAt: row.createdAt.toISOString(),
      };
    });
  } catch (error) {
    await context.files.remove(stored.key);
    throw error;
  }
}

export async function openAttachment(
  context: ComplaintsContext,
  options: { actor: Actor; trackingId: string; attachmentId: string },
) {
  const { complaint } = await loadForCaller(context, options.actor, options.trackingId);
  const row = /^[0-9a-f-]{36}$/.test(options.attachmentId)
    ? await repository.findAttachment(context.db, complaint.id, options.attachmentId)
    : undefined;
  if (!row) throw new AppError(ComplaintErrors.ATTACHMENT_NOT_FOUND);
  return {
    fileName: row.fileName,
    mediaType: row.mediaType,
    size: row.size,
    stream: context.files.read(row.storageKey),
  };
}
