/**
 * The admin-nasional issues an Open311 API key in the console on a phone, a civic app posts a
 * request with it, the admin revokes it and the app is refused. axe-core on the page.
 */
import type { ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  type DemoAccount,
  ensureWebBuilt,
  expectAccessible,
  launchBrowser,
  MOBILE,
  newDataDir,
  requireChromium,
  SCREENSHOTS,
  seedDemo,
  sidewaysOverflow,
  startServer,
  stopServer,
} from './browser-support.ts';

const SERVER_START_TIMEOUT = 180_000;
const TEST_TIMEOUT = 120_000;

describe('Open311 API keys in the console', { timeout: TEST_TIMEOUT }, () => {
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let server: ChildProcess | undefined;
  let dataDir: string | undefined;
  let baseUrl: string;
  let accounts: Map<string, DemoAccount>;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    requireChromium();
    await ensureWebBuilt();
    mkdirSync(SCREENSHOTS, { recursive: true });
    dataDir = await newDataDir();
    accounts = await seedDemo(dataDir);
    const started = await startServer(dataDir);
    server = started.process;
    baseUrl = started.baseUrl;
    browser = await launchBrowser();
    context = await browser.newContext({
      bypassCSP: true,
      locale: 'id-ID',
      viewport: MOBILE,
      isMobile: true,
      hasTouch: true,
    });
    context.setDefaultTimeout(15_000);
    page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
  }, SERVER_START_TIMEOUT);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await stopServer(server, dataDir);
  }, 30_000);

  async function postOpen311(key: string): Promise<number> {
    const response = await fetch(`${baseUrl}/open311/v2/requests.json`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        api_key: key,
        service_code: 'lingkungan-hidup',
        address_string: 'Jl. Raya Kebraon, Surabaya',
        description: 'Tumpukan sampah di pinggir jalan belum diangkut selama seminggu dan berbau.',
      }).toString(),
    });
    return response.status;
  }

  test('issues a key shown once, which a client can use until it is revoked', async () => {
    const admin = accounts.get('admin-nasional');
    if (!admin) throw new Error('seed --demo printed no admin-nasional account');
    await page.goto(`${baseUrl}/masuk`);
    await page.getByLabel('Email atau NIK').fill(admin.email);
    await page.getByLabel('Kata sandi').fill(admin.password);
    await page.getByRole('button', { name: 'Masuk', exact: true }).click();
    await page.waitForURL(`${baseUrl}/beranda`);

    await page.getByRole('link', { name: 'Kunci API Open311' }).click();
    await page.getByRole('heading', { level: 1, name: 'Kunci API Open311' }).waitFor();
    await expectAccessible(page);

    // A region that does not exist: the server's answer lands on the field, in the error summary.
    await page.getByLabel('Nama aplikasi atau sistem').fill('Aplikasi Lapor Kota');
    await page.getByLabel(/Kode wilayah bawaan/).fill('99.99');
    await page.getByRole('button', { name: 'Terbitkan kunci' }).click();
    await page.getByText('Periksa kembali isian berikut:').waitFor();
    await expectAccessible(page);

    await page.getByLabel(/Kode wilayah bawaan/).fill('35.78');
    await page.getByRole('button', { name: 'Terbitkan kunci' }).click();
    const key = (await page.getByTestId('issued-key').textContent()) ?? '';
    expect(key).toMatch(/^o311_[A-Za-z0-9_-]{32}$/);
    await page.getByRole('cell', { name: 'Aplikasi Lapor Kota', exact: true }).waitFor();
    expect(await sidewaysOverflow(page)).toBe(0);
    await expectAccessible(page);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'open311-api-keys.png'), fullPage: true });

    expect(await postOpen311(key)).toBe(201);

    // Shown once: after a reload the key is gone, only its prefix remains.
    await page.reload();
    await page.getByRole('cell', { name: 'Aplikasi Lapor Kota', exact: true }).waitFor();
    expect(await page.locator('main').textContent()).not.toContain(key);
    expect(await page.locator('main').textContent()).toContain(key.slice(0, 10));

    page.once('dialog', (dialog) => void dialog.accept());
    await page.getByRole('button', { name: 'Cabut kunci Aplikasi Lapor Kota' }).click();
    await page.getByText('Dicabut').waitFor();
    expect(await postOpen311(key)).toBe(403);
    expect(pageErrors).toEqual([]);
  });
});
