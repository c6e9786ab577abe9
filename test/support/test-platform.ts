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
import { type DatabaseHandle, openPostgres } from '../../src/platform/db/database.ts';
import { pgliteExtensions, wrapPglite } from '../../src/platform/db/embedded.ts';
import { openPlatform, type Platform } from '../../src/platform/platform.ts';
import { databaseUrlFor, TEST_DATABASE_PREFIX } from './database-urls.ts';

let templateDump: Blob | undefined;

/**
 * A fresh database cloned from the run's template, PGlite or PostgreSQL as the project says, that
 * several platforms can open in turn or at once, like instances of the service: PostgreSQL gives
 * each its own connection pool; PGlite (one in-process database) gives each a new handle on it.
 */
async function cloneTestDatabase(
  poolSize = 5,
): Promise<{ connect(): DatabaseHandle; dispose(): Promise<void> }> {
  if (inject('databaseKind') === 'pglite') {
    templateDump ??= new Blob([await readFile(inject('template'))]);
    const client = await PGlite.create({ loadDataDir: templateDump, extensions: pgliteExtensions });
    return {
      // Closing a platform must not close the one database the next "instance" opens again.
      connect: () => ({ ...wrapPglite(client), close: async () => {} }),
      dispose: () => client.close(),
    };
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
  return {
    connect: () => openPostgres(databaseUrlFor(adminUrl, name), poolSize),
    dispose: async () => {
      const dropper = new pg.Client({ connectionString: adminUrl });
      await dropper.connect();
      await dropper.query(`drop database if exists ${name} with (force)`);
      await dropper.end();
    },
  };
}

/** A fresh database of its own (on PostgreSQL, `poolSize` connections); closing it drops it. */
export async function openTestDatabase(poolSize?: number): Promise<DatabaseHandle> {
  const database = await cloneTestDatabase(poolSize);
  const handle = database.connect();
  return {
    ...handle,
    close: async () => {
      await handle.close();
      await database.dispose();
    },
  };
}

export type TestContext = {
  /** The running instance; replaced by restart(), so read it again after one. */
  app: FastifyInstance;
  platform: Platform;
  dataDir: string;
  /** Stops the app and the platform and starts new ones on the same database and data folder. */
  restart(): Promise<void>;
  /** Another platform on the same database, as a second instance of the service would have. */
  openAnotherPlatform(): Promise<Platform>;
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
  const database = await cloneTestDatabase();
  const otherPlatforms: Platform[] = [];
  const start = async () => {
    const platform = await openPlatform(config, { database: database.connect() });
    const app = await buildApp(platform, { logger: false });
    await app.ready();
    return { app, platform };
  };
  const context: TestContext = {
    ...(await start()),
    dataDir,
    restart: async () => {
      await context.app.close();
      await context.platform.close();
      const next = await start();
      context.app = next.app;
      context.platform = next.platform;
    },
    openAnotherPlatform: async () => {
      const platform = await openPlatform(config, { database: database.connect() });
      otherPlatforms.push(platform);
      return platform;
    },
    close: async () => {
      await context.app.close();
      await context.platform.close();
      for (const platform of otherPlatforms) await platform.close();
      await database.dispose();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
  return context;
}
