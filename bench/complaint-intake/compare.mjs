#!/usr/bin/env node
// Before/after on a loaded machine: this checkout's service and another checkout's (e.g. main,
// `git archive main | tar -x -C DIR` with node_modules linked) run side by side, each on its own
// database, and are loaded in turns (`rounds` × intake then read, `seconds` each, 50 connections),
// so that both see the same machine load. Prints req/s, p99 and the service's CPU ms per request
// (user + system of its process) for each. Development aid: nothing is appended to RESULTS.md.
// Usage: node bench/complaint-intake/compare.mjs OTHER_CHECKOUT [rounds] [seconds]
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import {
  autocannonRun,
  citizenToken,
  cpuMilliseconds,
  createBenchDatabase,
  sampleReport,
  startService,
} from '../support.mjs';

const other = path.resolve(process.argv[2]);
const rounds = Number(process.argv[3] ?? 4);
const seconds = Number(process.argv[4] ?? 4);
const connections = 50;
const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const body = JSON.stringify(sampleReport);

const sides = [
  { name: path.basename(other), cwd: other },
  { name: 'this checkout', cwd: process.cwd() },
];
const started = loadavg();
for (const [index, side] of sides.entries()) {
  side.database = await createBenchDatabase(adminUrl, `terpadu_compare_${index}_${process.pid}`);
  side.dataDir = mkdtempSync(path.join(tmpdir(), 'terpadu-compare-'));
  side.service = await startService(
    { DATABASE_URL: side.database.url, DATA_DIR: side.dataDir },
    { cwd: side.cwd },
  );
  side.totals = {
    intake: { answered: 0, ok: 0, cpu: 0, p99: [], seconds: 0 },
    read: { answered: 0, ok: 0, cpu: 0, p99: [], seconds: 0 },
  };
}

async function load(side, what, options) {
  const before = cpuMilliseconds(side.service.pid);
  const result = await autocannonRun({ connections, duration: seconds, ...options });
  const total = side.totals[what];
  total.cpu += cpuMilliseconds(side.service.pid) - before;
  total.answered += result.requests.total;
  total.ok += result['2xx'];
  total.seconds += seconds;
  total.p99.push(result.latency.p99);
}

try {
  for (const side of sides) {
    const token = await citizenToken(side.service.base);
    side.headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };
    side.trackingIds = [];
    for (let i = 0; i < 20; i++) {
      const response = await fetch(`${side.service.base}/api/v1/complaints`, {
        method: 'POST',
        headers: side.headers,
        body,
      });
      side.trackingIds.push((await response.json()).trackingId);
    }
  }
  for (let round = 0; round < rounds; round++) {
    // Alternate which side goes first, so neither always follows the other.
    for (const side of round % 2 ? [...sides].reverse() : sides) {
      await load(side, 'intake', {
        url: `${side.service.base}/api/v1/complaints`,
        method: 'POST',
        headers: side.headers,
        body,
      });
      await load(side, 'read', {
        url: side.service.base,
        headers: { authorization: side.headers.authorization },
        requests: side.trackingIds.map((id) => ({ path: `/api/v1/complaints/${id}` })),
      });
    }
  }
} finally {
  for (const side of sides) {
    await side.service.stop();
    await side.database.drop();
    rmSync(side.dataDir, { recursive: true, force: true });
  }
}

const ended = loadavg();
console.log(
  `load average at start ${started.map((v) => v.toFixed(1)).join(' ')}, at end ${ended.map((v) => v.toFixed(1)).join(' ')}; ${rounds} rounds × ${seconds} s, ${connections} connections`,
);
console.log('| checkout | what | req/s | p99 ms (median of rounds) | service CPU ms/req | non-2xx |');
console.log('|---|---|---:|---:|---:|---:|');
for (const side of sides) {
  for (const what of ['intake', 'read']) {
    const total = side.totals[what];
    const p99 = [...total.p99].sort((a, b) => a - b)[Math.floor(total.p99.length / 2)];
    console.log(
      `| ${side.name} | ${what} | ${(total.ok / total.seconds).toFixed(1)} | ${p99} | ${(total.cpu / Math.max(1, total.answered)).toFixed(2)} | ${total.answered - total.ok} |`,
    );
  }
}
