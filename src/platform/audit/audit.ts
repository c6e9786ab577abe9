import { createHash } from 'node:crypto';
import { asc, desc, gt, sql } from 'drizzle-orm';
import { PgTransaction } from 'drizzle-orm/pg-core';
import type { Database } from '../db/database.ts';
import { auditHead, auditLog } from './audit.tables.ts';

export type AuditEntry = {
  actorId?: string | null | undefined;
  actorRole?: string | null | undefined;
  action: string;
  targetType: string;
  targetId?: string | null | undefined;
  requestId?: string | null | undefined;
  details?: Record<string, unknown>;
};

/** The content of an entry as the chain stores and hashes it (a row without its id and hashes). */
export type AuditRecord = {
  at: Date;
  actorId: string | null;
  actorRole: string | null;
  action: string;
  targetType: string;
  targetId: string | null;
  requestId: string | null;
  details: Record<string, unknown>;
};

const GENESIS_HASH = '0'.repeat(64);
/** Serialises appends so that the chain has one order, across instances too. */
const AUDIT_LOCK_KEY = 7_464_972_385;

function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value ?? null);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, entry]) => entry !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([key, entry]) => `${JSON.stringify(key)}:${canonicalJson(entry)}`).join(',')}}`;
}

/** The content an entry's hash covers, named field by field (a stored row also has id and hashes). */
function canonicalContent(row: AuditRecord): string {
  return canonicalJson({
    at: row.at.toISOString(),
    actorId: row.actorId,
    actorRole: row.actorRole,
    action: row.action,
    targetType: row.targetType,
    targetId: row.targetId,
    requestId: row.requestId,
    details: row.details,
  });
}

function hashEntry(previousHash: string, row: AuditRecord): string {
  return createHash('sha256').update(previousHash).update('\n').update(canonicalContent(row)).digest('hex');
}

/**
 * Appends one entry. Call it inside the transaction that makes the change it records, so the
 * change and its record commit together — as that transaction's last write: the chain's lock is
 * held from here to the commit.
 */
export async function appendAudit(db: Database, entry: AuditEntry): Promise<void> {
  // Inside the caller's transaction the lock is held until that transaction ends; outside one, a
  // transaction of its own. (A nested transaction would only add a savepoint's round trips.)
  if (db instanceof PgTransaction) return appendInTransaction(db as unknown as Database, entry);
  await db.transaction((tx) => appendInTransaction(tx, entry));
}

/**
 * Two round trips while the chain is locked (it is held to commit, so every one counts): the
 * lock, then one statement that reads the previous hash, inserts the entry with its hash
 * (sha256 in the database, of the same bytes verifyAuditChain hashes) and moves the head. The
 * lock must be its own statement: a statement's snapshot is taken when it starts, and must see
 * the entry committed by whoever held the lock before.
 */
async function appendInTransaction(tx: Database, entry: AuditEntry): Promise<void> {
  const row: AuditRecord = {
    at: new Date(),
    actorId: entry.actorId ?? null,
    actorRole: entry.actorRole ?? null,
    action: entry.action,
    targetType: entry.targetType,
    targetId: entry.targetId ?? null,
    requestId: entry.requestId ?? null,
    details: entry.details ?? {},
  };
  const content = canonicalContent(row);
  await tx.execute(sql`select pg_advisory_xact_lock(${AUDIT_LOCK_KEY})`);
  await tx.execute(sql`
    with previous as (
      select coalesce((select hash from ${auditLog} order by id desc limit 1), ${GENESIS_HASH}) as hash
    ), inserted as (
      insert into ${auditLog}
        (at, actor_id, actor_role, action, target_type, target_id, request_id, details, previous_hash, hash)
      select ${row.at.toISOString()}::timestamptz, ${row.actorId}, ${row.actorRole}, ${row.action},
        ${row.targetType}, ${row.targetId}, ${row.requestId}, ${JSON.stringify(row.details)}::jsonb,
        previous.hash, encode(sha256(convert_to(previous.hash || chr(10) || ${content}, 'UTF8')), 'hex')
      from previous
      returning id, hash
    )
    insert into ${auditHead} (singleton, last_id, hash) select 1, id, hash from inserted
    on conflict (singleton) do update set last_id = excluded.last_id, hash = excluded.hash`);
}

export type AuditVerification =
  | { ok: true; entries: number }
  | {
      ok: false;
      entries: number;
      brokenAtId: number;
      reason: 'content-altered' | 'chain-broken' | 'tail-missing';
    };

/** Walks the whole chain; any edited, inserted or deleted row breaks it. */
export async function verifyAuditChain(
  db: Database,
  onProgress?: (checked: number) => void,
): Promise<AuditVerification> {
  let previousHash = GENESIS_HASH;
  let lastId = 0;
  let checked = 0;
  for (;;) {
    const rows = await db
      .select()
      .from(auditLog)
      .where(gt(auditLog.id, lastId))
      .orderBy(asc(auditLog.id))
      .limit(5000);
    if (rows.length === 0) {
      const [head] = await db.select().from(auditHead).limit(1);
      if (head && (head.lastId !== lastId || head.hash !== previousHash)) {
        return { ok: false, entries: checked, brokenAtId: head.lastId, reason: 'tail-missing' };
      }
      return { ok: true, entries: checked };
    }
    for (const row of rows) {
      if (row.previousHash !== previousHash) {
        return { ok: false, entries: checked, brokenAtId: row.id, reason: 'chain-broken' };
      }
      if (hashEntry(previousHash, row) !== row.hash) {
        return { ok: false, entries: checked, brokenAtId: row.id, reason: 'content-altered' };
      }
      previousHash = row.hash;
      lastId = row.id;
      checked += 1;
    }
    onProgress?.(checked);
  }
}

/** Most recent entries first; for the audit page. Always paginated. */
export async function listAuditEntries(db: Database, options: { beforeId?: number; limit: number }) {
  const query = db.select().from(auditLog);
  const rows = await (options.beforeId ? query.where(sql`${auditLog.id} < ${options.beforeId}`) : query)
    .orderBy(desc(auditLog.id))
    .limit(options.limit);
  return rows.map(({ previousHash: _previous, hash: _hash, ...row }) => row);
}
