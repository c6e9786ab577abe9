#!/usr/bin/env node
// Start-up time and idle memory of `terpadu serve`: embedded PGlite fresh (empty DATA_DIR: schema,
// 90k area rows, agencies) and warm (restart on the same DATA_DIR), and on the PostgreSQL server
// when BENCH_DATABASE_URL is set. Only 127.0.0.1 is contacted. Usage: node bench/startup.mjs [runs]
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { machine, report, today, versions } from './support.mjs';

const runs = Number(process.argv[2] ?? 3);
const serverUrl = process.env.BENCH_DATABASE_URL;

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

async function startOnce(environment) {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, ['bin/terpadu.js', 'serve'], {
    env: { ...process.env, ...environment, PORT: String(port), LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let readyMs;
  for (let attempt = 0; attempt < 1200; attempt++) {
    try {
      const response = await fetch(`http://127.0.0.1:${port}/readyz`);
      if (response.ok) {
        readyMs = performance.now() - started;
        break;
      }
    } catch {}
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  if (readyMs === undefined) throw new Error('service did not become ready in 60 s');
  await new Promise((resolve) => setTimeout(resolve, 3000));
  const idleRss = rssMegabytes(child.pid);
  child.kill('SIGTERM');
  await new Promise((resolve) => child.once('exit', resolve));
  return { readyMs, idleRss };
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const rows = [];
async function measure(label, prepare) {
  const results = [];
  for (let run = 0; run < runs; run++) results.push(await startOnce(await prepare(run)));
  rows.push({
    label,
    readyMs: median(results.map((result) => result.readyMs)),
    idleRss: median(results.map((result) => result.idleRss)),
  });
}

const directories = [];
const freshDirectory = () => {
  const directory = mkdtempSync(path.join(tmpdir(), 'terpadu-bench-'));
  directories.push(directory);
  return directory;
};
await measure('PGlite, fresh DATA_DIR', async () => ({ DATA_DIR: freshDirectory() }));
const warm = freshDirectory();
await startOnce({ DATA_DIR: warm });
await measure('PGlite, warm restart', async () => ({ DATA_DIR: warm }));
if (serverUrl) {
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  const database = `terpadu_bench_${process.pid}`;
  await admin.query(`create database ${database}`);
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  const environment = { DATA_DIR: freshDirectory(), DATABASE_URL: url.toString() };
  rows.push({ label: 'PostgreSQL, empty database', ...(await startOnce(environment)) });
  await measure('PostgreSQL, warm restart', async () => environment);
  await admin.query(`drop database ${database} with (force)`);
  await admin.end();
}
for (const directory of directories) rmSync(directory, { recursive: true, force: true });

report([
  `### Start-up and idle memory — ${today()}`,
  '',
  `${machine()}; ${await versions(serverUrl)}; median of ${runs}.`,
  `Command: \`${serverUrl ? 'BENCH_DATABASE_URL=… ' : ''}node bench/startup.mjs ${runs}\``,
  '',
  '| start | ready after (ms) | idle RSS (MB) |',
  '|---|---:|---:|',
  ...rows.map((row) => `| ${row.label} | ${Math.round(row.readyMs)} | ${Math.round(row.idleRss)} |`),
  '',
]);
