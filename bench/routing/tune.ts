// Tuning on the training period only: train January–July 2022, validate August–September 2022.
// October–December is never read here (it is the evaluation period of bench/routing/run.ts).
//   npx tsx bench/routing/tune.ts '<json list of {label, area, parameters}>'
// Prints figures only, never rows.
import type { ClassifierParameters } from '../../src/modules/insights/index.ts';
import { evaluatePredictions, trainRouter } from '../../src/modules/insights/index.ts';
import { FASTTEXT_DEFAULTISH, type FastTextSettings, runFastText } from './fasttext.ts';
import { AREA, examplesOf, top20Of, trainRows, validRows } from './validation-split.ts';

type Config = {
  label?: string;
  area?: boolean;
  parameters?: Partial<ClassifierParameters>;
  name?: string;
  /** Also measure the CPU time of a suggestion (top 3 + words) on the validation texts. */
  latency?: boolean;
  /** Settings of a fastText run instead of the TypeScript classifier. */
  fasttext?: Partial<FastTextSettings>;
};
const configs: Config[] = JSON.parse(process.argv[2] ?? '[{}]');

for (const config of configs) {
  const label = config.label ?? 'instansi';
  const area = config.area ?? false;
  const train = examplesOf(trainRows, label, area);
  const valid = examplesOf(validRows, label, area);
  const top20 = top20Of(train);
  if (config.fasttext) {
    const run = await runFastText(train, valid, { ...FASTTEXT_DEFAULTISH, ...config.fasttext });
    const result = evaluatePredictions(
      valid.map((example, index) => ({ label: example.label, ranked: run.ranked[index]! })),
      top20,
    );
    console.log(
      JSON.stringify({
        name: config.name ?? JSON.stringify(config.fasttext),
        label,
        ...result,
        cpuS: Math.round(run.trainCpuMs / 100) / 10,
      }),
    );
    continue;
  }
  const cpu = process.cpuUsage();
  const { classifier } = trainRouter({
    examples: train,
    textColumn: 'text',
    labelColumn: label,
    featureColumns: area ? AREA : [],
    source: 'csv',
    description: 'tune',
    skipped: 0,
    parameters: config.parameters,
  });
  const used = process.cpuUsage(cpu);
  const result = evaluatePredictions(
    valid.map((example) => ({
      label: example.label,
      ranked: classifier.predict(example.text, example.columns, 3).map((prediction) => prediction.label),
    })),
    top20,
  );
  let latency: Record<string, number> = {};
  if (config.latency) {
    for (const example of valid.slice(0, 300)) classifier.suggest(example.text, example.columns, 3, 5);
    const cpu: number[] = [];
    for (const example of valid) {
      const before = process.cpuUsage();
      classifier.suggest(example.text, example.columns, 3, 5);
      const used = process.cpuUsage(before);
      cpu.push((used.user + used.system) / 1000);
    }
    cpu.sort((a, b) => a - b);
    latency = { cpuP50: cpu[Math.floor(cpu.length / 2)]!, cpuP99: cpu[Math.floor(cpu.length * 0.99)]! };
  }
  console.log(
    JSON.stringify({
      ...latency,
      name: config.name ?? JSON.stringify(config.parameters ?? {}),
      label,
      area,
      train: train.length,
      ...result,
      features: classifier.features.length,
      cpuS: Math.round((used.user + used.system) / 100_000) / 10,
    }),
  );
}
