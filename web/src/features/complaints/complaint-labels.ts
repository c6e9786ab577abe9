import type {
  ActionName,
  ArchiveReason,
  ComplaintKind,
  Privacy,
  PublicStatus,
  QueueItem,
  Status,
} from '../../contracts.ts';
import type { Language, MessageKey } from '../../i18n.ts';

/*
 * Labels of the complaint vocabulary. Each list is a Record keyed by the contract's union, so a
 * kind, status or action added on the server fails the type check here until it is named.
 */

export type Tone = 'neutral' | 'info' | 'warn' | 'ok' | 'error';

const kindOrder: Record<ComplaintKind, number> = { pengaduan: 0, aspirasi: 1, informasi: 2 };
export const KINDS = (Object.keys(kindOrder) as ComplaintKind[]).sort((a, b) => kindOrder[a] - kindOrder[b]);

const privacyOrder: Record<Privacy, number> = { publik: 0, anonim: 1, rahasia: 2 };
export const PRIVACIES = (Object.keys(privacyOrder) as Privacy[]).sort(
  (a, b) => privacyOrder[a] - privacyOrder[b],
);

/**
 * The privacy an admin may choose from a given one: protection is only ever added (anonim ↔ rahasia
 * would either reveal the reporter or publish the report). Mirrors isPrivacyRaise on the server.
 */
export const PRIVACY_RAISES: Record<Privacy, Privacy[]> = {
  publik: ['publik', 'anonim', 'rahasia'],
  anonim: ['anonim'],
  rahasia: ['rahasia'],
};

export const kindLabel = (kind: ComplaintKind): MessageKey => `complaint.kind.${kind}`;
export const kindHint = (kind: ComplaintKind): MessageKey => `complaint.kind.${kind}.hint`;
export const privacyLabel = (privacy: Privacy): MessageKey => `complaint.privacy.${privacy}`;
export const privacyHint = (privacy: Privacy): MessageKey => `complaint.privacy.${privacy}.hint`;

/** The six SP4N-LAPOR! public status names, in the order a report goes through them. */
export const PUBLIC_STATUSES: Record<PublicStatus, { label: MessageKey; tone: Tone; order: number }> = {
  'Belum Terverifikasi': { label: 'status.public.unverified', tone: 'neutral', order: 0 },
  'Terdisposisi Belum Ditindaklanjuti': { label: 'status.public.dispositioned', tone: 'warn', order: 1 },
  'Terdisposisi Sedang Diproses': { label: 'status.public.inProgress', tone: 'info', order: 2 },
  'Terdisposisi Selesai': { label: 'status.public.done', tone: 'ok', order: 3 },
  Tertunda: { label: 'status.public.postponed', tone: 'warn', order: 4 },
  Arsip: { label: 'status.public.archived', tone: 'neutral', order: 5 },
};
export const PUBLIC_STATUS_LIST = (Object.keys(PUBLIC_STATUSES) as PublicStatus[]).sort(
  (a, b) => PUBLIC_STATUSES[a].order - PUBLIC_STATUSES[b].order,
);

export function isPublicStatus(value: string): value is PublicStatus {
  return Object.hasOwn(PUBLIC_STATUSES, value);
}

export const STATUS_LABELS: Record<Status, MessageKey> = {
  baru: 'status.baru',
  ditunda: 'status.ditunda',
  diarsipkan: 'status.diarsipkan',
  terdisposisi: 'status.terdisposisi',
  di_unit: 'status.di_unit',
  diproses: 'status.diproses',
  menunggu_pelapor: 'status.menunggu_pelapor',
  selesai: 'status.selesai',
  ditutup: 'status.ditutup',
  ditutup_tanpa_konfirmasi: 'status.ditutup_tanpa_konfirmasi',
};

/** States after which nothing more happens to a report (no uploads, no actions). */
export const CLOSED_STATES: readonly Status[] = ['diarsipkan', 'ditutup', 'ditutup_tanpa_konfirmasi'];
/** States in which the reporter may rate the handling (once). */
export const RATABLE_STATES: readonly Status[] = ['selesai', 'ditutup', 'ditutup_tanpa_konfirmasi'];

export const SLA: Record<QueueItem['sla'], { label: MessageKey; tone: Tone }> = {
  ok: { label: 'sla.ok', tone: 'ok' },
  soon: { label: 'sla.soon', tone: 'warn' },
  overdue: { label: 'sla.overdue', tone: 'error' },
  paused: { label: 'sla.paused', tone: 'info' },
  none: { label: 'sla.none', tone: 'neutral' },
};

/** Order in which action forms are offered: the usual next step first. */
const actionOrder: Record<ActionName, number> = {
  disposisi: 0,
  disposisi_unit: 1,
  rencana_tindak_lanjut: 2,
  tindak_lanjut: 3,
  minta_informasi: 4,
  balas: 5,
  konfirmasi_selesai: 6,
  buka_kembali: 7,
  tunda: 8,
  alihkan: 9,
  bukan_wewenang: 10,
  arsipkan: 11,
  ubah_klasifikasi: 12,
};

export function isActionName(value: string): value is ActionName {
  return Object.hasOwn(actionOrder, value);
}

export function sortActions(actions: readonly string[]): ActionName[] {
  return actions.filter(isActionName).sort((a, b) => actionOrder[a] - actionOrder[b]);
}

export const actionLabel = (action: ActionName): MessageKey => `action.${action}`;
export const actionHint = (action: ActionName): MessageKey => `action.${action}.hint`;
export const actionNoteLabel = (action: ActionName): MessageKey => `action.${action}.note`;

const archiveOrder: Record<ArchiveReason, number> = {
  spam: 0,
  tidak_jelas: 1,
  duplikat: 2,
  di_luar_cakupan: 3,
  bukan_wewenang: 4,
};
export const ARCHIVE_REASONS = (Object.keys(archiveOrder) as ArchiveReason[]).sort(
  (a, b) => archiveOrder[a] - archiveOrder[b],
);
export const archiveLabel = (reason: ArchiveReason): MessageKey => `archive.${reason}`;

const TIMELINE_LABELS: Record<string, MessageKey> = {
  diajukan: 'timeline.diajukan',
  dicatat_petugas: 'timeline.dicatat_petugas',
  disposisi: 'timeline.disposisi',
  tunda: 'timeline.tunda',
  arsipkan: 'timeline.arsipkan',
  disposisi_unit: 'timeline.disposisi_unit',
  bukan_wewenang: 'timeline.bukan_wewenang',
  alihkan: 'timeline.alihkan',
  rencana_tindak_lanjut: 'timeline.rencana_tindak_lanjut',
  minta_informasi: 'timeline.minta_informasi',
  balas: 'timeline.balas',
  tindak_lanjut: 'timeline.tindak_lanjut',
  konfirmasi_selesai: 'timeline.konfirmasi_selesai',
  buka_kembali: 'timeline.buka_kembali',
  ubah_klasifikasi: 'timeline.ubah_klasifikasi',
  penilaian: 'timeline.penilaian',
  eskalasi: 'timeline.eskalasi',
  ditutup_otomatis: 'timeline.ditutup_otomatis',
};

/** A timeline event's label; an event kind this version does not know is shown as sent. */
export function timelineLabel(
  t: (key: MessageKey) => string,
  entry: { kind: string; toStatus: Status | null },
): string {
  if (entry.kind === 'tindak_lanjut' && entry.toStatus === 'selesai')
    return t('timeline.tindak_lanjut.final');
  const key = Object.hasOwn(TIMELINE_LABELS, entry.kind) ? TIMELINE_LABELS[entry.kind] : undefined;
  return key ? t(key) : entry.kind;
}

const JAKARTA = 'Asia/Jakarta';

/** A deadline: the end of a working day in WIB, so the date alone says it. */
export function formatDueDate(language: Language, iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(language === 'id' ? 'id-ID' : 'en-GB', {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: JAKARTA,
  }).format(date);
}

export function formatShortDate(language: Language, iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(language === 'id' ? 'id-ID' : 'en-GB', {
    dateStyle: 'medium',
    timeZone: JAKARTA,
  }).format(date);
}

/**
 * A tracking ID as typed by a person (any case, spaces, O/I/L for 0/1) in its canonical form, or
 * undefined if it cannot be one. The server accepts the same; this only gives a neat address.
 */
export function normaliseTrackingId(input: string): string | undefined {
  const symbols = input.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  if (!/^[0-9A-HJKMNP-TV-Z]{10}$/.test(symbols)) return undefined;
  return `${symbols.slice(0, 5)}-${symbols.slice(5)}`;
}
