import { randomInt } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createDatabase,
  fileReport,
  jobState,
  makeCitizen,
  makeTempDir,
  query,
  queueJob,
  type Service,
  startService,
  waitFor,
} from './harness.ts';

/**
 * Three instances of the service on one PostgreSQL database, as behind a load balancer,
 * started at the same moment on an empty database (so their migrations race too). A session
 * made on one works on all; due clock work is done once; log-in rate limits are shared through
 * Redis (REDIS_URL).
 */

const REDIS_URL = process.env.FAULTS_REDIS_URL ?? 'redis://127.0.0.1:6379';
const LOGIN_LIMIT = 4;

let database: Awaited<ReturnType<typeof createDatabase>>;
const dataDirs: Array<Awaited<ReturnType<typeof makeTempDir>>> = [];
let instances: Service[] = [];

beforeAll(async () => {
  database = await createDatabase('instances');
  for (let index = 0; index < 3; index += 1) dataDirs.push(await makeTempDir(`instance-${index}`));
  instances = await Promise.all(
    dataDirs.map((dataDir) =>
      startService({
        DATABASE_URL: database.url,
        DATA_DIR: dataDir.path,
        REDIS_URL,
        TRUST_PROXY: 'true',
        LOGIN_RATE_LIMIT_PER_MINUTE: String(LOGIN_LIMIT),
      }),
    ),
  );
});
afterAll(async () => {
  await Promise.all(instances.map((instance) => instance.kill()));
  await database?.drop();
  for (const dataDir of dataDirs) await dataDir.remove();
});

describe('three instances on one database', () => {
  it('migrated the database once between them', async () => {
    const migrations = await query<{ hash: string; n: number }>(
      database.url,
      'select hash, count(*)::int as n from drizzle.__drizzle_migrations group by hash',
    );
    expect(migrations.length).toBeGreaterThan(0);
    expect(migrations.filter((row) => row.n !== 1)).toEqual([]);
    const admins = await query(database.url, `select id from identity.users where role = 'sysadmin'`);
    expect(admins).toHaveLength(1);
  });

  it('honours a session made on one instance on the others, and ends it everywhere at log-out', async () => {
    const [first, second, third] = instances as [Service, Service, Service];
    const citizen = await makeCitizen(first.base);
    for (const instance of [second, third]) {
      const me = await fetch(`${instance.base}/api/v1/me`, { headers: { cookie: citizen.cookie } });
      expect(me.status).toBe(200);
      expect(((await me.json()) as { email: string }).email).toBe(citizen.email);
    }
    const filed = await fileReport(third.base, citizen, 1);
    expect(filed.status).toBe(201);
    const logout = await fetch(`${second.base}/api/v1/auth/logout`, {
      method: 'POST',
      headers: { cookie: citizen.cookie, 'x-csrf-token': citizen.csrfToken },
    });
    expect(logout.status).toBeLessThan(300);
    const after = await fetch(`${first.base}/api/v1/me`, { headers: { cookie: citizen.cookie } });
    expect(after.status).toBe(401);
  });

  it('escalates each overdue report once, however many instances work the clock queue', async () => {
    const citizen = await makeCitizen(instances[0]!.base);
    for (const [index, instance] of instances.entries()) {
      for (let serial = 0; serial < 4; serial += 1)
        expect((await fileReport(instance.base, citizen, 100 + index * 10 + serial)).status).toBe(201);
    }
    const overdue = await query<{ id: string }>(
      database.url,
      `update complaints.complaints set verification_due_at = now() - interval '1 day'
       where verification_due_at > now() returning id`,
    );
    expect(overdue.length).toBeGreaterThanOrEqual(12);
    // Three runs queued at once: every instance polls the queue, so they race for the work.
    const jobs = await Promise.all(instances.map(() => queueJob(database.url, 'complaint-clocks')));
    await waitFor(
      'the three clock runs',
      async () => {
        const states = await Promise.all(jobs.map((job) => jobState(database.url, job)));
        return states.every((state) => state === 'completed');
      },
      45_000,
    );
    const perReport = await query<{ escalations: number; events: number; audits: number }>(
      database.url,
      `select (select count(*) from complaints.escalations s where s.complaint_id = c.id)::int as escalations,
              (select count(*) from complaints.events e where e.complaint_id = c.id and e.kind = 'eskalasi')::int as events,
              (select count(*) from platform.audit_log a where a.action = 'complaint.escalated' and a.target_id = c.tracking_id)::int as audits
       from complaints.complaints c where c.id = any($1::uuid[])`,
      [overdue.map((row) => row.id)],
    );
    expect(perReport).toHaveLength(overdue.length);
    for (const row of perReport) expect(row).toEqual({ escalations: 1, events: 1, audits: 1 });
    // Cron ticks, scheduled by all three, become one job per tick.
    const doubledTicks = await query(
      database.url,
      `select singleton_on from pgboss.job where name = 'complaint-clocks' and singleton_on is not null
       group by singleton_on having count(*) > 1`,
    );
    expect(doubledTicks).toEqual([]);
  });

  it('shares the log-in rate limit between instances through Redis', async () => {
    // A client address of its own, so that earlier runs in the same minute do not count.
    const address = `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`;
    const statuses: number[] = [];
    for (let attempt = 0; attempt < LOGIN_LIMIT + 3; attempt += 1) {
      const instance = instances[attempt % instances.length]!;
      const response = await fetch(`${instance.base}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': address },
        body: JSON.stringify({ email: `tidak.ada.${attempt}@example.id`, password: 'salah-sandi-123' }),
      });
      statuses.push(response.status);
    }
    // Per-instance counters would allow LOGIN_LIMIT on each instance, i.e. all seven here.
    expect(statuses.slice(0, LOGIN_LIMIT).every((status) => status !== 429)).toBe(true);
    expect(statuses.slice(LOGIN_LIMIT)).toEqual([429, 429, 429]);
  });
});
