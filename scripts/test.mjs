#!/usr/bin/env node
// `npm test`: makes sure what the suite needs is here (Chromium, the built web, a PostgreSQL server
// if one is reachable), runs every test on PGlite and on PostgreSQL, and ends with one line
// "N passed, N failed".
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import net from 'node:net';

const CHROMIUM = '/usr/bin/chromium';
const DEFAULT_SERVER_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

function ensureChromium() {
  if (existsSync(CHROMIUM)) return;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot) {
    console.error(
      `Browser tests need Debian's Chromium at ${CHROMIUM}.\n` +
        'Install it with:  sudo apt-get install -y chromium\n' +
        '(Browser tests never download a browser of their own.)',
    );
    process.exit(1);
  }
  console.log('Installing Debian Chromium for the browser tests (apt-get install -y chromium)…');
  const environment = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env: environment });
  execFileSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: 'inherit', env: environment });
}

function reachable(url) {
  return new Promise((resolve) => {
    const { hostname, port } = new URL(url);
    const socket = net.connect({ host: hostname, port: Number(port || 5432), timeout: 1500 });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.once('timeout', () => {
      socket.destroy();
      resolve(false);
    });
  });
}

ensureChromium();

if (!process.env.TEST_DATABASE_URL) {
  if (await reachable(DEFAULT_SERVER_URL)) {
    process.env.TEST_DATABASE_URL = DEFAULT_SERVER_URL;
  } else {
    console.warn(
      `No PostgreSQL server at ${DEFAULT_SERVER_URL}: running the suite on PGlite only.\n` +
        'Set TEST_DATABASE_URL=postgres://… to test on a server too.',
    );
  }
}
console.log(
  `Databases: PGlite${process.env.TEST_DATABASE_URL ? ` and ${new URL(process.env.TEST_DATABASE_URL).host}` : ''}`,
);

console.log('Building the web front end…');
execFileSync('npm', ['run', 'build:web', '--silent'], { stdio: 'inherit' });

mkdirSync('.test-artifacts', { recursive: true });
const report = '.test-artifacts/vitest-report.json';
const run = spawnSync(
  'npx',
  [
    'vitest',
    'run',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${report}`,
    ...process.argv.slice(2),
  ],
  { stdio: 'inherit', env: process.env },
);

let passed = 0;
let failed = 0;
if (existsSync(report)) {
  const result = JSON.parse(readFileSync(report, 'utf8'));
  passed = result.numPassedTests ?? 0;
  failed = (result.numFailedTests ?? 0) + (result.numFailedTestSuites ?? 0);
}
if (run.status !== 0 && failed === 0) failed = 1;
console.log(`${passed} passed, ${failed} failed`);
process.exit(run.status ?? 1);
