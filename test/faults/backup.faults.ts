import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, describe, expect, it } from 'vitest';
import { pgliteExtensions } from '../../src/platform/db/embedded.ts';
import {
  createDatabase,
  fileReport,
  login,
  makeCitizen,
  makeTempDir,
  query,
  runCli,
  startService,
} from './harness.ts';

/**
 * Backup and restore round trips: `terpadu backup`/`restore` for the embedded database, and the
 * pg_dump/pg_restore path README documents for a server. What comes back has the same rows and
 * an intact audit chain, and serves the same reports.
 */

const COUNTED_TABLES = [
  'identity.users',
  'identity.sessions',
  'identity.agencies',
  'complaints.complaints',
  'complaints.events',
  'complaints.reporters',
  'platform.audit_log',
  'platform.outbox',
  'platform.notifications',
];
const countsSql = `select ${COUNTED_TABLES.map((table) => `(select count(*) from ${table})::int as "${table}"`).join(', ')}`;

const cleanups: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

async function embeddedCounts(dataDir: string) {
  const client = await PGlite.create(path.join(dataDir, 'pglite'), { extensions: pgliteExtensions });
  try {
    return (await client.query(countsSql)).rows[0];
  } finally {
    await client.close();
  }
}

const password = 'kata-sandi-uji-gangguan-1';

describe('terpadu backup / restore (embedded database)', () => {
  it('refuses while the service runs, then round-trips every row and the audit chain', {
    timeout: 300_000,
  }, async () => {
    const source = await makeTempDir('backup-source');
    const target = await makeTempDir('backup-target');
    cleanups.push(source.remove, target.remove);
    const file = path.join(target.path, '..', `${path.basename(target.path)}.tar.gz`);
    cleanups.push(async () => {
      await import('node:fs/promises').then((fs) => fs.rm(file, { force: true }));
    });

    const service = await startService({ DATA_DIR: source.path });
    cleanups.push(service.kill);
    const citizen = await makeCitizen(service.base);
    const filed = [];
    for (let serial = 0; serial < 3; serial += 1) filed.push(await fileReport(service.base, citizen, serial));
    expect(filed.map((filing) => filing.status)).toEqual([201, 201, 201]);

    const refusedBackup = await runCli(['backup', '--out', file], { DATA_DIR: source.path });
    expect(refusedBackup.code).toBe(1);
    expect(refusedBackup.output).toMatch(/stop it before you back up/);
    expect(existsSync(file)).toBe(false);
    const refusedRestore = await runCli(['restore', '--from', file], { DATA_DIR: source.path });
    expect(refusedRestore.code).toBe(1);
    expect(refusedRestore.output).toMatch(/stop it before you restore/);

    await service.stop();
    const backup = await runCli(['backup', '--out', file], { DATA_DIR: source.path });
    expect(backup.code, backup.output).toBe(0);
    expect(existsSync(file)).toBe(true);

    const restore = await runCli(['restore', '--from', file], { DATA_DIR: target.path });
    expect(restore.code, restore.output).toBe(0);
    expect(restore.output).toContain('audit chain intact');
    expect(await embeddedCounts(target.path)).toEqual(await embeddedCounts(source.path));
    const verify = await runCli(['audit', 'verify'], { DATA_DIR: target.path });
    expect(verify.code, verify.output).toBe(0);

    // The restored database serves: the citizen logs in and finds the reports.
    const restored = await startService({ DATA_DIR: target.path });
    cleanups.push(restored.kill);
    const session = await login(restored.base, citizen.email, password);
    for (const filing of filed) {
      const response = await fetch(`${restored.base}/api/v1/complaints/${filing.trackingId}`, {
        headers: { cookie: session.cookie },
      });
      expect(response.status).toBe(200);
    }
    await restored.stop();

    // Restoring over an existing database keeps the old one aside rather than deleting it.
    const again = await runCli(['restore', '--from', file], { DATA_DIR: target.path });
    expect(again.code, again.output).toBe(0);
    expect(again.output).toMatch(/previous database kept at .*pglite\.before-restore-/);
  });

  it('refuses a file that is not a backup with a clear message', async () => {
    const target = await makeTempDir('backup-bad');
    cleanups.push(target.remove);
    const bogus = path.join(target.path, 'bukan-cadangan.tar.gz');
    await import('node:fs/promises').then((fs) => fs.writeFile(bogus, 'bukan cadangan'));
    const restore = await runCli(['restore', '--from', bogus], { DATA_DIR: target.path });
    expect(restore.code).toBe(1);
    expect(restore.output).toMatch(/backup cannot be loaded/);
  });
});

describe('pg_dump / pg_restore (PostgreSQL server)', () => {
  it('round-trips every row and the audit chain', async () => {
    const source = await createDatabase('dump_source');
    const target = await createDatabase('dump_target');
    const dataDir = await makeTempDir('dump');
    cleanups.push(source.drop, target.drop, dataDir.remove);
    const service = await startService({ DATABASE_URL: source.url, DATA_DIR: dataDir.path });
    cleanups.push(service.kill);
    const citizen = await makeCitizen(service.base);
    for (let serial = 0; serial < 3; serial += 1)
      expect((await fileReport(service.base, citizen, serial)).status).toBe(201);
    await service.stop();

    // The commands README gives.
    const file = path.join(dataDir.path, 'terpadu.dump');
    await promisify(execFile)('pg_dump', ['--format=custom', `--file=${file}`, source.url]);
    await promisify(execFile)('pg_restore', ['--no-owner', `--dbname=${target.url}`, file]);

    expect((await query(target.url, countsSql))[0]).toEqual((await query(source.url, countsSql))[0]);
    const verify = await runCli(['audit', 'verify'], { DATABASE_URL: target.url, DATA_DIR: dataDir.path });
    expect(verify.code, verify.output).toBe(0);
    expect(verify.output).toContain('audit chain intact');
    const refused = await runCli(['backup', '--out', file], {
      DATABASE_URL: target.url,
      DATA_DIR: dataDir.path,
    });
    expect(refused.code).toBe(1);
    expect(refused.output).toContain('pg_dump');
  });
});
