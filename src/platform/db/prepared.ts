import { type SQLWrapper, sql } from 'drizzle-orm';
import { PgTransaction } from 'drizzle-orm/pg-core';
import type { Database } from './database.ts';

const statements = new WeakMap<object, Map<string, unknown>>();

/**
 * A hot query built once per database and kept as a prepared statement (drizzle's `.prepare(name)`
 * with `sql.placeholder`s): its SQL is not rebuilt on every call — drizzle's query building was
 * the largest share of the service's CPU under load — and PostgreSQL parses and plans it once per
 * connection. Inside a transaction it is built for that transaction each time, since a prepared
 * query runs on the session it was made for.
 */
export function preparedQuery<T>(db: Database, name: string, build: (db: Database) => T): T {
  if (db instanceof PgTransaction) return build(db as unknown as Database);
  let byName = statements.get(db);
  if (!byName) {
    byName = new Map();
    statements.set(db, byName);
  }
  let query = byName.get(name) as T | undefined;
  if (query === undefined) {
    query = build(db);
    byName.set(name, query);
  }
  return query;
}

/**
 * Rows of reference data that never change while the service runs (regions, report categories),
 * kept per database once found. Misses are not kept: a row loaded later is found then.
 */
export function referenceCache<T>(limit = 50_000) {
  const byDatabase = new WeakMap<object, Map<string, T>>();
  return async (db: Database, key: string, load: () => Promise<T | undefined>): Promise<T | undefined> => {
    let rows = byDatabase.get(db);
    if (!rows) {
      rows = new Map();
      byDatabase.set(db, rows);
    }
    const cached = rows.get(key);
    if (cached !== undefined) return cached;
    const row = await load();
    if (row !== undefined) {
      if (rows.size >= limit) rows.clear();
      rows.set(key, row);
    }
    return row;
  };
}

/**
 * Several INSERT/UPDATE/DELETE queries (built with drizzle, without RETURNING) sent as one
 * statement — `with s0 as (…), s1 as (…) select 1` — so a transaction pays one round trip for all
 * of them. PostgreSQL runs every data-modifying WITH part once and to completion, in one snapshot:
 * the parts must not depend on each other's rows.
 */
export async function executeTogether(db: Database, statements: SQLWrapper[]): Promise<void> {
  if (statements.length === 0) return;
  if (statements.length === 1) {
    await db.execute(statements[0]!.getSQL());
    return;
  }
  const parts = statements.map((statement, index) => sql`${sql.raw(`s${index}`)} as (${statement.getSQL()})`);
  await db.execute(sql`with ${sql.join(parts, sql`, `)} select 1`);
}
