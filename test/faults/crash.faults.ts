import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createDatabase,
  driveIntake,
  fileReport,
  halfWrittenReports,
  jobState,
  lostOrDuplicated,
  makeCitizen,
  makeTempDir,
  query,
  queueJob,
  runCli,
  type Service,
  sleep,
  startService,
  waitFor,
} from './harness.ts';

/**
 * kill -9 in the middle of intake load: what a power cut or an OOM kill does to a running
 * instance. After a restart every report that got a 201 is there exactly once, no report is
 * half written, and SLA escalations queued while it was down fire exactly once.
 */

let database: Awaited<ReturnType<typeof createDatabase>>;
let dataDir: Awaited<ReturnType<typeof makeTempDir>>;
let service: Service | undefined;

beforeAll(async () => {
  database = await createDatabase('crash');
  dataDir = await makeTempDir('crash');
});
afterAll(async () => {
  await service?.kill();
  await database?.drop();
  await dataDir?.remove();
});

describe('kill -9 during intake', () => {
  it('loses no acknowledged report, leaves nothing half-written, and fires pending escalations once', async () => {
    const environment = { DATABASE_URL: database.url, DATA_DIR: dataDir.path };
    service = await startService(environment);
    const citizens = await Promise.all(Array.from({ length: 6 }, () => makeCitizen(service!.base)));
    let current = service;
    const load = driveIntake(() => current.base, citizens, 8);

    // Let reports flow, then kill the process with transactions in flight.
    await waitFor(
      '40 acknowledged reports',
      async () => load.filings.filter((f) => f.trackingId).length >= 40,
    );
    await service.kill();
    const acknowledgedBeforeKill = load.filings.filter((f) => f.trackingId).length;

    // While it is down, the clocks of every stored report run out and a clock run is queued.
    const overdue = await query<{ id: string }>(
      database.url,
      `update complaints.complaints set verification_due_at = now() - interval '1 day' returning id`,
    );
    expect(overdue.length).toBeGreaterThanOrEqual(acknowledgedBeforeKill);
    const pendingJob = await queueJob(database.url, 'complaint-clocks');

    service = await startService(environment);
    current = service;
    await sleep(1500);
    const filings = await load.stop();
    expect(filings.filter((f) => f.status === 201).length).toBeGreaterThan(acknowledgedBeforeKill);
    expect(
      filings.filter((f) => typeof f.status === 'number' && f.status >= 500 && f.status !== 503),
    ).toEqual([]);

    // A client that got no answer retries with its Idempotency-Key: it gets the report that was
    // stored (200) or a new one (201), never a second copy.
    const unanswered = filings.filter((f) => !f.trackingId);
    for (const filing of unanswered) {
      const retried = await fileReport(service.base, filing.citizen, filing.serial, filing.key);
      expect([200, 201], `retry of ${filing.key}`).toContain(retried.status);
      filing.trackingId = retried.trackingId;
    }
    expect(await lostOrDuplicated(database.url, filings)).toEqual([]);
    expect(await halfWrittenReports(database.url)).toEqual([]);
    const stored = await query<{ n: number }>(
      database.url,
      'select count(*)::int as n from complaints.complaints',
    );
    expect(stored[0]!.n).toBe(new Set(filings.map((f) => f.trackingId)).size);

    // The clock run queued while the service was dead is worked after the restart, once.
    await waitFor(
      'the queued clock run',
      async () => (await jobState(database.url, pendingJob)) === 'completed',
      45_000,
    );
    const escalationCounts = async () =>
      query<{ escalations: number; events: number; audits: number }>(
        database.url,
        `select (select count(*) from complaints.escalations where stage = 'verifikasi')::int as escalations,
                (select count(*) from complaints.events where kind = 'eskalasi')::int as events,
                (select count(*) from platform.audit_log where action = 'complaint.escalated')::int as audits`,
      );
    const afterFirstRun = (await escalationCounts())[0]!;
    expect(afterFirstRun).toEqual({
      escalations: overdue.length,
      events: overdue.length,
      audits: overdue.length,
    });
    const perReport = await query(
      database.url,
      `select complaint_id from complaints.escalations group by complaint_id, stage having count(*) <> 1`,
    );
    expect(perReport).toEqual([]);

    // Another run (a retry, or the next cron tick) escalates nothing a second time.
    const secondJob = await queueJob(database.url, 'complaint-clocks');
    await waitFor(
      'the second clock run',
      async () => (await jobState(database.url, secondJob)) === 'completed',
      45_000,
    );
    expect((await escalationCounts())[0]).toEqual(afterFirstRun);

    await service.stop();
    const verify = await runCli(['audit', 'verify'], environment);
    expect(verify.code, verify.output).toBe(0);
    expect(verify.output).toContain('audit chain intact');
  });
});
