#!/usr/bin/env node
// The public-services catalogue on PostgreSQL: seeds a throwaway database with `seed --demo` plus
// N published copies of the birth-certificate service, starts the real service on it, then for S
// seconds with C closed-loop clients each measures: /readyz (one database round trip) and the plain
// SQL of the catalogue search as baselines, `GET /api/v1/public/services?q=akta kelahiran`, and an
// application filed end to end (start, save the form, submit: three requests) against a plain SQL
// INSERT of one row. Traffic goes to 127.0.0.1 only; each run is bounded in time. Appends its table
// to bench/RESULTS.md and drops the database.
// Usage: node bench/catalog/run.mjs [services=200] [seconds=10] [clients=4]
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import {
  closedLoop,
  createBenchDatabase,
  fmt,
  machine,
  report,
  startService,
  today,
  versions,
} from '../support.mjs';

const copies = Number(process.argv[2] ?? 200);
const seconds = Number(process.argv[3] ?? 10);
const clients = Number(process.argv[4] ?? 4);
const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const SEARCH = 'akta kelahiran';

const database = await createBenchDatabase(adminUrl, `terpadu_catalog_bench_${process.pid}`);
const dataDir = mkdtempSync(path.join(tmpdir(), 'terpadu-bench-catalog-'));
const environment = {
  DATABASE_URL: database.url,
  DATA_DIR: dataDir,
  SECRET_KEY: 'bench-secret-key-bench-secret-key-0123',
};
const seeded = execFileSync(process.execPath, ['bin/terpadu.js', 'seed', '--demo'], {
  env: { ...process.env, ...environment, LOG_LEVEL: 'warn' },
}).toString();
const accounts = new Map();
for (const line of seeded.split('\n')) {
  const match = /^\s+(\S+)\s+(\S+@\S+)\s+(\S+)\s*$/.exec(line);
  if (match) accounts.set(match[1], { email: match[2], password: match[3] });
}
const service = await startService(environment);
const pool = new pg.Pool({ connectionString: database.url, max: clients + 2 });

async function token(who) {
  const response = await fetch(`${service.base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(accounts.get(who)),
  });
  if (!response.ok) throw new Error(`login ${who}: ${response.status}`);
  return { authorization: `Bearer ${(await response.json()).token}` };
}

async function api(headers, method, pathname, body) {
  const response = await fetch(`${service.base}/api/v1${pathname}`, {
    method,
    headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${pathname}: ${response.status} ${text.slice(0, 200)}`);
  return text ? JSON.parse(text) : undefined;
}

const rows = [];
try {
  const admin = await token('admin-instansi');
  const citizen = await token('warga');
  const managed = (await api(admin, 'GET', '/catalog/services')).items;
  const akta = managed.find((item) => item.slug === 'akta-kelahiran');
  const jkn = managed.find((item) => item.slug === 'jkn-bayi');
  const seedStarted = performance.now();
  const topics = ['akta kelahiran', 'izin usaha mikro', 'pindah domisili', 'akta kematian', 'surat nikah'];
  for (let index = 0; index < copies; index++) {
    const topic = topics[index % topics.length];
    const created = await api(admin, 'POST', '/catalog/services', {
      agencyCode: '35.78/dispendukcapil',
      slug: `bench-${index}`,
      content: {
        ...akta.content,
        name: `Layanan ${topic} ${index}`,
        summary: `Layanan uji ${topic} nomor ${index}.`,
      },
    });
    await api(admin, 'POST', `/catalog/services/${created.id}/publish`);
  }
  console.error(`published ${copies} services in ${((performance.now() - seedStarted) / 1000).toFixed(1)} s`);
  const published = Number(
    (await pool.query('select count(*) as n from catalog.services where published_version is not null'))
      .rows[0].n,
  );

  await pool.query(`create table bench_applications (id uuid primary key default gen_random_uuid(),
    reference_number text not null unique, service_id uuid not null, values_ciphertext text not null,
    status text not null, submitted_at timestamptz not null default now())`);
  const searchSql = `select s.id, v.content from catalog.services s
    join catalog.service_versions v on v.service_id = s.id and v.version = s.published_version
    where s.published_version is not null and s.withdrawn_at is null
      and s.search_vector @@ websearch_to_tsquery('indonesian', $1)
    order by ts_rank(s.search_vector, websearch_to_tsquery('indonesian', $1)) desc, s.slug limit 20`;
  const countSql = `select count(*) from catalog.services s where s.published_version is not null
    and s.withdrawn_at is null and s.search_vector @@ websearch_to_tsquery('indonesian', $1)`;
  let serial = 0;
  const filledValues = {
    namaAnak: 'Budi Santoso',
    tanggalLahirAnak: '2026-11-02',
    tempatLahirAnak: 'Surabaya',
    jenisKelaminAnak: 'L',
    namaIbu: 'Siti Rahayu',
    nomorKk: '3578010101010001',
    fasilitasKesehatan: 'Puskesmas Karang Pilang',
  };
  const cases = [
    [
      'baseline: `GET /readyz` (one database round trip)',
      async () => {
        const response = await fetch(`${service.base}/readyz`);
        await response.arrayBuffer();
        if (!response.ok) throw new Error(String(response.status));
      },
    ],
    [
      'baseline: plain SQL of the search (page + count)',
      async () => {
        await pool.query(searchSql, [SEARCH]);
        await pool.query(countSql, [SEARCH]);
      },
    ],
    [
      `\`GET /api/v1/public/services?q=${SEARCH}\``,
      async () => {
        const response = await fetch(
          `${service.base}/api/v1/public/services?q=${encodeURIComponent(SEARCH)}`,
        );
        await response.arrayBuffer();
        if (!response.ok) throw new Error(String(response.status));
      },
    ],
    [
      'baseline: plain SQL INSERT of one application row',
      async () => {
        serial += 1;
        await pool.query(
          'insert into bench_applications (reference_number, service_id, values_ciphertext, status) values ($1, $2, $3, $4)',
          [`B-${process.pid}-${serial}`, jkn.id, 'x'.repeat(400), 'diproses'],
        );
      },
    ],
    [
      'application filed: start + save form + submit (3 requests)',
      async () => {
        const started = await api(citizen, 'POST', '/applications', { serviceId: jkn.id });
        await api(citizen, 'PUT', `/applications/${started.referenceNumber}/draft`, {
          values: { ...started.values, ...filledValues },
        });
        await api(citizen, 'POST', `/applications/${started.referenceNumber}/submit`);
      },
    ],
  ];
  for (const [label, work] of cases) {
    for (let warm = 0; warm < 3; warm++) await work();
    const result = await closedLoop(work, clients, seconds);
    rows.push({ label, ...result });
    console.error(
      `${label}: ${fmt(result.rate)}/s, p50 ${fmt(result.p50)} ms, p95 ${fmt(result.p95)} ms, errors ${result.errors}`,
    );
  }
  const [readyz, searchSqlRow, search, insert, filing] = rows;
  report([
    '',
    `### Public-services catalogue — ${today()}`,
    '',
    `${machine()}; ${await versions(database.url)}; ${clients} closed-loop clients, ${seconds} s per row.`,
    `Command: \`node bench/catalog/run.mjs ${copies} ${seconds} ${clients}\`. Data: \`seed --demo\` plus ${copies} published copies of the birth-certificate service (${published} published services).`,
    '',
    '| what | ops/s | p50 ms | p95 ms | p99 ms | errors |',
    '|---|---:|---:|---:|---:|---:|',
    ...rows.map(
      (row) =>
        `| ${row.label} | ${fmt(row.rate)} | ${fmt(row.p50)} | ${fmt(row.p95)} | ${fmt(row.p99)} | ${row.errors} |`,
    ),
    '',
    `Search ÷ its plain SQL: ${(search.rate / searchSqlRow.rate).toFixed(2)} (throughput), search ÷ /readyz: ${(search.rate / readyz.rate).toFixed(2)}. Filing ÷ INSERT: ${(filing.rate / insert.rate).toFixed(3)} (one filing is three requests, each with its transaction, audit entry, encryption and notifications).`,
  ]);
} finally {
  await pool.end();
  await service.stop();
  await database.drop();
  rmSync(dataDir, { recursive: true, force: true });
}
