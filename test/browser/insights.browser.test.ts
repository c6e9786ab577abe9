/**
 * Routing suggestions end to end in Chromium against the real server and the demo data
 * (`seed --demo`): two agency models and one category model are trained with the CLI from a
 * made-up CSV (no real person's text) and installed before the server starts. The national admin,
 * on a phone, opens a new report about a broken road and sees the suggested agencies and
 * categories with their confidence and the words behind them. On /admin/model-rute the admin
 * rolls the agency model back, activates the newer one again, and reads routing accuracy after
 * routing the report as suggested.
 */
import type { ChildProcess } from 'node:child_process';
import { execFile } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, test } from 'vitest';
import { syntheticReports } from '../support/insights.ts';
import {
  DESKTOP,
  type DemoAccount,
  ensureWebBuilt,
  expectAccessible,
  launchBrowser,
  MOBILE,
  newDataDir,
  ROOT,
  requireChromium,
  SCREENSHOTS,
  seedDemo,
  sidewaysOverflow,
  startServer,
  stopServer,
} from './browser-support.ts';

const SERVER_START_TIMEOUT = 240_000;
const TEST_TIMEOUT = 120_000;

/** The demo's Surabaya units carry these names (src/demo.ts); the CSV labels are names, as in an export. */
const CATEGORY_OF: Record<string, string> = {
  'Dinas Sumber Daya Air dan Bina Marga': 'infrastruktur',
  'Dinas Kesehatan': 'kesehatan',
  'Dinas Kependudukan dan Pencatatan Sipil': 'kependudukan',
};

const REPORT = {
  kind: 'pengaduan',
  title: 'Jalan berlubang di Jalan Raya Kebraon',
  description: 'Aspal jalan rusak parah dan berlubang, banjir setiap hujan. Mohon segera diperbaiki.',
  privacy: 'publik',
  regionCode: '35.78.01.1002',
};

function csvCell(value: string): string {
  return `"${value.replace(/"/g, '""')}"`;
}

describe('routing suggestions and routing models in Chromium', { timeout: TEST_TIMEOUT }, () => {
  let browser: Browser;
  let server: ChildProcess | undefined;
  let dataDir: string | undefined;
  let baseUrl: string;
  let accounts: Map<string, DemoAccount>;
  let trackingId = '';
  const contexts: BrowserContext[] = [];
  const pageErrors: string[] = [];
  let hasFailed = false;

  beforeEach(({ skip, onTestFailed }) => {
    if (hasFailed) skip();
    onTestFailed(() => {
      hasFailed = true;
    });
  });

  function demo(role: string): DemoAccount {
    const found = accounts.get(role);
    if (!found) throw new Error(`seed --demo printed no ${role} account`);
    return found;
  }

  async function cli(...args: string[]) {
    await promisify(execFile)(process.execPath, ['bin/terpadu.js', ...args], {
      cwd: ROOT,
      env: { ...process.env, DATA_DIR: dataDir, LOG_LEVEL: 'warn' },
      timeout: 120_000,
    });
  }

  async function signedIn(role: string, isPhone: boolean): Promise<Page> {
    const context = await browser.newContext({
      bypassCSP: true,
      locale: 'id-ID',
      timezoneId: 'Asia/Jakarta',
      ...(isPhone ? { viewport: MOBILE, isMobile: true, hasTouch: true } : { viewport: DESKTOP }),
    });
    contexts.push(context);
    context.setDefaultTimeout(15_000);
    const page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(`${page.url()}: ${error.message}`));
    await page.goto(`${baseUrl}/masuk`);
    await page.getByLabel('Email atau NIK').fill(demo(role).email);
    await page.getByLabel('Kata sandi').fill(demo(role).password);
    await page.getByRole('button', { name: 'Masuk', exact: true }).click();
    await page.waitForURL(`${baseUrl}/beranda`);
    return page;
  }

  async function bearer(role: string): Promise<string> {
    const login = await fetch(`${baseUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: demo(role).email, password: demo(role).password }),
    });
    return ((await login.json()) as { token: string }).token;
  }

  beforeAll(async () => {
    requireChromium();
    await ensureWebBuilt();
    mkdirSync(SCREENSHOTS, { recursive: true });
    dataDir = await newDataDir();
    accounts = await seedDemo(dataDir);
    const reports = syntheticReports(24);
    const csv = path.join(dataDir, 'made-up-reports.csv');
    await writeFile(
      csv,
      [
        'text,instansi,kategori',
        ...reports.map((report) =>
          [report.text, report.label, CATEGORY_OF[report.label]!].map(csvCell).join(','),
        ),
      ].join('\n'),
    );
    const agencyModel = path.join(dataDir, 'agency-model');
    const categoryModel = path.join(dataDir, 'category-model');
    const train = (labelColumn: string, out: string) =>
      cli(
        'router',
        'train',
        '--csv',
        csv,
        '--text-column',
        'text',
        '--label-column',
        labelColumn,
        '--out',
        out,
      );
    await train('instansi', agencyModel);
    await train('kategori', categoryModel);
    // Two versions of the agency model: the second installed is the active one.
    await cli('router', 'install', '--model', agencyModel, '--kind', 'agency', '--activate');
    await cli('router', 'install', '--model', agencyModel, '--kind', 'agency', '--activate');
    await cli('router', 'install', '--model', categoryModel, '--kind', 'category', '--activate');
    const started = await startServer(dataDir);
    server = started.process;
    baseUrl = started.baseUrl;
    browser = await launchBrowser();
    const filed = await fetch(`${baseUrl}/api/v1/complaints`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await bearer('warga')}` },
      body: JSON.stringify(REPORT),
    });
    expect(filed.status).toBe(201);
    trackingId = ((await filed.json()) as { trackingId: string }).trackingId;
  }, SERVER_START_TIMEOUT);

  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await stopServer(server, dataDir);
  }, 30_000);

  test('the verifying admin on a phone sees the top agencies and categories, their confidence and the words behind them', async () => {
    const page = await signedIn('admin-nasional', true);
    await page.goto(`${baseUrl}/petugas/laporan/${trackingId}`);
    const panel = page.getByTestId('routing-suggestions');
    await panel.getByRole('heading', { name: 'Saran instansi dan kategori' }).waitFor();

    const agencies = panel.getByRole('list', { name: 'Instansi' }).getByRole('listitem');
    await expect.poll(() => agencies.count()).toBe(3);
    const first = agencies.first();
    await expect.poll(() => first.textContent()).toContain('Dinas Sumber Daya Air dan Bina Marga');
    expect(await first.textContent()).toMatch(/keyakinan \d{1,3}%/);
    expect(await first.textContent()).toMatch(/Kata yang menentukan:.*(jalan|lubang|aspal|rusak|banjir)/s);
    const confidence = first.getByRole('meter');
    expect(Number(await confidence.getAttribute('value'))).toBeGreaterThan(0.5);

    const categories = panel.getByRole('list', { name: 'Kategori' }).getByRole('listitem');
    await expect.poll(() => categories.first().textContent()).toContain('Infrastruktur');

    await page.screenshot({ path: path.join(SCREENSHOTS, 'insights-suggestions-phone.png'), fullPage: true });
    expect(await sidewaysOverflow(page)).toBe(0);
    await expectAccessible(page);
  });

  test('the admin rolls the agency model back and activates the newer one again, on a phone', async () => {
    const page = await signedIn('admin-nasional', true);
    await page.goto(`${baseUrl}/admin/model-rute`);
    await page.getByRole('heading', { level: 1, name: 'Model rute laporan' }).waitFor();
    const agencyModels = page.getByRole('region', { name: 'Instansi' });
    const rows = agencyModels.getByRole('row');
    await expect.poll(() => rows.count()).toBe(3); // header + two versions
    const newest = rows.nth(1);
    const older = rows.nth(2);
    // The active version's row says "Aktif" and offers no "Aktifkan" button.
    const isActive = async (row: typeof newest) =>
      (await row.getByRole('button').count()) === 0 && (await row.textContent())!.includes('Aktif');
    expect(await isActive(newest)).toBe(true);
    expect(await isActive(older)).toBe(false);
    const olderVersion = (await older.locator('.mono').first().textContent())!.trim();
    const newestVersion = (await newest.locator('.mono').first().textContent())!.trim();

    await agencyModels.getByRole('button', { name: /Kembali ke model sebelumnya/ }).click();
    await page.getByText(`Model ${olderVersion} sekarang aktif.`).waitFor();
    await expect.poll(() => isActive(older)).toBe(true);
    expect(await isActive(newest)).toBe(false);
    expect(await sidewaysOverflow(page)).toBe(0);
    await expectAccessible(page);

    await agencyModels.getByRole('button', { name: `Aktifkan model ${newestVersion}` }).click();
    await page.getByText(`Model ${newestVersion} sekarang aktif.`).waitFor();
    await expect.poll(() => isActive(newest)).toBe(true);
    expect(await isActive(older)).toBe(false);
    const categoryModels = page.getByRole('region', { name: 'Kategori' });
    expect(await categoryModels.getByRole('row').count()).toBe(2);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'insights-models-phone.png'), fullPage: true });
  });

  test('routing accuracy over time counts the report routed as suggested', async () => {
    const routed = await fetch(`${baseUrl}/api/v1/complaints/${trackingId}/actions`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${await bearer('admin-nasional')}`,
      },
      body: JSON.stringify({ action: 'disposisi', agencyCode: '35.78' }),
    });
    expect(routed.status).toBe(200);
    const page = await signedIn('admin-nasional', false);
    await page.goto(`${baseUrl}/admin/model-rute`);
    const accuracy = page.getByRole('region', { name: 'Ketepatan rute dari waktu ke waktu' });
    const table = accuracy.getByRole('table');
    await table.waitFor();
    const cells = await table.getByRole('row').nth(1).getByRole('cell').allTextContents();
    // week, routed, followed (the suggested unit's agency counts until the agency picks a unit), in top 3, automatic
    expect(cells.slice(1, 5).map((cell) => cell.trim().split(/\s/)[0])).toEqual(['1', '1', '1', '0']);
    await expectAccessible(page);
    expect(pageErrors).toEqual([]);
  });
});
