// Routing benchmark: the time split of the Surabaya 2022 export (train January–September,
// evaluate October–December), through the real CLI, against a majority-class and a keyword-rule
// baseline, for `instansi` and `topik`; plus training time and prediction latency.
//   npx tsx bench/routing/run.ts            (both labels, with and without area columns)
// Personal data: the split files go to the OS temporary folder and are deleted; nothing but
// counts and figures is printed.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { evaluatePredictions, loadModel, normaliseText } from '../../src/modules/insights/index.ts';
import { FASTTEXT_DEFAULTISH, runFastText } from './fasttext.ts';

const DATA = path.resolve('../shared/data/complaints/surabaya-2022.csv');
if (!existsSync(DATA)) {
  console.error(`Skipped: ${DATA} is absent (the Surabaya 2022 export is not in this checkout's ../shared).`);
  process.exit(0);
}

type Row = Record<string, string>;
const rows: Row[] = parse(readFileSync(DATA), { columns: true });
rows.sort((a, b) =>
  a.tanggal_keluhan! < b.tanggal_keluhan! ? -1 : a.tanggal_keluhan! > b.tanggal_keluhan! ? 1 : 0,
);
const train = rows.filter((row) => row.tanggal_keluhan! < '2022-10-01');
const test = rows.filter((row) => row.tanggal_keluhan! >= '2022-10-01');

const work = mkdtempSync(path.join(tmpdir(), 'terpadu-routing-'));
const csvCell = (value: string) => (/[",\n\r]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);
function writeCsv(file: string, data: Row[]) {
  const columns = ['text', 'instansi', 'topik', 'kecamatan', 'kelurahan'];
  const lines = [
    columns.join(','),
    ...data.map((row) => columns.map((column) => csvCell(row[column] ?? '')).join(',')),
  ];
  writeFileSync(file, `${lines.join('\n')}\n`);
}
const trainFile = path.join(work, 'train.csv');
const testFile = path.join(work, 'test.csv');
writeCsv(trainFile, train);
writeCsv(testFile, test);
console.log(
  `split: ${train.length} training reports (Jan–Sep 2022), ${test.length} evaluation reports (Oct–Dec 2022)`,
);

function cli(args: string[]): { stdout: string; ms: number } {
  const started = performance.now();
  const result = spawnSync(process.execPath, ['bin/terpadu.js', 'router', ...args], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (result.status !== 0) throw new Error(`terpadu router ${args[0]} exited ${result.status}`);
  return { stdout: result.stdout, ms: performance.now() - started };
}

function countLabels(data: Row[], column: string) {
  const counts = new Map<string, number>();
  for (const row of data) {
    const label = row[column]?.trim();
    if (label) counts.set(label, (counts.get(label) ?? 0) + 1);
  }
  // the order of the model's metadata (top20Labels): by count, then by name
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([label]) => label);
}

/** The evaluation rows that have a label (the CLI skips the others, e.g. 52 without a topik). */
const labelledTest = (column: string) => test.filter((row) => row.text?.trim() && row[column]?.trim());

/** Always the most frequent training labels, in order. */
function majorityBaseline(column: string) {
  const ranked = countLabels(train, column);
  return evaluatePredictions(
    labelledTest(column).map((row) => ({ label: row[column]!.trim(), ranked: ranked.slice(0, 3) })),
    ranked.slice(0, 20),
  );
}

/**
 * Keyword rules: a label's keywords are the distinctive words of its own name (e.g. "Dinas
 * Perhubungan" → perhubungan) plus a short hand-written list for the common agencies; a report
 * goes to the labels whose keywords it contains most, else to the most frequent labels.
 */
const HAND_RULES: Record<string, string[]> = {
  'Dinas Sumber Daya Air dan Bina Marga': [
    'jalan',
    'saluran',
    'banjir',
    'genangan',
    'got',
    'aspal',
    'paving',
    'gorong',
  ],
  'Dinas Lingkungan Hidup': ['sampah', 'pohon', 'taman', 'limbah', 'bau', 'polusi'],
  'Dinas Perhubungan': ['parkir', 'lalu', 'lintas', 'angkot', 'bus', 'rambu', 'macet', 'traffic'],
  'Dinas Kependudukan dan Pencatatan Sipil': ['ktp', 'kk', 'akta', 'kependudukan', 'domisili', 'nik'],
  'Dinas Sosial': ['bansos', 'bantuan', 'pkh', 'miskin', 'mbr', 'sembako', 'blt'],
  'Dinas Pendidikan': ['sekolah', 'ppdb', 'guru', 'siswa', 'murid', 'sd', 'smp'],
  'Dinas Kesehatan': ['puskesmas', 'bpjs', 'sakit', 'vaksin', 'kesehatan', 'dokter'],
  'Satuan Polisi Pamong Praja': ['pkl', 'satpol', 'liar', 'bangunan', 'reklame'],
};
const STOP = new Set([
  'dinas',
  'dan',
  'badan',
  'bagian',
  'serta',
  'kota',
  'surabaya',
  'daerah',
  'umum',
  'di',
  'ke',
  'dari',
  'yang',
]);
function keywordBaseline(column: string) {
  const ranked = countLabels(train, column);
  const keywords = new Map<string, string[]>(
    ranked.map((label) => [
      label,
      [
        ...normaliseText(label).filter((word) => word.length > 2 && !STOP.has(word)),
        ...(HAND_RULES[label] ?? []),
      ],
    ]),
  );
  const frequency = new Map(ranked.map((label, index) => [label, index]));
  const scored = labelledTest(column).map((row) => {
    const words = new Set(normaliseText(row.text!));
    const hits = [...keywords.entries()]
      .map(([label, list]) => ({ label, hits: list.filter((word) => words.has(word)).length }))
      .filter((entry) => entry.hits > 0)
      .sort((a, b) => b.hits - a.hits || frequency.get(a.label)! - frequency.get(b.label)!)
      .map((entry) => entry.label);
    const ranking = [...new Set([...hits, ...ranked])].slice(0, 3);
    return { label: row[column]!.trim(), ranked: ranking };
  });
  return evaluatePredictions(scored, ranked.slice(0, 20));
}

function percentile(values: number[], share: number) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * share))]!;
}

const table: string[] = [
  '| label | method | accuracy | top3 | macroF1 | top20Accuracy | train wall / CPU (s) | predict CPU p50 / p99 (ms) |',
  '|---|---|---:|---:|---:|---:|---:|---:|',
];
const latencyLines: string[] = [
  '| model | normaliser alone, CPU p50 / p99 (ms) | suggestion (top 3 + words), CPU p50 / p99 (ms) | p99 ratio | suggestion wall p50 / p99 (ms) |',
  '|---|---:|---:|---:|---:|',
];
const fmt = (value: number) => value.toFixed(3);
for (const column of ['instansi', 'topik']) {
  const majority = majorityBaseline(column);
  table.push(
    `| ${column} | majority class | ${fmt(majority.accuracy)} | ${fmt(majority.top3)} | ${fmt(majority.macroF1)} | ${fmt(majority.top20Accuracy)} | – | – |`,
  );
  const keyword = keywordBaseline(column);
  table.push(
    `| ${column} | keyword rules | ${fmt(keyword.accuracy)} | ${fmt(keyword.top3)} | ${fmt(keyword.macroF1)} | ${fmt(keyword.top20Accuracy)} | – | – |`,
  );
  // Supervised fastText on the same split (bench-only dependency), plain text and our tokens.
  const fastTextTrain = train
    .filter((row) => row.text?.trim() && row[column]?.trim())
    .map((row) => ({ text: row.text!, label: row[column]!.trim() }));
  const fastTextTest = labelledTest(column).map((row) => ({ text: row.text!, label: row[column]!.trim() }));
  for (const input of ['plain', 'normalised'] as const) {
    const run = await runFastText(fastTextTrain, fastTextTest, { ...FASTTEXT_DEFAULTISH, input });
    const result = evaluatePredictions(
      fastTextTest.map((example, index) => ({ label: example.label, ranked: run.ranked[index]! })),
      countLabels(
        train.filter((row) => row.text?.trim()),
        column,
      ).slice(0, 20),
    );
    table.push(
      `| ${column} | fastText (epoch 25, lr 0.5, word bigrams, ${input === 'plain' ? 'plain text' : 'our normaliser'}) | ${fmt(result.accuracy)} | ${fmt(result.top3)} | ${fmt(result.macroF1)} | ${fmt(result.top20Accuracy)} | ${(run.trainWallMs / 1000).toFixed(1)} / ${(run.trainCpuMs / 1000).toFixed(1)} | ${percentile(run.cpuLatencies, 0.5).toFixed(2)} / ${percentile(run.cpuLatencies, 0.99).toFixed(2)} |`,
    );
  }
  for (const featureColumns of ['', 'kecamatan,kelurahan']) {
    const modelDir = path.join(work, `model-${column}-${featureColumns ? 'area' : 'text'}`);
    const extra = featureColumns ? ['--feature-columns', featureColumns] : [];
    const trained = cli([
      'train',
      '--csv',
      trainFile,
      '--text-column',
      'text',
      '--label-column',
      column,
      '--out',
      modelDir,
      ...extra,
    ]);
    const evaluated = cli([
      'evaluate',
      '--csv',
      testFile,
      '--text-column',
      'text',
      '--label-column',
      column,
      '--model',
      modelDir,
      ...extra,
    ]);
    const lines = evaluated.stdout.trim().split('\n');
    const result = JSON.parse(lines[lines.length - 1]!);
    const model = await loadModel(modelDir);
    // CPU time per suggestion as the product makes it, in a process of its own (latency.ts).
    const timing = spawnSync(
      process.execPath,
      ['--single-threaded', '--import', 'tsx', 'bench/routing/latency.ts', modelDir, testFile],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
    );
    if (timing.status !== 0) throw new Error(`latency.ts exited ${timing.status}`);
    const latency = JSON.parse(timing.stdout.trim().split('\n').pop()!);
    const cpuP50 = latency.suggestionP50 as number;
    const cpuP99 = latency.suggestionP99 as number;
    const ms = (value: number) => value.toFixed(2);
    latencyLines.push(
      `| ${column}${featureColumns ? ' + area' : ''} | ${ms(latency.normaliserP50)} / ${ms(latency.normaliserP99)} | ${ms(cpuP50)} / ${ms(cpuP99)} (max ${ms(latency.suggestionMax)}) | ${(cpuP99 / Math.max(latency.normaliserP99, 0.001)).toFixed(1)}× | ${ms(latency.wallP50)} / ${ms(latency.wallP99)} |`,
    );
    table.push(
      `| ${column} | TF-IDF + logistic regression + complement NB${featureColumns ? ' + area columns' : ''} | ${fmt(result.accuracy)} | ${fmt(result.top3)} | ${fmt(result.macroF1)} | ${fmt(result.top20Accuracy)} | ${(model.metadata.trainingMs / 1000).toFixed(1)} / ${((model.metadata.trainingCpuMs ?? 0) / 1000).toFixed(1)} | ${cpuP50.toFixed(2)} / ${cpuP99.toFixed(2)} |`,
    );
    console.error(
      `${column}${featureColumns ? ' +area' : ''}: CLI train ${(trained.ms / 1000).toFixed(1)} s wall`,
    );
    // The "done" check on a made-up report (not from the data): a broken road.
    const road = model.classifier.predict('Jalan rusak dan berlubang di depan SD, mohon segera diperbaiki', {
      kecamatan: 'Karang Pilang',
      kelurahan: 'Karang Pilang',
    });
    const top = road.map((item) => `${item.label} ${(item.probability * 100).toFixed(0)}%`).join('; ');
    console.log(`${column}${featureColumns ? ' +area' : ''}, "jalan rusak dan berlubang": ${top}`);
  }
}
rmSync(work, { recursive: true, force: true });
console.log(table.join('\n'));
console.log('');
console.log(latencyLines.join('\n'));
console.log(
  `machine: ${cpus().length} cores, load average ${loadavg()
    .map((value) => value.toFixed(1))
    .join(' ')}`,
);
