import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { openPostgres } from '../../src/platform/db/database.ts';
import { pgliteExtensions, wrapPglite } from '../../src/platform/db/embedded.ts';
import { prepareDatabase } from '../../src/prepare.ts';
import { databaseUrlFor, TEST_DATABASE_PREFIX } from './database-urls.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseKind: 'pglite' | 'postgres';
    /** pglite: path of a dump of the migrated, seeded template. postgres: the template's name. */
    template: string;
    adminUrl: string;
  }
}

/**
 * Once per run and project: one migrated database with reference data. Each test file clones it
 * (PGlite: loads the dump, ~1 s; PostgreSQL: CREATE DATABASE … TEMPLATE, ~0.3 s).
 */
export default async function setup(project: TestProject) {
  const kind = project.config.env?.TEST_DB === 'postgres' ? 'postgres' : 'pglite';
  project.provide('databaseKind', kind);
  if (kind === 'pglite') {
    const client = await PGlite.create({ extensions: pgliteExtensions });
    await prepareDatabase(wrapPglite(client));
    const dump = await client.dumpDataDir('none');
    await client.close();
    const directory = path.resolve('.test-artifacts');
    await mkdir(directory, { recursive: true });
    const file = path.join(directory, `pglite-template-${process.pid}.tar`);
    await writeFile(file, Buffer.from(await dump.arrayBuffer()));
    project.provide('template', file);
    project.provide('adminUrl', '');
    return;
  }
  const adminUrl = project.config.env?.TEST_DATABASE_URL;
  if (!adminUrl) throw new Error('TEST_DATABASE_URL is needed for the postgres project');
  const template = `${TEST_DATABASE_PREFIX}tpl_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${template}`);
  const handle = openPostgres(databaseUrlFor(adminUrl, template), 2);
  await prepareDatabase(handle);
  await handle.close();
  project.provide('template', template);
  project.provide('adminUrl', adminUrl);
  return async () => {
    const leftovers = await admin.query<{ datname: string }>(
      `select datname from pg_database where datname like $1`,
      [`${TEST_DATABASE_PREFIX}%${template.slice(-8)}%`],
    );
    for (const { datname } of leftovers.rows)
      await admin.query(`drop database if exists ${datname} with (force)`);
    await admin.query(`drop database if exists ${template} with (force)`);
    await admin.end();
  };
}
