// Ideas that did not help (README of src/modules/insights, "Tried and dropped"), measured on the
// validation slice only (train January–July, validate August–September; October–December is never
// read): models trained with each given parameter set, their probability blends with the first,
// and blends of the first with a kNN vote (cosine over the same TF-IDF vectors) and, with area
// columns, with a P(label | kelurahan) prior. Prints figures only, never rows.
//   npx tsx bench/routing/explore.ts LABEL text|area '[{…parameters…}, …]'
import { evaluatePredictions, templateLabel, trainRouter } from '../../src/modules/insights/index.ts';
import { AREA, examplesOf, top20Of, trainRows, validRows } from './validation-split.ts';

const label = process.argv[2] ?? 'instansi';
const area = process.argv[3] === 'area';
const train = examplesOf(trainRows, label, area);
const valid = examplesOf(validRows, label, area);
const top20 = top20Of(train);
const featureColumns = area ? AREA : [];
const configs: Array<Record<string, unknown>> = JSON.parse(process.argv[4] ?? '[{}]');
const models = configs.map(
  (parameters) =>
    trainRouter({
      examples: train,
      textColumn: 'text',
      labelColumn: label,
      featureColumns,
      source: 'csv',
      description: 'explore',
      skipped: 0,
      parameters,
    }).classifier,
);
const classifier = models[0]!;
const L = classifier.labelCount;
const labelIndex = new Map(classifier.labels.map((name, index) => [name, index]));
const trainTargets = train.map(
  (example) => labelIndex.get(templateLabel(example.label, example.columns, featureColumns))!,
);
const trainVectors = train.map((example) => classifier.vectorise(example.text, example.columns));
const validVectors = valid.map((example) => classifier.vectorise(example.text, example.columns));
// inverted index
const F = classifier.features.length;
const postingCount = new Int32Array(F);
for (const vector of trainVectors) for (const index of vector.indices) postingCount[index]!++;
const postingStart = new Int32Array(F + 1);
for (let f = 0; f < F; f++) postingStart[f + 1] = postingStart[f]! + postingCount[f]!;
const postingDoc = new Int32Array(postingStart[F]!);
const postingValue = new Float32Array(postingStart[F]!);
const fill = postingStart.slice(0, F);
trainVectors.forEach((vector, doc) => {
  vector.indices.forEach((index, position) => {
    postingDoc[fill[index]!] = doc;
    postingValue[fill[index]!] = vector.values[position]!;
    fill[index]!++;
  });
});
const norms = trainVectors.map((v) => Math.sqrt(v.values.reduce((s, x) => s + x * x, 0)));
const sims = new Float64Array(train.length);
const neighbours = validVectors.map((vector) => {
  sims.fill(0);
  vector.indices.forEach((index, position) => {
    const value = vector.values[position]!;
    for (let p = postingStart[index]!; p < postingStart[index + 1]!; p++)
      sims[postingDoc[p]!]! += value * postingValue[p]!;
  });
  const norm = Math.sqrt(vector.values.reduce((s, x) => s + x * x, 0)) || 1;
  const order = Array.from(sims.keys())
    .sort((a, b) => sims[b]! - sims[a]!)
    .slice(0, 100);
  return order.map((doc) => ({ doc, sim: sims[doc]! / (norm * (norms[doc] || 1)) }));
});
const prior = new Float64Array(L);
for (const t of trainTargets) prior[t]!++;
// area prior counts: P(label | kelurahan)
const areaCounts = new Map<string, Float64Array>();
if (area)
  train.forEach((example, i) => {
    const key = example.columns!.kelurahan!.toLowerCase().trim();
    const c = areaCounts.get(key) ?? new Float64Array(L);
    areaCounts.set(key, c);
    c[trainTargets[i]!]!++;
  });

function evaluate(name: string, probabilityOf: (i: number) => Float64Array) {
  const result = evaluatePredictions(
    valid.map((example, i) => ({
      label: example.label,
      ranked: classifier.rank(probabilityOf(i), example.columns, 3).map((p) => p.label),
    })),
    top20,
  );
  console.log(
    JSON.stringify({
      name,
      label,
      area,
      acc: +result.accuracy.toFixed(3),
      top3: +result.top3.toFixed(3),
      f1: +result.macroF1.toFixed(3),
      top20: +result.top20Accuracy.toFixed(3),
    }),
  );
}
const probs = models.map((model) =>
  valid.map((example) => model.probabilities(model.vectorise(example.text, example.columns))),
);
const lrProbabilities = probs[0]!;
models.forEach((model, m) => {
  if (m > 0 && model.labels.join('|') !== classifier.labels.join('|')) throw new Error('labels differ');
  evaluate(`model ${m} ${JSON.stringify(configs[m])}`, (i) => probs[m]![i]!);
});
for (let m = 1; m < models.length; m++)
  for (const w of [0.3, 0.5])
    evaluate(`0+${m} w${w}`, (i) =>
      Float64Array.from(probs[0]![i]!, (x, l) => (1 - w) * x + w * probs[m]![i]![l]!),
    );
if (models.length > 2)
  evaluate('mean of all', (i) =>
    Float64Array.from(probs[0]![i]!, (_, l) => probs.reduce((s, p) => s + p[i]![l]!, 0) / probs.length),
  );

function knn(i: number, k: number, power: number, recency: number) {
  const votes = new Float64Array(L);
  let total = 0;
  for (const { doc, sim } of neighbours[i]!.slice(0, k)) {
    const w = Math.max(sim, 0) ** power * (1 + (recency * doc) / train.length);
    votes[trainTargets[doc]!]! += w;
    total += w;
  }
  if (total > 0) for (let l = 0; l < L; l++) votes[l]! /= total;
  return votes;
}
for (const k of [10, 25, 50])
  for (const power of [1, 3]) evaluate(`kNN alone k${k} p${power}`, (i) => knn(i, k, power, 0));
for (const k of [10, 25, 50])
  for (const power of [1, 3])
    for (const alpha of [0.2, 0.35, 0.5])
      evaluate(`blend a${alpha} k${k} p${power}`, (i) => {
        const v = knn(i, k, power, 0);
        const p = lrProbabilities[i]!;
        return Float64Array.from(p, (x, l) => (1 - alpha) * x + alpha * v[l]!);
      });
for (const recency of [1, 3])
  evaluate(`blend a0.35 k25 p3 recency${recency}`, (i) => {
    const v = knn(i, 25, 3, recency);
    const p = lrProbabilities[i]!;
    return Float64Array.from(p, (x, l) => 0.65 * x + 0.35 * v[l]!);
  });
if (area)
  for (const beta of [0.1, 0.25, 0.5])
    for (const smooth of [1, 5])
      evaluate(`area prior b${beta} s${smooth}`, (i) => {
        const c = areaCounts.get(valid[i]!.columns!.kelurahan!.toLowerCase().trim());
        let n = 0;
        if (c) for (const x of c) n += x;
        const p = lrProbabilities[i]!;
        const out = Float64Array.from(p, (x, l) => {
          const pa = ((c?.[l] ?? 0) + (smooth * prior[l]!) / train.length) / (n + smooth);
          return x * pa ** beta;
        });
        const s = out.reduce((a, b) => a + b, 0);
        return out.map((x) => x / s);
      });
