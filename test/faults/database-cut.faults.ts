import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createDatabase,
  driveIntake,
  fileReport,
  halfWrittenReports,
  lostOrDuplicated,
  makeCitizen,
  makeTempDir,
  query,
  runCli,
  type Service,
  sleep,
  startDatabaseProxy,
  startService,
  waitFor,
} from './harness.ts';

/**
 * The database goes away under load (the network between them is cut, or its backends are
 * terminated) and comes back. Meanwhile the service answers 503 problem+json quickly instead of
 * hanging or failing with 500; afterwards it serves again without a restart, and no
 * acknowledged report is lost or stored twice.
 */

let database: Awaited<ReturnType<typeof createDatabase>>;
let dataDir: Awaited<ReturnType<typeof makeTempDir>>;
let proxy: Awaited<ReturnType<typeof startDatabaseProxy>>;
let service: Service | undefined;

beforeAll(async () => {
  database = await createDatabase('cut');
  dataDir = await makeTempDir('cut');
  proxy = await startDatabaseProxy();
});
afterAll(async () => {
  await service?.kill();
  await proxy?.close();
  await database?.drop();
  await dataDir?.remove();
});

async function timedFetch(url: string, init: RequestInit = {}) {
  const started = performance.now();
  const response = await fetch(url, { ...init, signal: AbortSignal.timeout(10_000) }).catch((error) => {
    throw new Error(`no answer from ${url} (${error}); service output:\n${service?.log()}`);
  });
  return { response, ms: performance.now() - started, body: await response.text() };
}

describe('database connection cut and restored', () => {
  it('answers 503 while cut, recovers by itself, and loses or doubles no report', async () => {
    const environment = { DATABASE_URL: proxy.urlFor(database.name), DATA_DIR: dataDir.path };
    service = await startService(environment);
    const pid = service.child.pid;
    const citizens = await Promise.all(Array.from({ length: 4 }, () => makeCitizen(service!.base)));
    const load = driveIntake(() => service!.base, citizens, 6);
    await waitFor(
      '20 acknowledged reports',
      async () => load.filings.filter((f) => f.trackingId).length >= 20,
    );

    await proxy.cut();
    await sleep(300);
    const [citizen] = citizens;
    const whileCut = [
      await timedFetch(`${service.base}/readyz`),
      await timedFetch(`${service.base}/api/v1/me`, { headers: { cookie: citizen!.cookie } }),
      await timedFetch(`${service.base}/api/v1/complaints`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          cookie: citizen!.cookie,
          'x-csrf-token': citizen!.csrfToken,
          'idempotency-key': 'cut-probe-0001',
        },
        body: JSON.stringify({
          kind: 'aspirasi',
          title: 'Uji putus',
          description: 'Basis data sedang tidak terjangkau.',
          privacy: 'publik',
          regionCode: '35.78.01',
        }),
      }),
    ];
    for (const answer of whileCut) {
      expect(answer.response.status, answer.body).toBe(503);
      expect(answer.response.headers.get('content-type')).toContain('application/problem+json');
      expect(JSON.parse(answer.body)).toMatchObject({ status: 503, code: 'UNAVAILABLE' });
      expect(answer.ms).toBeLessThan(8000);
    }
    await sleep(1500);

    await proxy.restore();
    await waitFor('ready again', async () => (await fetch(`${service!.base}/readyz`)).ok, 20_000);
    await sleep(1500);

    // The other way a connection dies: the database terminates the service's backends.
    await query(
      database.url,
      'select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()',
      [database.name],
    );
    await sleep(1500);
    const filings = await load.stop();
    expect(service.child.exitCode, service.log()).toBeNull();
    expect(service.child.pid).toBe(pid);

    const statuses = new Set(filings.map((f) => f.status));
    expect(statuses.has(503), `statuses seen: ${[...statuses].join(', ')}`).toBe(true);
    expect(
      [...statuses].filter((status) => typeof status === 'number' && status >= 500 && status !== 503),
    ).toEqual([]);
    const acknowledged = filings.filter((f) => f.trackingId).length;
    expect(acknowledged).toBeGreaterThan(20);

    for (const filing of filings.filter((f) => !f.trackingId)) {
      const retried = await fileReport(service.base, filing.citizen, filing.serial, filing.key);
      expect([200, 201], `retry of ${filing.key}`).toContain(retried.status);
      filing.trackingId = retried.trackingId;
    }
    expect(await lostOrDuplicated(database.url, filings)).toEqual([]);
    expect(await halfWrittenReports(database.url)).toEqual([]);

    await service.stop();
    const verify = await runCli(['audit', 'verify'], { ...environment, DATABASE_URL: database.url });
    expect(verify.code, verify.output).toBe(0);
  });
});
