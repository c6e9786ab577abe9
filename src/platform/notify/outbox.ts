import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { and, desc, eq, isNull, lt, or, sql } from 'drizzle-orm';
import type { Database } from '../db/database.ts';
import { outbox } from './outbox.tables.ts';

export type Email = { to: string; subject: string; text: string };

/** Queues an e-mail inside the caller's transaction; the dispatcher delivers it after commit. */
export async function enqueueEmail(db: Database, email: Email): Promise<void> {
  await enqueueEmails(db, [email]);
}

/** Several e-mails in one statement. */
export async function enqueueEmails(db: Database, emails: Email[]): Promise<void> {
  if (emails.length === 0) return;
  await emailInsert(db, emails);
}

/** The INSERT that queues e-mails, unsent (for sending together with other statements). */
export function emailInsert(db: Database, emails: Email[]) {
  return db
    .insert(outbox)
    .values(emails.map((email) => ({ recipient: email.to, subject: email.subject, bodyText: email.text })));
}

type Deliver = (email: Email & { id: string }) => Promise<string>;

/** Made at the first e-mail: nodemailer (about 13 MB) is not loaded by an instance that sends none. */
function makeDeliver(options: { smtpUrl: string | undefined; mailFrom: string; outboxDir: string }): Deliver {
  let deliver: Promise<Deliver> | undefined;
  return async (email) => {
    deliver ??= import('nodemailer').then(({ default: nodemailer }) => transportDeliver(nodemailer, options));
    return (await deliver)(email);
  };
}

function transportDeliver(
  nodemailer: typeof import('nodemailer')['default'],
  options: { smtpUrl: string | undefined; mailFrom: string; outboxDir: string },
): Deliver {
  if (options.smtpUrl) {
    const transport = nodemailer.createTransport(options.smtpUrl);
    return async (email) => {
      await transport.sendMail({
        from: options.mailFrom,
        to: email.to,
        subject: email.subject,
        text: email.text,
      });
      return 'smtp';
    };
  }
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  let madeDirectory: Promise<unknown> | undefined;
  return async (email) => {
    const info = await transport.sendMail({
      from: options.mailFrom,
      to: email.to,
      subject: email.subject,
      text: email.text,
    });
    madeDirectory ??= mkdir(options.outboxDir, { recursive: true });
    await madeDirectory.catch((error) => {
      madeDirectory = undefined; // try again with the next e-mail
      throw error;
    });
    const fileName = `${new Date().toISOString().replaceAll(':', '-')}-${email.id}.eml`;
    await writeFile(path.join(options.outboxDir, fileName), info.message as Buffer, { mode: 0o600 });
    return fileName;
  };
}

const MAX_ATTEMPTS = 8;
/**
 * A kick waits this long before delivering, so that the e-mails of requests filed meanwhile are
 * claimed and marked sent together (two statements per batch of up to 20, not per e-mail).
 */
const KICK_DELAY_MS = 20;
const CLAIM_TIMEOUT = sql`now() - interval '5 minutes'`;

/**
 * Delivers queued e-mails. Rows are claimed with SKIP LOCKED, so several instances can run one
 * each; a claim older than five minutes (a crashed instance) is taken over.
 */
export class OutboxDispatcher {
  private readonly deliver: Deliver;
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;
  private kickTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly db: Database,
    options: { smtpUrl: string | undefined; mailFrom: string; outboxDir: string },
    private readonly onError: (error: unknown) => void = () => {},
  ) {
    this.deliver = makeDeliver(options);
  }

  start(intervalMs = 2000): void {
    this.timer = setInterval(() => this.kick(), intervalMs);
    this.timer.unref();
  }

  /**
   * Delivers soon (after KICK_DELAY_MS; kicks meanwhile join it), after the pass under way if any:
   * an e-mail queued while a pass is ending is not left for the interval.
   */
  kick(): void {
    if (this.kickTimer) return;
    this.kickTimer = setTimeout(() => {
      this.kickTimer = undefined;
      void (this.running ?? Promise.resolve())
        .catch(() => {})
        .then(() => this.drain())
        .catch(this.onError);
    }, KICK_DELAY_MS);
  }

  /** Delivers everything pending; resolves with the number delivered. */
  async drain(): Promise<number> {
    if (this.running) return this.running;
    this.running = this.drainOnce().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async drainOnce(): Promise<number> {
    let delivered = 0;
    for (;;) {
      const batch = (await this.db.execute(sql`
        update ${outbox} set claimed_at = now(), attempts = attempts + 1
        where id in (
          select id from ${outbox}
          where sent_at is null and attempts < ${MAX_ATTEMPTS}
            and (claimed_at is null or claimed_at < ${CLAIM_TIMEOUT})
          order by created_at
          limit 20
          for update skip locked
        )
        returning id, recipient, subject, body_text`)) as unknown as {
        rows: Array<{ id: string; recipient: string; subject: string; body_text: string }>;
      };
      if (batch.rows.length === 0) return delivered;
      const sent: Array<{ id: string; delivered_to: string }> = [];
      for (const row of batch.rows) {
        try {
          const deliveredTo = await this.deliver({
            id: row.id,
            to: row.recipient,
            subject: row.subject,
            text: row.body_text,
          });
          sent.push({ id: row.id, delivered_to: deliveredTo });
        } catch (error) {
          // Leave it claimed; it is retried once the claim times out.
          await this.db
            .update(outbox)
            .set({ lastError: String((error as Error).message ?? error).slice(0, 500) })
            .where(eq(outbox.id, row.id));
          this.onError(error);
        }
      }
      // One statement marks the whole batch sent (a crash before it re-sends the batch: at least once).
      if (sent.length > 0) {
        await this.db.execute(sql`
          update ${outbox} set sent_at = now(), delivered_to = sent.delivered_to, last_error = null
          from jsonb_to_recordset(${JSON.stringify(sent)}::jsonb) as sent(id uuid, delivered_to text)
          where ${outbox.id} = sent.id`);
        delivered += sent.length;
      }
    }
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    if (this.kickTimer) clearTimeout(this.kickTimer);
    this.kickTimer = undefined;
  }

  async close(): Promise<void> {
    this.stop();
    await this.running?.catch(() => {});
  }
}

/** Newest first, for the system administrator's mailbox page. */
export async function listOutbox(db: Database, options: { limit: number; offset: number }) {
  return db.select().from(outbox).orderBy(desc(outbox.createdAt)).limit(options.limit).offset(options.offset);
}

export async function findOutboxMessage(db: Database, id: string) {
  const [row] = await db.select().from(outbox).where(eq(outbox.id, id));
  return row;
}

export async function countPendingOutbox(db: Database): Promise<number> {
  const [row] = await db
    .select({ count: sql<number>`count(*)::int` })
    .from(outbox)
    .where(and(isNull(outbox.sentAt), or(isNull(outbox.claimedAt), lt(outbox.claimedAt, CLAIM_TIMEOUT))));
  return row?.count ?? 0;
}
