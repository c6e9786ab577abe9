#!/usr/bin/env node
// Complaint intake on PostgreSQL: POST /api/v1/complaints at 10 and 50 connections, measured in
// the same run as (a) a bare Fastify POST route and (b) a plain single-row INSERT of the same row
// over a pg pool of the same size. Traffic goes to 127.0.0.1 only; each run is bounded in time.
// Usage: BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres node bench/complaint-intake/run.mjs [seconds]
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import Fastify from 'fastify';
import pg from 'pg';
import { createBenchDatabase, machine, signInCitizen, startService, today } from '../support.mjs';

const seconds = Number(process.argv[2] ?? 10);
const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const CONNECTIONS = [10, 50];

const body = {
  kind: 'pengaduan',
  title: 'Jalan berlubang di depan sekolah dasar',
  description:
    'Jalan di depan SD Negeri berlubang besar dan membahayakan anak-anak yang menyeberang setiap pagi.',
  privacy: 'publik',
  regionCode: '35.78.01',
  categoryCode: 'infrastruktur',
};

function load(url, connections, headers) {
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url,
        method: 'POST',
        connections,
        duration: seconds,
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body),
      },
      (error, result) => (error ? reject(error) : resolve(result)),
    );
  });
}

function summary(result) {
  const ok = result['2xx'];
  return {
    rate: ok / (result.duration || seconds),
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.non2xx + result.errors + result.timeouts,
  };
}

/** N workers, each its own pooled connection, inserting the row one statement at a time. */
async function plainInsert(databaseUrl, connections) {
  const pool = new pg.Pool({ connectionString: databaseUrl, max: connections });
  await pool.query(`create table if not exists bench_insert (
    id uuid primary key default gen_random_uuid(), tracking_id text not null, kind text not null,
    title text not null, description text not null, privacy text not null, region_code text not null,
    category_code text, submitted_at timestamptz not null default now())`);
  const latencies = [];
  const deadline = Date.now() + seconds * 1000;
  let count = 0;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (Date.now() < deadline) {
        const started = performance.now();
        await pool.query(
          'insert into bench_insert (tracking_id, kind, title, description, privacy, region_code, category_code) values ($1,$2,$3,$4,$5,$6,$7)',
          [
            Math.random().toString(36).slice(2, 12),
            body.kind,
            body.title,
            body.description,
            body.privacy,
            body.regionCode,
            body.categoryCode,
          ],
        );
        latencies.push(performance.now() - started);
        count += 1;
      }
    }),
  );
  await pool.end();
  latencies.sort((a, b) => a - b);
  const pick = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))];
  return { rate: count / seconds, p50: pick(0.5), p99: pick(0.99), errors: 0 };
}

async function bareFastify() {
  const app = Fastify();
  app.post('/bare', async (_request, reply) => reply.status(201).send({ ok: true }));
  await app.listen({ port: 0, host: '127.0.0.1' });
  return { url: `http://127.0.0.1:${app.server.address().port}/bare`, close: () => app.close() };
}

const database = await createBenchDatabase(adminUrl, `terpadu_bench_intake_${process.pid}`);
const dataDir = mkdtempSync(path.join(tmpdir(), 'terpadu-bench-'));
const service = await startService({ DATABASE_URL: database.url, DATA_DIR: dataDir });
const bare = await bareFastify();
const rows = [];
try {
  const token = await signInCitizen(service.base, {
    nik: '3578011205900001',
    email: `bench.${process.pid}@example.id`,
  });
  for (const connections of CONNECTIONS) {
    const bareResult = summary(await load(bare.url, connections, {}));
    const insertResult = await plainInsert(database.url, connections);
    const intake = summary(
      await load(`${service.base}/api/v1/complaints`, connections, { authorization: `Bearer ${token}` }),
    );
    rows.push({ connections, bare: bareResult, insert: insertResult, intake });
  }
} finally {
  await service.stop();
  await bare.close();
  await database.drop();
  rmSync(dataDir, { recursive: true, force: true });
}

const fmt = (value) => (value >= 100 ? Math.round(value) : value.toFixed(1));
const lines = [
  `### ${today()} — ${machine()}, PostgreSQL server, ${seconds} s per run`,
  '',
  '| connections | bare Fastify req/s | plain INSERT rows/s | intake req/s | intake ÷ INSERT | intake p50 ms | intake p99 ms | INSERT p99 ms | errors |',
  '|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ...rows.map(
    (row) =>
      `| ${row.connections} | ${fmt(row.bare.rate)} | ${fmt(row.insert.rate)} | ${fmt(row.intake.rate)} | ${(row.intake.rate / row.insert.rate).toFixed(2)} | ${fmt(row.intake.p50)} | ${fmt(row.intake.p99)} | ${fmt(row.insert.p99)} | ${row.intake.errors} |`,
  ),
  '',
];
console.log(lines.join('\n'));
appendFileSync(new URL('./RESULTS.md', import.meta.url), `${lines.join('\n')}\n`);
