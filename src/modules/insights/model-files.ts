import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { AppError } from '../../platform/http/errors.ts';
import { type SerialisedModel, TextClassifier } from './classifier.ts';
import { ModelMetadata } from './insights.contracts.ts';
import { InsightsErrors } from './insights.errors.ts';

/**
 * A model directory: `model.json` (vocabulary, labels, parameters), `weights.bin` (float32) and
 * `metadata.json` (training data, label counts, evaluation, file checksums).
 */
export const MODEL_FILE = 'model.json';
export const WEIGHTS_FILE = 'weights.bin';
export const METADATA_FILE = 'metadata.json';

export type LoadedModel = { classifier: TextClassifier; metadata: ModelMetadata };

function sha256(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function corrupt(directory: string, problem: string): AppError {
  return new AppError(InsightsErrors.MODEL_INVALID, { detail: `${directory}: ${problem}` });
}

/** Writes into a temporary sibling then renames, so that a reader never sees half a model. */
export async function saveModel(
  directory: string,
  classifier: TextClassifier,
  metadata: Omit<ModelMetadata, 'files'>,
): Promise<ModelMetadata> {
  const { model, weights } = classifier.serialise();
  const modelJson = JSON.stringify(model);
  const complete: ModelMetadata = {
    ...metadata,
    files: { [MODEL_FILE]: sha256(modelJson), [WEIGHTS_FILE]: sha256(weights) },
  };
  const staging = `${directory.replace(/\/+$/, '')}.partial-${process.pid}`;
  await rm(staging, { recursive: true, force: true });
  await mkdir(staging, { recursive: true });
  await writeFile(path.join(staging, MODEL_FILE), modelJson);
  await writeFile(path.join(staging, WEIGHTS_FILE), weights);
  await writeFile(path.join(staging, METADATA_FILE), `${JSON.stringify(complete, null, 2)}\n`);
  await rm(directory, { recursive: true, force: true });
  await mkdir(path.dirname(path.resolve(directory)), { recursive: true });
  await rename(staging, directory);
  return complete;
}

export async function writeMetadata(directory: string, metadata: ModelMetadata): Promise<void> {
  await writeFile(path.join(directory, METADATA_FILE), `${JSON.stringify(metadata, null, 2)}\n`);
}

async function readModelFile(directory: string, name: string): Promise<Buffer> {
  try {
    return await readFile(path.join(directory, name));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw corrupt(directory, code === 'ENOENT' ? `${name} is missing` : `${name} cannot be read (${code})`);
  }
}

export async function readMetadata(directory: string): Promise<ModelMetadata> {
  const bytes = await readModelFile(directory, METADATA_FILE);
  let parsed: unknown;
  try {
    parsed = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw corrupt(directory, `${METADATA_FILE} is not valid JSON`);
  }
  const metadata = ModelMetadata.safeParse(parsed);
  if (!metadata.success) throw corrupt(directory, `${METADATA_FILE} is not Terpadu router metadata`);
  return metadata.data;
}

/** Loads and verifies a model directory; any problem is a MODEL_INVALID naming the file. */
export async function loadModel(directory: string): Promise<LoadedModel> {
  const metadata = await readMetadata(directory);
  const modelBytes = await readModelFile(directory, MODEL_FILE);
  const weights = await readModelFile(directory, WEIGHTS_FILE);
  for (const [name, bytes] of [
    [MODEL_FILE, modelBytes],
    [WEIGHTS_FILE, weights],
  ] as const) {
    if (metadata.files[name] !== sha256(bytes)) {
      throw corrupt(
        directory,
        `${name} does not match its checksum in ${METADATA_FILE} (damaged or altered)`,
      );
    }
  }
  try {
    const model = JSON.parse(modelBytes.toString('utf8')) as SerialisedModel;
    return { classifier: TextClassifier.deserialise(model, weights), metadata };
  } catch (error) {
    throw corrupt(directory, `${MODEL_FILE} cannot be read: ${(error as Error).message}`);
  }
}
