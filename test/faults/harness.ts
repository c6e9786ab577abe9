import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { connect, createServer as createNetServer, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import PgBoss from 'pg-boss';

/**
 * What the fault tests share: a throwaway database on the local PostgreSQL server, the real
 * service started as a child process (`terpadu serve`), citizens with browser sessions, and the
 * invariants that must hold for filed reports whatever happened to the process or the network.
 */

export const ADMIN_URL = process.env.FAULTS_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
export const SECRET_KEY = 'faults-secret-key-faults-secret-key-0123456789';
const REPOSITORY = path.resolve(import.meta.dirname, '../..');

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export function databaseUrl(name: string, base = ADMIN_URL): string {
  const url = new URL(base);
  url.pathname = `/${name}`;
  return url.toString();
}

/** A fresh, empty database; drop() removes it (with its connections). */
export async function createDatabase(prefix: string) {
  const name = `terpadu_faults_${prefix}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  return {
    name,
    url: databaseUrl(name),
    drop: async () => {
      const dropper = new pg.Client({ connectionString: ADMIN_URL });
      await dropper.connect();
      await dropper.query(`drop database if exists ${name} with (force)`);
      await dropper.end();
    },
  };
}

export async function makeTempDir(prefix: string): Promise<{ path: string; remove(): Promise<void> }> {
  const directory = await mkdtemp(path.join(tmpdir(), `terpadu-faults-${prefix}-`));
  return { path: directory, remove: () => rm(directory, { recursive: true, force: true }) };
}

export type Service = {
  base: string;
  port: number;
  child: ChildProcess;
  /** stdout and stderr so far, for failure messages. */
  log(): string;
  /** SIGKILL: no shutdown hook runs, in-flight transactions are cut. */
  kill(): Promise<void>;
  /** SIGTERM: the graceful shutdown. */
  stop(): Promise<void>;
};

/** `node bin/terpadu.js serve` with the given environment; resolves once /readyz answers 200. */
export async function startService(environment: Record<string, string>, port?: number): Promise<Service> {
  const chosenPort = port ?? (await freePort());
  const child = spawn(process.execPath, ['bin/terpadu.js', 'serve'], {
    cwd: REPOSITORY,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      LOG_LEVEL: 'warn',
      HOST: '127.0.0.1',
      SECRET_KEY,
      WEB_DIST_DIR: path.join(tmpdir(), 'terpadu-faults-no-web'),
      ...environment,
      PORT: String(chosenPort),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk) => {
    output += String(chunk);
  });
  child.stderr?.on('data', (chunk) => {
    output += String(chunk);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const base = `http://127.0.0.1:${chosenPort}`;
  const deadline = Date.now() + 90_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`service exited with ${child.exitCode}:\n${output}`);
    try {
      if ((await fetch(`${base}/readyz`)).ok) break;
    } catch {}
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`service not ready in 90 s:\n${output}`);
    }
    await sleep(100);
  }
  const waitExit = async (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  return {
    base,
    port: chosenPort,
    child,
    log: () => output,
    kill: () => waitExit('SIGKILL'),
    stop: () => waitExit('SIGTERM'),
  };
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export type CitizenSession = { email: string; cookie: string; csrfToken: string; token: string };

let nikSerial = Math.floor(Math.random() * 4000);

/** A citizen registered and logged in through the API, holding a browser session (cookie + CSRF token). */
export async function makeCitizen(base: string): Promise<CitizenSession> {
  nikSerial += 1;
  const email = `faults.${randomBytes(5).toString('hex')}@example.id`;
  const password = 'kata-sandi-uji-gangguan-1';
  const nik = `35780112059${String(nikSerial % 100).padStart(2, '0')}${String((nikSerial % 999) + 1).padStart(3, '0')}`;
  const register = await fetch(`${base}/api/v1/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ nik, name: 'Warga Uji Gangguan', email, password }),
  });
  if (register.status !== 201) throw new Error(`register: ${register.status} ${await register.text()}`);
  return login(base, email, password);
}

export async function login(base: string, email: string, password: string): Promise<CitizenSession> {
  const response = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (response.status !== 200) throw new Error(`login: ${response.status} ${await response.text()}`);
  const body = (await response.json()) as { token: string; csrfToken: string };
  const cookie = (response.headers.get('set-cookie') ?? '').split(';')[0]!;
  return { email, cookie, csrfToken: body.csrfToken, token: body.token };
}

export function reportBody(serial: number) {
  return {
    kind: 'pengaduan',
    title: `Saluran air tersumbat nomor ${serial}`,
    description: `Saluran air di depan rumah nomor ${serial} tersumbat sampah dan meluap setiap hujan deras.`,
    privacy: 'publik',
    regionCode: '35.78.01',
    categoryCode: 'infrastruktur',
  };
}

export type Filing = {
  key: string;
  serial: number;
  citizen: CitizenSession;
  /** 201/200 with the report, another status, or no answer at all (the connection died). */
  status: number | 'no-answer';
  trackingId?: string;
};

/** Files one report as a browser would: session cookie, CSRF token, an Idempotency-Key. */
export async function fileReport(
  base: string,
  citizen: CitizenSession,
  serial: number,
  key: string = randomUUID(),
): Promise<Filing> {
  try {
    const response = await fetch(`${base}/api/v1/complaints`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        cookie: citizen.cookie,
        'x-csrf-token': citizen.csrfToken,
        'idempotency-key': key,
      },
      body: JSON.stringify(reportBody(serial)),
      signal: AbortSignal.timeout(15_000),
    });
    const text = await response.text();
    const filing: Filing = { key, serial, citizen, status: response.status };
    if (response.status === 201 || response.status === 200)
      filing.trackingId = (JSON.parse(text) as { trackingId: string }).trackingId;
    else if (response.status >= 500) {
      if (!response.headers.get('content-type')?.startsWith('application/problem+json'))
        throw new Error(`a ${response.status} that is not problem+json: ${text}`);
    }
    return filing;
  } catch (error) {
    if (String(error).includes('problem+json')) throw error;
    return { key, serial, citizen, status: 'no-answer' };
  }
}

/** Keeps `concurrency` filings in flight until stop() is called; returns every outcome. */
export function driveIntake(base: () => string, citizens: CitizenSession[], concurrency: number) {
  const filings: Filing[] = [];
  let stopped = false;
  let serial = 0;
  const workers = Array.from({ length: concurrency }, async (_, worker) => {
    while (!stopped) {
      serial += 1;
      const citizen = citizens[(serial + worker) % citizens.length]!;
      const filing = await fileReport(base(), citizen, serial);
      filings.push(filing);
      // A client backs off a little when the service is down or unreachable.
      if (!filing.trackingId) await sleep(50);
    }
  });
  return {
    filings,
    stop: async () => {
      stopped = true;
      await Promise.all(workers);
      return filings;
    },
  };
}

export async function query<T = Record<string, unknown>>(url: string, text: string, values: unknown[] = []) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text, values)).rows as T[];
  } finally {
    await client.end();
  }
}

/**
 * Rows that may only exist together: a report with exactly one primary reporter, one filing
 * event, one audit entry `complaint.submitted` and the reporter's in-app notification; nothing of
 * these without its report. Returns a list of violations (empty when all hold).
 */
export async function halfWrittenReports(url: string): Promise<string[]> {
  const checks: Array<[string, string]> = [
    [
      'report without exactly one primary reporter',
      `select c.tracking_id from complaints.complaints c
       where (select count(*) from complaints.reporters r where r.complaint_id = c.id and r.is_primary) <> 1`,
    ],
    [
      'report without exactly one filing event',
      `select c.tracking_id from complaints.complaints c
       where (select count(*) from complaints.events e where e.complaint_id = c.id and e.kind in ('diajukan','dicatat_petugas')) <> 1`,
    ],
    [
      'report without exactly one complaint.submitted audit entry',
      `select c.tracking_id from complaints.complaints c
       where (select count(*) from platform.audit_log a where a.action = 'complaint.submitted' and a.target_id = c.tracking_id) <> 1`,
    ],
    [
      "report without its reporter's notification",
      `select c.tracking_id from complaints.complaints c
       where not exists (select 1 from platform.notifications n where n.title = 'Laporan ' || c.tracking_id || ' diterima')`,
    ],
    [
      'reporter row without its report',
      `select r.complaint_id::text from complaints.reporters r
       where not exists (select 1 from complaints.complaints c where c.id = r.complaint_id)`,
    ],
    [
      'event without its report',
      `select e.id::text from complaints.events e
       where not exists (select 1 from complaints.complaints c where c.id = e.complaint_id)`,
    ],
    [
      'idempotency key without its report',
      `select k.key from complaints.idempotency_keys k
       where not exists (select 1 from complaints.complaints c where c.id = k.complaint_id)`,
    ],
    [
      'audit entry for a report that does not exist',
      `select a.target_id from platform.audit_log a where a.action = 'complaint.submitted'
       and not exists (select 1 from complaints.complaints c where c.tracking_id = a.target_id)`,
    ],
  ];
  const violations: string[] = [];
  for (const [label, text] of checks) {
    const rows = await query(url, text);
    if (rows.length > 0) violations.push(`${label}: ${rows.length}`);
  }
  return violations;
}

/** Every report that got 201/200 exists exactly once; no key made two reports. */
export async function lostOrDuplicated(url: string, filings: Filing[]): Promise<string[]> {
  const rows = await query<{ tracking_id: string; n: number }>(
    url,
    'select tracking_id, count(*)::int as n from complaints.complaints group by tracking_id',
  );
  const byTracking = new Map(rows.map((row) => [row.tracking_id, row.n]));
  const problems: string[] = [];
  for (const filing of filings) {
    if (!filing.trackingId) continue;
    const n = byTracking.get(filing.trackingId) ?? 0;
    if (n !== 1) problems.push(`${filing.trackingId} (key ${filing.key}) stored ${n} times`);
  }
  const keys = await query<{ key: string; n: number }>(
    url,
    'select key, count(*)::int as n from complaints.idempotency_keys group by key having count(*) > 1',
  );
  for (const row of keys) problems.push(`key ${row.key} made ${row.n} reports`);
  return problems;
}

/** `terpadu <args>` as an operator runs it; resolves with its exit code and output. */
export function runCli(
  args: string[],
  environment: Record<string, string>,
): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['bin/terpadu.js', ...args], {
      cwd: REPOSITORY,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', SECRET_KEY, ...environment },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => {
      output += String(chunk);
    });
    child.stderr.on('data', (chunk) => {
      output += String(chunk);
    });
    child.once('exit', (code) => resolve({ code, output }));
  });
}

/** Queues a run of a pg-boss job, as a cron tick or an operator would; no worker in this process. */
export async function queueJob(url: string, name: string): Promise<string> {
  const boss = new PgBoss({
    connectionString: url,
    schema: 'pgboss',
    supervise: false,
    schedule: false,
    migrate: false,
  });
  boss.on('error', () => {});
  await boss.start();
  try {
    const id = await boss.send(name, {});
    if (!id) throw new Error(`pg-boss refused to queue ${name}`);
    return id;
  } finally {
    await boss.stop({ graceful: false, close: true });
  }
}

export async function jobState(url: string, id: string): Promise<string | undefined> {
  const rows = await query<{ state: string }>(url, 'select state::text from pgboss.job where id = $1', [id]);
  return rows[0]?.state;
}

export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined | false>,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(250);
  }
}

/**
 * A TCP proxy in front of PostgreSQL whose link can be cut (every connection dropped, new ones
 * refused) and restored, as a network partition or a database restart looks to the service.
 */
export async function startDatabaseProxy(target = ADMIN_URL) {
  const { hostname, port } = new URL(target);
  const sockets = new Set<Socket>();
  const listenPort = await freePort();
  let server: Server | undefined;
  const listen = () =>
    new Promise<void>((resolve, reject) => {
      server = createNetServer((client) => {
        const upstream = connect({ host: hostname, port: Number(port || 5432) });
        sockets.add(client);
        sockets.add(upstream);
        const drop = () => {
          client.destroy();
          upstream.destroy();
          sockets.delete(client);
          sockets.delete(upstream);
        };
        client.on('error', drop).on('close', drop);
        upstream.on('error', drop).on('close', drop);
        client.pipe(upstream).pipe(client);
      });
      server.once('error', reject);
      server.listen(listenPort, '127.0.0.1', () => resolve());
    });
  await listen();
  return {
    port: listenPort,
    urlFor: (database: string) => {
      const url = new URL(databaseUrl(database, target));
      url.host = `127.0.0.1:${listenPort}`;
      return url.toString();
    },
    cut: async () => {
      await new Promise<void>((resolve) => {
        server?.close(() => resolve());
        for (const socket of sockets) socket.destroy();
        sockets.clear();
      });
    },
    restore: listen,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => (server?.listening ? server.close(() => resolve()) : resolve()));
    },
  };
}
