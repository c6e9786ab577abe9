import { describe, expect, it } from 'vitest';
import { computeIkm, gradeOf, totalsOf } from './ikm.ts';

/** Element sums that give a total of `total` points over `respondents` (spread over the 9 elements). */
function sums(total: number): number[] {
  const base = Math.floor(total / 9);
  return Array.from({ length: 9 }, (_, index) => base + (index < total - base * 9 ? 1 : 0));
}

describe('IKM (Permen PANRB 14/2017)', () => {
  it('is 25 × the mean of the element averages, computed by hand for small surveys', () => {
    // One respondent, all 4: every element average 4 → 25 × 4 = 100.
    expect(computeIkm(totalsOf([[4, 4, 4, 4, 4, 4, 4, 4, 4]]))).toMatchObject({ ikm: 100, grade: 'A' });
    // All 1: the floor of the scale, 25.
    expect(computeIkm(totalsOf([[1, 1, 1, 1, 1, 1, 1, 1, 1]]))).toMatchObject({ ikm: 25, grade: 'D' });
    // Two respondents. Element averages: 3.5, 3, 3, 4, 3.5, 2.5, 3, 2, 3 → mean 27.5/9 = 3.0555…
    // IKM = 25 × 3.0555… = 76.388… → 76.39, below 76.61: C.
    const two = computeIkm(
      totalsOf([
        [4, 3, 3, 4, 4, 2, 3, 2, 3],
        [3, 3, 3, 4, 3, 3, 3, 2, 3],
      ]),
    );
    expect(two).toMatchObject({ respondents: 2, ikm: 76.39, grade: 'C' });
    expect(two?.elementAverages).toEqual([3.5, 3, 3, 4, 3.5, 2.5, 3, 2, 3]);
    // Three respondents, 3·9 + 3·9 + 4·9 − 2 = 88 points over 27 answers → 25 × 88/27 = 81.481… → 81.48, B.
    expect(
      computeIkm(
        totalsOf([
          [3, 3, 3, 3, 3, 3, 3, 3, 3],
          [3, 3, 3, 3, 3, 3, 3, 3, 3],
          [4, 4, 4, 4, 4, 4, 4, 3, 3],
        ]),
      ),
    ).toMatchObject({ ikm: 81.48, grade: 'B' });
  });

  it('rounds only at the end: the unrounded element averages are used', () => {
    // Three respondents: element averages 10/3 each (3.333…). Rounding them first to 3.33 would give
    // 83.25; exactly it is 25 × 10/3 = 83.333… → 83.33.
    const result = computeIkm({ respondents: 3, elementSums: new Array(9).fill(10) });
    expect(result?.ikm).toBe(83.33);
    expect(result?.elementAverages[0]).toBe(3.33);
  });

  it('puts each grade boundary where the regulation does', () => {
    expect(gradeOf(10000)).toBe('A');
    expect(gradeOf(8831)).toBe('A');
    expect(gradeOf(8830)).toBe('B');
    expect(gradeOf(7661)).toBe('B');
    expect(gradeOf(7660)).toBe('C');
    expect(gradeOf(6500)).toBe('C');
    expect(gradeOf(6499)).toBe('D');
    expect(gradeOf(2500)).toBe('D');
  });

  it('meets the boundaries exactly on real totals', () => {
    // 25·S/(9n) = 88.31 exactly with n = 2500, S = 79,479.
    expect(computeIkm({ respondents: 2500, elementSums: sums(79_479) })).toMatchObject({
      ikm: 88.31,
      grade: 'A',
    });
    // 88.305 exactly (n = 5000, S = 158,949) rounds half up to 88.31: A.
    expect(computeIkm({ respondents: 5000, elementSums: sums(158_949) })).toMatchObject({
      ikm: 88.31,
      grade: 'A',
    });
    // 88.3049… (one point less) rounds to 88.30: B.
    expect(computeIkm({ respondents: 5000, elementSums: sums(158_948) })).toMatchObject({
      ikm: 88.3,
      grade: 'B',
    });
    // 76.61 exactly: n = 2500, S = 68,949.
    expect(computeIkm({ respondents: 2500, elementSums: sums(68_949) })).toMatchObject({
      ikm: 76.61,
      grade: 'B',
    });
    // 76.6044… (S = 68,944) rounds to 76.60: C.
    expect(computeIkm({ respondents: 2500, elementSums: sums(68_944) })).toMatchObject({
      ikm: 76.6,
      grade: 'C',
    });
    // 65.00 exactly: n = 1, S = 23.4 is impossible; n = 5, S = 117 → 25·117/45 = 65.
    expect(computeIkm({ respondents: 5, elementSums: sums(117) })).toMatchObject({ ikm: 65, grade: 'C' });
    expect(computeIkm({ respondents: 5, elementSums: sums(116) })).toMatchObject({ ikm: 64.44, grade: 'D' });
  });

  it('has no index without respondents', () => {
    expect(computeIkm({ respondents: 0, elementSums: new Array(9).fill(0) })).toBeUndefined();
  });
});
