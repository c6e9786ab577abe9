import { tokenise } from './text-normaliser.ts';

/**
 * A TF-IDF + multinomial logistic regression text classifier, written here so that it trains
 * in-process in seconds with no native code or model download. Features: stemmed words, word
 * bigrams, character n-grams of each word (robust to typos and affixes the stemmer misses), and
 * optional categorical columns (e.g. kecamatan). Probabilities are a softmax whose temperature is
 * fitted on a held-out, most recent slice of the training data (calibration).
 */

export type ClassifierParameters = {
  charNgramMin: number;
  charNgramMax: number;
  useWordBigrams: boolean;
  /** A feature must occur in at least this many training reports. */
  minDocumentFrequency: number;
  maxFeatures: number;
  epochs: number;
  /** Epochs over all examples after the temperature is fitted on the held-out newest ones. */
  finalEpochs: number;
  learningRate: number;
  /** Share of the most recent training examples held out to fit the softmax temperature. */
  calibrationShare: number;
  /** Weight of the categorical feature columns relative to the text. */
  featureColumnWeight: number;
  seed: number;
  /** Later examples weigh up to (1 + recencyBoost) times the earliest: complaint topics drift. */
  recencyBoost: number;
  /**
   * Weight of a complement Naive Bayes model added to the logistic regression (0 = none). Both are
   * linear in the same features, so the ensemble is folded into one weight matrix: no cost at
   * prediction.
   */
  naiveBayesWeight: number;
  /** Additive smoothing of the complement Naive Bayes feature counts. */
  naiveBayesAlpha: number;
  /** Added to each label's bias × log(its training share): > 0 favours frequent labels. */
  priorWeight: number;
  /**
   * Added to the bias of the area-bound classes ("Kelurahan {kelurahan}"): < 0 makes them win
   * the first place less often; they are still ranked among the three.
   */
  areaLabelBias: number;
};

export const DEFAULT_PARAMETERS: ClassifierParameters = {
  charNgramMin: 3,
  charNgramMax: 4,
  useWordBigrams: true,
  minDocumentFrequency: 2,
  maxFeatures: 120_000,
  epochs: 8,
  finalEpochs: 2,
  learningRate: 3,
  calibrationShare: 0.1,
  featureColumnWeight: 0.2,
  seed: 42,
  recencyBoost: 0,
  naiveBayesWeight: 2,
  naiveBayesAlpha: 0.1,
  priorWeight: 0,
  areaLabelBias: 0,
};

export type TrainingExample = {
  text: string;
  label: string;
  /** Categorical values, e.g. { kecamatan: 'Tegalsari' }. */
  columns?: Record<string, string>;
};

export type Prediction = {
  label: string;
  probability: number;
  /** The class inside the model (differs from `label` for area templates). */
  modelLabel: string;
};

export type ProgressReporter = (stage: string, done: number, total: number) => void;

type SparseVector = { indices: Int32Array; values: Float32Array };

type RawFeatures = Map<string, number>;

/** Feature kinds, as prefixes of the names saved in model.json. */
const WORD = 0;
const BIGRAM = 1;
const CHARS = 2;
const COLUMN = 3;
const KIND_PREFIXES = ['w:', 'b:', 'c:', 'f:'] as const;

/**
 * Every feature of a text, in order, with the token it comes from: the stemmed word, the bigram
 * it ends, its character n-grams (padded with spaces at the word boundaries), then the area
 * columns. Training names them; prediction looks them up without building the prefixed names.
 */
function forEachFeature(
  tokens: string[],
  columns: Record<string, string> | undefined,
  parameters: ClassifierParameters,
  visit: (kind: number, name: string, source: string) => void,
): void {
  for (let index = 0; index < tokens.length; index++) {
    const token = tokens[index]!;
    visit(WORD, token, token);
    if (parameters.useWordBigrams && index > 0) visit(BIGRAM, `${tokens[index - 1]} ${token}`, token);
    const padded = ` ${token} `;
    for (let size = parameters.charNgramMin; size <= parameters.charNgramMax; size++) {
      for (let start = 0; start + size <= padded.length; start++)
        visit(CHARS, padded.slice(start, start + size), token);
    }
  }
  for (const [column, value] of Object.entries(columns ?? {})) {
    const normalised = value.trim().toLowerCase();
    if (normalised) visit(COLUMN, `${column}=${normalised}`, `${column}: ${value.trim()}`);
  }
}

function rawFeatures(
  text: string,
  columns: Record<string, string> | undefined,
  parameters: ClassifierParameters,
): RawFeatures {
  const features: RawFeatures = new Map();
  forEachFeature(tokenise(text), columns, parameters, (kind, name) => {
    const key = KIND_PREFIXES[kind] + name;
    features.set(key, (features.get(key) ?? 0) + 1);
  });
  return features;
}

/** A seeded pseudo-random generator (mulberry32), so that training is reproducible. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type SerialisedModel = {
  format: 'terpadu-tfidf-logreg/1';
  parameters: ClassifierParameters;
  featureColumns: string[];
  labels: string[];
  features: string[];
  idf: number[];
  temperature: number;
  /** For area-template labels ("Kelurahan {kelurahan}"): column value → the label seen in training. */
  templateLabels: Record<string, Record<string, string>>;
};

/**
 * Area-bound labels ("Kelurahan Dukuh Setro", "Kecamatan Tambaksari") are one class per area with
 * few examples each; when the label names the report's own area column, the classifier learns
 * one shared class "Kelurahan {kelurahan}" instead and fills the area back in at prediction.
 */
export function templateLabel(
  label: string,
  columns: Record<string, string> | undefined,
  featureColumns: string[],
): string {
  const lower = label.toLowerCase().trim();
  for (const column of featureColumns) {
    const value = columns?.[column]?.toLowerCase().trim();
    if (value && value.length >= 3 && lower.endsWith(` ${value}`)) {
      return `${label.trim().slice(0, label.trim().length - value.length)}{${column}}`;
    }
  }
  return label;
}

const TEMPLATE = /\{([^}]+)\}$/;

export type Explanation = Array<{ word: string; weight: number }>;
export type Suggestion = Prediction & { words: Explanation };

type TextVector = SparseVector & { tokens: string[]; columns: Record<string, string> | undefined };

export class TextClassifier {
  /** Feature name (without its kind prefix) → index, one map per kind: no name is built to look up. */
  private readonly indexByKind: Array<Map<string, number>>;
  /** Scratch space of `vectorise`, reused between calls (feature → slot, −1 when unused). */
  private readonly slotOfFeature: Int32Array;
  private touched = new Int32Array(1024);
  private counts = new Float64Array(1024);

  constructor(
    readonly parameters: ClassifierParameters,
    readonly featureColumns: string[],
    readonly labels: string[],
    readonly features: string[],
    readonly idf: Float32Array,
    /** Row-major [feature][label]; the last row holds the biases. */
    readonly weights: Float32Array,
    public temperature: number,
    readonly templateLabels: Record<string, Record<string, string>> = {},
  ) {
    this.indexByKind = KIND_PREFIXES.map(() => new Map<string, number>());
    features.forEach((feature, index) => {
      this.indexByKind[KIND_PREFIXES.indexOf(feature.slice(0, 2) as 'w:')]?.set(feature.slice(2), index);
    });
    this.slotOfFeature = new Int32Array(features.length).fill(-1);
  }

  private meanWeights: Float32Array | undefined;

  /** Each feature's mean weight over the labels, computed once (explanations subtract it). */
  private featureMeans(): Float32Array {
    if (this.meanWeights) return this.meanWeights;
    const labelCount = this.labelCount;
    const means = new Float32Array(this.features.length);
    for (let feature = 0; feature < this.features.length; feature++) {
      let sum = 0;
      for (let label = 0; label < labelCount; label++) sum += this.weights[feature * labelCount + label]!;
      means[feature] = sum / labelCount;
    }
    this.meanWeights = means;
    return means;
  }

  get labelCount(): number {
    return this.labels.length;
  }

  /** Known features of one word (itself and its character n-grams), cached: words repeat. */
  private readonly wordFeatures = new Map<string, Int32Array>();

  private featuresOfWord(token: string): Int32Array {
    let cached = this.wordFeatures.get(token);
    if (cached) return cached;
    const found: number[] = [];
    forEachFeature([token], undefined, { ...this.parameters, useWordBigrams: false }, (kind, name) => {
      const index = this.indexByKind[kind]!.get(name);
      if (index !== undefined) found.push(index);
    });
    cached = Int32Array.from(found);
    if (this.wordFeatures.size >= 200_000) this.wordFeatures.clear();
    this.wordFeatures.set(token, cached);
    return cached;
  }

  /** Every known feature occurrence of a report (as `forEachFeature`, by index), with its source. */
  private forEachIndex(
    tokens: string[],
    columns: Record<string, string> | undefined,
    visit: (index: number, isColumn: boolean, source: string) => void,
  ): void {
    const bigrams = this.parameters.useWordBigrams ? this.indexByKind[BIGRAM]! : undefined;
    for (let position = 0; position < tokens.length; position++) {
      const token = tokens[position]!;
      for (const index of this.featuresOfWord(token)) visit(index, false, token);
      if (bigrams && position > 0) {
        const index = bigrams.get(`${tokens[position - 1]} ${token}`);
        if (index !== undefined) visit(index, false, token);
      }
    }
    for (const [column, value] of Object.entries(columns ?? {})) {
      const normalised = value.trim().toLowerCase();
      if (!normalised) continue;
      const index = this.indexByKind[COLUMN]!.get(`${column}=${normalised}`);
      if (index !== undefined) visit(index, true, `${column}: ${value.trim()}`);
    }
  }

  /**
   * The TF-IDF vector of a report: sublinear term frequency × IDF, text and area columns each
   * L2-normalised on their own (so that a long text does not drown the area), the columns then
   * scaled by `featureColumnWeight`.
   */
  vectorise(text: string, columns?: Record<string, string>): TextVector {
    const tokens = tokenise(text);
    const slotOf = this.slotOfFeature;
    let used = 0;
    let columnSlots = 0;
    this.forEachIndex(tokens, columns, (index, isColumn) => {
      const slot = slotOf[index]!;
      if (slot >= 0) {
        this.counts[slot]! += 1;
        return;
      }
      if (used === this.touched.length) {
        const touched = new Int32Array(used * 2);
        touched.set(this.touched);
        this.touched = touched;
        const counts = new Float64Array(used * 2);
        counts.set(this.counts);
        this.counts = counts;
      }
      slotOf[index] = used;
      this.touched[used] = index;
      this.counts[used] = 1;
      used++;
      if (isColumn) columnSlots++;
    });
    const indices = new Int32Array(used);
    const values = new Float32Array(used);
    let textNorm = 0;
    let columnNorm = 0;
    for (let slot = 0; slot < used; slot++) {
      const index = this.touched[slot]!;
      slotOf[index] = -1;
      const value = (1 + Math.log(this.counts[slot]!)) * this.idf[index]!;
      indices[slot] = index;
      values[slot] = value;
      if (columnSlots > 0 && this.features[index]!.charCodeAt(0) === 102 /* f */) columnNorm += value * value;
      else textNorm += value * value;
    }
    const textScale = textNorm > 0 ? 1 / Math.sqrt(textNorm) : 0;
    const columnScale = columnNorm > 0 ? this.parameters.featureColumnWeight / Math.sqrt(columnNorm) : 0;
    for (let slot = 0; slot < used; slot++) {
      const isColumn = columnSlots > 0 && this.features[indices[slot]!]!.charCodeAt(0) === 102;
      values[slot] = values[slot]! * (isColumn ? columnScale : textScale);
    }
    return { indices, values, tokens, columns };
  }

  /** The same vector from feature counts by name (training). */
  vectoriseFeatures(raw: RawFeatures): SparseVector {
    const indices: number[] = [];
    const values: number[] = [];
    const isColumn: boolean[] = [];
    let textNorm = 0;
    let columnNorm = 0;
    for (const [name, count] of raw) {
      const index = this.indexByKind[KIND_PREFIXES.indexOf(name.slice(0, 2) as 'w:')]?.get(name.slice(2));
      if (index === undefined) continue;
      const value = (1 + Math.log(count)) * this.idf[index]!;
      const column = name.startsWith('f:');
      indices.push(index);
      values.push(value);
      isColumn.push(column);
      if (column) columnNorm += value * value;
      else textNorm += value * value;
    }
    const textScale = textNorm > 0 ? 1 / Math.sqrt(textNorm) : 0;
    const columnScale = columnNorm > 0 ? this.parameters.featureColumnWeight / Math.sqrt(columnNorm) : 0;
    for (let position = 0; position < indices.length; position++) {
      values[position] = values[position]! * (isColumn[position] ? columnScale : textScale);
    }
    return { indices: Int32Array.from(indices), values: Float32Array.from(values) };
  }

  /** Raw scores (logits) for one vector. */
  scores(vector: SparseVector, into = new Float64Array(this.labelCount)): Float64Array {
    const labelCount = this.labelCount;
    const weights = this.weights;
    const biasOffset = this.features.length * labelCount;
    for (let label = 0; label < labelCount; label++) into[label] = weights[biasOffset + label]!;
    const { indices, values } = vector;
    for (let position = 0; position < indices.length; position++) {
      const offset = indices[position]! * labelCount;
      const value = values[position]!;
      for (let label = 0; label < labelCount; label++) into[label]! += value * weights[offset + label]!;
    }
    return into;
  }

  probabilities(vector: SparseVector, temperature = this.temperature): Float64Array {
    return softmax(this.scores(vector), temperature);
  }

  predict(text: string, columns?: Record<string, string>, top = 3): Prediction[] {
    return this.rank(this.probabilities(this.vectorise(text, columns)), columns, top);
  }

  /** Top labels with the words behind each: one pass over the text for all of them. */
  suggest(text: string, columns?: Record<string, string>, top = 3, words = 5): Suggestion[] {
    const vector = this.vectorise(text, columns);
    const predictions = this.rank(this.probabilities(vector), columns, top);
    const sources = this.sourcesOf(vector);
    return predictions.map((prediction) => ({
      ...prediction,
      words: this.explainVector(vector, sources, prediction.modelLabel, words),
    }));
  }

  /** Concrete labels with probabilities, area templates filled in from the report's columns. */
  rank(probabilities: Float64Array, columns: Record<string, string> | undefined, top: number): Prediction[] {
    const merged = new Map<string, Prediction>();
    for (const index of topIndices(probabilities, top + 3)) {
      const modelLabel = this.labels[index]!;
      const label = this.concreteLabel(modelLabel, columns);
      if (label === undefined) continue;
      const existing = merged.get(label);
      if (existing) existing.probability += probabilities[index]!;
      else merged.set(label, { label, probability: probabilities[index]!, modelLabel });
    }
    return [...merged.values()].sort((a, b) => b.probability - a.probability).slice(0, top);
  }

  private concreteLabel(modelLabel: string, columns: Record<string, string> | undefined): string | undefined {
    const template = TEMPLATE.exec(modelLabel);
    if (!template) return modelLabel;
    const column = template[1]!;
    const value = columns?.[column]?.trim();
    if (!value) return undefined;
    return (
      this.templateLabels[modelLabel]?.[value.toLowerCase()] ??
      `${modelLabel.slice(0, template.index)}${value}`
    );
  }

  /**
   * The words that pushed the given label up the most: each feature's weight × value, summed
   * per source word (a word's own feature, its character n-grams and the bigrams it ends).
   */
  explain(text: string, label: string, columns?: Record<string, string>, top = 5): Explanation {
    const vector = this.vectorise(text, columns);
    return this.explainVector(vector, this.sourcesOf(vector), label, top);
  }

  /** Per feature of the vector, the distinct words (or area columns) it came from. */
  private sourcesOf(vector: TextVector): Map<number, string[]> {
    const sources = new Map<number, string[]>();
    for (const index of vector.indices) sources.set(index, []);
    this.forEachIndex(vector.tokens, vector.columns, (index, _isColumn, source) => {
      const list = sources.get(index)!;
      if (!list.includes(source)) list.push(source);
    });
    return sources;
  }

  private explainVector(
    vector: TextVector,
    sources: Map<number, string[]>,
    label: string,
    top: number,
  ): Explanation {
    const labelIndex = this.labels.indexOf(label);
    if (labelIndex < 0) return [];
    const labelCount = this.labelCount;
    const means = this.featureMeans();
    const perWord = new Map<string, number>();
    for (let position = 0; position < vector.indices.length; position++) {
      const feature = vector.indices[position]!;
      // Contribution relative to the average label, so that words common to every class don't rank.
      const contribution =
        vector.values[position]! * (this.weights[feature * labelCount + labelIndex]! - means[feature]!);
      const from = sources.get(feature)!;
      for (const source of from) perWord.set(source, (perWord.get(source) ?? 0) + contribution / from.length);
    }
    return [...perWord.entries()]
      .filter(([, weight]) => weight > 0)
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([word, weight]) => ({ word, weight: Math.round(weight * 1000) / 1000 }));
  }

  serialise(): { model: SerialisedModel; weights: Buffer } {
    return {
      model: {
        format: 'terpadu-tfidf-logreg/1',
        parameters: this.parameters,
        featureColumns: this.featureColumns,
        labels: this.labels,
        features: this.features,
        idf: Array.from(this.idf),
        temperature: this.temperature,
        templateLabels: this.templateLabels,
      },
      weights: Buffer.from(this.weights.buffer, this.weights.byteOffset, this.weights.byteLength),
    };
  }

  static deserialise(model: SerialisedModel, weights: Buffer): TextClassifier {
    if (model.format !== 'terpadu-tfidf-logreg/1')
      throw new Error(`unknown model format ${String(model.format)}`);
    const expected = (model.features.length + 1) * model.labels.length * 4;
    if (weights.byteLength !== expected) {
      throw new Error(`weights file has ${weights.byteLength} bytes, expected ${expected}`);
    }
    const copy = new Float32Array(weights.byteLength / 4);
    new Uint8Array(copy.buffer).set(weights);
    return new TextClassifier(
      model.parameters,
      model.featureColumns,
      model.labels,
      model.features,
      Float32Array.from(model.idf),
      copy,
      model.temperature,
      model.templateLabels ?? {},
    );
  }
}

export function softmax(scores: Float64Array, temperature: number): Float64Array {
  let max = -Infinity;
  for (const score of scores) if (score > max) max = score;
  let sum = 0;
  const result = new Float64Array(scores.length);
  for (let index = 0; index < scores.length; index++) {
    const value = Math.exp((scores[index]! - max) / temperature);
    result[index] = value;
    sum += value;
  }
  for (let index = 0; index < scores.length; index++) result[index]! /= sum;
  return result;
}

/** Indices of the `count` largest values, largest first (a partial selection, no full sort). */
export function topIndices(values: Float64Array, count: number): number[] {
  const best: number[] = [];
  for (let index = 0; index < values.length; index++) {
    const value = values[index]!;
    if (best.length === count && value <= values[best[count - 1]!]!) continue;
    let position = best.length === count ? count - 1 : best.length;
    while (position > 0 && values[best[position - 1]!]! < value) {
      best[position] = best[position - 1]!;
      position--;
    }
    best[position] = index;
  }
  return best;
}

function softmaxInPlace(scores: Float64Array): Float64Array {
  let max = -Infinity;
  for (const score of scores) if (score > max) max = score;
  let sum = 0;
  for (let index = 0; index < scores.length; index++) {
    const value = Math.exp(scores[index]! - max);
    scores[index] = value;
    sum += value;
  }
  for (let index = 0; index < scores.length; index++) scores[index]! /= sum;
  return scores;
}

export function topPredictions(labels: string[], probabilities: Float64Array, top: number): Prediction[] {
  const order = Array.from(probabilities.keys()).sort((a, b) => probabilities[b]! - probabilities[a]!);
  return order.slice(0, top).map((index) => ({
    label: labels[index]!,
    probability: probabilities[index]!,
    modelLabel: labels[index]!,
  }));
}

/**
 * Trains on the examples in the given (chronological) order: the last `calibrationShare` fits
 * the temperature on a first model, then the final model learns from all examples.
 */
export function trainClassifier(
  examples: TrainingExample[],
  options: {
    parameters?: Partial<ClassifierParameters>;
    featureColumns?: string[];
    onProgress?: ProgressReporter;
  } = {},
): TextClassifier {
  const parameters = { ...DEFAULT_PARAMETERS, ...options.parameters };
  const featureColumns = options.featureColumns ?? [];
  const report = options.onProgress ?? (() => {});
  const columnsOf = (example: TrainingExample) =>
    featureColumns.length
      ? Object.fromEntries(featureColumns.map((column) => [column, example.columns?.[column] ?? '']))
      : undefined;

  report('features', 0, examples.length);
  const raw = examples.map((example, index) => {
    if (index % 500 === 0) report('features', index, examples.length);
    return rawFeatures(example.text, columnsOf(example), parameters);
  });
  const documentFrequency = new Map<string, number>();
  for (const features of raw) {
    for (const name of features.keys()) documentFrequency.set(name, (documentFrequency.get(name) ?? 0) + 1);
  }
  const kept = [...documentFrequency.entries()]
    .filter(([, frequency]) => frequency >= parameters.minDocumentFrequency)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, parameters.maxFeatures);
  const features = kept.map(([name]) => name);
  const idf = Float32Array.from(
    kept,
    ([, frequency]) => Math.log((1 + examples.length) / (1 + frequency)) + 1,
  );

  const templateLabels: Record<string, Record<string, string>> = {};
  const modelLabels = examples.map((example) => {
    const modelLabel = templateLabel(example.label, example.columns, featureColumns);
    if (modelLabel !== example.label) {
      const column = TEMPLATE.exec(modelLabel)![1]!;
      templateLabels[modelLabel] ??= {};
      templateLabels[modelLabel][example.columns![column]!.toLowerCase().trim()] = example.label;
    }
    return modelLabel;
  });
  const labelCounts = new Map<string, number>();
  for (const label of modelLabels) labelCounts.set(label, (labelCounts.get(label) ?? 0) + 1);
  const labels = [...labelCounts.keys()].sort(
    (a, b) => labelCounts.get(b)! - labelCounts.get(a)! || (a < b ? -1 : 1),
  );
  const labelIndex = new Map(labels.map((label, index) => [label, index]));

  const shell = new TextClassifier(
    parameters,
    featureColumns,
    labels,
    features,
    idf,
    new Float32Array((features.length + 1) * labels.length),
    1,
    templateLabels,
  );
  const vectors = raw.map((features) => shell.vectoriseFeatures(features));
  const targets = Int32Array.from(modelLabels, (label) => labelIndex.get(label)!);

  // Calibration without a second full training run: learn from all but the newest examples,
  // fit the temperature on those, then let the model see everything for a few more epochs.
  const calibrationCount = Math.floor(examples.length * parameters.calibrationShare);
  const canCalibrate = calibrationCount >= 20 && examples.length - calibrationCount >= 20;
  const fitCount = canCalibrate ? examples.length - calibrationCount : examples.length;
  fitWeights(
    shell,
    vectors.slice(0, fitCount),
    targets.subarray(0, fitCount),
    parameters,
    parameters.epochs,
    parameters.learningRate,
    (done, total) => report('training', done, total),
  );
  // Complement NB's log-weights are extreme on little data (a made-up off-topic report got 0.75
  // instead of 0.40 on 72 training reports), and without a held-out slice there is no temperature
  // to temper them: below that size the model is the logistic regression alone.
  if (!canCalibrate) parameters.naiveBayesWeight = 0;
  const ensemble =
    parameters.naiveBayesWeight !== 0 || parameters.priorWeight !== 0 || parameters.areaLabelBias !== 0;
  if (canCalibrate) {
    // The temperature is fitted on the model as it will predict (with the ensemble folded in);
    // the logistic regression then goes on learning from its own weights.
    const ownWeights = ensemble ? shell.weights.slice() : undefined;
    if (ensemble) {
      report('naive bayes', 0, 1);
      foldEnsemble(shell, vectors.slice(0, fitCount), targets.subarray(0, fitCount), parameters);
    }
    shell.temperature = fitTemperature(shell, vectors.slice(fitCount), targets.subarray(fitCount));
    if (ownWeights) shell.weights.set(ownWeights);
    fitWeights(
      shell,
      vectors,
      targets,
      parameters,
      parameters.finalEpochs,
      parameters.learningRate / 2,
      (done, total) => report('final epochs', done, total),
    );
  }
  if (ensemble) {
    report('naive bayes', 0, 1);
    foldEnsemble(shell, vectors, targets, parameters);
  }
  report('done', 1, 1);
  return shell;
}

/** Stochastic gradient descent on the softmax cross-entropy, with a decaying learning rate. */
function fitWeights(
  model: TextClassifier,
  vectors: SparseVector[],
  targets: Int32Array,
  parameters: ClassifierParameters,
  epochs: number,
  learningRate: number,
  onEpoch: (done: number, total: number) => void,
): void {
  const labelCount = model.labelCount;
  const weights = model.weights;
  const biasOffset = model.features.length * labelCount;
  const next = random(parameters.seed);
  const order = Int32Array.from(vectors.keys());
  const scores = new Float64Array(labelCount);
  const activeLabels = new Int32Array(labelCount);
  let step = 0;
  const totalSteps = epochs * vectors.length;
  for (let epoch = 0; epoch < epochs; epoch++) {
    onEpoch(epoch, epochs);
    for (let index = order.length - 1; index > 0; index--) {
      const swap = Math.floor(next() * (index + 1));
      [order[index], order[swap]] = [order[swap]!, order[index]!];
    }
    for (const exampleIndex of order) {
      const vector = vectors[exampleIndex]!;
      const rate = learningRate * (1 - step / totalSteps);
      step++;
      const probabilities = softmaxInPlace(model.scores(vector, scores));
      const exampleRate = rate * (1 + (parameters.recencyBoost * exampleIndex) / order.length);
      probabilities[targets[exampleIndex]!]! -= 1;
      // Only labels with a noticeable gradient are updated: after the first epoch that is a handful
      // of the hundreds, which makes an epoch several times faster at no measurable cost.
      let active = 0;
      for (let label = 0; label < labelCount; label++) {
        if (Math.abs(probabilities[label]!) > 1e-4) activeLabels[active++] = label;
      }
      for (let position = 0; position < vector.indices.length; position++) {
        const offset = vector.indices[position]! * labelCount;
        const value = vector.values[position]! * exampleRate;
        for (let slot = 0; slot < active; slot++) {
          const label = activeLabels[slot]!;
          weights[offset + label]! -= value * probabilities[label]!;
        }
      }
      for (let slot = 0; slot < active; slot++) {
        const label = activeLabels[slot]!;
        weights[biasOffset + label]! -= exampleRate * probabilities[label]!;
      }
    }
  }
  onEpoch(epochs, epochs);
}

/**
 * Adds a complement Naive Bayes model (Rennie et al. 2003, on the same TF-IDF vectors), a
 * label-prior tilt and the area-bound classes' bias shift to the logistic regression's weights. Complement NB estimates each label's
 * word distribution from all the other labels' reports, which is steadier for rare labels; its
 * log-weights are centred per feature (a constant per feature changes no ranking).
 */
function foldEnsemble(
  model: TextClassifier,
  vectors: SparseVector[],
  targets: Int32Array,
  parameters: ClassifierParameters,
): void {
  const labelCount = model.labelCount;
  const featureCount = model.features.length;
  const weights = model.weights;
  if (parameters.naiveBayesWeight !== 0) {
    const classSum = new Float32Array(featureCount * labelCount);
    const featureTotal = new Float64Array(featureCount);
    const labelTotal = new Float64Array(labelCount);
    let grandTotal = 0;
    for (let example = 0; example < vectors.length; example++) {
      const { indices, values } = vectors[example]!;
      const label = targets[example]!;
      for (let position = 0; position < indices.length; position++) {
        const feature = indices[position]!;
        const value = values[position]!;
        classSum[feature * labelCount + label]! += value;
        featureTotal[feature]! += value;
        labelTotal[label]! += value;
        grandTotal += value;
      }
    }
    const alpha = parameters.naiveBayesAlpha;
    const logDenominator = Float64Array.from(labelTotal, (total) =>
      Math.log(alpha * featureCount + grandTotal - total),
    );
    const row = new Float64Array(labelCount);
    for (let feature = 0; feature < featureCount; feature++) {
      const offset = feature * labelCount;
      let mean = 0;
      for (let label = 0; label < labelCount; label++) {
        const complement = Math.max(0, featureTotal[feature]! - classSum[offset + label]!);
        // −log θ(complement): a word frequent in the OTHER labels' reports counts against this one
        const weight = logDenominator[label]! - Math.log(alpha + complement);
        row[label] = weight;
        mean += weight;
      }
      mean /= labelCount;
      for (let label = 0; label < labelCount; label++)
        weights[offset + label]! += parameters.naiveBayesWeight * (row[label]! - mean);
    }
  }
  const biasOffset = featureCount * labelCount;
  if (parameters.areaLabelBias !== 0) {
    model.labels.forEach((label, index) => {
      if (TEMPLATE.test(label)) weights[biasOffset + index]! += parameters.areaLabelBias;
    });
  }
  if (parameters.priorWeight !== 0) {
    const counts = new Float64Array(labelCount);
    for (const target of targets) counts[target]! += 1;
    for (let label = 0; label < labelCount; label++) {
      weights[biasOffset + label]! +=
        parameters.priorWeight * Math.log((counts[label]! + 1) / (targets.length + labelCount));
    }
  }
}

/** The softmax temperature minimising the held-out log-loss (golden-section search). */
function fitTemperature(model: TextClassifier, vectors: SparseVector[], targets: Int32Array): number {
  const allScores = vectors.map((vector) => model.scores(vector));
  const logLoss = (temperature: number) => {
    let loss = 0;
    for (let index = 0; index < allScores.length; index++) {
      const probabilities = softmax(allScores[index]!, temperature);
      loss -= Math.log(Math.max(probabilities[targets[index]!]!, 1e-12));
    }
    return loss / allScores.length;
  };
  let low = 0.05;
  let high = 5;
  const ratio = (Math.sqrt(5) - 1) / 2;
  for (let iteration = 0; iteration < 40; iteration++) {
    const left = high - ratio * (high - low);
    const right = low + ratio * (high - low);
    if (logLoss(left) < logLoss(right)) high = right;
    else low = left;
  }
  return Math.round(((low + high) / 2) * 1000) / 1000;
}
