import { describe, expect, it } from 'vitest';
import { csvField, toCsv } from './statistics.csv.ts';
import { medianOf } from './statistics.service.ts';
import { suppressCount, suppressTable, whenEnough } from './statistics.suppression.ts';

describe('small counts', () => {
  it('shows 0 and 5 or more, hides 1 to 4', () => {
    expect([0, 1, 4, 5, 120].map(suppressCount)).toEqual([0, null, null, 5, 120]);
  });

  it('hides a second cell when one hidden cell could be recovered from the total', () => {
    // 3 alone would be 30 − 12 − 15; the smallest other non-zero cell (12) goes with it.
    expect(suppressTable([12, 15, 3, 0])).toEqual({ cells: [null, 15, null, 0], total: 30 });
  });

  it('leaves two or more hidden cells alone: they cannot be told apart from the total', () => {
    expect(suppressTable([20, 2, 3])).toEqual({ cells: [20, null, null], total: 25 });
  });

  it('hides a total below the threshold and every non-zero cell with it', () => {
    expect(suppressTable([3, 0, 1])).toEqual({ cells: [null, 0, null], total: null });
  });

  it('publishes nothing when every cell is large', () => {
    expect(suppressTable([5, 9])).toEqual({ cells: [5, 9], total: 14 });
  });

  it('gives shares and medians only when 5 reports stand behind them', () => {
    expect(whenEnough(4, () => 50)).toBeNull();
    expect(whenEnough(5, () => 50)).toBe(50);
  });
});

describe('median of whole days', () => {
  it('is the middle value, or the mean of the two middle values', () => {
    expect(
      medianOf([
        { days: 1, reports: 1 },
        { days: 4, reports: 1 },
        { days: 2, reports: 1 },
      ]),
    ).toBe(2);
    expect(
      medianOf([
        { days: 2, reports: 2 },
        { days: 5, reports: 2 },
      ]),
    ).toBe(3.5);
    expect(
      medianOf([
        { days: 7, reports: 3 },
        { days: 1, reports: 1 },
      ]),
    ).toBe(7);
    expect(medianOf([])).toBeNull();
  });
});

describe('CSV for spreadsheets', () => {
  it('starts with a BOM, ends lines with CRLF and quotes what needs quoting', () => {
    expect(
      toCsv(
        ['a', 'b'],
        [
          ['x, y', 'say "hi"'],
          ['line\nbreak', 3],
        ],
      ),
    ).toBe('\uFEFFa,b\r\n"x, y","say ""hi"""\r\n"line\nbreak",3\r\n');
  });

  it('defuses text a spreadsheet would run as a formula', () => {
    expect(csvField('=HYPERLINK("http://x")')).toBe('"\'=HYPERLINK(""http://x"")"');
    expect(csvField('+62 812')).toBe("'+62 812");
    expect(csvField('-1+1')).toBe("'-1+1");
    expect(csvField('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvField('\tcmd')).toBe("'\tcmd");
  });

  it('keeps our own numbers as numbers and empty cells empty', () => {
    expect(csvField(-3)).toBe('-3');
    expect(csvField(71.4)).toBe('71.4');
    expect(csvField(null)).toBe('');
    expect(csvField('Kota Surabaya')).toBe('Kota Surabaya');
  });
});
