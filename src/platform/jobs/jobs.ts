import PgBoss from 'pg-boss';
import type { DatabaseHandle } from '../db/database.ts';

export type ScheduledJob = {
  name: string;
  /** Cron in the platform's time zone (Asia/Jakarta). */
  cron: string;
  run: () => Promise<unknown>;
};

/**
 * Background work on the PostgreSQL job queue (pg-boss, in the `pgboss` schema of the same
 * database): jobs survive restarts, and each scheduled run is handed to one instance only.
 * Handlers must still be idempotent, since a job whose worker died is retried.
 */
export class JobRunner {
  private readonly boss: PgBoss;
  private started = false;

  constructor(database: DatabaseHandle, onError: (error: Error) => void) {
    this.boss = new PgBoss({
      db: { executeSql: (text, values) => database.executeSql(text, values) },
      schema: 'pgboss',
      // Cron is checked every 30 s; the default (a minute or more) would delay SLA escalations.
      cronMonitorIntervalSeconds: 30,
    });
    this.boss.on('error', onError);
  }

  async start(jobs: ScheduledJob[]): Promise<void> {
    await this.boss.start();
    this.started = true;
    for (const job of jobs) {
      await this.boss.createQueue(job.name, { name: job.name, policy: 'singleton', retryLimit: 3 });
      await this.boss.schedule(job.name, job.cron, {}, { tz: 'Asia/Jakarta' });
      await this.boss.work(job.name, { pollingIntervalSeconds: 5 }, async () => {
        await job.run();
      });
    }
  }

  /** Queues a run now (the next free worker takes it); for operators and tests. */
  async runNow(name: string): Promise<string | null> {
    return this.boss.send(name, {});
  }

  async waitForCompletion(name: string, jobId: string, timeoutMs = 30_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const job = await this.boss.getJobById(name, jobId);
      if (job && ['completed', 'failed', 'cancelled'].includes(job.state)) return job.state;
      if (Date.now() > deadline) throw new Error(`job ${name} ${jobId} did not finish in ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  async stop(): Promise<void> {
    if (!this.started) return;
    this.started = false;
    await this.boss.stop({ graceful: true, wait: true, close: false });
  }
}
