import type { ActionName, ComplaintAction, ComplaintKind, Privacy, Status } from './complaints.contracts.ts';

/**
 * How the caller stands to one report. Computed once per request from the actor and the report;
 * the transition table below says which standing may take which action in which state.
 */
export type Standing =
  | 'pelapor'
  | 'admin-nasional'
  /** admin-instansi of the agency a citizen addressed the report to, before verification */
  | 'admin-instansi-tujuan'
  /** admin-instansi of the handling agency */
  | 'admin-instansi'
  /** penghubung of the unit the report was dispositioned to */
  | 'penghubung'
  | 'pengawas';

type Transition = {
  from: readonly Status[];
  by: readonly Standing[];
  /** The next state; undefined keeps the state (a reclassification). */
  to: (context: { statusBeforePause: Status | null; action: ComplaintAction }) => Status | undefined;
};

const OPEN_STATES: readonly Status[] = [
  'baru',
  'ditunda',
  'terdisposisi',
  'di_unit',
  'diproses',
  'menunggu_pelapor',
  'selesai',
];

/**
 * Reports that are still being handled: they can be joined, offered as similar and merged. A
 * resolved (`selesai`) report is waiting for its reporter's confirmation, not for more reporters.
 */
export const JOINABLE_STATES: readonly Status[] = OPEN_STATES.filter((status) => status !== 'selesai');

export const TRANSITIONS: Record<ActionName, Transition> = {
  disposisi: {
    from: ['baru', 'ditunda'],
    by: ['admin-nasional', 'admin-instansi-tujuan'],
    to: () => 'terdisposisi',
  },
  tunda: { from: ['baru'], by: ['admin-nasional', 'admin-instansi-tujuan'], to: () => 'ditunda' },
  arsipkan: { from: ['baru', 'ditunda'], by: ['admin-nasional'], to: () => 'diarsipkan' },
  disposisi_unit: { from: ['terdisposisi'], by: ['admin-instansi'], to: () => 'di_unit' },
  bukan_wewenang: { from: ['terdisposisi', 'di_unit'], by: ['admin-instansi'], to: () => 'baru' },
  alihkan: { from: ['terdisposisi', 'di_unit'], by: ['admin-instansi'], to: () => 'terdisposisi' },
  rencana_tindak_lanjut: { from: ['di_unit'], by: ['penghubung'], to: () => 'diproses' },
  minta_informasi: { from: ['di_unit', 'diproses'], by: ['penghubung'], to: () => 'menunggu_pelapor' },
  balas: {
    from: ['menunggu_pelapor'],
    by: ['pelapor'],
    to: ({ statusBeforePause }) => statusBeforePause ?? 'diproses',
  },
  tindak_lanjut: {
    from: ['diproses'],
    by: ['penghubung'],
    to: ({ action }) => (action.action === 'tindak_lanjut' && !action.isFinal ? 'diproses' : 'selesai'),
  },
  konfirmasi_selesai: { from: ['selesai'], by: ['pelapor'], to: () => 'ditutup' },
  buka_kembali: { from: ['selesai'], by: ['pelapor'], to: () => 'diproses' },
  ubah_klasifikasi: { from: OPEN_STATES, by: ['admin-nasional'], to: () => undefined },
};

export type TransitionCheck = { ok: true; to: Status | undefined } | { ok: false; reason: 'role' | 'state' };

/** Role first (403), then state (409): who may act decides before when. */
export function checkTransition(
  action: ComplaintAction,
  status: Status,
  standings: ReadonlySet<Standing>,
  statusBeforePause: Status | null,
): TransitionCheck {
  const transition = TRANSITIONS[action.action];
  if (!transition.by.some((standing) => standings.has(standing))) return { ok: false, reason: 'role' };
  if (!transition.from.includes(status)) return { ok: false, reason: 'state' };
  return { ok: true, to: transition.to({ statusBeforePause, action }) };
}

/** Actions the caller could take now, for the UI. */
export function allowedActions(status: Status, standings: ReadonlySet<Standing>): ActionName[] {
  return (Object.keys(TRANSITIONS) as ActionName[]).filter((name) => {
    const transition = TRANSITIONS[name];
    return transition.from.includes(status) && transition.by.some((standing) => standings.has(standing));
  });
}

/** Working days allowed (Permen PANRB 62/2018), counted from disposition. */
export const LIMITS = {
  verification: 3,
  followUpPlan: 5,
  silenceBeforeAutoClose: 10,
  completion(kind: ComplaintKind, isOversight: boolean): number {
    if (kind === 'pengaduan') return isOversight ? 60 : 14;
    return 5;
  },
} as const;

/** Privacy as two protections: the report hidden from the public, the reporter hidden from everyone. */
const PROTECTIONS: Record<Privacy, { hidesReport: boolean; hidesReporter: boolean }> = {
  publik: { hidesReport: false, hidesReporter: false },
  anonim: { hidesReport: false, hidesReporter: true },
  rahasia: { hidesReport: true, hidesReporter: false },
};

/**
 * An admin may only add protection, never remove one: publik → anonim or rahasia. anonim →
 * rahasia would reveal the reporter to officers, and rahasia → anonim would publish the report.
 */
export function isPrivacyRaise(from: Privacy, to: Privacy): boolean {
  if (from === to) return true;
  const before = PROTECTIONS[from];
  const after = PROTECTIONS[to];
  return (!before.hidesReport || after.hidesReport) && (!before.hidesReporter || after.hidesReporter);
}

/**
 * Who may merge duplicates into one case and undo it: the officers who verify and dispose of a
 * report (admin-nasional; admin-instansi of the handling agency, or of the addressed agency before
 * verification). They must stand so towards every report of the merge. Units and supervisors may not.
 */
export const MERGERS: readonly Standing[] = ['admin-nasional', 'admin-instansi', 'admin-instansi-tujuan'];

export const TERMINAL_STATES: readonly Status[] = ['diarsipkan', 'ditutup', 'ditutup_tanpa_konfirmasi'];
