import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPOSITORY_ROOT, runCli } from './cli-harness.ts';

/**
 * `terpadu router train|evaluate`, the interface kept stable for outside use: files in, a model
 * directory out, and one JSON line of figures. Neither command touches the database.
 */
const SURABAYA = path.join(REPOSITORY_ROOT, '../shared/data/complaints/surabaya-2022.csv');
const hasData = existsSync(SURABAYA);
if (!hasData) console.warn(`Skipping the CLI run on the Surabaya sample: ${SURABAYA} is absent.`);

let work: string;
let environment: Record<string, string>;
beforeAll(async () => {
  work = await mkdtemp(path.join(tmpdir(), 'terpadu-router-cli-'));
  environment = { PATH: process.env.PATH ?? '', HOME: work, DATA_DIR: work, LOG_LEVEL: 'warn' };
});
afterAll(() => rm(work, { recursive: true, force: true }));

const csvCell = (value: string) => (/[",\n\r]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);
async function writeCsv(name: string, rows: Array<Record<string, string>>, columns: string[]) {
  const file = path.join(work, name);
  const lines = [
    columns.join(','),
    ...rows.map((row) => columns.map((column) => csvCell(row[column] ?? '')).join(',')),
  ];
  await writeFile(file, `${lines.join('\n')}\n`);
  return file;
}

describe.runIf(hasData)('training and evaluating on a sample of the Surabaya export', () => {
  it('trains with progress on stderr and prints the figures as the last stdout line', async () => {
    const rows: Array<Record<string, string>> = parse(readFileSync(SURABAYA), { columns: true });
    const columns = ['text', 'instansi', 'kecamatan', 'kelurahan'];
    const train = await writeCsv(
      'train.csv',
      rows.filter((row) => row.tanggal_keluhan!.startsWith('2022-01')),
      columns,
    );
    const test = await writeCsv(
      'test.csv',
      rows.filter((row) => row.tanggal_keluhan!.startsWith('2022-02')).slice(0, 200),
      columns,
    );
    const modelDir = path.join(work, 'model');
    const area = ['--feature-columns', 'kecamatan,kelurahan'];
    const trained = await runCli(
      [
        'router',
        'train',
        '--csv',
        train,
        '--text-column',
        'text',
        '--label-column',
        'instansi',
        '--out',
        modelDir,
        ...area,
      ],
      environment,
    );
    expect(trained.code, trained.stderr).toBe(0);
    expect(trained.stderr).toMatch(/training \d+%/);
    expect(existsSync(path.join(modelDir, 'metadata.json'))).toBe(true);

    const evaluated = await runCli(
      [
        'router',
        'evaluate',
        '--csv',
        test,
        '--text-column',
        'text',
        '--label-column',
        'instansi',
        '--model',
        modelDir,
      ],
      environment,
    );
    expect(evaluated.code, evaluated.stderr).toBe(0);
    const lines = evaluated.stdout.trim().split('\n');
    const figures = JSON.parse(lines[lines.length - 1]!);
    expect(Object.keys(figures)).toEqual(['n', 'accuracy', 'top3', 'macroF1', 'top20Accuracy']);
    expect(figures.n).toBe(200);
    expect(figures.accuracy).toBeGreaterThan(0.4);
    expect(figures.top3).toBeGreaterThanOrEqual(figures.accuracy);
  }, 60_000);
});

describe('bad input: exit code 1 and the problem named', () => {
  const goodRows = [
    ...Array.from({ length: 8 }, (_, index) => ({
      text: `jalan rusak berlubang ${index}`,
      instansi: 'Dinas A',
    })),
    ...Array.from({ length: 8 }, (_, index) => ({
      text: `antrean puskesmas lama ${index}`,
      instansi: 'Dinas B',
    })),
  ];

  it('a missing column', async () => {
    const file = await writeCsv('no-label.csv', goodRows, ['text']);
    const result = await runCli(
      [
        'router',
        'train',
        '--csv',
        file,
        '--text-column',
        'text',
        '--label-column',
        'instansi',
        '--out',
        path.join(work, 'x'),
      ],
      environment,
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('no column "instansi"');
    expect(existsSync(path.join(work, 'x'))).toBe(false);
  });

  it('a single label', async () => {
    const file = await writeCsv(
      'one-label.csv',
      goodRows.map((row) => ({ ...row, instansi: 'Dinas A' })),
      ['text', 'instansi'],
    );
    const result = await runCli(
      [
        'router',
        'train',
        '--csv',
        file,
        '--text-column',
        'text',
        '--label-column',
        'instansi',
        '--out',
        path.join(work, 'y'),
      ],
      environment,
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('only one label');
  });

  it('a model directory that does not hold a model', async () => {
    const file = await writeCsv('good.csv', goodRows, ['text', 'instansi']);
    const result = await runCli(
      [
        'router',
        'evaluate',
        '--csv',
        file,
        '--text-column',
        'text',
        '--label-column',
        'instansi',
        '--model',
        path.join(work, 'missing-model'),
      ],
      environment,
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('metadata.json is missing');
    expect(result.stdout).toBe('');
  });
});
