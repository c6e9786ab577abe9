#!/usr/bin/env node
// Similar reports and duplicate groups on PostgreSQL, over the real complaints of Surabaya 2022
// (../shared/data/complaints/surabaya-2022.csv, never copied or printed: aggregates only).
// January–September are loaded as open public reports of the last 90 days (the worst case: all
// are candidates); October–December texts are then typed into POST /complaints/similar one after
// another. Measured in the same run: GET /readyz (HTTP and one database round trip) as the
// baseline, and the similar search again without its GIN trigram index. Index use is checked
// from pg_stat_user_indexes / pg_stat_user_tables around the similar requests (scans per request).
// Duplicate groups: computed from scratch (all reports queued, as after an upgrade) against a read
// of the stored pairs and a read right after filings; filing with and without the trigger that
// queues each report for its pairs.
// Usage: BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres node bench/similar-reports/run.mjs [queries]
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import pg from 'pg';
import { citizenToken, createBenchDatabase, machine, startService, today } from '../support.mjs';

const QUERIES = Number(process.argv[2] ?? 300);
const CSV = path.resolve('..', 'shared', 'data', 'complaints', 'surabaya-2022.csv');
const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
if (!existsSync(CSV)) {
  console.log(`skipped: ${CSV} is absent (the benchmark needs the Surabaya 2022 export)`);
  process.exit(0);
}

const rows = parse(readFileSync(CSV), { columns: true, skip_empty_lines: true });
const training = rows.filter((row) => row.tanggal_keluhan < '2022-10');
const later = rows.filter((row) => row.tanggal_keluhan >= '2022-10' && row.text.trim().length >= 20);

function titleOf(text) {
  const words = text.trim().replace(/\s+/g, ' ').split(' ');
  let title = '';
  for (const word of words) {
    if ((title + word).length > 90) break;
    title += `${word} `;
  }
  return title.trim() || text.slice(0, 90);
}

function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function timed(requests) {
  const latencies = [];
  const answers = [];
  for (const send of requests) {
    const start = performance.now();
    const response = await send();
    const body = await response.json();
    latencies.push(performance.now() - start);
    if (process.env.BENCH_TRACE)
      console.error('request', latencies.length, response.status, Math.round(latencies.at(-1)));
    if (!response.ok) throw new Error(`${response.status} ${JSON.stringify(body).slice(0, 200)}`);
    answers.push(body);
  }
  return {
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    answers,
  };
}

const database = await createBenchDatabase(
  adminUrl,
  process.env.BENCH_DATABASE_NAME ?? `terpadu_bench_similar_${process.pid}`,
);
const dataDir = mkdtempSync(path.join(tmpdir(), 'terpadu-bench-'));
const service = await startService({ DATABASE_URL: database.url, DATA_DIR: dataDir });
const pool = new pg.Pool({ connectionString: database.url, max: 4 });
const progress = (message) => console.error(`[similar-reports] ${message}`);
progress('service ready');
try {
  const districts = new Map(
    (
      await pool.query(`select code, lower(name) as name from platform.regions where parent_code = '35.78'`)
    ).rows.map((row) => [row.name, row.code]),
  );
  const regionOf = (row) => districts.get(String(row.kecamatan).trim().toLowerCase()) ?? '35.78';
  const labelOf = new Map();
  const now = Date.now();
  for (let start = 0; start < training.length; start += 500) {
    const batch = training.slice(start, start + 500);
    const values = [];
    const parameters = [];
    for (const row of batch) {
      const trackingId = randomUUID().slice(0, 11).toUpperCase();
      labelOf.set(trackingId, row.instansi);
      const at = new Date(now - Math.random() * 89 * 86_400_000).toISOString();
      parameters.push(trackingId, titleOf(row.text), row.text, regionOf(row), at);
      const n = parameters.length;
      values.push(
        `($${n - 4}, 'pengaduan', $${n - 3}, $${n - 2}, 'publik', 'web', 'baru', $${n - 1}, $${n}::timestamptz, $${n}::timestamptz)`,
      );
    }
    await pool.query(
      `insert into complaints.complaints (tracking_id, kind, title, description, privacy, channel, status, region_code, submitted_at, verification_due_at) values ${values.join(',')}`,
      parameters,
    );
  }
  await pool.query(
    `insert into complaints.reporters (complaint_id, user_id) select id, gen_random_uuid() from complaints.complaints`,
  );
  await pool.query('analyze complaints.complaints');
  progress(`${training.length} reports loaded`);

  const token = await citizenToken(service.base, 2);
  const officerEmail = `bench.nasional.${process.pid}@example.id`;
  execFileSync(
    process.execPath,
    [
      'bin/terpadu.js',
      'users',
      'create',
      '--email',
      officerEmail,
      '--password',
      'kata-sandi-beban-1',
      '--name',
      'Admin Uji',
      '--role',
      'admin-nasional',
      '--agency',
      'kemenpanrb',
    ],
    {
      env: { ...process.env, DATABASE_URL: database.url, DATA_DIR: dataDir, LOG_LEVEL: 'warn' },
      stdio: 'ignore',
    },
  );
  const officerToken = (
    await (
      await fetch(`${service.base}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: officerEmail, password: 'kata-sandi-beban-1' }),
      })
    ).json()
  ).token;

  progress('accounts ready');
  const step = Math.max(1, Math.floor(later.length / QUERIES));
  const sample = later.filter((_, index) => index % step === 0).slice(0, QUERIES);
  const bearer = (value) => ({ authorization: `Bearer ${value}` });
  const similarRequests = sample.map(
    (row) => () =>
      fetch(`${service.base}/api/v1/complaints/similar`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...bearer(token) },
        body: JSON.stringify({
          title: titleOf(row.text),
          description: row.text.slice(0, 8000),
          regionCode: regionOf(row),
        }),
      }),
  );
  const readyRequests = sample.map(() => () => fetch(`${service.base}/readyz`));
  await timed(similarRequests.slice(0, 5));
  progress('measuring');
  const feed = await timed(readyRequests);
  const scans = async () => {
    await new Promise((resolve) => setTimeout(resolve, 1500)); // statistics are flushed within a second
    const indexes = await pool.query(
      `select indexrelname as name, idx_scan::int as scans from pg_stat_user_indexes where schemaname = 'complaints' and relname = 'complaints'`,
    );
    const table = await pool.query(
      `select seq_scan::int as scans, seq_tup_read::int as rows from pg_stat_user_tables where schemaname = 'complaints' and relname = 'complaints'`,
    );
    return { indexes: new Map(indexes.rows.map((row) => [row.name, row.scans])), table: table.rows[0] };
  };
  const scansBefore = await scans();
  const similar = await timed(similarRequests);
  const scansAfter = await scans();
  const perRequest = (before, after) => ((after - before) / sample.length).toFixed(1);
  const indexUse = [...scansAfter.indexes.entries()]
    .filter(([name, count]) => count > (scansBefore.indexes.get(name) ?? 0))
    .map(([name, count]) => `${name} ${perRequest(scansBefore.indexes.get(name) ?? 0, count)}`)
    .join(', ');
  const sequentialScans = `${perRequest(scansBefore.table.scans, scansAfter.table.scans)} sequential scans reading ${perRequest(scansBefore.table.rows, scansAfter.table.rows)} rows`;
  // Duplicate groups. Every loaded report was queued by the trigger, as an upgrade queues the open
  // reports of the last 90 days. From scratch (every report of the city queued again, its pairs
  // computed as one regency, as the code before computed them on every read; the minute job may
  // run beside it but takes nothing off this read, which computes what is still queued), then a
  // plain read of the stored pairs, then a read right after 10 reports were filed (10 per-report
  // computations, as the minute job would otherwise do).
  const groupsRequest = () =>
    fetch(`${service.base}/api/v1/complaints/duplicates?windowDays=14`, { headers: bearer(officerToken) });
  const requeueAll = () =>
    pool.query(
      `insert into complaints.duplicate_pair_queue (complaint_id) select id from complaints.complaints
       on conflict (complaint_id) do update set queued_at = now()`,
    );
  const fromScratch = await timed(
    Array.from({ length: 3 }, () => async () => {
      await requeueAll();
      return groupsRequest();
    }),
  );
  const groups = await timed(Array.from({ length: 10 }, () => groupsRequest));
  const fileOne = (row) =>
    fetch(`${service.base}/api/v1/complaints`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...bearer(token) },
      body: JSON.stringify({
        kind: 'pengaduan',
        title: titleOf(row.text),
        description: row.text.slice(0, 8000),
        privacy: 'publik',
        regionCode: regionOf(row),
      }),
    });
  // 90 texts for filing, none of them among the similar queries.
  const unused = later.filter((_, index) => index % step !== 0);
  const filingSample = unused.filter((_, index) => index % Math.max(1, Math.floor(unused.length / 90)) === 0);
  let filed = 0;
  const nextFilings = () => {
    const rows = filingSample.slice(filed, filed + 10);
    filed += rows.length;
    return rows.map((row) => () => fileOne(row));
  };
  const afterFiling = await timed(
    Array.from({ length: 3 }, () => async () => {
      await timed(nextFilings());
      return groupsRequest();
    }),
  );
  // Filing with the trigger that queues the report, then without it (the code before), alternating.
  const withTrigger = [];
  const withoutTrigger = [];
  for (let round = 0; round < 3; round += 1) {
    withTrigger.push(await timed(nextFilings()));
    await pool.query('alter table complaints.complaints disable trigger duplicate_pairs_queue');
    withoutTrigger.push(await timed(nextFilings()));
    await pool.query('alter table complaints.complaints enable trigger duplicate_pairs_queue');
  }
  const median = (runs) =>
    percentile(
      runs.map((run) => run.p50),
      50,
    );
  const queue = await timed(
    Array.from(
      { length: 10 },
      () => () =>
        fetch(`${service.base}/api/v1/complaints/queue?pageSize=100`, { headers: bearer(officerToken) }),
    ),
  );
  await pool.query('drop index complaints.complaints_title_trgm_idx');
  const withoutIndex = await timed(similarRequests);

  let offered = 0;
  let sameAgency = 0;
  sample.forEach((row, index) => {
    const top = similar.answers[index].items[0];
    if (!top) return;
    offered += 1;
    if (labelOf.get(top.trackingId) === row.instansi) sameAgency += 1;
  });
  const groupCount = groups.answers[0].total ?? groups.answers[0].groups.length;
  const grouped = groups.answers[0].groups.reduce((sum, group) => sum + group.reports.length, 0);
  const ms = (value) => value.toFixed(1);
  const table = [
    `\n${today()} — ${machine()}, load average ${loadavg()[0].toFixed(1)} at the end; ${training.length} open reports loaded, ${sample.length} queries, one at a time\n`,
    '| request | p50 ms | p95 ms | p99 ms | p50 ÷ /readyz p50 |',
    '|---|---:|---:|---:|---:|',
    `| GET /readyz (HTTP + one database round trip, baseline) | ${ms(feed.p50)} | ${ms(feed.p95)} | ${ms(feed.p99)} | 1.00 |`,
    `| POST /complaints/similar | ${ms(similar.p50)} | ${ms(similar.p95)} | ${ms(similar.p99)} | ${(similar.p50 / feed.p50).toFixed(2)} |`,
    `| POST /complaints/similar without the trigram index | ${ms(withoutIndex.p50)} | ${ms(withoutIndex.p95)} | ${ms(withoutIndex.p99)} | ${(withoutIndex.p50 / feed.p50).toFixed(2)} |`,
    `| GET /complaints/queue?pageSize=100 (admin-nasional) | ${ms(queue.p50)} | ${ms(queue.p95)} | ${ms(queue.p99)} | ${(queue.p50 / feed.p50).toFixed(2)} |`,
    `| GET /complaints/duplicates, pairs of all open reports computed first (the work of every read before) | ${ms(fromScratch.p50)} | ${ms(fromScratch.p95)} | ${ms(fromScratch.p99)} | ${(fromScratch.p50 / feed.p50).toFixed(2)} |`,
    `| GET /complaints/duplicates (admin-nasional, all open reports, 14-day window) | ${ms(groups.p50)} | ${ms(groups.p95)} | ${ms(groups.p99)} | ${(groups.p50 / feed.p50).toFixed(2)} |`,
    `| GET /complaints/duplicates right after 10 reports were filed | ${ms(afterFiling.p50)} | ${ms(afterFiling.p95)} | ${ms(afterFiling.p99)} | ${(afterFiling.p50 / feed.p50).toFixed(2)} |`,
    `| POST /complaints (filing; median of three runs' p50, 10 each) with the pairs trigger | ${ms(median(withTrigger))} | | | ${(median(withTrigger) / feed.p50).toFixed(2)} |`,
    `| POST /complaints without the pairs trigger (before), alternated with the line above | ${ms(median(withoutTrigger))} | | | ${(median(withoutTrigger) / feed.p50).toFixed(2)} |`,
    '',
    `Offers: ${offered} of ${sample.length} queries got at least one similar report; the top offer was handled by the same agency (CSV \`instansi\`) in ${sameAgency} of ${offered} (${((100 * sameAgency) / Math.max(1, offered)).toFixed(0)}%). Duplicate groups: ${groupCount} in all, ${grouped} reports on the first page; a read of stored pairs is ${(fromScratch.p50 / groups.p50).toFixed(1)}× faster than computing them first (p50), the read after 10 filings ${(afterFiling.p50 / groups.p50).toFixed(1)}× a plain read; filing with ÷ without the trigger ${(median(withTrigger) / median(withoutTrigger)).toFixed(2)}. Per similar request, complaints.complaints was read through: ${indexUse || 'no index'}; ${sequentialScans}.`,
  ].join('\n');
  console.log(table);
  appendFileSync(new URL('./RESULTS.md', import.meta.url), `${table}\n`);
} catch (error) {
  console.error(error);
  process.exitCode = 1;
} finally {
  await pool.end();
  await service.stop();
  await database.drop();
  rmSync(dataDir, { recursive: true, force: true });
}
