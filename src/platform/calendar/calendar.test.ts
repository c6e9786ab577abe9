import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setClock } from '../../../test/support/complaints.ts';
import {
  asBearer,
  type Credentials,
  makeCitizen,
  makeOfficer,
  problem,
  type Session,
} from '../../../test/support/factories.ts';
import { startTestApp, type TestContext } from '../../../test/support/test-platform.ts';
import { localDate, WorkingCalendar } from './calendar.ts';

/** Nyepi and Idul Fitri 1446 H as decreed for 2025: one long break from Friday 28 March to 7 April. */
const LEBARAN_2025 = new WorkingCalendar(
  new Set([
    '2025-03-28',
    '2025-03-29',
    '2025-03-31',
    '2025-04-01',
    '2025-04-02',
    '2025-04-03',
    '2025-04-04',
    '2025-04-07',
  ]),
);
const NO_HOLIDAYS = new WorkingCalendar(new Set());

/** 10:00 WIB on a date. */
const morningWib = (day: string) => new Date(`${day}T03:00:00Z`);
/** The last instant of a date in WIB, when a limit ending that day runs out. */
const endOfDayWib = (day: string) => new Date(`${day}T16:59:59.999Z`);

describe('WorkingCalendar', () => {
  it('skips Saturday and Sunday', () => {
    expect(NO_HOLIDAYS.isWorkingDay('2025-06-13')).toBe(true); // Friday
    expect(NO_HOLIDAYS.isWorkingDay('2025-06-14')).toBe(false);
    expect(NO_HOLIDAYS.isWorkingDay('2025-06-15')).toBe(false);
    expect(NO_HOLIDAYS.addWorkingDays(morningWib('2025-06-13'), 1)).toEqual(endOfDayWib('2025-06-16'));
    expect(NO_HOLIDAYS.addWorkingDays(morningWib('2025-06-11'), 5)).toEqual(endOfDayWib('2025-06-18'));
  });

  it('skips national holidays and cuti bersama as well as weekends', () => {
    for (const day of ['2025-03-28', '2025-03-31', '2025-04-04', '2025-04-07']) {
      expect(LEBARAN_2025.isWorkingDay(day), day).toBe(false);
    }
    expect(LEBARAN_2025.isWorkingDay('2025-04-08')).toBe(true);
  });

  it('ends 3 working days from Thursday 27 March 2025 at 23:59:59.999 WIB on Thursday 10 April', () => {
    const due = LEBARAN_2025.addWorkingDays(morningWib('2025-03-27'), 3);
    expect(due.toISOString()).toBe('2025-04-10T16:59:59.999Z');
    expect(localDate(due)).toBe('2025-04-10');
    // One millisecond later is already Friday in Jakarta.
    expect(localDate(new Date(due.getTime() + 1))).toBe('2025-04-11');
  });

  it('ends a limit of 0 working days at the close of the same WIB day', () => {
    expect(LEBARAN_2025.addWorkingDays(morningWib('2025-03-27'), 0)).toEqual(endOfDayWib('2025-03-27'));
  });

  it('counts the working days between two instants across the Lebaran break', () => {
    const thursday = morningWib('2025-03-27');
    expect(LEBARAN_2025.workingDaysBetween(thursday, morningWib('2025-04-07'))).toBe(0);
    expect(LEBARAN_2025.workingDaysBetween(thursday, morningWib('2025-04-08'))).toBe(1);
    expect(LEBARAN_2025.workingDaysBetween(thursday, morningWib('2025-04-10'))).toBe(3);
    expect(NO_HOLIDAYS.workingDaysBetween(thursday, morningWib('2025-04-10'))).toBe(10);
    // The same day, or an earlier one, counts nothing.
    expect(LEBARAN_2025.workingDaysBetween(thursday, new Date('2025-03-27T16:00:00Z'))).toBe(0);
    expect(LEBARAN_2025.workingDaysBetween(morningWib('2025-04-10'), thursday)).toBe(0);
    // Adding what was counted lands on the same day.
    expect(localDate(LEBARAN_2025.addWorkingDays(thursday, 3))).toBe(localDate(morningWib('2025-04-10')));
  });

  it('reads dates in Jakarta time: 18:00 UTC on 27 March is already Friday 28 March, a holiday', () => {
    const lateThursdayUtc = new Date('2025-03-27T18:00:00Z');
    expect(localDate(lateThursdayUtc)).toBe('2025-03-28');
    expect(LEBARAN_2025.isWorkingDay(localDate(lateThursdayUtc))).toBe(false);
    // 16:59:59.999Z is still Thursday: Friday (a holiday) counts nothing from either side.
    expect(localDate(new Date('2025-03-27T16:59:59.999Z'))).toBe('2025-03-27');
    expect(LEBARAN_2025.workingDaysBetween(new Date('2025-03-27T16:59:59.999Z'), lateThursdayUtc)).toBe(0);
    // On an ordinary week the boundary decides which day a limit starts from.
    expect(NO_HOLIDAYS.addWorkingDays(new Date('2025-06-11T16:30:00Z'), 1)).toEqual(
      endOfDayWib('2025-06-12'),
    );
    expect(NO_HOLIDAYS.addWorkingDays(new Date('2025-06-11T17:30:00Z'), 1)).toEqual(
      endOfDayWib('2025-06-13'),
    );
  });
});

describe('the calendar in the database', () => {
  let context: TestContext;
  let sysadmin: Session & Credentials;
  let nasional: Session & Credentials;
  let adminInstansi: Session & Credentials;
  let citizen: Awaited<ReturnType<typeof makeCitizen>>;

  beforeAll(async () => {
    context = await startTestApp();
    const { app, platform } = context;
    sysadmin = await makeOfficer(app, platform, 'sysadmin', 'komdigi');
    nasional = await makeOfficer(app, platform, 'admin-nasional', 'kemenpanrb');
    adminInstansi = await makeOfficer(app, platform, 'admin-instansi', '35.78');
    citizen = await makeCitizen(app);
  });
  afterAll(async () => {
    await context?.close();
  });

  it('ships the 2024–2026 holidays and cuti bersama of the reference list, date for date and kind for kind', async () => {
    const reference = JSON.parse(
      await readFile(path.resolve('..', 'shared/data/holidays-id-2024-2026.json'), 'utf8'),
    ) as Array<{ date: string; type: string }>;
    const { rows } = await context.platform.database.executeSql(
      `select to_char(date, 'YYYY-MM-DD') as date, kind from platform.holidays order by date`,
    );
    const seeded = new Map(
      (rows as Array<{ date: string; kind: string }>).map((row) => [row.date, row.kind]),
    );
    const expected = new Map(reference.map((entry) => [entry.date, entry.type]));
    // Compared as counts of differences, so that a failure does not print the reference list.
    const missing = [...expected.keys()].filter((date) => !seeded.has(date)).length;
    const extra = [...seeded.keys()].filter((date) => !expected.has(date)).length;
    const wrongKind = [...expected].filter(
      ([date, kind]) => seeded.has(date) && seeded.get(date) !== kind,
    ).length;
    expect({ missing, extra, wrongKind }).toEqual({ missing: 0, extra: 0, wrongKind: 0 });
    expect(seeded.size).toBe(reference.length);
    expect(new Set(reference.map((entry) => entry.type))).toEqual(
      new Set(['libur_nasional', 'cuti_bersama']),
    );
  });

  it('lists a year’s holidays to anyone', async () => {
    const response = await context.app.inject({ method: 'GET', url: '/api/v1/calendar/holidays?year=2025' });
    expect(response.statusCode).toBe(200);
    const items = response.json().items as Array<{ date: string; kind: string }>;
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((item) => item.date.startsWith('2025-'))).toBe(true);
    expect(items).toContainEqual(expect.objectContaining({ date: '2025-04-07', kind: 'cuti_bersama' }));
  });

  const verificationDueOfNewReport = async (now: string) => {
    const restore = setClock(context.platform, now);
    try {
      const response = await context.app.inject({
        method: 'POST',
        url: '/api/v1/complaints',
        headers: asBearer(citizen),
        payload: {
          kind: 'aspirasi',
          title: 'Usulan taman baca di balai RW',
          description: 'Mohon disediakan taman baca di balai RW 03 untuk anak-anak sekitar kampung.',
          privacy: 'publik',
          regionCode: '35.78.01',
        },
      });
      expect(response.statusCode, response.body).toBe(201);
      return response.json().dueAt as string;
    } finally {
      restore();
    }
  };

  it('moves the due date of a report filed after an admin adds a holiday, and back after it is removed', async () => {
    // Monday 16 June 2025, 10:00 WIB: the 3rd working day is Thursday 19 June.
    const monday = '2025-06-16T03:00:00Z';
    expect(await verificationDueOfNewReport(monday)).toBe('2025-06-19T16:59:59.999Z');

    const added = await context.app.inject({
      method: 'PUT',
      url: '/api/v1/calendar/holidays/2025-06-18',
      headers: asBearer(nasional),
      payload: { kind: 'cuti_bersama', name: 'Cuti bersama tambahan (uji)' },
    });
    expect(added.statusCode, added.body).toBe(200);
    expect(added.json()).toEqual({
      date: '2025-06-18',
      kind: 'cuti_bersama',
      name: 'Cuti bersama tambahan (uji)',
    });
    expect(await verificationDueOfNewReport(monday)).toBe('2025-06-20T16:59:59.999Z');

    const removed = await context.app.inject({
      method: 'DELETE',
      url: '/api/v1/calendar/holidays/2025-06-18',
      headers: asBearer(sysadmin),
    });
    expect(removed.statusCode, removed.body).toBe(204);
    expect(await verificationDueOfNewReport(monday)).toBe('2025-06-19T16:59:59.999Z');
  });

  it('lets an admin change the kind and name of an existing day, and records every edit in the audit log', async () => {
    const changed = await context.app.inject({
      method: 'PUT',
      url: '/api/v1/calendar/holidays/2025-04-07',
      headers: asBearer(sysadmin),
      payload: { kind: 'libur_nasional', name: 'Hari Raya Idul Fitri (ubah uji)' },
    });
    expect(changed.statusCode, changed.body).toBe(200);
    const listed = await context.app.inject({ method: 'GET', url: '/api/v1/calendar/holidays?year=2025' });
    expect(listed.json().items).toContainEqual({
      date: '2025-04-07',
      kind: 'libur_nasional',
      name: 'Hari Raya Idul Fitri (ubah uji)',
    });
    const { rows } = await context.platform.database.executeSql(
      `select action, actor_id from platform.audit_log where target_type = 'holiday' and target_id = $1`,
      ['2025-04-07'],
    );
    expect(rows).toEqual([{ action: 'calendar.holiday_set', actor_id: sysadmin.userId }]);
  });

  it('refuses calendar edits from anyone without calendar:manage', async () => {
    const put = (headers: Record<string, string>) =>
      context.app.inject({
        method: 'PUT',
        url: '/api/v1/calendar/holidays/2025-07-01',
        headers,
        payload: { kind: 'libur_nasional', name: 'Libur tidak sah' },
      });
    const remove = (headers: Record<string, string>) =>
      context.app.inject({ method: 'DELETE', url: '/api/v1/calendar/holidays/2025-04-07', headers });
    for (const response of [await put({}), await remove({})]) {
      expect(response.statusCode).toBe(401);
      expect(problem(response).code).toBe('UNAUTHENTICATED');
    }
    for (const session of [citizen, adminInstansi]) {
      for (const response of [await put(asBearer(session)), await remove(asBearer(session))]) {
        expect(response.statusCode).toBe(403);
        expect(problem(response).code).toBe('FORBIDDEN');
      }
    }
    const count = await context.platform.database.executeSql(
      `select count(*)::int as n from platform.holidays where date in ('2025-07-01', '2025-04-07')`,
    );
    expect(count.rows).toEqual([{ n: 1 }]);
  });

  it('refuses a date that is not a calendar date, and says 404 when removing a day that is not a holiday', async () => {
    for (const date of ['2025-02-30', '2025-13-01', '25-06-01', 'besok']) {
      const response = await context.app.inject({
        method: 'PUT',
        url: `/api/v1/calendar/holidays/${date}`,
        headers: asBearer(sysadmin),
        payload: { kind: 'libur_nasional', name: 'Tanggal salah' },
      });
      expect(response.statusCode, date).toBe(400);
      expect(problem(response).code).toBe('VALIDATION_FAILED');
    }
    const badKind = await context.app.inject({
      method: 'PUT',
      url: '/api/v1/calendar/holidays/2025-07-01',
      headers: asBearer(sysadmin),
      payload: { kind: 'libur_daerah', name: 'Hari jadi kota' },
    });
    expect(badKind.statusCode).toBe(400);
    const notAHoliday = await context.app.inject({
      method: 'DELETE',
      url: '/api/v1/calendar/holidays/2025-07-02',
      headers: asBearer(sysadmin),
    });
    expect(notAHoliday.statusCode).toBe(404);
  });
});
