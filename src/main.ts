import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { Command, Option } from 'commander';
import type { z } from 'zod';
import {
  buildApp,
  createCatalogContext,
  createComplaintsContext,
  createIdentityContext,
  createInsightsContext,
  createOpen311Context,
  createStatisticsContext,
} from './app.ts';
import { ConfigError, describeConfig, loadConfig } from './config.ts';
import { seedDemo, seedDemoCatalog } from './demo.ts';
import { runApplicationClocks } from './modules/catalog/index.ts';
import { refreshDuplicatePairs, runComplaintClocks, seedScaleReports } from './modules/complaints/index.ts';
import {
  CreateOfficer,
  createCitizenByOperator,
  createOfficer,
  ensureInitialAdmin,
  importAgencies,
  RegisterCitizen,
  ROLES,
  type Role,
} from './modules/identity/index.ts';
import { registerRouterCommands, runScheduledRetrain } from './modules/insights/index.ts';
import { CreateApiKey, issueApiKey, listApiKeys, revokeApiKey } from './modules/open311/index.ts';
import { refreshStatistics } from './modules/statistics/index.ts';
import { verifyAuditChain } from './platform/audit/audit.ts';
import { BackupRefused, backupEmbedded, markServing, restoreEmbedded } from './platform/db/backup.ts';
import { AppError, errorTitle, fieldMessage, PlatformErrors } from './platform/http/errors.ts';
import { JobRunner } from './platform/jobs/jobs.ts';
import { openPlatform, type Platform } from './platform/platform.ts';
import { prepareDatabase } from './prepare.ts';

function progress(message: string) {
  if (process.stderr.isTTY) process.stderr.write(`\r\x1b[2K… ${message}`);
}

function endProgress() {
  if (process.stderr.isTTY) process.stderr.write('\r\x1b[2K');
}

/** Opens the platform, brings the schema and reference data up to date, runs the work, closes. */
async function withPlatform<T>(work: (platform: Platform) => Promise<T>): Promise<T> {
  const platform = await openPlatform(loadConfig());
  try {
    await prepareDatabase(platform.database, progress);
    endProgress();
    return await work(platform);
  } finally {
    await platform.close();
  }
}

function printAccount(label: string, email: string, password: string) {
  console.log(`  ${label.padEnd(16)} ${email.padEnd(36)} ${password}`);
}

async function serve() {
  const startedAt = performance.now();
  const config = loadConfig();
  const platform = await openPlatform(config, {
    onOutboxError: (error) => console.error('outbox:', (error as Error).message),
  });
  await prepareDatabase(platform.database, progress);
  endProgress();
  // `backup`/`restore` of the embedded database refuse while this mark is there.
  const unmarkServing = platform.database.kind === 'pglite' ? await markServing(config.dataDir) : undefined;
  const initialAdmin = await ensureInitialAdmin(platform.database.db, config.initialAdminEmail);
  const app = await buildApp(platform);
  await app.listen({ port: config.port, host: config.host });
  platform.outbox.start();
  platform.outbox.kick();
  const jobs = new JobRunner(platform.database, (error) => app.log.error({ err: error }, 'job queue'));
  const complaints = createComplaintsContext(platform);
  await jobs.start([
    { name: 'complaint-clocks', cron: '* * * * *', run: () => runComplaintClocks(complaints) },
    {
      // Near-duplicate pairs of the reports filed (or changed) since the last run; after an
      // upgrade, of all open reports of the last 90 days (a city's in a few seconds).
      name: 'duplicate-pairs',
      cron: '* * * * *',
      run: () => refreshDuplicatePairs(complaints),
      expireInSeconds: 900,
    },
    {
      name: 'application-clocks',
      cron: '* * * * *',
      run: () => runApplicationClocks(createCatalogContext(platform)),
    },
    {
      name: 'routing-retrain',
      cron: config.routing.retrainCron,
      run: () => runScheduledRetrain(createInsightsContext(platform)),
      // Training may take minutes; retried half an hour after a crash (it runs nightly).
      expireInSeconds: 1_800,
    },
    {
      name: 'statistics-refresh',
      cron: '* * * * *',
      run: () => refreshStatistics(createStatisticsContext(platform)),
    },
  ]);
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const database = platform.database.kind === 'pglite' ? `PGlite (${config.dataDir})` : 'PostgreSQL server';
  console.log(
    `Terpadu berjalan di http://localhost:${port} — basis data: ${database} — siap dalam ${Math.round(performance.now() - startedAt)} ms`,
  );
  if (initialAdmin) {
    console.log('Akun administrator sistem pertama (hanya ditampilkan sekali; ganti kata sandinya):');
    printAccount('sysadmin', initialAdmin.email, initialAdmin.password);
  }
  let closing = false;
  const shutdown = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    await app.close();
    await jobs.stop();
    await platform.close();
    await unmarkServing?.();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}

const program = new Command()
  .name('terpadu')
  .description('Terpadu — platform e-government terpadu / integrated e-government platform')
  .showHelpAfterError();

program.command('serve').description('Start the web service (default port 3000)').action(serve);

program
  .command('migrate')
  .description('Apply database migrations and load reference data (areas, agencies)')
  .action(() => withPlatform(async () => console.log('Basis data mutakhir / database up to date.')));

program
  .command('seed')
  .description('Load demo data, or synthetic reports for scale tests')
  .option(
    '--demo',
    'Kota Surabaya with units, one account per role (passwords printed) and a birth-certificate service',
  )
  .option('--reports <count>', 'add this many synthetic reports over two years (e.g. 1000000)')
  .option(
    '--vocabulary <file>',
    'complaint export to take words from (default ../shared/data/complaints/surabaya-2022.csv)',
  )
  .option('--no-statistics', 'skip bringing the statistics up to date afterwards')
  .action((options: { demo?: boolean; reports?: string; vocabulary?: string; statistics: boolean }) =>
    withPlatform(async (platform) => {
      if (!options.demo && !options.reports) {
        console.log('Nothing to seed: pass --demo or --reports N.');
        return;
      }
      if (options.demo) {
        const accounts = await seedDemo(createIdentityContext(platform));
        await seedDemoCatalog(createCatalogContext(platform));
        console.log('Akun demo / demo accounts (email, password):');
        for (const account of accounts) printAccount(account.label, account.email, account.password);
      }
      if (options.reports) await seedReports(platform, options);
    }),
  );

/** Synthetic reports in batches with progress on stderr, then the statistics refreshed. */
async function seedReports(
  platform: Platform,
  options: { reports?: string; vocabulary?: string; statistics: boolean },
) {
  const count = Number(options.reports);
  if (!Number.isInteger(count) || count < 1 || count > 10_000_000) {
    throw new Error('--reports must be a whole number from 1 to 10000000');
  }
  const started = performance.now();
  const report = (message: string) => console.error(`seed: ${message}`);
  const result = await seedScaleReports(
    {
      db: platform.database.db,
      identity: createIdentityContext(platform),
      calendar: await platform.calendar.current(),
    },
    {
      reports: count,
      vocabularyCsv:
        options.vocabulary ??
        fileURLToPath(new URL('../../shared/data/complaints/surabaya-2022.csv', import.meta.url)),
      onProgress: report,
    },
  );
  console.log(
    `${result.reports} laporan ditambahkan / reports added in ${((performance.now() - started) / 1000).toFixed(1)} s (vocabulary: ${result.vocabulary.words} words, ${result.vocabulary.source})`,
  );
  if (!options.statistics) return;
  const refreshStarted = performance.now();
  let last = 0;
  await refreshStatistics(createStatisticsContext(platform), {
    onProgress: (done) => {
      if (done - last >= 50_000) {
        last = done;
        report(`statistics: ${done.toLocaleString('en')} reports`);
      }
    },
  });
  console.log(
    `Statistik diperbarui / statistics refreshed in ${((performance.now() - refreshStarted) / 1000).toFixed(1)} s`,
  );
}

const users = program.command('users').description('Manage accounts');
users
  .command('create')
  .description('Create a citizen (with --nik) or an officer (with --role and --agency)')
  .requiredOption('--email <email>')
  .requiredOption('--password <password>')
  .requiredOption('--name <name>')
  .option('--nik <nik>')
  .addOption(new Option('--role <role>').choices([...ROLES]))
  .option('--agency <code>', 'Agency code, e.g. 35.78 or 35.78/dinas-sda')
  .option('--verified', 'Mark the e-mail address as verified')
  .action(
    (options: {
      email: string;
      password: string;
      name: string;
      nik?: string;
      role?: Role;
      agency?: string;
      verified?: boolean;
    }) =>
      withPlatform(async (platform) => {
        const context = createIdentityContext(platform);
        if (options.role) {
          if (!options.agency) throw new Error('--role needs --agency');
          const created = await createOfficer(context, {
            actor: 'system',
            input: checkOptions(CreateOfficer, {
              email: options.email,
              name: options.name,
              password: options.password,
              role: options.role,
              agencyCode: options.agency,
              ...(options.nik ? { nik: options.nik } : {}),
            }),
          });
          console.log(
            `Petugas dibuat / officer created: ${created.email} (${created.role}, ${created.agencyCode})`,
          );
        } else {
          const account = checkOptions(RegisterCitizen.pick({ email: true, name: true, password: true }), {
            email: options.email,
            name: options.name,
            password: options.password,
          });
          const created = await createCitizenByOperator(context, {
            input: { ...account, nik: options.nik, verified: Boolean(options.verified) },
          });
          console.log(`Warga dibuat / citizen created: ${created.email} (NIK ${created.nikMasked})`);
        }
        await platform.outbox.drain();
      }),
  );

const agencies = program.command('agencies').description('Manage the agency tree');
agencies
  .command('create')
  .description('Create an agency: a unit under --parent, or a central agency without it')
  .option('--parent <code>', 'Parent agency code, e.g. 35.78')
  .requiredOption('--code <code>', 'Slug, e.g. dinas-sda (the unit code becomes PARENT/slug)')
  .requiredOption('--name <name>')
  .action((options: { parent?: string; code: string; name: string }) =>
    withPlatform(async (platform) => {
      const csv = `code,name,parent_code\n${[options.code, options.name, options.parent ?? ''].map(csvCell).join(',')}\n`;
      const result = await importAgencies(platform.database.db, { csv, actor: 'system' });
      const code =
        options.parent && !options.code.includes('/') ? `${options.parent}/${options.code}` : options.code;
      console.log(
        result.inserted ? `Instansi dibuat / agency created: ${code}` : `Sudah ada / already exists: ${code}`,
      );
    }),
  );
agencies
  .command('import')
  .description('Add agencies from a CSV file with columns code,name[,parent_code]')
  .requiredOption('--csv <file>')
  .action((options: { csv: string }) =>
    withPlatform(async (platform) => {
      const result = await importAgencies(platform.database.db, {
        csv: await readFile(options.csv, 'utf8'),
        actor: 'system',
      });
      console.log(`Ditambahkan / added: ${result.inserted}, sudah ada / already present: ${result.skipped}`);
    }),
  );

program
  .command('audit')
  .description('Audit trail')
  .command('verify')
  .description('Check the hash chain of the audit log; exits 1 if any entry was altered or removed')
  .action(() =>
    withPlatform(async (platform) => {
      const result = await verifyAuditChain(platform.database.db, (checked) => progress(`${checked} entri`));
      endProgress();
      if (result.ok) {
        console.log(`Jejak audit utuh / audit chain intact: ${result.entries} entries`);
      } else {
        console.error(
          `Jejak audit RUSAK / audit chain BROKEN at entry ${result.brokenAtId} (${result.reason}) after ${result.entries} good entries`,
        );
        process.exitCode = 1;
      }
    }),
  );

// Open311 API keys for agency systems and civic apps (also issued in the console at /admin/kunci-api).
const apiKeys = program.command('apikeys').description('Manage Open311 API keys');
apiKeys
  .command('create')
  .description('Issue a key; it is printed once and stored only as a hash')
  .requiredOption('--name <name>', 'Who the key is for, e.g. "Aplikasi Lapor Surabaya"')
  .option('--region <code>', 'Kemendagri code for requests that name no jurisdiction_id, e.g. 35.78')
  .option('--rate <perMinute>', 'Requests per minute (default OPEN311_RATE_LIMIT_PER_MINUTE)')
  .action((options: { name: string; region?: string; rate?: string }) =>
    withPlatform(async (platform) => {
      const input = checkOptions(CreateApiKey, {
        name: options.name,
        ...(options.region ? { regionCode: options.region } : {}),
        ...(options.rate ? { rateLimitPerMinute: Number(options.rate) } : {}),
      });
      const issued = await issueApiKey(createOpen311Context(platform), { operator: 'system', input });
      console.log(`Kunci API dibuat / API key created: ${issued.name} (${issued.id})`);
      console.log('Simpan sekarang; tidak akan ditampilkan lagi / store it now, it is not shown again:');
      console.log(issued.key);
    }),
  );
apiKeys
  .command('list')
  .description('List keys (prefix only, never the key)')
  .action(() =>
    withPlatform(async (platform) => {
      for (const key of await listApiKeys(createOpen311Context(platform))) {
        const state = key.revokedAt ? `dicabut / revoked ${key.revokedAt}` : 'aktif / active';
        console.log(`${key.id}  ${key.prefix}…  ${key.name}  ${key.regionCode ?? '-'}  ${state}`);
      }
    }),
  );
apiKeys
  .command('revoke')
  .description('Revoke a key at once')
  .argument('<id>', 'The key id shown by `apikeys list`')
  .action((id: string) =>
    withPlatform(async (platform) => {
      const revoked = await revokeApiKey(createOpen311Context(platform), { operator: 'system', id });
      console.log(`Kunci API dicabut / API key revoked: ${revoked.name} (${revoked.id})`);
    }),
  );

program
  .command('backup')
  .description('Back up the embedded database to one file (stop the service first); a server: pg_dump')
  .requiredOption('--out <file>', 'File to write, e.g. terpadu-2026-11-25.tar.gz')
  .action(async (options: { out: string }) => {
    const config = loadConfig();
    if (config.databaseUrl) throw new BackupRefused(SERVER_BACKUP_HINT);
    const { bytes } = await backupEmbedded({ dataDir: config.dataDir, out: options.out });
    console.log(`Cadangan ditulis / backup written: ${options.out} (${bytes} bytes)`);
    console.log('Simpan juga / keep too: SECRET_KEY (or DATA_DIR/secret.key) and DATA_DIR/files.');
  });

program
  .command('restore')
  .description('Restore the embedded database from a backup file (stop the service first)')
  .requiredOption('--from <file>', 'A file written by `terpadu backup`')
  .action(async (options: { from: string }) => {
    const config = loadConfig();
    if (config.databaseUrl) throw new BackupRefused(SERVER_BACKUP_HINT);
    const { keptAside } = await restoreEmbedded({ dataDir: config.dataDir, from: options.from });
    if (keptAside) console.log(`Basis data lama disimpan di / previous database kept at ${keptAside}`);
    await withPlatform(async (platform) => {
      const result = await verifyAuditChain(platform.database.db);
      console.log(
        result.ok
          ? `Dipulihkan / restored; jejak audit utuh / audit chain intact: ${result.entries} entries`
          : `Dipulihkan, tetapi jejak audit RUSAK / restored, but the audit chain is BROKEN at ${result.brokenAtId}`,
      );
      if (!result.ok) process.exitCode = 1;
    });
  });
registerRouterCommands(program, { withPlatform, insightsContext: createInsightsContext });

program
  .command('config')
  .description('Print every environment variable Terpadu reads, with its default, as a .env file')
  .action(() => {
    for (const variable of describeConfig()) {
      console.log(`# ${variable.description ?? ''}\n#${variable.name}=${variable.defaultValue}`);
    }
  });

/** The API's checks and normalisation (e.g. lower-cased e-mail) for options typed by an operator. */
function checkOptions<T>(schema: z.ZodType<T>, input: unknown): T {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  throw new AppError(PlatformErrors.VALIDATION_FAILED, {
    fields: parsed.error.issues.map((issue) => ({
      field: issue.path.join('.'),
      code: issue.code,
      message: issue.message,
    })),
  });
}

const SERVER_BACKUP_HINT =
  'DATABASE_URL menunjuk ke server PostgreSQL: gunakan pg_dump/pg_restore (lihat README).\n' +
  'DATABASE_URL points to a PostgreSQL server: use pg_dump/pg_restore (see README).';

function csvCell(value: string): string {
  return /[",\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

try {
  await program.parseAsync(process.argv);
} catch (error) {
  endProgress();
  if (error instanceof ConfigError || error instanceof BackupRefused) {
    console.error(error.message);
  } else if (error instanceof AppError) {
    const fields =
      error.fields?.map(
        (field) => `  ${field.field}: ${field.message ?? fieldMessage(field.code, 'id') ?? field.code}`,
      ) ?? [];
    console.error(
      [`${errorTitle(error.code, 'id')} (${error.code})`, error.detail ?? '', ...fields]
        .filter(Boolean)
        .join('\n'),
    );
  } else {
    console.error((error as Error).message);
  }
  process.exit(1);
}
