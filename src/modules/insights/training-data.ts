import { readFile } from 'node:fs/promises';
import { parse } from 'csv-parse/sync';
import { AppError } from '../../platform/http/errors.ts';
import type { TrainingExample } from './classifier.ts';
import { InsightsErrors } from './insights.errors.ts';

export type CsvColumns = { textColumn: string; labelColumn: string; featureColumns: string[] };

export type LabelledData = {
  examples: TrainingExample[];
  /** Rows left out because their text or label was empty. */
  skipped: number;
};

function invalid(detail: string): AppError {
  return new AppError(InsightsErrors.TRAINING_DATA_INVALID, { detail });
}

/** Strict UTF-8: a file in another encoding is refused rather than silently garbled. */
export function decodeUtf8(bytes: Uint8Array, name: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/^\uFEFF/, '');
  } catch {
    throw invalid(`${name} is not valid UTF-8 text (save it as UTF-8 / simpan sebagai UTF-8)`);
  }
}

/**
 * Reads labelled reports from a CSV export: one row per report, a header row naming the columns.
 * Rows keep the file's order (the caller sorts them by time if it has a date).
 */
export async function readLabelledCsv(file: string, columns: CsvColumns): Promise<LabelledData> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (error) {
    throw invalid(
      `cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
  return parseLabelledCsv(decodeUtf8(bytes, file), columns, file);
}

export function parseLabelledCsv(content: string, columns: CsvColumns, name = 'CSV'): LabelledData {
  if (!content.trim()) throw invalid(`${name} is empty`);
  let rows: Record<string, string>[];
  try {
    rows = parse(content, { columns: true, skip_empty_lines: true, bom: true, relax_column_count: false });
  } catch (error) {
    throw invalid(`${name} is not well-formed CSV: ${(error as Error).message}`);
  }
  if (rows.length === 0) throw invalid(`${name} has a header but no rows`);
  const header = Object.keys(rows[0]!);
  const wanted = [columns.textColumn, columns.labelColumn, ...columns.featureColumns];
  const missing = wanted.filter((column) => !header.includes(column));
  if (missing.length) {
    throw invalid(
      `${name} has no column ${missing.map((column) => `"${column}"`).join(', ')}; it has ${header.join(', ')}`,
    );
  }
  const examples: TrainingExample[] = [];
  let skipped = 0;
  for (const row of rows) {
    const text = row[columns.textColumn]?.trim() ?? '';
    const label = row[columns.labelColumn]?.trim() ?? '';
    if (!text || !label) {
      skipped++;
      continue;
    }
    examples.push({
      text,
      label,
      columns: Object.fromEntries(columns.featureColumns.map((column) => [column, row[column] ?? ''])),
    });
  }
  if (examples.length === 0) throw invalid(`${name} has no row with both a text and a label`);
  return { examples, skipped };
}

/** Training needs at least two labels; a single one cannot teach anything. */
export function checkTrainable(examples: TrainingExample[]): void {
  const labels = new Set(examples.map((example) => example.label));
  if (labels.size < 2) {
    throw invalid(
      `only one label (${[...labels][0] ?? '—'}) in the training data: a classifier needs at least two`,
    );
  }
  if (examples.length < 10) throw invalid(`only ${examples.length} labelled rows: at least 10 are needed`);
}
