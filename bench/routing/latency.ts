// CPU time of one routing suggestion (top 3 labels with the words behind each, as the officer's
// panel shows them) over every text of an evaluation CSV, against the text normaliser alone on
// the same texts. Started by bench/routing/run.ts as
//   node --single-threaded --import tsx bench/routing/latency.ts MODEL_DIR TEST_CSV
// `--single-threaded` runs V8's garbage collector and compiler on the main thread: then the
// process CPU time is the time the request's thread spends (pauses included), without the
// tick-sampled time of background threads that process.cpuUsage() otherwise adds at random.
// Prints one JSON line of figures (no text).
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { loadModel, tokenise } from '../../src/modules/insights/index.ts';

const [modelDir, csvFile] = process.argv.slice(2);
const rows: Record<string, string>[] = parse(readFileSync(csvFile!), { columns: true });
const { classifier } = await loadModel(modelDir!);
const columnsOf = (row: Record<string, string>) =>
  Object.fromEntries(classifier.featureColumns.map((column) => [column, row[column] ?? '']));

const cpuMs = (usage: NodeJS.CpuUsage) => (usage.user + usage.system) / 1000;
const percentile = (values: number[], share: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * share))]!;
};

// The model is loaded once per process: warm up as a running service would be.
for (const row of rows.slice(0, 300)) classifier.suggest(row.text!, columnsOf(row), 3, 5);
const normaliser: number[] = [];
const suggestion: number[] = [];
const wall: number[] = [];
for (const row of rows) {
  const columns = columnsOf(row);
  let before = process.cpuUsage();
  tokenise(row.text!);
  normaliser.push(cpuMs(process.cpuUsage(before)));
  before = process.cpuUsage();
  const started = performance.now();
  classifier.suggest(row.text!, columns, 3, 5);
  wall.push(performance.now() - started);
  suggestion.push(cpuMs(process.cpuUsage(before)));
}
console.log(
  JSON.stringify({
    n: rows.length,
    normaliserP50: percentile(normaliser, 0.5),
    normaliserP99: percentile(normaliser, 0.99),
    suggestionP50: percentile(suggestion, 0.5),
    suggestionP99: percentile(suggestion, 0.99),
    suggestionMax: Math.max(...suggestion),
    wallP50: percentile(wall, 0.5),
    wallP99: percentile(wall, 0.99),
  }),
);
