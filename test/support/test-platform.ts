import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import type { FastifyInstance } from 'fastify';
import pg from 'pg';
import { inject } from 'vitest';
import { buildApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import {
  type DatabaseHandle,
  openPostgres,
  pgliteExtensions,
  wrapPglite,
} from '../../src/platform/db/database.ts';
import { openPlatform, type Platform } from '../../src/platform/platform.ts';
import { databaseUrlFor, TEST_DATABASE_PREFIX } from './database-urls.ts';

let templateDump: Blob | undefined;

/** A fresh database cloned from the run's template: PGlite or PostgreSQL, as the project says. */
export async function openTestDatabase(): Promise<DatabaseHandle> {
  if (inject('databaseKind') === 'pglite') {
    templateDump ??= new Blob([await readFile(inject('template'))]);
    return wrapPglite(await PGlite.create({ loadDataDir: templateDump, extensions: pgliteExtensions }));
  }
  const adminUrl = inject('adminUrl');
  const template = inject('template');
  const name = `${TEST_DATABASE_PREFIX}${randomBytes(4).toString('hex')}_${template.slice(-8)}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`create database ${name} template ${template}`);
  } finally {
    await admin.end();
  }
  const handle = openPostgres(databaseUrlFor(adminUrl, name), 5);
  return {
    ...handle,
    close: async () => {
      await handle.close();
      const dropper = new pg.Client({ connectionString: adminUrl });
      await dropper.connect();
      await dropper.query(`drop database if exists ${name} with (force)`);
      await dropper.end();
    },
  };
}

export type TestContext = {
  app: FastifyInstance;
  platform: Platform;
  dataDir: string;
  close(): Promise<void>;
};

/**
 * The real service on a fresh database, for app.inject(). Settings can be overridden with
 * environment-style names, as an operator would set them.
 */
export async function startTestApp(environment: Record<string, string> = {}): Promise<TestContext> {
  const dataDir = await mkdtemp(path.join(tmpdir(), 'terpadu-test-'));
  const config = loadConfig({
    DATA_DIR: dataDir,
    SECRET_KEY: 'test-secret-key-test-secret-key-0123456789',
    LOG_LEVEL: 'silent',
    LOGIN_RATE_LIMIT_PER_MINUTE: '10000',
    PUBLIC_URL: 'http://terpadu.test',
    WEB_DIST_DIR: path.join(dataDir, 'no-web'),
    ...environment,
  });
  const platform = await openPlatform(config, { database: await openTestDatabase() });
  const app = await buildApp(platform, { logger: false });
  await app.ready();
  return {
    app,
    platform,
    dataDir,
    close: async () => {
      await app.close();
      await platform.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
