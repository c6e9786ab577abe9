/** Evaluation figures of a classifier on labelled reports, as the CLI prints them. */
export type EvaluationResult = {
  n: number;
  accuracy: number;
  top3: number;
  macroF1: number;
  top20Accuracy: number;
};

export type ScoredExample = { label: string; ranked: string[] };

/**
 * `top20Accuracy`: top-1 accuracy over the examples whose true label is among the 20 labels most
 * frequent in the TRAINING data. `macroF1` averages F1 over every label seen in either the truth
 * or the predictions. Labels unseen in training can never be predicted, so they count as errors.
 */
export function evaluatePredictions(
  examples: ScoredExample[],
  top20TrainingLabels: string[],
): EvaluationResult {
  const frequent = new Set(top20TrainingLabels.slice(0, 20));
  let correct = 0;
  let correctTop3 = 0;
  let frequentCount = 0;
  let frequentCorrect = 0;
  const truePositives = new Map<string, number>();
  const predictedCount = new Map<string, number>();
  const actualCount = new Map<string, number>();
  for (const { label, ranked } of examples) {
    const predicted = ranked[0];
    const isCorrect = predicted === label;
    if (isCorrect) correct++;
    if (ranked.slice(0, 3).includes(label)) correctTop3++;
    if (frequent.has(label)) {
      frequentCount++;
      if (isCorrect) frequentCorrect++;
    }
    actualCount.set(label, (actualCount.get(label) ?? 0) + 1);
    if (predicted !== undefined) predictedCount.set(predicted, (predictedCount.get(predicted) ?? 0) + 1);
    if (isCorrect) truePositives.set(label, (truePositives.get(label) ?? 0) + 1);
  }
  const allLabels = new Set([...actualCount.keys(), ...predictedCount.keys()]);
  let f1Sum = 0;
  for (const label of allLabels) {
    const truePositive = truePositives.get(label) ?? 0;
    const predicted = predictedCount.get(label) ?? 0;
    const actual = actualCount.get(label) ?? 0;
    f1Sum += predicted + actual === 0 ? 0 : (2 * truePositive) / (predicted + actual);
  }
  const n = examples.length;
  const round = (value: number) => Math.round(value * 10_000) / 10_000;
  return {
    n,
    accuracy: n ? round(correct / n) : 0,
    top3: n ? round(correctTop3 / n) : 0,
    macroF1: allLabels.size ? round(f1Sum / allLabels.size) : 0,
    top20Accuracy: frequentCount ? round(frequentCorrect / frequentCount) : 0,
  };
}
