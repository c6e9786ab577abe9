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

function hashEntry(previousHash: string, row: AuditRecord): string {
  // Named field by field: a row read back from the table also carries id and the hashes.
  const content = canonicalJson({
    at: row.at.toISOString(),
    actorId: row.actorId,
    actorRole: row.actorRole,
    action: row.action,
    targetType: row.targetType,
    targetId: row.targetId,
    requestId: row.requestId,
    details: row.details,
  });
  return createHash('sha256').update(previousHash).update('\n').update(content).digest('hex');
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

async function appendInTransaction(tx: Database, entry: AuditEntry): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${AUDIT_LOCK_KEY})`);
  const [last] = await tx.select({ hash: auditLog.hash }).from(auditLog).orderBy(desc(auditLog.id)).limit(1);
  const previousHash = last?.hash ?? GENESIS_HASH;
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
  const hash = hashEntry(previousHash, row);
  const [inserted] = await tx
    .insert(auditLog)
    .values({ ...row, previousHash, hash })
    .returning({ id: auditLog.id });
  await tx
    .insert(auditHead)
    .values({ singleton: 1, lastId: inserted!.id, hash })
    .onConflictDoUpdate({ target: auditHead.singleton, set: { lastId: inserted!.id, hash } });
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
