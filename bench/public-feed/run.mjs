#!/usr/bin/env node
// The public feed with Indonesian full-text search over N reports (default 1,000,000) on
// PostgreSQL: GET /api/v1/public/complaints?q=… at 10 connections, against the same search as
// plain SQL over a pg pool of the same size, in two shapes measured in the same run:
//  - now: what the repository sends (newest matches first, LIMIT page + 1, matches counted up to
//    1,001 in a LIMITed subquery): the GIN index on the search vector, or the submitted_at index
//    walked backwards, never every match;
//  - before: the shape the feed had until 2026-11-25 (every match ranked with ts_rank, every match
//    counted), to show what the change is worth;
// and a bare Fastify GET. Only 127.0.0.1 is contacted; each measurement is bounded in time.
// Reports come from `terpadu seed --reports N` (with its statistics refresh, so the service's
// minute-by-minute refresh has nothing big to do during the measurement). Appends its table to
// bench/RESULTS.md.
// The feed's p95 is a real one, from every response's latency (autocannon itself reports p97.5).
// Before the feed is measured each term is searched once (as somebody did in the last minute).
// Usage: node bench/public-feed/run.mjs [reports=1000000] [seconds=10]
//   KEEP_DATABASE=1 keeps the seeded database; FEED_DATABASE_URL=postgres://… measures a database
//   seeded earlier (e.g. kept) instead of seeding one, and leaves it alone. BASELINE_CHECKOUT=dir
//   also measures the feed of the service in another checkout (e.g. `git archive main`, with a
//   node_modules) in the same run, against the same database.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import Fastify from 'fastify';
import pg from 'pg';
import {
  autocannonRun,
  closedLoop,
  createBenchDatabase,
  fmt,
  machine,
  report,
  rssMegabytes,
  startService,
  summarise,
  today,
  versions,
} from '../support.mjs';

const loadAtStart = loadavg()
  .map((value) => value.toFixed(1))
  .join(' ');
const reports = Number(process.argv[2] ?? 1_000_000);
const seconds = Number(process.argv[3] ?? 10);
const connections = 10;
const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const TERMS = ['banjir', 'jalan rusak', 'lampu jalan', 'sampah menumpuk', 'air bersih', 'puskesmas', 'macet'];
/** The repository's FEED_COUNT_CAP (src/modules/complaints/complaints.repository.ts). */
const COUNT_CAP = 1_000;

const reused = process.env.FEED_DATABASE_URL;
const baselineCheckout = process.env.BASELINE_CHECKOUT;
const database = reused
  ? { url: reused, drop: async () => {} }
  : await createBenchDatabase(adminUrl, `terpadu_bench_feed_${process.pid}`);
const dataDir = mkdtempSync(path.join(tmpdir(), 'terpadu-bench-feed-'));
const environment = { ...process.env, DATABASE_URL: database.url, DATA_DIR: dataDir, LOG_LEVEL: 'warn' };

const MATCH = `privacy in ('publik','anonim') and search_vector @@ websearch_to_tsquery('indonesian', $1)`;
const COLUMNS = 'tracking_id, kind, title, description, status, region_code, agency_id, submitted_at';
/** One page of a search as the repository now sends it (two statements, in parallel). */
const newShape = (pool, q) =>
  Promise.all([
    pool.query(
      `select ${COLUMNS} from complaints.complaints where ${MATCH} order by submitted_at desc, id desc limit 21`,
      [q],
    ),
    pool.query(
      `select count(*) from (select 1 from complaints.complaints where ${MATCH} limit ${COUNT_CAP + 1}) capped`,
      [q],
    ),
  ]);
/** The shape before: rank every match, count every match. */
const oldShape = (pool, q) =>
  Promise.all([
    pool.query(
      `select ${COLUMNS} from complaints.complaints where ${MATCH}
       order by ts_rank(search_vector, websearch_to_tsquery('indonesian', $1)) desc, submitted_at desc limit 20`,
      [q],
    ),
    pool.query(`select count(*) from complaints.complaints where ${MATCH}`, [q]),
  ]);

const service = { current: undefined };
const bare = Fastify();
bare.get('/bare', async () => ({ items: [], total: 0 }));
await bare.listen({ port: 0, host: '127.0.0.1' });
let source;
let seedSeconds;
let result;
try {
  const seedStarted = performance.now();
  if (reused) {
    source = 'a database seeded earlier (`FEED_DATABASE_URL`)';
  } else {
    execFileSync(process.execPath, ['bin/terpadu.js', 'migrate'], { env: environment, stdio: 'inherit' });
    source = `\`terpadu seed --reports ${reports}\``;
    execFileSync(process.execPath, ['bin/terpadu.js', 'seed', '--reports', String(reports)], {
      env: environment,
      stdio: 'inherit',
    });
  }
  seedSeconds = (performance.now() - seedStarted) / 1000;

  service.current = await startService({ DATABASE_URL: database.url, DATA_DIR: dataDir });
  const pool = new pg.Pool({ connectionString: database.url, max: connections });
  const stored = (await pool.query('select count(*)::int as n from complaints.complaints')).rows[0].n;
  let term = 0;
  const nextTerm = () => TERMS[term++ % TERMS.length];
  const before = await closedLoop(() => oldShape(pool, nextTerm()), connections, seconds);
  const plain = await closedLoop(() => newShape(pool, nextTerm()), connections, seconds);
  await pool.end();
  const bareResult = summarise(
    await autocannonRun({
      url: `http://127.0.0.1:${bare.server.address().port}/bare`,
      connections,
      duration: seconds,
    }),
    seconds,
  );
  const feedPath = (q) => `/api/v1/public/complaints?q=${encodeURIComponent(q)}`;
  const measureFeed = async (requests) =>
    summarise(
      await autocannonRun({ url: service.current.base, connections, duration: seconds, requests }),
      seconds,
    );
  // Each term searched once before the measurement, as a search somebody made in the last minute.
  const warmUp = async () => {
    for (const q of TERMS) await fetch(`${service.current.base}${feedPath(q)}`);
  };
  await warmUp();
  const feed = await measureFeed(TERMS.map((q) => ({ path: feedPath(q) })));
  // Every search string new (an `or` with a word no report has): nothing a cache could reuse.
  let unique = 0;
  const fresh = await measureFeed([
    {
      setupRequest: (request) => ({
        ...request,
        path: feedPath(`${nextTerm()} or zq${process.pid}x${unique++}`),
      }),
    },
  ]);
  const rss = rssMegabytes(service.current.pid);
  await service.current.stop();
  service.current = undefined;
  let baseline;
  if (baselineCheckout) {
    service.current = await startService(
      { DATABASE_URL: database.url, DATA_DIR: dataDir },
      { cwd: baselineCheckout },
    );
    await warmUp();
    baseline = await measureFeed(TERMS.map((q) => ({ path: feedPath(q) })));
  }
  result = { stored, plain, before, bareResult, feed, fresh, baseline, rss };
} finally {
  await service.current?.stop();
  await bare.close();
  if (process.env.KEEP_DATABASE) console.log(`kept ${database.url}`);
  else await database.drop();
  rmSync(dataDir, { recursive: true, force: true });
}

const { stored, plain, before, bareResult, feed, fresh, baseline, rss } = result;
const row = (what, r) =>
  `| ${what} | ${fmt(r.rate)} | ${fmt(r.p50)} | ${fmt(r.p95)} | ${fmt(r.p99)} | ${r.errors} |`;
report([
  `### Public feed search over ${stored.toLocaleString('en-US')} reports — ${today()}`,
  '',
  `${machine()}; load average at start ${loadAtStart}; ${await versions(adminUrl)}; ${connections} connections, ${seconds} s per run.`,
  `Command: \`${reused ? 'FEED_DATABASE_URL=… ' : ''}node bench/public-feed/run.mjs ${reports} ${seconds}\`. Reports from: ${source}${reused ? '' : ` (${Math.round(seedSeconds)} s, statistics refresh included)`}.`,
  `Search terms rotated: ${TERMS.join(', ')}.`,
  '',
  '| what | req/s | p50 ms | p95 ms | p99 ms | errors |',
  '|---|---:|---:|---:|---:|---:|',
  `| bare Fastify GET | ${fmt(bareResult.rate)} | ${fmt(bareResult.p50)} | ${fmt(bareResult.p95)} | ${fmt(bareResult.p99)} | ${bareResult.errors} |`,
  `| plain SQL before (rank every match + count every match) | ${fmt(before.rate)} | ${fmt(before.p50)} | ${fmt(before.p95)} | ${fmt(before.p99)} | ${before.errors} |`,
  `| plain SQL now (newest page + count up to ${COUNT_CAP.toLocaleString('en-US')}) | ${fmt(plain.rate)} | ${fmt(plain.p50)} | ${fmt(plain.p95)} | ${fmt(plain.p99)} | ${plain.errors} |`,
  row('`GET /api/v1/public/complaints?q=…`', feed),
  row('the same, every search string new (`q=… or zq…`, no count reused)', fresh),
  ...(baseline ? [row(`the feed of \`${baselineCheckout}\` (baseline checkout)`, baseline)] : []),
  '',
  `Plain SQL now ÷ before (req/s): ${(plain.rate / before.rate).toFixed(1)}. Feed ÷ plain SQL now: ${(feed.rate / plain.rate).toFixed(2)}.${baseline ? ` Feed ÷ baseline checkout: ${(feed.rate / baseline.rate).toFixed(2)} (req/s), p95 ${(feed.p95 / baseline.p95).toFixed(2)}.` : ''} Goal: search p95 < 100 ms at 1,000,000 reports (measured ${fmt(feed.p95)} ms, every search string new ${fmt(fresh.p95)} ms; p95 from every response's latency). Service RSS after the run: ${Math.round(rss)} MB.`,
  '',
]);
