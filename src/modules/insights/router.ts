import {
  type ClassifierParameters,
  type ProgressReporter,
  type TextClassifier,
  type TrainingExample,
  trainClassifier,
} from './classifier.ts';
import type { Evaluation, ModelMetadata } from './insights.contracts.ts';
import { evaluatePredictions } from './metrics.ts';
import type { LoadedModel } from './model-files.ts';
import { checkTrainable } from './training-data.ts';

export type TrainingRequest = {
  examples: TrainingExample[];
  textColumn: string;
  labelColumn: string;
  featureColumns: string[];
  source: ModelMetadata['trainingData']['source'];
  description: string;
  skipped: number;
  parameters?: Partial<ClassifierParameters> | undefined;
  onProgress?: ProgressReporter | undefined;
  now?: Date;
};

export function labelCounts(examples: TrainingExample[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const example of examples) counts[example.label] = (counts[example.label] ?? 0) + 1;
  return counts;
}

function mostFrequent(counts: Record<string, number>, top: number): string[] {
  return Object.entries(counts)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, top)
    .map(([label]) => label);
}

const cpuMs = (usage: NodeJS.CpuUsage) => Math.round((usage.user + usage.system) / 1000);

/** Trains one model and describes it; the caller saves it (model-files.ts). */
export function trainRouter(request: TrainingRequest): {
  classifier: TextClassifier;
  metadata: Omit<ModelMetadata, 'files'>;
} {
  checkTrainable(request.examples);
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  const classifier = trainClassifier(request.examples, {
    parameters: request.parameters,
    featureColumns: request.featureColumns,
    onProgress: request.onProgress,
  });
  const counts = labelCounts(request.examples);
  return {
    classifier,
    metadata: {
      format: 'terpadu-router/1',
      createdAt: (request.now ?? new Date()).toISOString(),
      textColumn: request.textColumn,
      labelColumn: request.labelColumn,
      featureColumns: request.featureColumns,
      trainingData: {
        source: request.source,
        description: request.description,
        rows: request.examples.length,
        skipped: request.skipped,
      },
      labelCounts: counts,
      top20Labels: mostFrequent(counts, 20),
      parameters: { ...classifier.parameters },
      featureCount: classifier.features.length,
      temperature: classifier.temperature,
      trainingMs: Math.round(performance.now() - started),
      trainingCpuMs: cpuMs(process.cpuUsage(cpuBefore)),
      evaluation: null,
    },
  };
}

/** Scores a model on labelled examples; area columns come from the examples by the model's names. */
export function evaluateRouter(model: LoadedModel, examples: TrainingExample[]): Evaluation {
  const scored = examples.map((example) => ({
    label: example.label,
    ranked: model.classifier.predict(example.text, example.columns, 3).map((prediction) => prediction.label),
  }));
  return evaluatePredictions(scored, model.metadata.top20Labels);
}

/** Progress on stderr: one rewritten line on a terminal, a line per stage step otherwise. */
export function stderrProgress(): ProgressReporter {
  let last = '';
  return (stage, done, total) => {
    const percent = total ? Math.round((done / total) * 100) : 100;
    const line = `${stage} ${percent}%`;
    if (line === last) return;
    last = line;
    if (process.stderr.isTTY) process.stderr.write(`\r\x1b[2K… ${line}${stage === 'done' ? '\n' : ''}`);
    else process.stderr.write(`${line}\n`);
  };
}
