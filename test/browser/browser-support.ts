/**
 * What the browser tests share: a fresh web build, the real server on a free port with its own
 * DATA_DIR, Debian's Chromium (never a downloaded browser) and axe-core.
 */
import { type ChildProcess, execFile, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import axe from 'axe-core';
import {
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  chromium,
  type Page,
} from 'playwright-core';
import { afterAll, beforeAll, beforeEach, expect } from 'vitest';

export const CHROMIUM = '/usr/bin/chromium';
export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const SCREENSHOTS = path.join(ROOT, '.test-artifacts', 'screenshots');
export const MOBILE = { width: 375, height: 812 };
export const DESKTOP = { width: 1280, height: 800 };
const WEB_DIST_INDEX = path.join(ROOT, 'web', 'dist', 'index.html');
const BUILD_LOCK = path.join(ROOT, '.test-artifacts', 'web-build.lock');

function newestChange(paths: string[]): number {
  let newest = 0;
  for (const entry of paths) {
    if (!existsSync(entry)) continue;
    const stats = statSync(entry);
    if (stats.isDirectory()) {
      newest = Math.max(newest, newestChange(readdirSync(entry).map((child) => path.join(entry, child))));
    } else {
      newest = Math.max(newest, stats.mtimeMs);
    }
  }
  return newest;
}

function isWebBuildFresh(): boolean {
  const sources = ['src', 'index.html', 'vite.config.ts', 'public'].map((entry) =>
    path.join(ROOT, 'web', entry),
  );
  return existsSync(WEB_DIST_INDEX) && statSync(WEB_DIST_INDEX).mtimeMs >= newestChange(sources);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Builds web/dist when it is missing or older than the sources, so a test never runs a stale UI.
 * Test files run in parallel: a lock directory makes one build while the others wait for it.
 */
export async function ensureWebBuilt(): Promise<void> {
  mkdirSync(path.dirname(BUILD_LOCK), { recursive: true });
  const deadline = Date.now() + 170_000;
  for (;;) {
    try {
      mkdirSync(BUILD_LOCK);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      // A lock left by a killed run is older than any build takes.
      if (existsSync(BUILD_LOCK) && Date.now() - statSync(BUILD_LOCK).mtimeMs > 180_000) {
        rmSync(BUILD_LOCK, { recursive: true, force: true });
      }
      if (Date.now() > deadline) throw new Error(`Gave up waiting for ${BUILD_LOCK}`);
      await sleep(250);
    }
  }
  try {
    if (isWebBuildFresh()) return;
    execFileSync('npx', ['vite', 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'], {
      cwd: ROOT,
      // Vitest sets NODE_ENV=test, which would make Vite bundle React's development build.
      env: { ...process.env, NODE_ENV: 'production' },
      stdio: 'inherit',
    });
  } finally {
    rmSync(BUILD_LOCK, { recursive: true, force: true });
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function waitUntilReady(url: string, server: ChildProcess, output: () => string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) {
      throw new Error(`The server exited with code ${server.exitCode} before it was ready:\n${output()}`);
    }
    try {
      const response = await fetch(`${url}/readyz`);
      if (response.status === 200) return;
    } catch {
      // Not listening yet.
    }
    await sleep(250);
  }
  throw new Error(`The server was not ready within ${timeoutMs / 1000} s:\n${output()}`);
}

export async function newDataDir(): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), 'terpadu-browser-'));
}

export type DemoAccount = { role: string; email: string; password: string };

/** Runs `terpadu <args>` on DATA_DIR (before the server opens it: PGlite is one process at a time). */
export async function terpadu(dataDir: string, args: string[], timeout = 170_000): Promise<string> {
  const { stdout } = await promisify(execFile)(process.execPath, ['bin/terpadu.js', ...args], {
    cwd: ROOT,
    env: { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'warn' },
    timeout,
  });
  return stdout;
}

/** The accounts `terpadu seed --demo` prints ("  role  email  password"). */
function demoAccounts(stdout: string): Map<string, DemoAccount> {
  const accounts = new Map<string, DemoAccount>();
  for (const line of stdout.split('\n')) {
    const match = /^\s+(\S+)\s+(\S+@\S+)\s+(\S+)\s*$/.exec(line);
    if (match?.[1] && match[2] && match[3]) {
      accounts.set(match[1], { role: match[1], email: match[2], password: match[3] });
    }
  }
  return accounts;
}

export type RunningServer = { baseUrl: string; process: ChildProcess; output: () => string };

export async function startServer(dataDir: string): Promise<RunningServer> {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  let output = '';
  const server = spawn(process.execPath, ['bin/terpadu.js', 'serve'], {
    cwd: ROOT,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'warn',
      PUBLIC_URL: baseUrl,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  server.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  server.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  await waitUntilReady(baseUrl, server, () => output, 60_000);
  return { baseUrl, process: server, output: () => output };
}

export async function stopServer(server: ChildProcess | undefined, dataDir: string | undefined) {
  if (server && server.exitCode === null) {
    const exited = new Promise((resolve) => server.once('exit', resolve));
    server.kill('SIGTERM');
    await Promise.race([exited, sleep(10_000)]);
    if (server.exitCode === null) server.kill('SIGKILL');
  }
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
}

export function requireChromium() {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Browser tests need Debian's Chromium at ${CHROMIUM}. Install it with: apt-get install -y chromium`,
    );
  }
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

type AxeViolation = { id: string; impact: string | null; help: string; nodes: Array<{ target: unknown }> };

/** Runs axe-core in the page and returns the serious and critical violations. */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  const hasAxe = await page.evaluate(() => 'axe' in window);
  if (!hasAxe) await page.addScriptTag({ content: axe.source });
  const violations = await page.evaluate(async () => {
    const result = await (window as unknown as { axe: typeof axe }).axe.run(document, {
      resultTypes: ['violations'],
    });
    return result.violations.map((violation) => ({
      id: violation.id,
      impact: violation.impact ?? null,
      help: violation.help,
      nodes: violation.nodes.map((node) => ({ target: node.target })),
    }));
  });
  return violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
}

export async function expectAccessible(page: Page) {
  const violations = await seriousViolations(page);
  expect(violations, `axe violations on ${page.url()}:\n${JSON.stringify(violations, null, 2)}`).toEqual([]);
}

/** How far the page scrolls sideways (should be ≤ 0 at phone width). */
export function sidewaysOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
}

/** A phone's browser context: the width of a small phone, touch. */
export const PHONE: BrowserContextOptions = { viewport: MOBILE, isMobile: true, hasTouch: true };

export type PageOptions = BrowserContextOptions & { isPhone?: boolean };
export type Credentials = { email: string; password: string };

export type BrowserSuiteOptions = {
  /** `terpadu seed` arguments for the fresh DATA_DIR; `[]` starts on an empty database. */
  seed?: string[];
  /** After the seed, before the server opens DATA_DIR (e.g. more users or models with `suite.cli`). */
  beforeStart?: (suite: BrowserSuite) => Promise<void>;
  /** Once the server and Chromium are up (e.g. reports filed through the API, a shared page). */
  afterStart?: (suite: BrowserSuite) => Promise<void>;
  /** Each test needs the one before: after a failure the rest are skipped, not timed out. */
  steps?: boolean;
  /** `suite.screenshot(page, name)` writes SCREENSHOTS/<screenshots>-<name>.png. */
  screenshots?: string;
  setupTimeout?: number;
};

export type BrowserSuite = {
  readonly baseUrl: string;
  readonly dataDir: string;
  readonly browser: Browser;
  /** Uncaught errors of every page the suite opened, each after its page's address. */
  readonly pageErrors: string[];
  /** The demo account `seed --demo` printed for a role. */
  account(role: string): DemoAccount;
  /** `terpadu <args>` on the suite's DATA_DIR (only before the server starts). */
  cli(...args: string[]): Promise<string>;
  /**
   * A page in a context of its own, closed after the suite: Indonesian, Jakarta time, desktop or
   * phone, CSP bypassed only so that axe-core can be injected (the app runs under the real CSP).
   */
  newPage(options?: PageOptions): Promise<Page>;
  /** Logs in through the form and waits for the home page. */
  signIn(page: Page, credentials: Credentials): Promise<void>;
  /** One signed-in page per person, kept across tests; `warga` is on a phone unless told. */
  pageOf(who: string, options?: PageOptions & { credentials?: Credentials }): Promise<Page>;
  screenshot(page: Page, name: string): Promise<Buffer>;
};

/**
 * Declares, inside a describe block, what every browser test file needs: a fresh DATA_DIR with the
 * demo seed (or another), the real server on a free port, Debian's Chromium, and clean-up.
 */
export function demoBrowserSuite(options: BrowserSuiteOptions = {}): BrowserSuite {
  let server: ChildProcess | undefined;
  let dataDir: string | undefined;
  let baseUrl: string | undefined;
  let browser: Browser | undefined;
  let accounts = new Map<string, DemoAccount>();
  const contexts: BrowserContext[] = [];
  const pages = new Map<string, Page>();
  const pageErrors: string[] = [];
  const ready = <T>(value: T | undefined, what: string): T => {
    if (value === undefined) throw new Error(`The browser suite has no ${what} yet (used before beforeAll?)`);
    return value;
  };

  const suite: BrowserSuite = {
    get baseUrl() {
      return ready(baseUrl, 'server');
    },
    get dataDir() {
      return ready(dataDir, 'DATA_DIR');
    },
    get browser() {
      return ready(browser, 'browser');
    },
    pageErrors,
    account(role) {
      const found = accounts.get(role);
      if (!found) throw new Error(`seed --demo printed no ${role} account`);
      return found;
    },
    cli: (...args) => terpadu(suite.dataDir, args, 120_000),
    async newPage({ isPhone = false, ...contextOptions } = {}) {
      const context = await suite.browser.newContext({
        bypassCSP: true,
        locale: 'id-ID',
        timezoneId: 'Asia/Jakarta',
        ...(isPhone ? PHONE : { viewport: DESKTOP }),
        ...contextOptions,
      });
      contexts.push(context);
      context.setDefaultTimeout(15_000);
      const page = await context.newPage();
      page.on('pageerror', (error) => pageErrors.push(`${page.url()}: ${error.message}`));
      return page;
    },
    async signIn(page, { email, password }) {
      await page.goto(`${suite.baseUrl}/masuk`);
      await page.getByLabel('Email atau NIK').fill(email);
      await page.getByLabel('Kata sandi').fill(password);
      await page.getByRole('button', { name: 'Masuk', exact: true }).click();
      await page.waitForURL(`${suite.baseUrl}/beranda`);
    },
    async pageOf(who, { credentials, isPhone = who === 'warga', ...contextOptions } = {}) {
      const existing = pages.get(who);
      if (existing) return existing;
      const page = await suite.newPage({ isPhone, ...contextOptions });
      await suite.signIn(page, credentials ?? suite.account(who));
      pages.set(who, page);
      return page;
    },
    screenshot(page, name) {
      const file = options.screenshots ? `${options.screenshots}-${name}.png` : `${name}.png`;
      return page.screenshot({ path: path.join(SCREENSHOTS, file), fullPage: true });
    },
  };

  if (options.steps) {
    let hasFailed = false;
    beforeEach(({ skip, onTestFailed }) => {
      if (hasFailed) skip();
      onTestFailed(() => {
        hasFailed = true;
      });
    });
  }

  beforeAll(async () => {
    requireChromium();
    await ensureWebBuilt();
    mkdirSync(SCREENSHOTS, { recursive: true });
    dataDir = await newDataDir();
    const seed = options.seed ?? ['--demo'];
    if (seed.length > 0) accounts = demoAccounts(await terpadu(dataDir, ['seed', ...seed]));
    await options.beforeStart?.(suite);
    const started = await startServer(dataDir);
    server = started.process;
    baseUrl = started.baseUrl;
    browser = await launchBrowser();
    await options.afterStart?.(suite);
  }, options.setupTimeout ?? 180_000);

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await stopServer(server, dataDir);
  }, 30_000);

  return suite;
}
