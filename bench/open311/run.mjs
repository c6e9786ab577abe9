#!/usr/bin/env node
// Open311 on PostgreSQL, each figure against its baseline measured in the same run:
// (1) POST /open311/v2/requests.json (form-encoded, api_key) against the native intake
//     POST /api/v1/complaints (JSON, bearer session): what the second door costs;
// (2) GET /open311/v2/requests.json and .xml (100 reports a page) against the native public feed
//     GET /api/v1/public/complaints (100 a page): what GeoReport's shape and XML cost.
// Traffic goes to 127.0.0.1 only; each run is bounded in time.
// Usage: BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres node bench/open311/run.mjs [seconds]
import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { createBenchDatabase, machine, startService, today } from '../support.mjs';

const seconds = Number(process.argv[2] ?? 10);
const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const CONNECTIONS = 10;
const DESCRIPTION =
  'Jalan di depan SD Negeri berlubang besar dan membahayakan anak-anak yang menyeberang setiap pagi.';

function load(options) {
  return new Promise((resolve, reject) => {
    autocannon({ connections: CONNECTIONS, duration: seconds, ...options }, (error, result) =>
      error ? reject(error) : resolve(result),
    );
  });
}

function summary(result) {
  return {
    rate: result['2xx'] / (result.duration || seconds),
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.non2xx + result.errors + result.timeouts,
  };
}

const database = await createBenchDatabase(adminUrl, `terpadu_bench_open311_${process.pid}`);
const dataDir = mkdtempSync(path.join(tmpdir(), 'terpadu-bench-'));
const environment = { ...process.env, DATABASE_URL: database.url, DATA_DIR: dataDir, LOG_LEVEL: 'warn' };
const service = await startService({
  DATABASE_URL: database.url,
  DATA_DIR: dataDir,
  OPEN311_RATE_LIMIT_PER_MINUTE: '10000000',
});
const rows = [];
try {
  // A key as an operator issues it; the CLI may run beside the service on a PostgreSQL server.
  const issued = spawnSync(process.execPath, ['bin/terpadu.js', 'apikeys', 'create', '--name', 'Bench'], {
    env: environment,
    encoding: 'utf8',
  });
  const key = /^(o311_\S+)$/m.exec(issued.stdout)?.[1];
  if (!key) throw new Error(`apikeys create: ${issued.stdout}${issued.stderr}`);

  const email = `bench.${process.pid}@example.id`;
  const credentials = { email, password: 'kata-sandi-beban-1' };
  const register = await fetch(`${service.base}/api/v1/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ nik: '3578011205900001', name: 'Warga Uji Beban', ...credentials }),
  });
  if (!register.ok) throw new Error(`register: ${register.status} ${await register.text()}`);
  const login = await fetch(`${service.base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(credentials),
  });
  const { token } = await login.json();

  const native = summary(
    await load({
      url: `${service.base}/api/v1/complaints`,
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({
        kind: 'pengaduan',
        title: 'Jalan berlubang di depan sekolah dasar',
        description: DESCRIPTION,
        privacy: 'publik',
        regionCode: '35.78.01',
        categoryCode: 'infrastruktur',
      }),
    }),
  );
  const open311 = summary(
    await load({
      url: `${service.base}/open311/v2/requests.json`,
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        api_key: key,
        service_code: 'infrastruktur',
        jurisdiction_id: '35.78.01',
        lat: '-7.33',
        long: '112.70',
        description: DESCRIPTION,
        email: 'pelapor@example.id',
      }).toString(),
    }),
  );
  rows.push({ name: 'POST a report', baseline: native, subject: open311, unit: 'req/s' });

  const feed = summary(await load({ url: `${service.base}/api/v1/public/complaints?pageSize=100` }));
  const json = summary(await load({ url: `${service.base}/open311/v2/requests.json?page_size=100` }));
  const xml = summary(await load({ url: `${service.base}/open311/v2/requests.xml?page_size=100` }));
  rows.push({ name: 'GET 100 reports, JSON', baseline: feed, subject: json });
  rows.push({ name: 'GET 100 reports, XML', baseline: feed, subject: xml });
} finally {
  await service.stop();
  await database.drop();
  rmSync(dataDir, { recursive: true, force: true });
}

const fmt = (value) => (value >= 100 ? Math.round(value) : value.toFixed(1));
const lines = [
  `### ${today()} — ${machine()}, PostgreSQL server, ${CONNECTIONS} connections, ${seconds} s per run`,
  '',
  '| what | baseline (native API) req/s | Open311 req/s | Open311 ÷ baseline | Open311 p50 ms | Open311 p99 ms | baseline p99 ms | errors |',
  '|---|---:|---:|---:|---:|---:|---:|---:|',
  ...rows.map(
    (row) =>
      `| ${row.name} | ${fmt(row.baseline.rate)} | ${fmt(row.subject.rate)} | ${(row.subject.rate / row.baseline.rate).toFixed(2)} | ${fmt(row.subject.p50)} | ${fmt(row.subject.p99)} | ${fmt(row.baseline.p99)} | ${row.subject.errors} |`,
  ),
  '',
];
console.log(lines.join('\n'));
appendFileSync(new URL('./RESULTS.md', import.meta.url), `${lines.join('\n')}\n`);
