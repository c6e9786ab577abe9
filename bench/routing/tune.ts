// Tuning on the training period only: train January–July 2022, validate August–September 2022.
// October–December is never read here (it is the evaluation period of bench/routing/run.ts).
//   npx tsx bench/routing/tune.ts '<json list of {label, area, parameters}>'
// Prints figures only, never rows.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import type { ClassifierParameters, TrainingExample } from '../../src/modules/insights/index.ts';
import { evaluatePredictions, labelCounts, trainRouter } from '../../src/modules/insights/index.ts';
import { FASTTEXT_DEFAULTISH, type FastTextSettings, runFastText } from './fasttext.ts';

type Row = Record<string, string>;
const rows: Row[] = parse(readFileSync(path.resolve('../shared/data/complaints/surabaya-2022.csv')), {
  columns: true,
});
rows.sort((a, b) =>
  a.tanggal_keluhan! < b.tanggal_keluhan! ? -1 : a.tanggal_keluhan! > b.tanggal_keluhan! ? 1 : 0,
);
const trainRows = rows.filter((row) => row.tanggal_keluhan! < '2022-08-01');
const validRows = rows.filter(
  (row) => row.tanggal_keluhan! >= '2022-08-01' && row.tanggal_keluhan! < '2022-10-01',
);

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
const AREA = ['kecamatan', 'kelurahan'];
const examplesOf = (data: Row[], label: string, area: boolean): TrainingExample[] =>
  data
    .filter((row) => row.text?.trim() && row[label]?.trim())
    .map((row) => ({
      text: row.text!.trim(),
      label: row[label]!.trim(),
      columns: area ? Object.fromEntries(AREA.map((column) => [column, row[column] ?? ''])) : {},
    }));

for (const config of configs) {
  const label = config.label ?? 'instansi';
  const area = config.area ?? false;
  const train = examplesOf(trainRows, label, area);
  const valid = examplesOf(validRows, label, area);
  const counts = labelCounts(train);
  const top20 = Object.entries(counts)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, 20)
    .map(([name]) => name);
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
