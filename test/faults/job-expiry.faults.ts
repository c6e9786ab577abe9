import { afterAll, describe, expect, it } from 'vitest';
import {
  createDatabase,
  jobState,
  makeTempDir,
  query,
  runCli,
  type Service,
  startService,
  waitFor,
} from './harness.ts';

/**
 * kill -9 while a background job runs: the run stays `active` in pg-boss with no one working on
 * it, and the queues are singletons, so nothing else of that kind starts until it expires. With
 * pg-boss's default expiry that was 15 minutes without SLA escalations or statistics; the queues
 * now expire a run after a minute and retry it.
 */

const REPORTS = 20_000;
const cleanup: Array<() => Promise<void>> = [];
afterAll(async () => {
  for (const step of cleanup.reverse()) await step();
});

describe('kill -9 during a background job', () => {
  it('retries the abandoned run within about a minute and a half, and it completes', async () => {
    const database = await createDatabase('jobexpiry');
    const dataDir = await makeTempDir('jobexpiry');
    let service: Service | undefined;
    cleanup.push(database.drop, dataDir.remove, async () => service?.kill());
    const environment = { DATABASE_URL: database.url, DATA_DIR: dataDir.path };
    // Reports whose statistics are not yet derived: the first statistics run takes a while.
    const seeded = await runCli(
      ['seed', '--reports', String(REPORTS), '--no-statistics', '--vocabulary', '/nonexistent.csv'],
      environment,
    );
    expect(seeded.code, seeded.output).toBe(0);

    service = await startService(environment);
    // The minute's statistics-refresh run starts; kill the instance while it is active. (The
    // service answers /readyz before its job queue has made its tables on a fresh database.)
    const active = await waitFor(
      'an active statistics-refresh run',
      async () =>
        (
          await query<{ id: string }>(
            database.url,
            `select id from pgboss.job where name = 'statistics-refresh' and state = 'active'`,
          ).catch(() => [])
        )[0]?.id,
      120_000,
    );
    await service.kill();
    const killedAt = Date.now();
    expect(await jobState(database.url, active)).toBe('active');

    service = await startService(environment);
    // The same run is started again (pg-boss keeps its id and counts the retry)…
    await waitFor(
      'the abandoned run, started again',
      async () => {
        const [job] = await query<{ state: string; retry_count: number }>(
          database.url,
          'select state::text as state, retry_count from pgboss.job where id = $1',
          [active],
        );
        return job && job.retry_count >= 1 && ['active', 'completed'].includes(job.state);
      },
      150_000,
    );
    const seconds = (Date.now() - killedAt) / 1000;
    console.info(`abandoned statistics-refresh run started again ${seconds.toFixed(0)} s after kill -9`);
    // pg-boss's default would have left it active for 15 minutes.
    expect(seconds).toBeLessThan(120);
    // …and completes.
    await waitFor(
      'the retried run to complete',
      async () => (await jobState(database.url, active)) === 'completed',
      120_000,
    );
    const [facts] = await query<{ n: number }>(
      database.url,
      'select count(*)::int as n from statistics.report_facts where is_report',
    );
    expect(facts!.n).toBe(REPORTS);
    await service.stop();
  }, 420_000);
});
