#!/usr/bin/env node
// Start-up time and idle memory of `terpadu serve`: embedded PGlite fresh (empty DATA_DIR: schema,
// 90k area rows, agencies) and warm (restart on the same DATA_DIR), and on the PostgreSQL server
// when BENCH_DATABASE_URL is set. Only 127.0.0.1 is contacted.
// Bounded in time: each start may take START_TIMEOUT_SECONDS (default 180) before it is killed and
// recorded as timed out, each stop 20 s before SIGKILL, and the whole run BENCH_DEADLINE_SECONDS
// (default 900) before the remaining runs are skipped (and said so in the table). Progress on
// stderr; the service's own output is discarded (a full stdout pipe once stalled it).
// Usage: node bench/startup.mjs [runs=3]
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { machine, report, today, versions } from './support.mjs';

const runs = Number(process.argv[2] ?? 3);
const serverUrl = process.env.BENCH_DATABASE_URL;
const startTimeoutMs = Number(process.env.START_TIMEOUT_SECONDS ?? 180) * 1000;
const deadline = Date.now() + Number(process.env.BENCH_DEADLINE_SECONDS ?? 900) * 1000;
const loadAtStart = loadavg()
  .map((value) => value.toFixed(1))
  .join(' ');
const progress = (message) => process.stderr.write(`startup: ${message}\n`);

function freePort() {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function rssMegabytes(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)[1]) / 1024;
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const running = new Set();

/** Resolves when the child has exited, or after `ms` (false). */
function exited(child, ms) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

async function stop(child) {
  child.kill('SIGTERM');
  if (!(await exited(child, 20_000))) {
    progress(`pid ${child.pid} still running 20 s after SIGTERM: SIGKILL`);
    child.kill('SIGKILL');
    await exited(child, 5_000);
  }
  running.delete(child);
}

/** One start: time to the first /readyz 200, then RSS after 3 s idle; `undefined` on timeout. */
async function startOnce(environment) {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, ['bin/terpadu.js', 'serve'], {
    env: { ...process.env, ...environment, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  running.add(child);
  let readyMs;
  while (performance.now() - started < startTimeoutMs && child.exitCode === null) {
    try {
      const response = await fetch(`http://127.0.0.1:${port}/readyz`, { signal: AbortSignal.timeout(2_000) });
      if (response.ok) {
        readyMs = performance.now() - started;
        break;
      }
    } catch {}
    await sleep(50);
  }
  if (readyMs === undefined) {
    progress(
      child.exitCode === null
        ? `not ready after ${startTimeoutMs / 1000} s: killed`
        : `exited with code ${child.exitCode} before it was ready`,
    );
    child.kill('SIGKILL');
    await exited(child, 5_000);
    running.delete(child);
    return undefined;
  }
  await sleep(3000);
  const idleRss = rssMegabytes(child.pid);
  await stop(child);
  return { readyMs, idleRss };
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const rows = [];
async function measure(label, prepare, count = runs) {
  const results = [];
  let timedOut = 0;
  for (let run = 0; run < count; run++) {
    if (Date.now() > deadline) {
      progress(`${label}: deadline reached, ${count - run} run(s) skipped`);
      break;
    }
    const result = await startOnce(await prepare(run));
    if (result) {
      results.push(result);
      progress(
        `${label} ${run + 1}/${count}: ready in ${Math.round(result.readyMs)} ms, idle RSS ${Math.round(result.idleRss)} MB`,
      );
    } else timedOut += 1;
  }
  rows.push({
    label,
    runs: results.length,
    timedOut,
    readyMs: results.length ? median(results.map((result) => result.readyMs)) : undefined,
    idleRss: results.length ? median(results.map((result) => result.idleRss)) : undefined,
  });
}

const directories = [];
const freshDirectory = () => {
  const directory = mkdtempSync(path.join(tmpdir(), 'terpadu-bench-'));
  directories.push(directory);
  return directory;
};
let admin;
let database;
try {
  await measure('PGlite, fresh DATA_DIR', async () => ({ DATA_DIR: freshDirectory() }));
  const warm = freshDirectory();
  await measure('PGlite, warm restart', async (run) => {
    // The first start fills the directory; it is not counted.
    if (run === 0) await startOnce({ DATA_DIR: warm });
    return { DATA_DIR: warm };
  });
  if (serverUrl) {
    admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    database = `terpadu_bench_startup_${process.pid}`;
    await admin.query(`create database ${database}`);
    const url = new URL(serverUrl);
    url.pathname = `/${database}`;
    const environment = { DATA_DIR: freshDirectory(), DATABASE_URL: url.toString() };
    await measure('PostgreSQL, empty database', async () => environment, 1);
    await measure('PostgreSQL, warm restart', async () => environment);
  }
} finally {
  for (const child of running) child.kill('SIGKILL');
  if (database) await admin.query(`drop database if exists ${database} with (force)`);
  await admin?.end();
  for (const directory of directories) rmSync(directory, { recursive: true, force: true });
}

const cell = (value) => (value === undefined ? '—' : String(Math.round(value)));
report([
  `### Start-up and idle memory — ${today()}`,
  '',
  `${machine()}; load average at start ${loadAtStart} (other work shares the machine); ${await versions(serverUrl)}; median of the runs that finished.`,
  `Command: \`${serverUrl ? 'BENCH_DATABASE_URL=… ' : ''}node bench/startup.mjs ${runs}\` (a start not ready within ${startTimeoutMs / 1000} s counts as timed out).`,
  '',
  '| start | runs | timed out | ready after (ms) | idle RSS (MB) |',
  '|---|---:|---:|---:|---:|',
  ...rows.map(
    (row) => `| ${row.label} | ${row.runs} | ${row.timedOut} | ${cell(row.readyMs)} | ${cell(row.idleRss)} |`,
  ),
  '',
]);
