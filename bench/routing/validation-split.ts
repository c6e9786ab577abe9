// The validation slice of the training period, shared by tune.ts and explore.ts: train
// January–July 2022, validate August–September 2022. October–December is never read here (it is
// the evaluation period of bench/routing/run.ts).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import type { TrainingExample } from '../../src/modules/insights/index.ts';
import { labelCounts } from '../../src/modules/insights/index.ts';

type Row = Record<string, string>;
const rows: Row[] = parse(readFileSync(path.resolve('../shared/data/complaints/surabaya-2022.csv')), {
  columns: true,
});
rows.sort((a, b) =>
  a.tanggal_keluhan! < b.tanggal_keluhan! ? -1 : a.tanggal_keluhan! > b.tanggal_keluhan! ? 1 : 0,
);
export const trainRows = rows.filter((row) => row.tanggal_keluhan! < '2022-08-01');
export const validRows = rows.filter(
  (row) => row.tanggal_keluhan! >= '2022-08-01' && row.tanggal_keluhan! < '2022-10-01',
);

export const AREA = ['kecamatan', 'kelurahan'];

/** The rows with a text and a label, as training examples (with the area columns if asked). */
export const examplesOf = (data: Row[], label: string, area: boolean): TrainingExample[] =>
  data
    .filter((row) => row.text?.trim() && row[label]?.trim())
    .map((row) => ({
      text: row.text!.trim(),
      label: row[label]!.trim(),
      columns: area ? Object.fromEntries(AREA.map((column) => [column, row[column] ?? ''])) : {},
    }));

/** The 20 most frequent labels, by count then name (the order of the model's top20Labels). */
export const top20Of = (examples: TrainingExample[]): string[] =>
  Object.entries(labelCounts(examples))
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, 20)
    .map(([name]) => name);
