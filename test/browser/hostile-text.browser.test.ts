/**
 * Script and HTML typed into every text field of the complaint form (title, description,
 * address, and the photo's file name) are shown as text on every page that shows them: the
 * reporter's page, the public feed and report page, and the officer's queue and report page.
 * Pages run with CSP bypassed, so that escaping alone is tested: a payload that ran would call
 * a hook or open a dialog. A separate check asserts the CSP the server sends.
 */
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { describe, expect, test } from 'vitest';
import { demoBrowserSuite } from './browser-support.ts';

const hook = (name: string) => `window.__xss.push('${name}')`;
const TITLE = `<script>${hook('title')}</script><img src=x onerror="${hook('title-img')}">`;
const DESCRIPTION = `Laporan uji <b>tebal</b> <svg onload="${hook('svg')}"></svg> "><iframe srcdoc="<script>parent.${hook('iframe')}</script>"></iframe> {{constructor.constructor('${hook('template')}')()}} <a href="javascript:${hook('href')}">tautan</a> <script>alert(1)</script>`;
const ADDRESS = `"><img src=x onerror=alert(document.domain)> javascript:${hook('address')}`;
const FILE_NAME = `<img src=x onerror=alert(1)>.jpg`;

describe('what a citizen wrote is shown as text, never run', { timeout: 120_000 }, () => {
  const suite = demoBrowserSuite();
  let trackingId = '';
  const dialogs: string[] = [];

  async function newPage(): Promise<Page> {
    const page = await suite.newPage();
    await page.context().addInitScript(() => {
      (window as unknown as { __xss: string[] }).__xss = [];
    });
    page.on('dialog', (dialog) => {
      dialogs.push(`${page.url()}: ${dialog.message()}`);
      void dialog.dismiss();
    });
    return page;
  }

  async function logIn(role: string): Promise<Page> {
    const page = await newPage();
    await suite.signIn(page, suite.account(role));
    return page;
  }

  async function expectNothingRan(page: Page, where: string) {
    // Give event handlers (onerror, onload) a moment to fire if anything was parsed as HTML.
    await page.waitForTimeout(300);
    expect(await page.evaluate(() => (window as unknown as { __xss: string[] }).__xss), where).toEqual([]);
    expect(dialogs, where).toEqual([]);
    expect(await page.locator('main img[src="x"], main iframe, main svg[onload]').count(), where).toBe(0);
  }

  test('the citizen files the report through the form', async () => {
    const page = await logIn('warga');
    await page.goto(`${suite.baseUrl}/lapor`);
    await page.getByLabel('Provinsi').waitFor();
    await page.getByLabel('Pengaduan', { exact: true }).check();
    await page.getByLabel('Judul laporan').fill(TITLE);
    await page.getByLabel('Isi laporan').fill(DESCRIPTION);
    await page.getByLabel('Kategori').selectOption({ label: 'Infrastruktur (jalan, jembatan, drainase)' });
    await page.getByLabel('Provinsi').selectOption({ label: 'Jawa Timur' });
    await page.getByLabel('Kabupaten/kota').selectOption({ label: 'Kota Surabaya' });
    await page.getByLabel('Kecamatan').selectOption({ label: 'Karang Pilang' });
    await page.getByLabel('Kelurahan/desa').selectOption({ label: 'Kebraon' });
    await page.getByLabel('Alamat atau patokan').fill(ADDRESS);
    await page.getByLabel('Publik', { exact: true }).check();
    const photo = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#888' } })
      .jpeg()
      .toBuffer();
    await page
      .locator('#lapor-files')
      .setInputFiles({ name: FILE_NAME, mimeType: 'image/jpeg', buffer: photo });
    await expectNothingRan(page, 'the form with the payloads typed in');
    await page.getByRole('button', { name: 'Kirim laporan' }).click();
    const tracking = page.getByTestId('tracking-id');
    await tracking.waitFor();
    trackingId = (await tracking.textContent()) ?? '';
    expect(trackingId).toMatch(/^[0-9A-Z]{5}-[0-9A-Z]{5}$/);
    await expectNothingRan(page, 'the confirmation page');

    await page.goto(`${suite.baseUrl}/lapor/${trackingId}`);
    await page.getByTestId('report-tracking-id').waitFor();
    const text = await page.locator('main').textContent();
    expect(text).toContain(TITLE);
    expect(text).toContain(DESCRIPTION);
    expect(text).toContain(ADDRESS.trim());
    await expectNothingRan(page, "the reporter's report page");
  });

  test('the public feed and the public report page show it as text', async () => {
    const page = await newPage();
    await page.goto(`${suite.baseUrl}/laporan`);
    await page.getByText(TITLE).first().waitFor();
    await expectNothingRan(page, 'the public feed');
    await page.goto(`${suite.baseUrl}/lapor/${trackingId}`);
    await page.getByTestId('report-tracking-id').waitFor();
    expect(await page.locator('main').textContent()).toContain(TITLE);
    await expectNothingRan(page, 'the public report page');
  });

  test("the officer's queue and report page show it as text", async () => {
    const page = await logIn('admin-nasional');
    await page.goto(`${suite.baseUrl}/petugas/laporan`);
    await page.getByText(TITLE).first().waitFor();
    await expectNothingRan(page, "the officer's queue");
    await page.goto(`${suite.baseUrl}/petugas/laporan/${trackingId}`);
    await page.getByTestId('report-tracking-id').waitFor();
    const text = await page.locator('main').textContent();
    expect(text).toContain(DESCRIPTION);
    await expectNothingRan(page, "the officer's report page");
  });

  test('pages are served under a CSP that allows only the site’s own scripts', async () => {
    const response = await fetch(`${suite.baseUrl}/laporan`, { headers: { accept: 'text/html' } });
    const policy = response.headers.get('content-security-policy') ?? '';
    expect(policy).toMatch(/script-src 'self'(;|$)/);
    expect(policy).toContain("object-src 'none'");
  });
});
