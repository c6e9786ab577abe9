#!/usr/bin/env node
// Complaint intake and reading a report by tracking ID on PostgreSQL, at 10 and 50 connections,
// each measured in the same run as (a) a bare Fastify route and (b) the plain single-row SQL
// statement of the same row (INSERT, or SELECT by tracking ID) over a pg pool of the same size.
// Also the service's resident memory idle and at its peak under this load. Traffic goes to
// 127.0.0.1 only; each run is bounded in time. Appends its table to bench/RESULTS.md.
// Usage: BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres node bench/complaint-intake/run.mjs [seconds]
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import Fastify from 'fastify';
import pg from 'pg';
import {
  autocannonRun,
  citizenToken,
  closedLoop,
  cpuMilliseconds,
  createBenchDatabase,
  fmt,
  machine,
  report,
  rssMegabytes,
  samplePeakRss,
  sampleReport,
  startService,
  summarise,
  today,
  versions,
} from '../support.mjs';

const seconds = Number(process.argv[2] ?? 10);
const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const CONNECTIONS = [10, 50];
// BENCH_INSTANCES=2: two service processes on the one database, each load split between them
// (on this 2-core machine they share the cores with PostgreSQL and the load generator).
const instances = Number(process.env.BENCH_INSTANCES ?? 1);
const label =
  (instances > 1 ? ` — ${instances} instances` : '') +
  (process.env.BENCH_LABEL ? ` — ${process.env.BENCH_LABEL}` : '');

const body = sampleReport;

async function bareFastify() {
  const app = Fastify();
  app.post('/bare', async (_request, reply) => reply.status(201).send({ ok: true }));
  app.get('/bare/:id', async (request) => ({ trackingId: request.params.id, status: 'baru' }));
  await app.listen({ port: 0, host: '127.0.0.1' });
  return { base: `http://127.0.0.1:${app.server.address().port}`, close: () => app.close() };
}

const database = await createBenchDatabase(adminUrl, `terpadu_bench_intake_${process.pid}`);
const dataDir = mkdtempSync(path.join(tmpdir(), 'terpadu-bench-'));
const services = [];
for (let i = 0; i < instances; i++)
  services.push(await startService({ DATABASE_URL: database.url, DATA_DIR: dataDir }));
const service = services[0];

/**
 * autocannon against every instance at once, the connections split between them: the rates add
 * up; of the percentiles the largest instance's is reported (an upper bound of the combined one).
 */
async function acrossInstances(options, pathOf = (base) => base) {
  const cpuBefore = services.map((instance) => cpuMilliseconds(instance.pid));
  const results = await Promise.all(
    services.map((instance) =>
      autocannonRun({
        ...options,
        url: pathOf(instance.base),
        connections: Math.ceil(options.connections / services.length),
      }),
    ),
  );
  const cpu = services.reduce((sum, instance, i) => sum + cpuMilliseconds(instance.pid) - cpuBefore[i], 0);
  const parts = results.map((result) => summarise(result, options.duration));
  const answered = results.reduce((sum, result) => sum + result.requests.total, 0);
  return {
    cpuPerRequest: cpu / Math.max(1, answered),
    rate: parts.reduce((sum, part) => sum + part.rate, 0),
    p50: Math.max(...parts.map((part) => part.p50)),
    p95: Math.max(...parts.map((part) => part.p95)),
    p99: Math.max(...parts.map((part) => part.p99)),
    errors: parts.reduce((sum, part) => sum + part.errors, 0),
  };
}
const bare = await bareFastify();
const pool = new pg.Pool({ connectionString: database.url, max: 50 });
await pool.query(`create table bench_insert (
  id uuid primary key default gen_random_uuid(), tracking_id text not null unique, kind text not null,
  title text not null, description text not null, privacy text not null, region_code text not null,
  category_code text, submitted_at timestamptz not null default now())`);
const intakeRows = [];
const readRows = [];
let idleRss = 0;
let loadAverage = '';
let peakRss = 0;
try {
  const token = await citizenToken(service.base);
  const auth = { authorization: `Bearer ${token}` };
  await new Promise((resolve) => setTimeout(resolve, 3000));
  idleRss = rssMegabytes(service.pid);
  const stopSampling = samplePeakRss(service.pid);
  loadAverage = loadavg()
    .map((value) => value.toFixed(1))
    .join(' ');
  for (const connections of CONNECTIONS) {
    const bareResult = summarise(
      await autocannonRun({
        url: `${bare.base}/bare`,
        method: 'POST',
        connections,
        duration: seconds,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }),
      seconds,
    );
    const insertResult = await closedLoop(
      () =>
        pool.query(
          'insert into bench_insert (tracking_id, kind, title, description, privacy, region_code, category_code) values ($1,$2,$3,$4,$5,$6,$7)',
          [
            Math.random().toString(36).slice(2, 13),
            body.kind,
            body.title,
            body.description,
            body.privacy,
            body.regionCode,
            body.categoryCode,
          ],
        ),
      connections,
      seconds,
    );
    const intake = await acrossInstances(
      {
        method: 'POST',
        connections,
        duration: seconds,
        headers: { 'content-type': 'application/json', ...auth },
        body: JSON.stringify(body),
      },
      (base) => `${base}/api/v1/complaints`,
    );
    intakeRows.push({ connections, bare: bareResult, baseline: insertResult, service: intake });
  }

  // Reading: the reporter reads one of their reports by tracking ID.
  const { rows } = await pool.query(
    'select tracking_id from complaints.complaints order by random() limit 200',
  );
  const trackingIds = rows.map((row) => row.tracking_id);
  const plainIds = (await pool.query('select tracking_id from bench_insert limit 200')).rows.map(
    (row) => row.tracking_id,
  );
  const pick = (list) => list[Math.floor(Math.random() * list.length)];
  for (const connections of CONNECTIONS) {
    const requests = trackingIds.slice(0, 50).map((id) => ({ path: `/api/v1/complaints/${id}` }));
    const bareResult = summarise(
      await autocannonRun({ url: `${bare.base}/bare/X`, connections, duration: seconds }),
      seconds,
    );
    const selectResult = await closedLoop(
      () => pool.query('select * from bench_insert where tracking_id = $1', [pick(plainIds)]),
      connections,
      seconds,
    );
    const read = await acrossInstances({ connections, duration: seconds, headers: auth, requests });
    readRows.push({ connections, bare: bareResult, baseline: selectResult, service: read });
  }
  peakRss = stopSampling();
} finally {
  await pool.end();
  for (const instance of services) await instance.stop();
  await bare.close();
  await database.drop();
  rmSync(dataDir, { recursive: true, force: true });
}

const table = (rowsOf, baselineName, serviceName) => [
  `| connections | bare Fastify req/s | ${baselineName}/s | ${serviceName} req/s | ${serviceName} ÷ ${baselineName} | p50 ms | p95 ms | p99 ms | ${baselineName} p99 ms | errors | service CPU ms/req |`,
  '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ...rowsOf.map(
    (row) =>
      `| ${row.connections} | ${fmt(row.bare.rate)} | ${fmt(row.baseline.rate)} | ${fmt(row.service.rate)} | ${(row.service.rate / row.baseline.rate).toFixed(2)} | ${fmt(row.service.p50)} | ${fmt(row.service.p95)} | ${fmt(row.service.p99)} | ${fmt(row.baseline.p99)} | ${row.service.errors} | ${row.service.cpuPerRequest.toFixed(2)} |`,
  ),
];
const fifty = intakeRows.find((row) => row.connections === 50);
report([
  `### Intake and read by tracking ID — ${today()}${label}`,
  '',
  `${machine()}; load average at start ${loadAverage}; ${await versions(adminUrl)}; ${seconds} s per run.`,
  `Command: \`node bench/complaint-intake/run.mjs ${seconds}\``,
  '',
  'Intake (`POST /api/v1/complaints`, bearer citizen) against a plain single-row INSERT:',
  '',
  ...table(intakeRows, 'INSERT', 'intake'),
  '',
  'Reading a report by tracking ID (`GET /api/v1/complaints/{id}` by its reporter) against a plain SELECT by tracking ID:',
  '',
  ...table(readRows, 'SELECT', 'read'),
  '',
  `Service RSS${instances > 1 ? ' (first instance)' : ''}: idle ${Math.round(idleRss)} MB, peak under this load ${Math.round(peakRss)} MB (goal < 400 MB).`,
  `Goals at 50 connections: intake ≥ 0.50 of INSERT (measured ${(fifty.service.rate / fifty.baseline.rate).toFixed(2)}), p99 < 50 ms (measured ${fmt(fifty.service.p99)} ms).`,
  '',
]);
