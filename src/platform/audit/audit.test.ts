import { type SQL, sql } from 'drizzle-orm';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../test/support/test-platform.ts';
import type { DatabaseHandle } from '../db/database.ts';
import { type AuditEntry, appendAudit, auditAppendParts, verifyAuditChain } from './audit.ts';

let database: DatabaseHandle;
beforeEach(async () => {
  database = await openTestDatabase();
});
afterEach(async () => {
  await database?.close();
});

function entry(index: number, overrides: Partial<AuditEntry> = {}): AuditEntry {
  return {
    actorId: `user-${index}`,
    actorRole: 'admin-instansi',
    action: 'complaint.dispositioned',
    targetType: 'complaint',
    targetId: `complaint-${index}`,
    requestId: `request-${index}`,
    details: { unitCode: '35.78/dinas-sda', index },
    ...overrides,
  };
}

async function appendEntries(count: number): Promise<number[]> {
  for (let index = 0; index < count; index += 1) await appendAudit(database.db, entry(index));
  return auditIds();
}

async function queryRows<T>(query: SQL): Promise<T[]> {
  return ((await database.db.execute(query)) as unknown as { rows: T[] }).rows;
}

async function auditIds(): Promise<number[]> {
  const rows = await queryRows<{ id: string | number }>(sql`select id from platform.audit_log order by id`);
  return rows.map((row) => Number(row.id));
}

describe('audit chain', () => {
  it('verifies an untouched log and counts every entry', async () => {
    const before = await verifyAuditChain(database.db);
    expect(before.ok).toBe(true);
    await appendEntries(5);
    expect(await verifyAuditChain(database.db)).toEqual({ ok: true, entries: before.entries + 5 });
  });

  it('verifies entries whose details went through jsonb: nested, unordered keys, unicode, nulls', async () => {
    await appendAudit(database.db, entry(1, { details: {} }));
    await appendAudit(database.db, {
      action: 'agency.imported',
      targetType: 'agency',
      details: {
        zeta: [3, 'dua', null, { b: 1, a: 0.1 + 0.2 }],
        alpha: { nested: { deeper: true, list: [] } },
        nama: 'Dinas Pekerjaan Umum — Bina Marga “Surabaya” 🇮🇩',
        kosong: null,
        omitted: undefined,
        negative: -12.5,
      },
    });
    await appendAudit(database.db, { action: 'user.registered', targetType: 'user' });
    const result = await verifyAuditChain(database.db);
    expect(result.ok).toBe(true);
  });

  it('reports the edited entry when a row’s content is changed in the database', async () => {
    const ids = await appendEntries(5);
    const middle = ids[ids.length - 3]!;
    await database.db.execute(sql`update platform.audit_log set details = '{"x":1}' where id = ${middle}`);
    expect(await verifyAuditChain(database.db)).toEqual({
      ok: false,
      reason: 'content-altered',
      brokenAtId: middle,
      entries: ids.indexOf(middle),
    });
  });

  it('reports an edit of the timestamp or actor as well as of the details', async () => {
    const ids = await appendEntries(3);
    const target = ids[ids.length - 2]!;
    await database.db.execute(
      sql`update platform.audit_log set actor_id = 'someone-else' where id = ${target}`,
    );
    expect(await verifyAuditChain(database.db)).toMatchObject({
      ok: false,
      reason: 'content-altered',
      brokenAtId: target,
    });
    await database.db.execute(
      sql`update platform.audit_log set actor_id = ${`user-1`}, at = at - interval '1 second' where id = ${target}`,
    );
    expect(await verifyAuditChain(database.db)).toMatchObject({
      ok: false,
      reason: 'content-altered',
      brokenAtId: target,
    });
  });

  it('reports a broken chain at the entry after a deleted one', async () => {
    const ids = await appendEntries(5);
    const deleted = ids[ids.length - 3]!;
    const following = ids[ids.length - 2]!;
    await database.db.execute(sql`delete from platform.audit_log where id = ${deleted}`);
    expect(await verifyAuditChain(database.db)).toEqual({
      ok: false,
      reason: 'chain-broken',
      brokenAtId: following,
      entries: ids.indexOf(deleted),
    });
  });

  it('reports a missing tail when the newest entry is deleted', async () => {
    const ids = await appendEntries(3);
    const last = ids[ids.length - 1]!;
    await database.db.execute(sql`delete from platform.audit_log where id = ${last}`);
    expect(await verifyAuditChain(database.db)).toEqual({
      ok: false,
      reason: 'tail-missing',
      brokenAtId: last,
      entries: ids.length - 1,
    });
  });

  it('keeps valid chains when many entries are appended at the same time', async () => {
    const before = await verifyAuditChain(database.db);
    await Promise.all(Array.from({ length: 20 }, (_, index) => appendAudit(database.db, entry(index))));
    expect(await verifyAuditChain(database.db)).toEqual({ ok: true, entries: before.entries + 20 });
    // No fork: within a lane, no two entries follow the same one.
    const [counts] = await queryRows<{ distinct_previous: number; total: number }>(
      sql`select count(distinct (lane, previous_hash))::int as distinct_previous, count(*)::int as total from platform.audit_log`,
    );
    expect(counts!.distinct_previous).toBe(counts!.total);
  });

  it('writes the entry of every single-statement change when many run at once', async () => {
    // A change written as one statement (a filing) carries its entry as WITH parts: under
    // contention (50 connections, more than the lanes) each statement must still write exactly
    // one entry, or a report exists unaudited.
    await database.close();
    database = await openTestDatabase(50);
    const before = await verifyAuditChain(database.db);
    const count = database.kind === 'postgres' ? 1000 : 100; // PGlite runs one at a time
    await Promise.all(
      Array.from({ length: count }, (_, index) => {
        const parts = auditAppendParts(entry(index, { requestId: `together-${index}` }));
        const ctes = parts.map((part) => sql`${sql.raw(part.name)} as (${part.body})`);
        return database.db.execute(sql`with ${sql.join(ctes, sql`, `)} select 1`);
      }),
    );
    const [written] = await queryRows<{ entries: number; requests: number }>(
      sql`select count(*)::int as entries, count(distinct request_id)::int as requests
        from platform.audit_log where request_id like 'together-%'`,
    );
    expect(written).toEqual({ entries: count, requests: count });
    expect(await verifyAuditChain(database.db)).toEqual({ ok: true, entries: before.entries + count });
  });

  it('lets open transactions append at once, each in its own lane, and still verifies', async () => {
    if (database.kind !== 'postgres') return; // PGlite runs one transaction at a time
    const before = await verifyAuditChain(database.db);
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    let appendedWhileHeld = 0;
    const holder = database.db.transaction(async (tx) => {
      await appendAudit(tx, entry(1));
      await appendAudit(tx, entry(2));
      await held;
    });
    // With the first transaction still open, others append and commit without waiting for it.
    await new Promise((resolve) => setTimeout(resolve, 100));
    await Promise.all(
      Array.from({ length: 3 }, async (_, index) => {
        await appendAudit(database.db, entry(10 + index));
        appendedWhileHeld += 1;
      }),
    );
    expect(appendedWhileHeld).toBe(3);
    release();
    await holder;
    expect(await verifyAuditChain(database.db)).toEqual({ ok: true, entries: before.entries + 5 });
    const lanes = await queryRows<{ lane: number; count: number }>(
      sql`select lane, count(*)::int as count from platform.audit_log where request_id in ('request-1', 'request-2') group by lane`,
    );
    expect(lanes).toHaveLength(1); // one transaction's entries stay in one lane
  });

  it('reports a missing tail in a lane other than the first', async () => {
    if (database.kind !== 'postgres') return;
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const holder = database.db.transaction(async (tx) => {
      await appendAudit(tx, entry(1));
      await held;
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    await appendAudit(database.db, entry(2));
    release();
    await holder;
    const [other] = await queryRows<{ id: string | number; lane: number }>(
      sql`select id, lane from platform.audit_log where request_id = 'request-2'`,
    );
    expect(Number(other!.lane)).not.toBe(0);
    await database.db.execute(sql`delete from platform.audit_log where id = ${other!.id}`);
    expect(await verifyAuditChain(database.db)).toMatchObject({
      ok: false,
      reason: 'tail-missing',
      brokenAtId: Number(other!.id),
    });
  });

  it('records nothing when the transaction that appended rolls back', async () => {
    const before = await verifyAuditChain(database.db);
    await expect(
      database.db.transaction(async (tx) => {
        await appendAudit(tx, entry(1));
        throw new Error('the change being recorded failed');
      }),
    ).rejects.toThrow('the change being recorded failed');
    expect(await verifyAuditChain(database.db)).toEqual({ ok: true, entries: before.entries });
    await appendAudit(database.db, entry(2));
    expect(await verifyAuditChain(database.db)).toEqual({ ok: true, entries: before.entries + 1 });
  });
});
