import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AppError } from '../../platform/http/errors.ts';
import type { TrainingExample } from './classifier.ts';
import { evaluatePredictions } from './metrics.ts';
import { loadModel, saveModel } from './model-files.ts';
import { evaluateRouter, trainRouter } from './router.ts';
import { parseLabelledCsv, readLabelledCsv } from './training-data.ts';

const SURABAYA = path.resolve('../shared/data/complaints/surabaya-2022.csv');
const hasData = existsSync(SURABAYA);
if (!hasData)
  console.warn(`Skipping the Surabaya sample tests: ${SURABAYA} is absent (../shared not checked out).`);

const work = await mkdtemp(path.join(tmpdir(), 'terpadu-router-'));
afterAll(() => rm(work, { recursive: true, force: true }));

const COLUMNS = { textColumn: 'text', labelColumn: 'instansi', featureColumns: [] };

function problemOf(run: () => unknown): { code: string; detail: string } {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(AppError);
    return { code: (error as AppError).code, detail: (error as AppError).detail ?? '' };
  }
  throw new Error('expected an error');
}

describe('the metrics the CLI prints', () => {
  it('counts top-1, top-3, macro-F1 and top-1 within the 20 most frequent training labels', () => {
    const result = evaluatePredictions(
      [
        { label: 'a', ranked: ['a', 'b', 'c'] },
        { label: 'a', ranked: ['b', 'a', 'c'] },
        { label: 'b', ranked: ['b', 'a', 'c'] },
        { label: 'rare', ranked: ['a', 'b', 'c'] },
      ],
      ['a', 'b'],
    );
    expect(result).toMatchObject({ n: 4, accuracy: 0.5, top3: 0.75, top20Accuracy: 0.6667 });
    // F1: a = 2·1/(2+2) = 0.5, b = 2·1/(2+1) = 0.667, rare = 0 → mean 0.3889
    expect(result.macroF1).toBeCloseTo(0.3889, 3);
  });
});

describe.runIf(hasData)('training on a sample of the Surabaya 2022 export', () => {
  it('learns routing well above the majority class, and a saved model predicts the same after loading', async () => {
    const all = await readLabelledCsv(SURABAYA, { ...COLUMNS, featureColumns: ['tanggal_keluhan'] });
    const month = (example: TrainingExample) => example.columns!.tanggal_keluhan!.slice(0, 7);
    const trainingSet = all.examples.filter((example) => month(example) <= '2022-02');
    const evaluationSet = all.examples.filter((example) => month(example) === '2022-03').slice(0, 300);
    const { classifier, metadata } = trainRouter({
      examples: trainingSet,
      ...COLUMNS,
      source: 'csv',
      description: 'sample',
      skipped: 0,
    });
    const directory = path.join(work, 'sample-model');
    await saveModel(directory, classifier, metadata);
    const loaded = await loadModel(directory);
    const evaluation = evaluateRouter(loaded, evaluationSet);
    const majority =
      Math.max(
        ...Object.values(
          evaluationSet.reduce<Record<string, number>>((counts, example) => {
            counts[example.label] = (counts[example.label] ?? 0) + 1;
            return counts;
          }, {}),
        ),
      ) / evaluationSet.length;
    expect(evaluation.n).toBe(300);
    expect(evaluation.accuracy).toBeGreaterThan(majority + 0.3);
    expect(evaluation.top3).toBeGreaterThan(evaluation.accuracy);
    expect(loaded.metadata.top20Labels).toHaveLength(20);
    const sample = evaluationSet[0]!.text;
    expect(loaded.classifier.predict(sample)).toEqual(classifier.predict(sample));
    const probabilities = loaded.classifier.predict(sample, undefined, loaded.classifier.labels.length);
    expect(probabilities.reduce((sum, prediction) => sum + prediction.probability, 0)).toBeCloseTo(1, 5);
  }, 60_000);
});

describe('bad training data is refused with the problem named', () => {
  it.each([
    ['an empty file', '', 'is empty'],
    ['a header without rows', 'text,instansi\n', 'no rows'],
    ['malformed CSV', 'text,instansi\n"jalan rusak,Dinas A\n', 'not well-formed CSV'],
    ['a row with too many cells', 'text,instansi\njalan,Dinas A,extra\n', 'not well-formed CSV'],
    ['a missing label column', 'text,topik\njalan rusak,Jalan\n', 'no column "instansi"'],
  ])('%s', (_name, content, message) => {
    const problem = problemOf(() => parseLabelledCsv(content, COLUMNS, 'data.csv'));
    expect(problem.code).toBe('TRAINING_DATA_INVALID');
    expect(problem.detail).toContain(message);
  });

  it('a single label', () => {
    const csv = `text,instansi\n${Array.from({ length: 12 }, (_, index) => `jalan rusak ${index},Dinas A`).join('\n')}\n`;
    const data = parseLabelledCsv(csv, COLUMNS);
    const problem = problemOf(() =>
      trainRouter({ examples: data.examples, ...COLUMNS, source: 'csv', description: 'x', skipped: 0 }),
    );
    expect(problem.detail).toContain('only one label (Dinas A)');
  });

  it('text that is not UTF-8', async () => {
    const file = path.join(work, 'latin1.csv');
    await writeFile(
      file,
      Buffer.concat([
        Buffer.from('text,instansi\nJalan di '),
        Buffer.from([0xe9, 0xff]),
        Buffer.from(',Dinas A\n'),
      ]),
    );
    await expect(readLabelledCsv(file, COLUMNS)).rejects.toMatchObject({
      code: 'TRAINING_DATA_INVALID',
      detail: expect.stringContaining('not valid UTF-8'),
    });
  });

  it('a file that does not exist', async () => {
    await expect(readLabelledCsv(path.join(work, 'nope.csv'), COLUMNS)).rejects.toMatchObject({
      detail: expect.stringContaining('ENOENT'),
    });
  });
});

describe('a damaged model directory is refused with the file named', () => {
  const examples: TrainingExample[] = [
    ...Array.from({ length: 10 }, (_, index) => ({
      text: `jalan berlubang rusak nomor ${index}`,
      label: 'Dinas A',
    })),
    ...Array.from({ length: 10 }, (_, index) => ({
      text: `puskesmas antre obat nomor ${index}`,
      label: 'Dinas B',
    })),
  ];
  async function freshModel(name: string) {
    const { classifier, metadata } = trainRouter({
      examples,
      ...COLUMNS,
      source: 'csv',
      description: 'x',
      skipped: 0,
    });
    const directory = path.join(work, name);
    await saveModel(directory, classifier, metadata);
    return directory;
  }

  it('weights altered after saving', async () => {
    const directory = await freshModel('altered');
    const weights = await readFile(path.join(directory, 'weights.bin'));
    weights[weights.length - 1]! ^= 0xff;
    await writeFile(path.join(directory, 'weights.bin'), weights);
    await expect(loadModel(directory)).rejects.toMatchObject({
      code: 'MODEL_INVALID',
      detail: expect.stringContaining('weights.bin does not match its checksum'),
    });
  });

  it('a missing model file, and a directory that is not a model', async () => {
    const directory = await freshModel('missing');
    await unlink(path.join(directory, 'model.json'));
    await expect(loadModel(directory)).rejects.toMatchObject({
      detail: expect.stringContaining('model.json is missing'),
    });
    await expect(loadModel(work)).rejects.toMatchObject({
      detail: expect.stringContaining('metadata.json is missing'),
    });
  });

  it('a model that loads predicts the trained label', async () => {
    const loaded = await loadModel(await freshModel('good'));
    expect(loaded.classifier.predict('jalan depan rumah berlubang')[0]!.label).toBe('Dinas A');
  });
});
