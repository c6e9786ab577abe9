/**
 * Indeks Kepuasan Masyarakat (Permen PANRB 14/2017): each respondent scores 9 elements 1–4; the
 * IKM is 25 × the mean of the 9 element averages. With every element answered by every
 * respondent that is 25 × (sum of all scores) / (9 × respondents): a fraction of integers, kept
 * exact and rounded once, half up, to 2 decimals. The grade is read from that 2-decimal value, as
 * the regulation's conversion table is written in 2-decimal intervals (88.31–100 A, 76.61–88.30 B,
 * 65.00–76.60 C, 25.00–64.99 D).
 */
export const ELEMENT_COUNT = 9;

export type IkmGrade = 'A' | 'B' | 'C' | 'D';
export const GRADE_LABELS: Record<IkmGrade, { id: string; en: string }> = {
  A: { id: 'Sangat Baik', en: 'Very good' },
  B: { id: 'Baik', en: 'Good' },
  C: { id: 'Kurang Baik', en: 'Poor' },
  D: { id: 'Tidak Baik', en: 'Very poor' },
};

export type IkmTotals = { respondents: number; elementSums: readonly number[] };

export type IkmResult = {
  respondents: number;
  /** In hundredths: 8831 is 88.31. */
  ikmHundredths: number;
  ikm: number;
  grade: IkmGrade;
  elementAverages: number[];
};

/** Rounds numerator/denominator (both non-negative integers) half up to an integer. */
function roundHalfUp(numerator: bigint, denominator: bigint): bigint {
  return (2n * numerator + denominator) / (2n * denominator);
}

export function gradeOf(ikmHundredths: number): IkmGrade {
  if (ikmHundredths >= 8831) return 'A';
  if (ikmHundredths >= 7661) return 'B';
  if (ikmHundredths >= 6500) return 'C';
  return 'D';
}

/** The IKM from the per-element score sums of `respondents` complete responses; undefined without any. */
export function computeIkm(totals: IkmTotals): IkmResult | undefined {
  const { respondents, elementSums } = totals;
  if (respondents === 0) return undefined;
  if (elementSums.length !== ELEMENT_COUNT) throw new Error('IKM needs the sums of exactly 9 elements');
  const total = elementSums.reduce((sum, value) => sum + BigInt(value), 0n);
  // IKM × 100 = 25 × total / (9 × n) × 100
  const ikmHundredths = Number(roundHalfUp(2500n * total, BigInt(ELEMENT_COUNT * respondents)));
  return {
    respondents,
    ikmHundredths,
    ikm: ikmHundredths / 100,
    grade: gradeOf(ikmHundredths),
    elementAverages: elementSums.map(
      (sum) => Number(roundHalfUp(100n * BigInt(sum), BigInt(respondents))) / 100,
    ),
  };
}

/** The totals of a list of responses (each 9 scores 1–4). */
export function totalsOf(responses: ReadonlyArray<readonly number[]>): IkmTotals {
  const elementSums = new Array<number>(ELEMENT_COUNT).fill(0);
  for (const scores of responses) {
    scores.forEach((score, index) => {
      elementSums[index]! += score;
    });
  }
  return { respondents: responses.length, elementSums };
}
