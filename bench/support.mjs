// Shared pieces of the benchmarks: free ports, starting the real service, machine facts.
import { spawn } from 'node:child_process';
import { appendFileSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, totalmem } from 'node:os';
import autocannon from 'autocannon';
import pg from 'pg';

export function freePort() {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * Starts `terpadu serve` (with `nodeArguments` for Node itself, e.g. --cpu-prof; from the checkout
 * `cwd`, by default this one) and resolves when /readyz answers; the child is killed with the
 * returned stop().
 */
export async function startService(environment, { nodeArguments = [], cwd } = {}) {
  const port = await freePort();
  const child = spawn(process.execPath, [...nodeArguments, 'bin/terpadu.js', 'serve'], {
    cwd,
    env: { ...process.env, LOG_LEVEL: 'warn', HOST: '127.0.0.1', ...environment, PORT: String(port) },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const base = `http://127.0.0.1:${port}`;
  for (let attempt = 0; attempt < 6000; attempt++) {
    try {
      if ((await fetch(`${base}/readyz`)).ok) break;
    } catch {}
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    base,
    pid: child.pid,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', resolve);
        child.kill('SIGTERM');
      }),
  };
}

/** A throwaway database on the server, dropped by the returned drop(). */
export async function createBenchDatabase(adminUrl, name) {
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`drop database if exists ${name} with (force)`);
  await admin.query(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

export function machine() {
  return `${cpus().length} cores, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
}

export function today() {
  return new Date().toISOString().slice(0, 10);
}

/** Resident memory of a process, in MB (Linux /proc). */
export function rssMegabytes(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)[1]) / 1024;
}

/**
 * CPU time (user + system) a process has used, in ms (Linux /proc; clock ticks of 10 ms). Per
 * request it varies much less with the machine's load than the request's wall time does.
 */
export function cpuMilliseconds(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** Samples a process's RSS every 200 ms until stop(); returns the peak in MB. */
export function samplePeakRss(pid) {
  let peak = rssMegabytes(pid);
  const timer = setInterval(() => {
    try {
      peak = Math.max(peak, rssMegabytes(pid));
    } catch {}
  }, 200);
  return () => {
    clearInterval(timer);
    return peak;
  };
}

/** Node, PostgreSQL server and key package versions, for the results header. */
export async function versions(databaseUrl) {
  const packageJson = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
  let server = 'no server';
  if (databaseUrl) {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    server = `PostgreSQL ${(await client.query('show server_version')).rows[0].server_version.split(' ')[0]}`;
    await client.end();
  }
  const dependency = (name) =>
    `${name} ${packageJson.dependencies[name] ?? packageJson.devDependencies[name]}`;
  return [
    `Node ${process.version}`,
    server,
    dependency('fastify'),
    dependency('drizzle-orm'),
    dependency('pg'),
    dependency('autocannon'),
  ].join(', ');
}

/** `connections` loops calling `work` until `seconds` pass; rate and latency percentiles. */
export async function closedLoop(work, connections, seconds) {
  const latencies = [];
  const deadline = Date.now() + seconds * 1000;
  let errors = 0;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (Date.now() < deadline) {
        const started = performance.now();
        try {
          await work();
        } catch {
          errors += 1;
          continue;
        }
        latencies.push(performance.now() - started);
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  const pick = (q) => quantile(latencies, q);
  return { rate: latencies.length / seconds, p50: pick(0.5), p95: pick(0.95), p99: pick(0.99), errors };
}

/**
 * autocannon, bounded; `requests` rotates through several request bodies or paths if given. Every
 * response's latency is recorded (`result.latencies`, ms, sorted) so that `summarise` reports a
 * real p95, not autocannon's nearest percentile (p97.5).
 */
export function autocannonRun(options) {
  return new Promise((resolve, reject) => {
    const latencies = [];
    const instance = autocannon(options, (error, result) =>
      error ? reject(error) : resolve({ ...result, latencies: latencies.sort((a, b) => a - b) }),
    );
    instance.on('response', (_client, _statusCode, _bytes, responseTime) => latencies.push(responseTime));
  });
}

/** The q-quantile of sorted latencies (nearest rank), 0 when there are none. */
const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;

export function summarise(result, seconds) {
  return {
    rate: result['2xx'] / (result.duration || seconds),
    p50: result.latency.p50,
    p95: result.latencies?.length
      ? quantile(result.latencies, 0.95)
      : (result.latency.p97_5 ?? result.latency.p99),
    p99: result.latency.p99,
    errors: result.non2xx + result.errors + result.timeouts,
  };
}

export const fmt = (value) => (value >= 100 ? Math.round(value).toLocaleString('en-US') : value.toFixed(1));

/** Appends a section to bench/RESULTS.md and prints it. */
export function report(lines) {
  console.log(lines.join('\n'));
  appendFileSync(new URL('./RESULTS.md', import.meta.url), `${lines.join('\n')}\n`);
}

/** Registers and logs in a citizen; returns the bearer token. */
export async function citizenToken(base, serial = 1) {
  const email = `bench.${process.pid}.${serial}@example.id`;
  const password = 'kata-sandi-beban-1';
  const register = await fetch(`${base}/api/v1/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      nik: `35780112059${String(serial).padStart(5, '0')}`,
      name: 'Warga Uji Beban',
      email,
      password,
    }),
  });
  if (!register.ok) throw new Error(`register: ${register.status} ${await register.text()}`);
  const login = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  return (await login.json()).token;
}

/** The report every intake bench files (the same row as its plain-INSERT baseline). */
export const sampleReport = Object.freeze({
  kind: 'pengaduan',
  title: 'Jalan berlubang di depan sekolah dasar',
  description:
    'Jalan di depan SD Negeri berlubang besar dan membahayakan anak-anak yang menyeberang setiap pagi.',
  privacy: 'publik',
  regionCode: '35.78.01',
  categoryCode: 'infrastruktur',
});
