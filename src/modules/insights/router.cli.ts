import path from 'node:path';
import type { Command } from 'commander';
import type { Platform } from '../../platform/platform.ts';
import { MODEL_KINDS, type ModelKind } from './insights.contracts.ts';
import * as service from './insights.service.ts';
import { loadModel, saveModel, writeMetadata } from './model-files.ts';
import { evaluateRouter, stderrProgress, trainRouter } from './router.ts';
import { readLabelledCsv } from './training-data.ts';

type CsvOptions = {
  csv?: string;
  textColumn: string;
  labelColumn: string;
  featureColumns?: string;
};

function featureColumnsOf(option: string | undefined): string[] {
  return (option ?? '')
    .split(',')
    .map((column) => column.trim())
    .filter(Boolean);
}

function kindOf(value: string | undefined): ModelKind {
  if (value && (MODEL_KINDS as readonly string[]).includes(value)) return value as ModelKind;
  throw new Error(`--kind must be one of ${MODEL_KINDS.join(', ')}`);
}

export type RouterCliHelpers = {
  /** Opens the platform (migrated), runs the work, closes. */
  withPlatform: <T>(work: (platform: Platform) => Promise<T>) => Promise<T>;
  insightsContext: (platform: Platform) => service.InsightsContext;
};

function printModelLine(model: { kind: string; version: string; isActive: boolean; evaluation: unknown }) {
  console.log(
    `${model.isActive ? '*' : ' '} ${model.kind.padEnd(8)} ${model.version}  ${JSON.stringify(model.evaluation)}`,
  );
}

/**
 * `terpadu router …`: train and evaluate from CSV files (kept stable for outside use), and manage
 * the platform's models (install, list, activate, roll back, train from the database).
 */
export function registerRouterCommands(program: Command, helpers: RouterCliHelpers): void {
  const router = program
    .command('router')
    .description('Routing models: suggest the agency and category of a report');

  router
    .command('train')
    .description('Train a model from a CSV file (--csv) or from the platform’s routed reports (--from-db)')
    .option('--csv <file>', 'CSV with a header row')
    .option('--text-column <name>', 'Column with the report text', 'text')
    .option('--label-column <name>', 'Column with the label (e.g. instansi or topik)', 'instansi')
    .option('--feature-columns <names>', 'Comma-separated area columns, e.g. kecamatan,kelurahan')
    .option('--out <dir>', 'Directory to write the model to')
    .option('--from-db', 'Train from reports routed in the platform (labels: agency codes or categories)')
    .option('--kind <kind>', `With --from-db: ${MODEL_KINDS.join(' or ')}`, 'agency')
    .option('--activate', 'With --from-db: make the new model active if it is not worse than the active one')
    .action(
      async (options: CsvOptions & { out?: string; fromDb?: boolean; kind?: string; activate?: boolean }) => {
        if (options.fromDb) {
          const kind = kindOf(options.kind);
          await helpers.withPlatform(async (platform) => {
            const result = await service.retrainFromDatabase(helpers.insightsContext(platform), {
              kind,
              activate: Boolean(options.activate),
              onProgress: stderrProgress(),
              ...(options.out ? { exportTo: path.resolve(options.out) } : {}),
            });
            console.log(JSON.stringify(result));
          });
          return;
        }
        if (!options.csv) throw new Error('--csv FILE (or --from-db) is required');
        if (!options.out) throw new Error('--out DIR is required');
        const featureColumns = featureColumnsOf(options.featureColumns);
        const data = await readLabelledCsv(options.csv, { ...options, featureColumns });
        const { classifier, metadata } = trainRouter({
          examples: data.examples,
          textColumn: options.textColumn,
          labelColumn: options.labelColumn,
          featureColumns,
          source: 'csv',
          description: path.basename(options.csv),
          skipped: data.skipped,
          onProgress: stderrProgress(),
        });
        await saveModel(path.resolve(options.out), classifier, metadata);
        console.error(
          `Model tersimpan / model saved: ${options.out} (${data.examples.length} rows, ${Object.keys(metadata.labelCounts).length} labels, ${data.skipped} skipped, ${metadata.trainingMs} ms)`,
        );
      },
    );

  router
    .command('evaluate')
    .description('Evaluate a model on a labelled CSV; the last stdout line is one JSON object')
    .requiredOption('--csv <file>')
    .option('--text-column <name>', 'Column with the report text', 'text')
    .option('--label-column <name>', 'Column with the true label', 'instansi')
    .option('--feature-columns <names>', 'Area columns (default: those the model was trained with)')
    .requiredOption('--model <dir>')
    .option('--save', 'Record the result in the model’s metadata.json')
    .action(async (options: CsvOptions & { model: string; save?: boolean }) => {
      const model = await loadModel(path.resolve(options.model));
      const featureColumns = options.featureColumns
        ? featureColumnsOf(options.featureColumns)
        : model.metadata.featureColumns;
      const data = await readLabelledCsv(options.csv!, { ...options, featureColumns });
      const started = performance.now();
      const evaluation = evaluateRouter(model, data.examples);
      const perReportMs = (performance.now() - started) / Math.max(1, data.examples.length);
      console.error(
        `${data.examples.length} rows (${data.skipped} skipped), ${perReportMs.toFixed(2)} ms per report`,
      );
      if (options.save) {
        await writeMetadata(path.resolve(options.model), {
          ...model.metadata,
          evaluation: { ...evaluation, description: path.basename(options.csv!) },
        });
      }
      console.log(JSON.stringify(evaluation));
    });

  router
    .command('install')
    .description('Copy a trained model directory into the platform’s model store')
    .requiredOption('--model <dir>')
    .requiredOption('--kind <kind>', MODEL_KINDS.join(' or '))
    .option('--activate', 'Make it the active model')
    .action((options: { model: string; kind: string; activate?: boolean }) =>
      helpers.withPlatform(async (platform) => {
        const context = helpers.insightsContext(platform);
        const installed = await service.installModel(context, {
          kind: kindOf(options.kind),
          directory: path.resolve(options.model),
          activate: Boolean(options.activate),
          actorId: null,
        });
        console.log(
          `Model terpasang / installed: ${installed.kind} ${installed.version}${installed.isActive ? ' (aktif / active)' : ''}`,
        );
      }),
    );

  router
    .command('models')
    .description('List the platform’s models (* = active)')
    .action(() =>
      helpers.withPlatform(async (platform) => {
        const list = await service.listModels(helpers.insightsContext(platform));
        for (const model of list) printModelLine(model);
      }),
    );

  router
    .command('activate')
    .description('Make a model version active')
    .requiredOption('--kind <kind>')
    .requiredOption('--version <version>')
    .action((options: { kind: string; version: string }) =>
      helpers.withPlatform(async (platform) => {
        const model = await service.activateModel(helpers.insightsContext(platform), {
          actorId: null,
          kind: kindOf(options.kind),
          version: options.version,
        });
        printModelLine(model);
      }),
    );

  router
    .command('rollback')
    .description('Return to the model that was active before the current one')
    .requiredOption('--kind <kind>')
    .action((options: { kind: string }) =>
      helpers.withPlatform(async (platform) => {
        const model = await service.rollbackModel(helpers.insightsContext(platform), {
          actorId: null,
          kind: kindOf(options.kind),
        });
        printModelLine(model);
      }),
    );
}
