import PgBoss from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase } from '../../../test/support/test-platform.ts';
import type { DatabaseHandle } from '../db/database.ts';
import { DEFAULT_EXPIRE_SECONDS, JobRunner } from './jobs.ts';

/**
 * A run whose instance was killed stays `active` in pg-boss until it expires, and a singleton
 * queue starts nothing else meanwhile: the queues' expiry decides how long the clocks stand still
 * after a crash (the crash itself is in test/faults/job-expiry.faults.ts).
 */
let database: DatabaseHandle;

beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => {
  await database?.close();
});

type QueueRow = { name: string; expire_seconds: number; retry_limit: number; retry_delay: number };

async function queues(): Promise<QueueRow[]> {
  const { rows } = await database.executeSql(
    `select name, expire_seconds, retry_limit, retry_delay from pgboss.queue
     where name in ('legacy-clocks', 'slow-training') order by name`,
  );
  return rows as QueueRow[];
}

describe('job queues', () => {
  it('expire abandoned runs after a minute (or the job’s own limit), also in a queue an earlier version made', async () => {
    // What the service did before: pg-boss's defaults, a 15-minute expiry.
    const earlier = new PgBoss({ db: { executeSql: (text, values) => database.executeSql(text, values) } });
    earlier.on('error', () => {});
    await earlier.start();
    await earlier.createQueue('legacy-clocks', { name: 'legacy-clocks', policy: 'singleton', retryLimit: 3 });
    await earlier.stop({ graceful: false, close: false, wait: true });
    // No expiry of its own: each run got the table default, 15 minutes.
    expect((await queues()).map((queue) => queue.expire_seconds)).toEqual([null]);

    const errors: Error[] = [];
    const runner = new JobRunner(database, (error) => errors.push(error));
    const never = '0 0 1 1 *';
    await runner.start([
      { name: 'legacy-clocks', cron: never, run: async () => undefined },
      { name: 'slow-training', cron: never, run: async () => undefined, expireInSeconds: 1_800 },
    ]);
    try {
      expect(await queues()).toEqual([
        { name: 'legacy-clocks', expire_seconds: DEFAULT_EXPIRE_SECONDS, retry_limit: 3, retry_delay: 5 },
        { name: 'slow-training', expire_seconds: 1_800, retry_limit: 3, retry_delay: 5 },
      ]);
      // A run queued now carries the queue's expiry, which is what the expiry check reads.
      const jobId = await runner.runNow('legacy-clocks');
      const { rows } = await database.executeSql(
        `select extract(epoch from expire_in)::int as seconds from pgboss.job where id = $1`,
        [jobId],
      );
      expect(rows).toEqual([{ seconds: DEFAULT_EXPIRE_SECONDS }]);
      expect(await runner.waitForCompletion('legacy-clocks', jobId!, 60_000)).toBe('completed');
    } finally {
      await runner.stop();
    }
    expect(errors).toEqual([]);
  }, 120_000);

  it('fails a run still going at stop for a retry, and its late end does not crash the process', async () => {
    // A database of its own, closed as the service closes its pool after stopping the jobs.
    const own = await openTestDatabase();
    let release = () => {};
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    const errors: Error[] = [];
    const runner = new JobRunner(own, (error) => errors.push(error), { stopTimeoutMs: 1_000 });
    await runner.start([{ name: 'slow-refresh', cron: '0 0 1 1 *', run: () => released }]);
    const jobId = await runner.runNow('slow-refresh');
    const state = async () =>
      (
        (await own.executeSql('select state::text as state from pgboss.job where id = $1', [jobId]))
          .rows[0] as {
          state: string;
        }
      ).state;
    for (let waited = 0; (await state()) !== 'active'; waited += 200) {
      if (waited > 30_000) throw new Error('the run did not start');
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    await runner.stop();
    // Given back to the queue, for this or another instance to run again.
    expect(await state()).toBe('retry');
    // The handler ends while the pool closes (on a server, the pool waits for the connection
    // the run holds): pg-boss marks it without awaiting (an unhandled rejection fails this run).
    const closing = own.close();
    release();
    await closing;
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(errors).toEqual([]);
  }, 60_000);

  it('does not run a job twice at once when a live run outlives its expiry', async () => {
    let runs = 0;
    let release = () => {};
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    const errors: Error[] = [];
    const runner = new JobRunner(database, (error) => errors.push(error), { stopTimeoutMs: 1_000 });
    await runner.start([
      {
        name: 'slow-clocks',
        cron: '0 0 1 1 *',
        expireInSeconds: 1,
        run: async () => {
          runs += 1;
          await released;
        },
      },
    ]);
    try {
      const jobId = await runner.runNow('slow-clocks');
      // pg-boss gives up on the first run after a second and hands the job out again; that run
      // finds the first still going and completes without running the job.
      expect(await runner.waitForCompletion('slow-clocks', jobId!, 60_000)).toBe('completed');
      expect(runs).toBe(1);
    } finally {
      release();
      await runner.stop();
    }
  }, 90_000);
});
