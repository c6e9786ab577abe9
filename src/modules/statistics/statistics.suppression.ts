import { SUPPRESSION_THRESHOLD } from './statistics.contracts.ts';

/**
 * Small counts must not single a person out. The rule (README.md, "Small counts"):
 * 1. primary: a count from 1 to THRESHOLD − 1 is suppressed (shown "<5"); 0 is shown;
 * 2. complementary: in a table whose total is published, a lone suppressed cell could be
 *    recovered as total − the others, so while exactly one cell is suppressed the smallest other
 *    non-zero cell is suppressed too;
 * 3. a total below the threshold is suppressed itself, and then every cell with it;
 * 4. a share, median or average is published only when at least THRESHOLD reports stand behind it.
 */
export function isSmall(count: number): boolean {
  return count > 0 && count < SUPPRESSION_THRESHOLD;
}

export function suppressCount(count: number): number | null {
  return isSmall(count) ? null : count;
}

/** Cells of one table with a published total: which of them to publish (rules 1–3). */
export function suppressTable(counts: readonly number[]): {
  cells: Array<number | null>;
  total: number | null;
} {
  const total = counts.reduce((sum, count) => sum + count, 0);
  if (isSmall(total)) return { cells: counts.map((count) => (count === 0 ? 0 : null)), total: null };
  const hidden = counts.map(isSmall);
  if (hidden.filter(Boolean).length === 1) {
    let smallest = -1;
    counts.forEach((count, index) => {
      if (hidden[index] || count === 0) return;
      if (smallest === -1 || count < counts[smallest]!) smallest = index;
    });
    if (smallest !== -1) hidden[smallest] = true;
  }
  return { cells: counts.map((count, index) => (hidden[index] ? null : count)), total };
}

/** A figure that rests on `base` reports: published only when enough stand behind it (rule 4). */
export function whenEnough<T>(base: number, value: () => T): T | null {
  return base >= SUPPRESSION_THRESHOLD ? value() : null;
}

/** The text a suppressed cell shows, in a table or a CSV. */
export const SUPPRESSED_LABEL = `<${SUPPRESSION_THRESHOLD}`;
