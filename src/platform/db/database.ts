import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { drizzle as drizzleNodePostgres } from 'drizzle-orm/node-postgres';
import { migrate as migrateNodePostgres } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import pg from 'pg';

/** The query builder every repository uses; a transaction has the same shape. */
export type Database = PgDatabase<PgQueryResultHKT>;

export type DatabaseHandle = {
  db: Database;
  kind: 'pglite' | 'postgres';
  /** Applies pending migrations; safe to call from several instances at once. */
  migrate(): Promise<void>;
  /** Plain SQL for libraries that bring their own (pg-boss); several statements allowed without values. */
  executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[]; rowCount?: number }>;
  /** Cheap round trip for /readyz. */
  ping(): Promise<void>;
  close(): Promise<void>;
};

export const migrationsFolder = fileURLToPath(new URL('../../../migrations', import.meta.url));

/** Advisory lock key that serialises migrations across instances ("terpadu" in ASCII). */
const MIGRATION_LOCK_KEY = 7_464_972_384;

export async function openDatabase(options: {
  databaseUrl?: string | undefined;
  dataDir: string;
  poolSize?: number;
}): Promise<DatabaseHandle> {
  if (options.databaseUrl) return openPostgres(options.databaseUrl, options.poolSize ?? 10);
  const directory = path.join(options.dataDir, 'pglite');
  await mkdir(directory, { recursive: true });
  // PGlite (its JavaScript and, once created, its WebAssembly heap) is loaded only without a server.
  const { PGlite, pgliteExtensions, wrapPglite } = await import('./embedded.ts');
  return wrapPglite(await PGlite.create(directory, { extensions: pgliteExtensions }));
}

export function openPostgres(databaseUrl: string, poolSize: number): DatabaseHandle {
  // A connection attempt that hangs (a partitioned network) fails after 5 s instead of holding requests.
  const pool = new pg.Pool({ connectionString: databaseUrl, max: poolSize, connectionTimeoutMillis: 5000 });
  // A client losing its connection must not crash the process: idle ones are replaced by the pool;
  // one checked out (e.g. inside a transaction) fails its query, and the pool discards it on release.
  pool.on('error', () => {});
  pool.on('connect', (client) => {
    client.on('error', () => {});
  });
  const db = drizzleNodePostgres(pool) as unknown as Database;
  return {
    db,
    kind: 'postgres',
    migrate: async () => {
      const client = new pg.Client({ connectionString: databaseUrl });
      await client.connect();
      try {
        await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
        await migrateNodePostgres(drizzleNodePostgres(client), { migrationsFolder });
      } finally {
        await client.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => {});
        await client.end();
      }
    },
    executeSql: async (text, values) => {
      const result = await pool.query(text, values);
      // A multi-statement text yields one result per statement; callers want the last.
      const last = Array.isArray(result) ? result[result.length - 1] : result;
      return { rows: last?.rows ?? [], rowCount: last?.rowCount ?? 0 };
    },
    ping: async () => {
      await pool.query('select 1');
    },
    close: () => pool.end(),
  };
}
