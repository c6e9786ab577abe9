import { asc, eq, sql } from 'drizzle-orm';
import { appendAudit } from '../audit/audit.ts';
import type { Database } from '../db/database.ts';
import { holidays } from './calendar.tables.ts';
import { HARI_LIBUR } from './hari-libur.ts';

/** Legal clocks run on Western Indonesian Time (WIB, UTC+7, no daylight saving). */
const WIB_OFFSET_MS = 7 * 3_600_000;
const DAY_MS = 86_400_000;

/** The calendar date in WIB of an instant, as YYYY-MM-DD. */
export function localDate(instant: Date): string {
  return new Date(instant.getTime() + WIB_OFFSET_MS).toISOString().slice(0, 10);
}

function nextDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + DAY_MS).toISOString().slice(0, 10);
}

/** 23:59:59.999 WIB on a calendar date. */
function endOfDay(day: string): Date {
  return new Date(Date.parse(`${day}T00:00:00Z`) + DAY_MS - WIB_OFFSET_MS - 1);
}

/**
 * Working days: Monday to Friday, except national holidays and cuti bersama. A limit of N working
 * days from an event ends at the close of the Nth working day after the event's day.
 */
export class WorkingCalendar {
  constructor(private readonly nonWorkingDates: ReadonlySet<string>) {}

  isWorkingDay(day: string): boolean {
    const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
    return weekday !== 0 && weekday !== 6 && !this.nonWorkingDates.has(day);
  }

  addWorkingDays(start: Date, workingDays: number): Date {
    let day = localDate(start);
    let counted = 0;
    while (counted < workingDays) {
      day = nextDay(day);
      if (this.isWorkingDay(day)) counted += 1;
    }
    return endOfDay(day);
  }

  /** Working days after `from`'s day up to and including `to`'s day (0 when `to` is not later). */
  workingDaysBetween(from: Date, to: Date): number {
    const last = localDate(to);
    let day = localDate(from);
    let count = 0;
    while (day < last) {
      day = nextDay(day);
      if (this.isWorkingDay(day)) count += 1;
    }
    return count;
  }
}

export type Holiday = typeof holidays.$inferSelect;

/** Reads the calendar at most once a minute per process; an edit here refreshes it at once. */
export class CalendarStore {
  private cached: { calendar: WorkingCalendar; loadedAt: number } | undefined;

  constructor(
    private readonly db: Database,
    private readonly maxAgeMs = 60_000,
  ) {}

  async current(): Promise<WorkingCalendar> {
    if (this.cached && Date.now() - this.cached.loadedAt < this.maxAgeMs) return this.cached.calendar;
    const rows = await this.db.select({ date: holidays.date }).from(holidays);
    const calendar = new WorkingCalendar(new Set(rows.map((row) => row.date)));
    this.cached = { calendar, loadedAt: Date.now() };
    return calendar;
  }

  invalidate(): void {
    this.cached = undefined;
  }
}

/** Loads the shipped 2024–2026 list into an empty calendar; never overwrites an admin's edits. */
export async function seedHolidays(db: Database): Promise<void> {
  const [row] = await db.select({ count: sql<number>`count(*)::int` }).from(holidays);
  if ((row?.count ?? 0) > 0) return;
  await db
    .insert(holidays)
    .values(HARI_LIBUR.map(([date, kind, name]) => ({ date, kind, name })))
    .onConflictDoNothing();
}

export async function listHolidays(db: Database, year: number | undefined): Promise<Holiday[]> {
  const query = db.select().from(holidays);
  return (year ? query.where(sql`extract(year from ${holidays.date}) = ${year}`) : query).orderBy(
    asc(holidays.date),
  );
}

export async function upsertHoliday(
  db: Database,
  options: {
    holiday: { date: string; kind: Holiday['kind']; name: string };
    actor: { userId: string; role: string | null };
    requestId?: string;
  },
): Promise<void> {
  const { holiday, actor } = options;
  await db.transaction(async (tx) => {
    await tx
      .insert(holidays)
      .values({ ...holiday, updatedBy: actor.userId, updatedAt: new Date() })
      .onConflictDoUpdate({
        target: holidays.date,
        set: { kind: holiday.kind, name: holiday.name, updatedBy: actor.userId, updatedAt: new Date() },
      });
    await appendAudit(tx, {
      actorId: actor.userId,
      actorRole: actor.role,
      action: 'calendar.holiday_set',
      targetType: 'holiday',
      targetId: holiday.date,
      requestId: options.requestId,
      details: { kind: holiday.kind, name: holiday.name },
    });
  });
}

export async function deleteHoliday(
  db: Database,
  options: { date: string; actor: { userId: string; role: string | null }; requestId?: string },
): Promise<boolean> {
  return db.transaction(async (tx) => {
    const deleted = await tx.delete(holidays).where(eq(holidays.date, options.date)).returning();
    if (deleted.length === 0) return false;
    await appendAudit(tx, {
      actorId: options.actor.userId,
      actorRole: options.actor.role,
      action: 'calendar.holiday_removed',
      targetType: 'holiday',
      targetId: options.date,
      requestId: options.requestId,
    });
    return true;
  });
}
