import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Backup and restore of the embedded database (DATA_DIR/pglite) as one gzipped tar made by
 * PGlite itself. PGlite is one process's database: copying or replacing it under a running
 * service would give a torn copy or pull the floor from under it, so both refuse while `serve`
 * runs on the same DATA_DIR (it leaves its process id in DATA_DIR/serve.pid).
 */

export class BackupRefused extends Error {}

const pidFile = (dataDir: string) => path.join(dataDir, 'serve.pid');

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The pid of a live `serve` on this DATA_DIR; a file left by a killed process does not count. */
export async function servingProcess(dataDir: string): Promise<number | undefined> {
  try {
    const pid = Number((await readFile(pidFile(dataDir), 'utf8')).trim());
    return Number.isInteger(pid) && pid > 0 && pid !== process.pid && isAlive(pid) ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** Marks DATA_DIR as served by this process; the returned function unmarks it. */
export async function markServing(dataDir: string): Promise<() => Promise<void>> {
  await mkdir(dataDir, { recursive: true });
  await writeFile(pidFile(dataDir), `${process.pid}\n`);
  return () => rm(pidFile(dataDir), { force: true });
}

async function refuseWhileServing(dataDir: string, verb: string): Promise<void> {
  const pid = await servingProcess(dataDir);
  if (pid)
    throw new BackupRefused(
      `Layanan sedang berjalan (pid ${pid}) pada ${dataDir}; hentikan dulu sebelum ${verb}.\n` +
        `The service is running (pid ${pid}) on ${dataDir}; stop it before you ${verb === 'mencadangkan' ? 'back up' : 'restore'}.`,
    );
}

export async function backupEmbedded(options: { dataDir: string; out: string }): Promise<{ bytes: number }> {
  await refuseWhileServing(options.dataDir, 'mencadangkan');
  const directory = path.join(options.dataDir, 'pglite');
  if (!existsSync(path.join(directory, 'PG_VERSION')))
    throw new BackupRefused(`Tidak ada basis data tertanam / no embedded database at ${directory}`);
  const { PGlite, pgliteExtensions } = await import('./embedded.ts');
  const client = await PGlite.create(directory, { extensions: pgliteExtensions });
  try {
    const dump = Buffer.from(await (await client.dumpDataDir('gzip')).arrayBuffer());
    // Written beside the target and renamed: a half-written file never carries the final name.
    const partial = `${options.out}.partial`;
    await writeFile(partial, dump, { mode: 0o600 });
    await rename(partial, options.out);
    return { bytes: dump.length };
  } finally {
    await client.close();
  }
}

/**
 * Replaces DATA_DIR/pglite with the backup. An existing database is kept aside as
 * pglite.before-restore-<time>, never deleted.
 */
export async function restoreEmbedded(options: {
  dataDir: string;
  from: string;
}): Promise<{ keptAside: string | undefined }> {
  await refuseWhileServing(options.dataDir, 'memulihkan');
  const dump = await readFile(options.from);
  const directory = path.join(options.dataDir, 'pglite');
  let keptAside: string | undefined;
  if (existsSync(directory) && (await readdir(directory)).length > 0) {
    keptAside = `${directory}.before-restore-${new Date().toISOString().replaceAll(':', '-')}`;
    await rename(directory, keptAside);
  }
  await mkdir(directory, { recursive: true });
  const { PGlite, pgliteExtensions } = await import('./embedded.ts');
  try {
    const client = await PGlite.create(directory, {
      loadDataDir: new Blob([dump]),
      extensions: pgliteExtensions,
    });
    await client.query('select 1');
    await client.close();
  } catch (error) {
    await rm(directory, { recursive: true, force: true });
    if (keptAside) await rename(keptAside, directory);
    throw new BackupRefused(
      `Berkas cadangan tidak dapat dimuat / the backup cannot be loaded: ${(error as Error).message}`,
    );
  }
  return { keptAside };
}
