import { localDate, type WorkingCalendar } from '../../platform/calendar/calendar.ts';
import type { ComplaintFactSource } from '../complaints/index.ts';

/** Working days to verify a report (Permen PANRB 62/2018; complaints.rules.ts LIMITS.verification). */
const VERIFICATION_WORKING_DAYS = 3;

type DayCounter = Pick<WorkingCalendar, 'addWorkingDays' | 'workingDaysBetween'>;

const DAY_MS = 86_400_000;
const WIB_OFFSET_MS = 7 * 3_600_000;

/**
 * The calendar's two questions answered by table look-up instead of walking day by day (a
 * million reports ask them millions of times): for each date in [from, to] the number of working
 * days up to and including it. Outside the table it asks the calendar itself; same answers.
 */
export function indexWorkingDays(
  calendar: WorkingCalendar,
  from = '2015-01-01',
  to = '2040-12-31',
): DayCounter {
  const ordinals = new Map<string, number>();
  const workingDays: string[] = [];
  for (let time = Date.parse(`${from}T00:00:00Z`); time <= Date.parse(`${to}T00:00:00Z`); time += DAY_MS) {
    const day = new Date(time).toISOString().slice(0, 10);
    if (calendar.isWorkingDay(day)) workingDays.push(day);
    ordinals.set(day, workingDays.length);
  }
  return {
    workingDaysBetween(start: Date, end: Date) {
      const first = ordinals.get(localDate(start));
      const last = ordinals.get(localDate(end));
      if (first === undefined || last === undefined) return calendar.workingDaysBetween(start, end);
      return localDate(end) > localDate(start) ? last - first : 0;
    },
    addWorkingDays(start: Date, days: number) {
      const ordinal = ordinals.get(localDate(start));
      const target = ordinal === undefined ? undefined : workingDays[ordinal + days - 1];
      if (target === undefined || days < 1) return calendar.addWorkingDays(start, days);
      return new Date(Date.parse(`${target}T00:00:00Z`) + DAY_MS - WIB_OFFSET_MS - 1);
    },
  };
}

/** What one report adds to the statistics, for one agency (see statistics.tables.ts report_facts). */
export type ReportFact = {
  complaintId: string;
  agencyKey: string;
  month: string;
  regionKey: string;
  categoryKey: string;
  kind: string;
  status: string;
  isReport: boolean;
  isVerified: boolean;
  isVerifiedInTime: boolean;
  verifyDays: number | null;
  isCompletionDue: boolean;
  isCompletedInTime: boolean;
  completeDays: number | null;
  openDueAt: string | null;
  isReopened: boolean;
  isConfirmed: boolean;
  isClosedBySilence: boolean;
  rating: number | null;
  bounces: number;
  transfers: number;
};

const CLOSED = new Set(['ditutup', 'ditutup_tanpa_konfirmasi', 'diarsipkan']);

/**
 * The figures of one report, as defined in README.md:
 * - verified in time: first disposition no later than the end of the 3rd working day after filing;
 *   days to verify: working days from filing to the first disposition;
 * - completion is judged once it is known: completed (a final follow-up, `resolvedAt`) or still
 *   open after the completion due date (which transfers restart and waiting for the reporter
 *   extends); in time when resolved no later than that due date; days to complete: working days
 *   from the disposition to the current agency to the resolution;
 * - a report waiting for the reporter is not counted late: its clock stands still.
 * Every figure belongs to the month of filing (WIB) and the report's current agency, except
 * bounces and transfers, which count against the agency that made them.
 */
export function deriveFacts(source: ComplaintFactSource, calendar: DayCounter, now: Date): ReportFact[] {
  const month = `${localDate(source.submittedAt).slice(0, 7)}-01`;
  const base = {
    complaintId: source.id,
    month,
    regionKey: source.regionCode.slice(0, 5),
    categoryKey: source.categoryCode ?? '',
    kind: source.kind,
    status: source.status,
  };
  const verified = source.firstDispositionAt;
  const isHandled = source.agencyId !== null && source.dispositionedAt !== null;
  const isResolved = isHandled && source.resolvedAt !== null;
  const due = source.completionDueAt;
  const isOpen = isHandled && !isResolved && !CLOSED.has(source.status);
  const isLateOpen = isOpen && source.status !== 'menunggu_pelapor' && due !== null && due < now;
  const main: ReportFact = {
    ...base,
    agencyKey: source.agencyId ?? '',
    isReport: true,
    isVerified: verified !== null,
    isVerifiedInTime:
      verified !== null && verified <= calendar.addWorkingDays(source.submittedAt, VERIFICATION_WORKING_DAYS),
    verifyDays: verified ? calendar.workingDaysBetween(source.submittedAt, verified) : null,
    isCompletionDue: isResolved || isLateOpen,
    isCompletedInTime: isResolved && due !== null && source.resolvedAt! <= due,
    completeDays: isResolved
      ? calendar.workingDaysBetween(source.dispositionedAt!, source.resolvedAt!)
      : null,
    // A paused report changes again when the reporter replies; no need to look at it before.
    openDueAt:
      isOpen && !isLateOpen && source.status !== 'menunggu_pelapor' && due ? due.toISOString() : null,
    isReopened: source.reopenCount > 0,
    isConfirmed: source.status === 'ditutup',
    isClosedBySilence: source.status === 'ditutup_tanpa_konfirmasi',
    rating: source.ratingScore,
    bounces: 0,
    transfers: 0,
  };
  const byAgency = new Map<string, ReportFact>([[main.agencyKey, main]]);
  for (const handoff of source.handoffs) {
    let fact = byAgency.get(handoff.agencyId);
    if (!fact) {
      fact = {
        ...base,
        agencyKey: handoff.agencyId,
        isReport: false,
        isVerified: false,
        isVerifiedInTime: false,
        verifyDays: null,
        isCompletionDue: false,
        isCompletedInTime: false,
        completeDays: null,
        openDueAt: null,
        isReopened: false,
        isConfirmed: false,
        isClosedBySilence: false,
        rating: null,
        bounces: 0,
        transfers: 0,
      };
      byAgency.set(handoff.agencyId, fact);
    }
    if (handoff.kind === 'bukan_wewenang') fact.bounces += 1;
    else fact.transfers += 1;
  }
  return [...byAgency.values()];
}
