// Training time for ~10,000 reports (the budget: under a minute on 2 cores): the 8,690
// reports of the Surabaya 2022 export plus its first 1,310 again, `instansi`, text only and with
// the area columns. Prints wall and CPU seconds (CPU is the fair figure on a shared machine).
//   npx tsx bench/routing/train-time.ts
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { trainRouter } from '../../src/modules/insights/index.ts';

const rows: Record<string, string>[] = parse(
  readFileSync(path.resolve('../shared/data/complaints/surabaya-2022.csv')),
  { columns: true },
);
const labelled = rows.filter((row) => row.text?.trim() && row.instansi?.trim());
const reports = [...labelled, ...labelled].slice(0, 10_000);
for (const featureColumns of [[], ['kecamatan', 'kelurahan']]) {
  let stages = 0;
  const { metadata } = trainRouter({
    examples: reports.map((row) => ({
      text: row.text!,
      label: row.instansi!.trim(),
      columns: Object.fromEntries(featureColumns.map((column) => [column, row[column] ?? ''])),
    })),
    textColumn: 'text',
    labelColumn: 'instansi',
    featureColumns,
    source: 'csv',
    description: 'timing',
    skipped: 0,
    onProgress: () => {
      stages++;
    },
  });
  console.log(
    `${reports.length} reports${featureColumns.length ? ' + area columns' : ''}: ${metadata.featureCount} features, ${Object.keys(metadata.labelCounts).length} labels, wall ${(metadata.trainingMs / 1000).toFixed(1)} s, CPU ${((metadata.trainingCpuMs ?? 0) / 1000).toFixed(1)} s, ${stages} progress reports`,
  );
}
console.log(
  `machine: ${cpus().length} cores, load average ${loadavg()
    .map((value) => value.toFixed(1))
    .join(' ')}`,
);
