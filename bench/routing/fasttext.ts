// Supervised fastText (fasttext.wasm.js: fastText 0.9 compiled to WebAssembly, one thread) on
// the same examples as the TypeScript classifier, for comparison in bench/routing/run.ts.
// Bench-only: fasttext.wasm.js is a devDependency, not used by the platform.
import { getFastTextClass, getFastTextModule } from 'fasttext.wasm.js';
import { tokenise } from '../../src/modules/insights/index.ts';

export type FastTextSettings = {
  /** 'plain': lower case, split on anything not a letter or digit; 'normalised': our tokeniser. */
  input: 'plain' | 'normalised';
  epoch: number;
  lr: number;
  wordNgrams: number;
  dim: number;
  minn: number;
  maxn: number;
};

/** The usual starting point of fastText's supervised tutorial (epoch 25, lr 0.5, bigrams). */
export const FASTTEXT_DEFAULTISH: FastTextSettings = {
  input: 'plain',
  epoch: 25,
  lr: 0.5,
  wordNgrams: 2,
  dim: 100,
  minn: 0,
  maxn: 0,
};

type Example = { text: string; label: string };

const prepare = (text: string, input: FastTextSettings['input']) =>
  input === 'normalised'
    ? tokenise(text).join(' ')
    : text
        .toLowerCase()
        .replace(/[^\p{L}\p{N}]+/gu, ' ')
        .trim();

/** fastText labels cannot hold spaces: each label gets a numbered token. */
export async function runFastText(
  train: Example[],
  test: Example[],
  settings: FastTextSettings,
): Promise<{
  ranked: string[][];
  trainWallMs: number;
  trainCpuMs: number;
  cpuLatencies: number[];
}> {
  const labels = [...new Set(train.map((example) => example.label))];
  const id = new Map(labels.map((label, index) => [label, `__label__${index}`]));
  const lines = train.map((example) => `${id.get(example.label)} ${prepare(example.text, settings.input)}`);
  const url = `data:text/plain;base64,${Buffer.from(`${lines.join('\n')}\n`).toString('base64')}`;
  const FastText = await getFastTextClass({ getFastTextModule });
  const fastText = new FastText();
  const started = performance.now();
  const cpu = process.cpuUsage();
  const { input: _input, ...kwargs } = settings;
  // biome-ignore lint/suspicious/noExplicitAny: the package types the model as unknown
  const model: any = await fastText.trainSupervised(
    url,
    { ...kwargs, loss: 'softmax', verbose: 0, seed: 42, thread: 1 },
    () => {},
  );
  const used = process.cpuUsage(cpu);
  const trainWallMs = performance.now() - started;
  const ranked: string[][] = [];
  const cpuLatencies: number[] = [];
  for (const example of test) {
    const before = process.cpuUsage();
    const predictions = model.predict(prepare(example.text, settings.input), 3, 0);
    const top: string[] = [];
    for (let index = 0; index < predictions.size(); index++) {
      const [, label] = predictions.get(index) as [number, string];
      top.push(labels[Number(label.slice('__label__'.length))]!);
    }
    const after = process.cpuUsage(before);
    cpuLatencies.push((after.user + after.system) / 1000);
    ranked.push(top);
  }
  return { ranked, trainWallMs, trainCpuMs: (used.user + used.system) / 1000, cpuLatencies };
}
