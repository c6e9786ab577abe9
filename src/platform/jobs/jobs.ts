import { sql } from 'drizzle-orm';
import PgBoss from 'pg-boss';
import type { DatabaseHandle } from '../db/database.ts';

export type ScheduledJob = {
  name: string;
  /** Cron in the platform's time zone (Asia/Jakarta). */
  cron: string;
  run: () => Promise<unknown>;
  /**
   * How long one run may take before it counts as abandoned (its instance died, or it hangs) and
   * is retried: DEFAULT_EXPIRE_SECONDS unless the job needs longer. pg-boss 10 has no heartbeat,
   * so a live run that takes longer is handed out again too; that second run ends at once while
   * the first still goes on (see runAlone). Handlers must still be idempotent.
   */
  expireInSeconds?: number;
};

/**
 * A run whose instance was killed stays `active` until it expires; pg-boss's default (15 minutes)
 * would stop the minute-by-minute clocks for that long. A minute is several times a normal run.
 */
export const DEFAULT_EXPIRE_SECONDS = 60;
/** How often an instance looks for expired runs (pg-boss's maintenance; one instance at a time). */
const MAINTENANCE_INTERVAL_SECONDS = 15;
/** First key of the per-queue advisory locks (two-int4 keys: a space apart from bigint keys). */
const JOB_LOCK_CLASS = 0x6a6f6273; // "jobs"
/** What pg-boss gets once the runner stopped: no result, which it reads as "nothing affected". */
const DROPPED = undefined as unknown as { rows: unknown[] };
/** A failed or abandoned run is retried 3 times, after about 5, 10 and 20 s. */
const RETRY = { retryLimit: 3, retryDelay: 5, retryBackoff: true } as const;

/**
 * Background work on the PostgreSQL job queue (pg-boss, in the `pgboss` schema of the same
 * database): jobs survive restarts, and each scheduled run is handed to one instance only.
 * Handlers must still be idempotent, since a job whose worker died is retried.
 */
export class JobRunner {
  private readonly boss: PgBoss;
  private started = false;
  /**
   * Set once stop() returns. A handler still running then (pg-boss waited `stopTimeoutMs` and
   * failed it, so it is retried elsewhere) finishes later, and pg-boss then marks it without
   * awaiting: against the platform's closed pool that was an unhandled rejection that crashed the
   * process on SIGTERM. Once stopped, pg-boss's statements are dropped instead.
   */
  private stopped = false;
  private readonly stopTimeoutMs: number;
  /** Queues with a run going on in this process. */
  private readonly running = new Set<string>();

  constructor(
    private readonly database: DatabaseHandle,
    onError: (error: Error) => void,
    options: { stopTimeoutMs?: number } = {},
  ) {
    this.stopTimeoutMs = options.stopTimeoutMs ?? 30_000;
    this.boss = new PgBoss({
      db: {
        executeSql: (text, values) =>
          this.stopped ? Promise.resolve(DROPPED) : database.executeSql(text, values),
      },
      schema: 'pgboss',
      // Cron is checked every 30 s; the default (a minute or more) would delay SLA escalations.
      cronMonitorIntervalSeconds: 30,
      // Expired runs are found at this pace: an abandoned run is retried within about
      // expireInSeconds + 15 s + the retry delay + one poll (~1.5 minutes at the default).
      maintenanceIntervalSeconds: MAINTENANCE_INTERVAL_SECONDS,
    });
    this.boss.on('error', onError);
  }

  async start(jobs: ScheduledJob[]): Promise<void> {
    this.stopped = false;
    await this.boss.start();
    this.started = true;
    for (const job of jobs) {
      const queue: PgBoss.Queue = {
        name: job.name,
        policy: 'singleton',
        ...RETRY,
        expireInSeconds: job.expireInSeconds ?? DEFAULT_EXPIRE_SECONDS,
      };
      await this.boss.createQueue(job.name, queue);
      // A queue made by an earlier version keeps its settings otherwise (createQueue leaves it).
      await this.boss.updateQueue(job.name, queue);
      await this.boss.schedule(job.name, job.cron, {}, { tz: 'Asia/Jakarta' });
      await this.boss.work(job.name, { pollingIntervalSeconds: 5 }, () => this.runAlone(job));
    }
  }

  /**
   * A run that outlives its expiry is handed out again by pg-boss while it goes on (and so is the
   * next cron tick). Such a second run ends at once, completed, when the first still runs: on this
   * instance (a local mark) or on another live one (it holds a transaction-level advisory lock per
   * queue for the whole run; a killed instance's session, and with it the lock, is gone).
   */
  private async runAlone(job: ScheduledJob): Promise<void> {
    if (this.running.has(job.name)) return;
    this.running.add(job.name);
    try {
      if (this.database.kind === 'pglite') {
        // One process owns an embedded database: the local mark is enough.
        await job.run();
        return;
      }
      await this.database.db.transaction(async (tx) => {
        const result = (await tx.execute(
          sql`select pg_try_advisory_xact_lock(${JOB_LOCK_CLASS}, hashtext(${job.name})) as locked`,
        )) as unknown as { rows: Array<{ locked: boolean }> };
        if (result.rows[0]?.locked) await job.run();
      });
    } finally {
      this.running.delete(job.name);
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
    await this.boss.stop({ graceful: true, wait: true, close: false, timeout: this.stopTimeoutMs });
    this.stopped = true;
  }
}
