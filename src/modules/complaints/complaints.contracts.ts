import { z } from 'zod';

export const COMPLAINT_KINDS = ['pengaduan', 'aspirasi', 'informasi'] as const;
export const ComplaintKind = z.enum(COMPLAINT_KINDS);
export type ComplaintKind = z.infer<typeof ComplaintKind>;

/**
 * publik: report public, reporter known to the handling officers;
 * anonim: report public, reporter known to no one but themself;
 * rahasia: report seen only by the reporter and those handling it.
 */
export const PRIVACY_LEVELS = ['publik', 'anonim', 'rahasia'] as const;
export const Privacy = z.enum(PRIVACY_LEVELS);
export type Privacy = z.infer<typeof Privacy>;

export const CHANNELS = ['web', 'api', 'loket', 'surat', 'telepon', 'open311'] as const;
export const Channel = z.enum(CHANNELS);
export type Channel = z.infer<typeof Channel>;

/** Internal states; the public sees the six SP4N-LAPOR! names (PUBLIC_STATUS). */
export const STATUSES = [
  'baru',
  'ditunda',
  'diarsipkan',
  'terdisposisi',
  'di_unit',
  'diproses',
  'menunggu_pelapor',
  'selesai',
  'ditutup',
  'ditutup_tanpa_konfirmasi',
] as const;
export const Status = z.enum(STATUSES);
export type Status = z.infer<typeof Status>;

export const PUBLIC_STATUSES = [
  'Belum Terverifikasi',
  'Terdisposisi Belum Ditindaklanjuti',
  'Terdisposisi Sedang Diproses',
  'Terdisposisi Selesai',
  'Tertunda',
  'Arsip',
] as const;
export type PublicStatus = (typeof PUBLIC_STATUSES)[number];

export const PUBLIC_STATUS: Record<Status, PublicStatus> = {
  baru: 'Belum Terverifikasi',
  ditunda: 'Tertunda',
  diarsipkan: 'Arsip',
  terdisposisi: 'Terdisposisi Belum Ditindaklanjuti',
  di_unit: 'Terdisposisi Belum Ditindaklanjuti',
  diproses: 'Terdisposisi Sedang Diproses',
  menunggu_pelapor: 'Terdisposisi Sedang Diproses',
  selesai: 'Terdisposisi Selesai',
  ditutup: 'Terdisposisi Selesai',
  ditutup_tanpa_konfirmasi: 'Terdisposisi Selesai',
};

export const ARCHIVE_REASONS = [
  'spam',
  'tidak_jelas',
  'duplikat',
  'di_luar_cakupan',
  'bukan_wewenang',
] as const;
export const ArchiveReason = z.enum(ARCHIVE_REASONS);

export const RegionCode = z
  .string()
  .trim()
  .regex(/^\d{2}\.\d{2}(\.\d{2}(\.\d{4})?)?$/);
const AgencyCodeInput = z.string().trim().min(2).max(200);
export const Note = z.string().trim().min(3).max(4000);

/** The path parameter of every route about one report. */
export const TrackingParams = z.strictObject({ trackingId: z.string().min(1).max(40) });

export const SubmitComplaint = z.strictObject({
  kind: ComplaintKind,
  title: z.string().trim().min(10).max(200),
  description: z.string().trim().min(20).max(8000),
  privacy: Privacy,
  regionCode: RegionCode,
  categoryCode: z.string().trim().max(60).optional(),
  agencyCode: AgencyCodeInput.optional(),
  lat: z.number().min(-11.5).max(6.5).optional(),
  lng: z.number().min(94).max(141.5).optional(),
  address: z.string().trim().max(300).optional(),
});
export type SubmitComplaint = z.infer<typeof SubmitComplaint>;

/** An officer recording a report received at a counter, by letter or by telephone. */
export const RecordComplaint = SubmitComplaint.extend({
  channel: z.enum(['loket', 'surat', 'telepon']),
  reporterEmail: z.email().max(254),
});
export type RecordComplaint = z.infer<typeof RecordComplaint>;

export const ComplaintAction = z.discriminatedUnion('action', [
  z.strictObject({
    action: z.literal('disposisi'),
    agencyCode: AgencyCodeInput,
    note: Note.optional(),
    kind: ComplaintKind.optional(),
    categoryCode: z.string().trim().max(60).optional(),
    privacy: Privacy.optional(),
    isOversight: z.boolean().optional(),
  }),
  z.strictObject({ action: z.literal('tunda'), note: Note }),
  z.strictObject({ action: z.literal('arsipkan'), reason: ArchiveReason, note: Note }),
  z.strictObject({ action: z.literal('disposisi_unit'), unitCode: AgencyCodeInput, note: Note.optional() }),
  z.strictObject({ action: z.literal('bukan_wewenang'), note: Note }),
  z.strictObject({ action: z.literal('alihkan'), agencyCode: AgencyCodeInput, note: Note }),
  z.strictObject({ action: z.literal('rencana_tindak_lanjut'), note: Note }),
  z.strictObject({ action: z.literal('minta_informasi'), note: Note }),
  z.strictObject({ action: z.literal('balas'), note: Note }),
  z.strictObject({ action: z.literal('tindak_lanjut'), note: Note, isFinal: z.boolean().default(true) }),
  z.strictObject({ action: z.literal('konfirmasi_selesai'), note: Note.optional() }),
  z.strictObject({ action: z.literal('buka_kembali'), note: Note }),
  z.strictObject({
    action: z.literal('ubah_klasifikasi'),
    kind: ComplaintKind.optional(),
    categoryCode: z.string().trim().max(60).optional(),
    privacy: Privacy.optional(),
    isOversight: z.boolean().optional(),
    note: Note.optional(),
  }),
]);
export type ComplaintAction = z.infer<typeof ComplaintAction>;
export type ActionName = ComplaintAction['action'];

export const RateComplaint = z.strictObject({
  score: z.number().int().min(1).max(5),
  comment: z.string().trim().max(2000).optional(),
});

export const TimelineEntry = z.object({
  at: z.string(),
  kind: z.string(),
  fromStatus: Status.nullable(),
  toStatus: Status.nullable(),
  /** Who acted, by role: "pelapor", "admin-nasional", an agency's name — never a person. */
  actor: z.string(),
  note: z.string().nullable(),
});

export const DueDates = z.object({
  verification: z.string().nullable(),
  followUpPlan: z.string().nullable(),
  completion: z.string().nullable(),
  autoClose: z.string().nullable(),
});

export const ComplaintView = z.object({
  trackingId: z.string(),
  kind: ComplaintKind,
  isOversight: z.boolean(),
  title: z.string(),
  description: z.string(),
  privacy: Privacy,
  channel: Channel,
  status: Status,
  publicStatus: z.string(),
  categoryCode: z.string().nullable(),
  regionCode: z.string(),
  regionName: z.string().nullable(),
  agency: z.object({ code: z.string(), name: z.string() }).nullable(),
  unit: z.object({ code: z.string(), name: z.string() }).nullable(),
  lat: z.number().nullable(),
  lng: z.number().nullable(),
  address: z.string().nullable(),
  submittedAt: z.string(),
  dueAt: DueDates,
  isPaused: z.boolean(),
  isOverdue: z.boolean(),
  reopenCount: z.number(),
  rating: z.object({ score: z.number(), comment: z.string().nullable() }).nullable(),
  timeline: z.array(TimelineEntry),
  attachments: z.array(
    z.object({
      id: z.string(),
      fileName: z.string(),
      mediaType: z.string(),
      size: z.number(),
      uploadedBy: z.enum(['pelapor', 'petugas']),
      createdAt: z.string(),
    }),
  ),
  /** What the caller may do next. */
  allowedActions: z.array(z.string()),
  isReporter: z.boolean(),
  /** The report this one was merged into as a duplicate (its tracking ID), while the merge holds. */
  mergedInto: z.string().nullable(),
  /** Duplicates merged into this report (tracking IDs). */
  mergedDuplicates: z.array(z.string()),
  /** Whether the caller may undo this report's merge (officers who verify or dispose of it). */
  canUnmerge: z.boolean(),
});
export type ComplaintView = z.infer<typeof ComplaintView>;

export const PublicComplaint = ComplaintView.pick({
  trackingId: true,
  kind: true,
  title: true,
  description: true,
  publicStatus: true,
  categoryCode: true,
  regionCode: true,
  regionName: true,
  agency: true,
  submittedAt: true,
  timeline: true,
});

export const PublicFeedQuery = z.strictObject({
  q: z.string().trim().max(200).optional(),
  status: z.enum(PUBLIC_STATUSES).optional(),
  kind: ComplaintKind.optional(),
  agencyCode: AgencyCodeInput.optional(),
  regionCode: RegionCode.or(z.string().regex(/^\d{2}$/)).optional(),
  categoryCode: z.string().max(60).optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export type PublicFeedQuery = z.infer<typeof PublicFeedQuery>;

export const QueueQuery = z.strictObject({
  queue: z.enum(['verifikasi', 'disposisi', 'tindak_lanjut', 'terlambat', 'semua']).default('semua'),
  q: z.string().trim().max(200).optional(),
  status: Status.optional(),
  kind: ComplaintKind.optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});
export type QueueQuery = z.infer<typeof QueueQuery>;

export const QueueItem = z.object({
  trackingId: z.string(),
  kind: ComplaintKind,
  title: z.string(),
  status: Status,
  publicStatus: z.string(),
  privacy: Privacy,
  agency: z.string().nullable(),
  regionCode: z.string(),
  submittedAt: z.string(),
  /** The clock that matters now, and its state: ok, soon (≤ 1 working day), overdue, paused. */
  dueAt: z.string().nullable(),
  sla: z.enum(['ok', 'soon', 'overdue', 'paused', 'none']),
});

export const Category = z.object({
  code: z.string(),
  name: z.string(),
  nameEn: z.string(),
  isOversight: z.boolean(),
});
