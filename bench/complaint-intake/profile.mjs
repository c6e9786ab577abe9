#!/usr/bin/env node
// Where the time of one filing and one read goes: the SQL statements per request (counted in the
// service's pg driver, with the time each waited) and a CPU profile of the service under load.
// Development aid, not a benchmark: numbers print to the terminal, nothing is appended to RESULTS.md.
// Usage: node bench/complaint-intake/profile.mjs [requests] [load-seconds]
//   Writes the CPU profile (open it in Chrome DevTools) to $TMPDIR/terpadu-profile-*/.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { autocannonRun, citizenToken, createBenchDatabase, sampleReport, startService } from '../support.mjs';

const requests = Number(process.argv[2] ?? 200);
const loadSeconds = Number(process.argv[3] ?? 10);
const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const here = path.dirname(fileURLToPath(import.meta.url));
const body = JSON.stringify(sampleReport);

const database = await createBenchDatabase(adminUrl, `terpadu_intake_profile_${process.pid}`);
const dataDir = mkdtempSync(path.join(tmpdir(), 'terpadu-profile-'));
const profileDir = path.join(dataDir, 'cpu');
const countFile = path.join(dataDir, 'queries.json');
const service = await startService(
  {
    DATABASE_URL: database.url,
    DATA_DIR: dataDir,
    QUERY_COUNT_FILE: countFile,
  },
  {
    nodeArguments: [
      '--import',
      path.join(here, 'count-queries.mjs'),
      '--cpu-prof',
      `--cpu-prof-dir=${profileDir}`,
    ],
  },
);

async function counted(label, work) {
  process.kill(service.pid, 'SIGUSR2');
  await new Promise((resolve) => setTimeout(resolve, 200));
  const started = performance.now();
  const latencies = [];
  for (let i = 0; i < requests; i++) {
    const t = performance.now();
    await work(i);
    latencies.push(performance.now() - t);
  }
  const elapsed = performance.now() - started;
  process.kill(service.pid, 'SIGUSR2');
  await new Promise((resolve) => setTimeout(resolve, 300));
  const counts = JSON.parse(readFileSync(countFile, 'utf8'));
  const total = counts.reduce((sum, [, entry]) => sum + entry.count, 0);
  const totalMs = counts.reduce((sum, [, entry]) => sum + entry.ms, 0);
  latencies.sort((a, b) => a - b);
  console.log(
    `\n## ${label}: ${requests} requests one at a time, ${(elapsed / requests).toFixed(1)} ms each (p50 ${latencies[Math.floor(requests / 2)].toFixed(1)} ms); ` +
      `${(total / requests).toFixed(1)} statements per request, ${(totalMs / requests).toFixed(1)} ms waiting for them`,
  );
  for (const [text, entry] of counts.sort((a, b) => b[1].count - a[1].count)) {
    console.log(
      `${(entry.count / requests).toFixed(2).padStart(6)} × ${(entry.ms / entry.count).toFixed(2).padStart(6)} ms  ${text.slice(0, 160)}`,
    );
  }
}

const trackingIds = [];
try {
  const token = await citizenToken(service.base);
  const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
  const file = async () => {
    const response = await fetch(`${service.base}/api/v1/complaints`, { method: 'POST', headers, body });
    if (response.status !== 201) throw new Error(`intake ${response.status} ${await response.text()}`);
    trackingIds.push((await response.json()).trackingId);
  };
  for (let i = 0; i < 30; i++) await file();
  await counted('POST /api/v1/complaints', file);
  await counted('GET /api/v1/complaints/{trackingId}', async (i) => {
    const response = await fetch(`${service.base}/api/v1/complaints/${trackingIds[i % trackingIds.length]}`, {
      headers: { authorization: headers.authorization },
    });
    if (response.status !== 200) throw new Error(`read ${response.status}`);
    await response.arrayBuffer();
  });
  if (loadSeconds > 0) {
    for (const connections of [50]) {
      const intake = await autocannonRun({
        url: `${service.base}/api/v1/complaints`,
        method: 'POST',
        connections,
        duration: loadSeconds,
        headers,
        body,
      });
      const read = await autocannonRun({
        url: service.base,
        connections,
        duration: loadSeconds,
        headers: { authorization: headers.authorization },
        requests: trackingIds.slice(0, 50).map((id) => ({ path: `/api/v1/complaints/${id}` })),
      });
      console.log(
        `\nunder load (${connections} connections, ${loadSeconds} s each): intake ${(intake['2xx'] / loadSeconds).toFixed(1)} req/s p99 ${intake.latency.p99} ms; read ${(read['2xx'] / loadSeconds).toFixed(1)} req/s p99 ${read.latency.p99} ms`,
      );
    }
  }
} finally {
  await service.stop();
  await database.drop();
}
const profiles = readdirSync(profileDir);
console.log(`\nCPU profile: ${profiles.map((name) => path.join(profileDir, name)).join(', ')}`);
if (process.env.KEEP_PROFILE !== '1') {
  // Keep only the profile; the rest of DATA_DIR (e-mails, keys) goes.
  for (const entry of readdirSync(dataDir))
    if (entry !== 'cpu') rmSync(path.join(dataDir, entry), { recursive: true, force: true });
}
