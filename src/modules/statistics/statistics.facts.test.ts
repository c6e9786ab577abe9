import { describe, expect, it } from 'vitest';
import { WorkingCalendar } from '../../platform/calendar/calendar.ts';
import { HARI_LIBUR } from '../../platform/calendar/hari-libur.ts';
import { indexWorkingDays } from './statistics.facts.ts';

describe('working days by table look-up', () => {
  it('answers exactly as the calendar does, across holidays, weekends and the table’s edges', () => {
    const calendar = new WorkingCalendar(new Set(HARI_LIBUR.map(([date]) => date)));
    const index = indexWorkingDays(calendar, '2025-01-01', '2025-12-31');
    const start = Date.parse('2024-12-20T00:00:00Z');
    for (let step = 0; step < 400; step += 1) {
      const from = new Date(start + step * 86_400_000 + (step % 24) * 3_600_000);
      for (const days of [0, 1, 3, 5, 14, 60]) {
        expect(index.addWorkingDays(from, days), `${from.toISOString()} + ${days}`).toEqual(
          calendar.addWorkingDays(from, days),
        );
      }
      for (const span of [0, 1, 6, 30, 90]) {
        const to = new Date(from.getTime() + span * 86_400_000 + 5 * 3_600_000);
        expect(index.workingDaysBetween(from, to)).toBe(calendar.workingDaysBetween(from, to));
        expect(index.workingDaysBetween(to, from)).toBe(calendar.workingDaysBetween(to, from));
      }
    }
  });
});
