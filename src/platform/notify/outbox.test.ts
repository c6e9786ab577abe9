import { readdir, readFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { SMTPServer } from 'smtp-server';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { makeCitizenInput, makeEmail } from '../../../test/support/factories.ts';
import { startTestApp, type TestContext } from '../../../test/support/test-platform.ts';
import { outbox } from './outbox.tables.ts';
import { enqueueEmail, OutboxDispatcher } from './outbox.ts';

type ReceivedMail = { from: string; to: string[]; raw: string };

/** A real SMTP server on a free local port that keeps every message it accepts. */
async function startSmtpServer() {
  const received: ReceivedMail[] = [];
  const server = new SMTPServer({
    secure: false,
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((recipient) => recipient.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as net.AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** A port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const port = (probe.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/** The text of a MIME body as a reader sees it (quoted-printable soft breaks and escapes undone). */
function decodeQuotedPrintable(text: string): string {
  const bytes = text.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex: string) => `%${hex}`);
  return decodeURIComponent(bytes.replace(/%(?![0-9A-F]{2})/g, '%25'));
}

async function outboxRowsFor(context: TestContext, recipient: string) {
  return context.platform.database.db.select().from(outbox).where(eq(outbox.recipient, recipient));
}

describe('outbox without SMTP (files in DATA_DIR/outbox)', () => {
  let context: TestContext;
  beforeAll(async () => {
    context = await startTestApp();
  });
  afterAll(async () => {
    await context?.close();
  });

  it('writes a queued e-mail as an .eml file with its subject and recipient, and marks it sent', async () => {
    const { db } = context.platform.database;
    const to = makeEmail('penerima');
    await enqueueEmail(db, { to, subject: 'Laporan Anda telah diterima', text: 'Nomor tiket: LPR-0001' });
    expect(await context.platform.outbox.drain()).toBeGreaterThanOrEqual(1);

    const [row] = await outboxRowsFor(context, to);
    expect(row?.sentAt).toBeInstanceOf(Date);
    expect(row?.lastError).toBeNull();
    expect(row?.deliveredTo).toMatch(/\.eml$/);
    const directory = path.join(context.dataDir, 'outbox');
    expect(await readdir(directory)).toContain(row!.deliveredTo);
    const message = await readFile(path.join(directory, row!.deliveredTo!), 'utf8');
    expect(message).toContain(`To: ${to}`);
    expect(message).toContain('Subject: Laporan Anda telah diterima');
    expect(message).toContain('Nomor tiket: LPR-0001');
    expect(message).toContain('From: Terpadu <no-reply@terpadu.localhost>');
  });

  it('does not deliver a sent e-mail a second time', async () => {
    const { db } = context.platform.database;
    const to = makeEmail('sekali');
    await enqueueEmail(db, { to, subject: 'Sekali saja', text: 'Satu kali.' });
    await Promise.all([context.platform.outbox.drain(), context.platform.outbox.drain()]);
    await context.platform.outbox.drain();
    const files = await readdir(path.join(context.dataDir, 'outbox'));
    const [row] = await outboxRowsFor(context, to);
    expect(files.filter((file) => file.includes(row!.id))).toHaveLength(1);
    expect(row?.attempts).toBe(1);
  });

  it('queues nothing when the transaction that enqueued the e-mail rolls back', async () => {
    const { db } = context.platform.database;
    const to = makeEmail('batal');
    await expect(
      db.transaction(async (tx) => {
        await enqueueEmail(tx, { to, subject: 'Tidak jadi', text: 'Tidak boleh terkirim.' });
        throw new Error('registration failed after queuing');
      }),
    ).rejects.toThrow('registration failed after queuing');
    await context.platform.outbox.drain();
    expect(await outboxRowsFor(context, to)).toEqual([]);
  });

  it('delivers each e-mail once when two instances drain the same outbox', async () => {
    const { db } = context.platform.database;
    const secondInstanceDirectory = path.join(context.dataDir, 'outbox-second-instance');
    const secondInstance = new OutboxDispatcher(db, {
      smtpUrl: undefined,
      mailFrom: 'Terpadu <no-reply@terpadu.localhost>',
      outboxDir: secondInstanceDirectory,
    });
    const recipients = Array.from({ length: 30 }, () => makeEmail('massal'));
    for (const to of recipients) await enqueueEmail(db, { to, subject: 'Pengumuman', text: 'Isi.' });

    const [first, second] = await Promise.all([context.platform.outbox.drain(), secondInstance.drain()]);
    await secondInstance.close();

    expect(first + second).toBe(30);
    const result = (await db.execute(
      sql`select count(*)::int as sent, sum(attempts)::int as attempts from ${outbox}
          where recipient in ${recipients} and sent_at is not null`,
    )) as unknown as { rows: unknown[] };
    expect(result.rows).toEqual([{ sent: 30, attempts: 30 }]);
  });
});

describe('outbox over SMTP', () => {
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;
  let context: TestContext;
  beforeAll(async () => {
    smtp = await startSmtpServer();
    context = await startTestApp({ SMTP_URL: smtp.url });
  });
  afterAll(async () => {
    await context?.close();
    await smtp?.close();
  });

  it('sends the verification e-mail of a new citizen, whose link verifies the address', async () => {
    const input = makeCitizenInput();
    const response = await context.app.inject({
      method: 'POST',
      url: '/api/v1/auth/register',
      payload: input,
    });
    expect(response.statusCode).toBe(201);
    await context.platform.outbox.drain();

    const mail = smtp.received.find((message) => message.to.includes(input.email));
    expect(mail, 'the SMTP server received the verification e-mail').toBeDefined();
    expect(mail!.from).toBe('no-reply@terpadu.localhost');
    const body = decodeQuotedPrintable(mail!.raw);
    expect(body).toContain('http://terpadu.test/verifikasi-email#token=');
    const [row] = await outboxRowsFor(context, input.email);
    expect(row).toMatchObject({ deliveredTo: 'smtp', lastError: null });
    expect(row?.sentAt).toBeInstanceOf(Date);

    const token = /verifikasi-email#token=([A-Za-z0-9_-]+)/.exec(body)![1]!;
    const verified = await context.app.inject({
      method: 'POST',
      url: '/api/v1/auth/verify-email',
      payload: { token },
    });
    expect(verified.statusCode).toBe(200);
    expect(verified.json()).toEqual({ verified: true });
  });
});

describe('outbox when the SMTP server cannot be reached', () => {
  let context: TestContext;
  beforeEach(async () => {
    context = await startTestApp({ SMTP_URL: `smtp://127.0.0.1:${await closedPort()}` });
  });
  afterEach(async () => {
    await context?.close();
  });

  it('keeps the e-mail unsent with the error recorded, and the service keeps working', async () => {
    const input = makeCitizenInput();
    const response = await context.app.inject({
      method: 'POST',
      url: '/api/v1/auth/register',
      payload: input,
    });
    expect(response.statusCode).toBe(201);
    expect(await context.platform.outbox.drain()).toBe(0);

    const [row] = await outboxRowsFor(context, input.email);
    expect(row?.sentAt).toBeNull();
    expect(row?.deliveredTo).toBeNull();
    expect(row?.attempts).toBe(1);
    expect(row?.lastError).toMatch(/ECONNREFUSED|connect/i);

    const health = await context.app.inject({ method: 'GET', url: '/readyz' });
    expect(health.statusCode).toBe(200);
    const login = await context.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: input.email, password: input.password },
    });
    expect(login.statusCode).toBe(200);
  });
});
