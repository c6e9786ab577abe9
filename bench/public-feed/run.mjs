#!/usr/bin/env node
// The public feed with Indonesian full-text search over N reports (default 1,000,000) on
// PostgreSQL: GET /api/v1/public/complaints?q=… at 10 connections, against the same search as
// one plain SQL query (match, rank, first page, total) over a pg pool of the same size, and a
// bare Fastify GET. Only 127.0.0.1 is contacted; each measurement is bounded in time.
// Reports come from `terpadu seed --reports N` when this branch has it; otherwise from the bulk
// SQL generator below (labelled so in the results). Appends its table to bench/RESULTS.md.
// Usage: node bench/public-feed/run.mjs [reports=1000000] [seconds=10]   (KEEP_DATABASE=1 keeps it)
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
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

const reports = Number(process.argv[2] ?? 1_000_000);
const seconds = Number(process.argv[3] ?? 10);
const connections = 10;
const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const TERMS = ['banjir', 'jalan rusak', 'lampu jalan', 'sampah menumpuk', 'air bersih', 'puskesmas', 'macet'];

const database = await createBenchDatabase(adminUrl, `terpadu_bench_feed_${process.pid}`);
const dataDir = mkdtempSync(path.join(tmpdir(), 'terpadu-bench-feed-'));
const environment = { ...process.env, DATABASE_URL: database.url, DATA_DIR: dataDir, LOG_LEVEL: 'warn' };

/** The same rows the service writes, generated in the database in batches (no identity, no events). */
async function bulkSqlGenerator(count) {
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  const words = [
    'jalan',
    'rusak',
    'berlubang',
    'banjir',
    'genangan',
    'saluran',
    'tersumbat',
    'lampu',
    'padam',
    'sampah',
    'menumpuk',
    'pasar',
    'sekolah',
    'puskesmas',
    'antrean',
    'pelayanan',
    'lambat',
    'air',
    'bersih',
    'mati',
    'listrik',
    'macet',
    'parkir',
    'liar',
    'trotoar',
    'taman',
    'pohon',
    'tumbang',
    'jembatan',
    'retak',
    'bau',
    'limbah',
    'sungai',
    'tercemar',
    'bantuan',
    'sosial',
    'terlambat',
    'kartu',
    'penduduk',
    'izin',
  ];
  const batch = 50_000;
  for (let start = 0; start < count; start += batch) {
    const size = Math.min(batch, count - start);
    await client.query(
      `insert into complaints.complaints
         (tracking_id, kind, title, description, privacy, channel, status, region_code, category_code,
          submitted_at, verification_due_at)
       select 'B' || lpad(to_hex(g), 10, '0'),
         (array['pengaduan','aspirasi','informasi'])[1 + g % 3],
         initcap(w[1 + (g * 7) % 40] || ' ' || w[1 + (g * 13) % 40] || ' di ' || w[1 + (g * 17) % 40]),
         w[1 + (g * 3) % 40] || ' ' || w[1 + (g * 11) % 40] || ' ' || w[1 + (g * 19) % 40] || ' ' ||
           w[1 + (g * 23) % 40] || ' sejak minggu lalu dan belum ada tindakan dari dinas terkait ' ||
           w[1 + (g * 29) % 40] || ' ' || w[1 + (g * 31) % 40],
         (array['publik','publik','anonim','rahasia'])[1 + g % 4],
         'web', (array['baru','terdisposisi','diproses','selesai'])[1 + g % 4],
         '35.78.01', 'infrastruktur',
         now() - (g % 1000) * interval '1 hour', now() + interval '3 days'
       from generate_series($1::int, $2::int) as g, (select $3::text[] as w) as words`,
      [start + 1, start + size, words],
    );
    process.stderr.write(`\r… ${start + size} reports`);
  }
  process.stderr.write('\n');
  await client.query('analyze complaints.complaints');
  await client.end();
}

const service = { current: undefined };
const bare = Fastify();
bare.get('/bare', async () => ({ items: [], total: 0 }));
await bare.listen({ port: 0, host: '127.0.0.1' });
let source;
let seedSeconds;
let result;
try {
  execFileSync(process.execPath, ['bin/terpadu.js', 'migrate'], { env: environment, stdio: 'inherit' });
  const seedStarted = performance.now();
  const help = spawnSync(process.execPath, ['bin/terpadu.js', 'seed', '--help'], { env: environment });
  if (String(help.stdout).includes('--reports')) {
    source = `\`terpadu seed --reports ${reports}\``;
    execFileSync(process.execPath, ['bin/terpadu.js', 'seed', '--reports', String(reports)], {
      env: environment,
      stdio: 'inherit',
    });
  } else {
    source = 'bulk SQL generator in this script (`terpadu seed --reports` is not on this branch yet)';
    await bulkSqlGenerator(reports);
  }
  seedSeconds = (performance.now() - seedStarted) / 1000;

  service.current = await startService({ DATABASE_URL: database.url, DATA_DIR: dataDir });
  const pool = new pg.Pool({ connectionString: database.url, max: connections });
  const stored = (await pool.query('select count(*)::int as n from complaints.complaints')).rows[0].n;
  let term = 0;
  const nextTerm = () => TERMS[term++ % TERMS.length];
  // What the service's repository sends for one page of a search (two statements, in parallel).
  const plain = await closedLoop(
    async () => {
      const q = nextTerm();
      await Promise.all([
        pool.query(
          `select tracking_id, kind, title, description, status, region_code, submitted_at from complaints.complaints
           where privacy in ('publik','anonim') and search_vector @@ websearch_to_tsquery('indonesian', $1)
           order by ts_rank(search_vector, websearch_to_tsquery('indonesian', $1)) desc, submitted_at desc limit 20`,
          [q],
        ),
        pool.query(
          `select count(*) from complaints.complaints
           where privacy in ('publik','anonim') and search_vector @@ websearch_to_tsquery('indonesian', $1)`,
          [q],
        ),
      ]);
    },
    connections,
    seconds,
  );
  await pool.end();
  const bareResult = summarise(
    await autocannonRun({
      url: `http://127.0.0.1:${bare.server.address().port}/bare`,
      connections,
      duration: seconds,
    }),
    seconds,
  );
  const feed = summarise(
    await autocannonRun({
      url: service.current.base,
      connections,
      duration: seconds,
      requests: TERMS.map((q) => ({ path: `/api/v1/public/complaints?q=${encodeURIComponent(q)}` })),
    }),
    seconds,
  );
  const rss = rssMegabytes(service.current.pid);
  result = { stored, plain, bareResult, feed, rss };
} finally {
  await service.current?.stop();
  await bare.close();
  if (process.env.KEEP_DATABASE) console.log(`kept ${database.url}`);
  else await database.drop();
  rmSync(dataDir, { recursive: true, force: true });
}

const { stored, plain, bareResult, feed, rss } = result;
report([
  `### Public feed search over ${stored.toLocaleString('en-US')} reports — ${today()}`,
  '',
  `${machine()}; ${await versions(adminUrl)}; ${connections} connections, ${seconds} s per run.`,
  `Command: \`node bench/public-feed/run.mjs ${reports} ${seconds}\`. Reports from: ${source} (${Math.round(seedSeconds)} s).`,
  `Search terms rotated: ${TERMS.join(', ')}.`,
  '',
  '| what | req/s | p50 ms | p95 ms | p99 ms | errors |',
  '|---|---:|---:|---:|---:|---:|',
  `| bare Fastify GET | ${fmt(bareResult.rate)} | ${fmt(bareResult.p50)} | ${fmt(bareResult.p95)} | ${fmt(bareResult.p99)} | ${bareResult.errors} |`,
  `| plain SQL (page by rank + total) | ${fmt(plain.rate)} | ${fmt(plain.p50)} | ${fmt(plain.p95)} | ${fmt(plain.p99)} | ${plain.errors} |`,
  `| \`GET /api/v1/public/complaints?q=…\` | ${fmt(feed.rate)} | ${fmt(feed.p50)} | ${fmt(feed.p95)} | ${fmt(feed.p99)} | ${feed.errors} |`,
  '',
  `Feed ÷ plain SQL: ${(feed.rate / plain.rate).toFixed(2)}. Goal: search p95 < 100 ms at 1,000,000 reports (measured ${fmt(feed.p95)} ms; autocannon reports p97.5 as the nearest percentile to p95). Service RSS after the run: ${Math.round(rss)} MB.`,
  '',
]);
