#!/usr/bin/env node
// Public statistics at scale on PostgreSQL: seeds a dedicated database to N reports (once; a
// rerun reuses it), starts the real service on it, then requests each public statistics endpoint
// from C concurrent clients for S seconds and prints p50/p95 latency, next to /readyz (one
// database round trip) measured in the same run as the baseline. Traffic goes to 127.0.0.1 only.
// Usage: node bench/statistics/run.mjs [reports=1000000] [seconds=10] [clients=2]
//   BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres) names the server;
//   the database used is terpadu_bench_statistics on it (kept, so the seed is paid once).
import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { machine, startService, today } from '../support.mjs';

const reports = Number(process.argv[2] ?? 1_000_000);
const seconds = Number(process.argv[3] ?? 10);
const clients = Number(process.argv[4] ?? 2);
const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const DATABASE = 'terpadu_bench_statistics';

const ENDPOINTS = [
  ['baseline: /readyz (one database round trip)', '/readyz'],
  ['national overview, all time', '/api/v1/statistics'],
  ['national overview, one year', '/api/v1/statistics?from=2025-01&to=2025-12'],
  ['province 35 (Jawa Timur)', '/api/v1/statistics?regionCode=35'],
  ['regency/city 35.78 (Surabaya)', '/api/v1/statistics?regionCode=35.78'],
  ['agency 35.78, one quarter', '/api/v1/statistics?agencyCode=35.78&from=2026-01&to=2026-03'],
  ['league table CSV', '/api/v1/statistics/tables/league?format=csv'],
  ['months CSV, province 35', '/api/v1/statistics/tables/month?format=csv&regionCode=35'],
];

const databaseUrl = (() => {
  const url = new URL(adminUrl);
  url.pathname = `/${DATABASE}`;
  return url.toString();
})();

async function query(url, text) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text)).rows;
  } finally {
    await client.end();
  }
}

const exists = await query(adminUrl, `select 1 from pg_database where datname = '${DATABASE}'`);
if (exists.length === 0) await query(adminUrl, `create database ${DATABASE}`);
const dataDir = mkdtempSync(path.join(tmpdir(), 'terpadu-bench-statistics-'));
const environment = {
  DATABASE_URL: databaseUrl,
  DATA_DIR: dataDir,
  SECRET_KEY: 'bench-secret-key-bench-secret-key-0123',
};

const countReports = async () => {
  try {
    return Number((await query(databaseUrl, 'select count(*) as n from complaints.complaints'))[0].n);
  } catch {
    return 0;
  }
};
let present = await countReports();
if (present < reports) {
  const started = performance.now();
  console.error(`seeding ${reports - present} reports into ${DATABASE}…`);
  execFileSync(process.execPath, ['bin/terpadu.js', 'seed', '--reports', String(reports - present)], {
    env: { ...process.env, ...environment },
    stdio: 'inherit',
  });
  console.error(`seeded in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  present = await countReports();
}

const service = await startService(environment);

function percentile(sorted, share) {
  return sorted[Math.min(sorted.length - 1, Math.floor(share * sorted.length))];
}

async function measure(url) {
  // The first request computes from the rollups; later ones within a minute get the kept answer.
  const firstStarted = performance.now();
  await (await fetch(url)).arrayBuffer();
  const first = performance.now() - firstStarted;
  for (let warm = 0; warm < 2; warm++) await (await fetch(url)).arrayBuffer();
  const latencies = [];
  let errors = 0;
  const deadline = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (performance.now() < deadline) {
        const started = performance.now();
        const response = await fetch(url);
        await response.arrayBuffer();
        latencies.push(performance.now() - started);
        if (!response.ok) errors += 1;
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  return {
    count: latencies.length,
    first,
    p50: percentile(latencies, 0.5),
    p95: percentile(latencies, 0.95),
    errors,
  };
}

const rows = [];
try {
  for (const [label, pathname] of ENDPOINTS) {
    const result = await measure(`${service.base}${pathname}`);
    rows.push({ label, pathname, ...result });
    console.error(
      `${label}: p50 ${result.p50.toFixed(1)} ms, p95 ${result.p95.toFixed(1)} ms (${result.count} requests)`,
    );
  }
} finally {
  await service.stop();
  rmSync(dataDir, { recursive: true, force: true });
}

const [version] = await query(databaseUrl, 'show server_version');
const [sizes] = await query(
  databaseUrl,
  `select (select count(*) from statistics.report_facts) as facts, (select count(*) from statistics.rollup) as rollup,
          (select count(*) from statistics.durations) as durations, (select count(*) from complaints.events) as events`,
);
const baseline = rows[0].p95;
const table = [
  `### ${today()} — ${machine()}, PostgreSQL ${version.server_version}, ${present.toLocaleString('en')} reports, ${clients} clients × ${seconds} s per endpoint`,
  '',
  `Data: ${Number(sizes.events).toLocaleString('en')} events; ${Number(sizes.facts).toLocaleString('en')} fact rows, ${Number(sizes.rollup).toLocaleString('en')} rollup rows, ${Number(sizes.durations).toLocaleString('en')} duration rows.`,
  '',
  '| request | first (uncached) ms | requests | p50 ms | p95 ms | p95 ÷ baseline p95 | errors |',
  '|---|---:|---:|---:|---:|---:|---:|',
  ...rows.map(
    (row) =>
      `| ${row.label} \`${row.pathname}\` | ${row.first.toFixed(0)} | ${row.count} | ${row.p50.toFixed(1)} | ${row.p95.toFixed(1)} | ${(row.p95 / baseline).toFixed(1)} | ${row.errors} |`,
  ),
  '',
].join('\n');
console.log(table);
appendFileSync(new URL('./RESULTS.md', import.meta.url), `${table}\n`);
