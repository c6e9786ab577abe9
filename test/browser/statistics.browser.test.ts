/**
 * The public statistics page in Chromium against the real server with synthetic reports
 * (`seed --reports 400`): an anonymous visitor sees the total, the agency league table and the
 * charts, each chart with its table, at phone and desktop width; filters go into the address;
 * each table's CSV downloads with a byte-order mark; axe-core finds nothing serious.
 */
import { describe, expect, test } from 'vitest';
import { DESKTOP, demoBrowserSuite, expectAccessible, MOBILE, sidewaysOverflow } from './browser-support.ts';

describe('public statistics page in Chromium', { timeout: 120_000 }, () => {
  const suite = demoBrowserSuite({ seed: ['--reports', '400'] });

  for (const [name, viewport] of [
    ['phone', MOBILE],
    ['desktop', DESKTOP],
  ] as const) {
    test(`shows the league table and the charts without login (${name})`, async () => {
      const context = await suite.browser.newContext({ viewport, locale: 'id-ID', bypassCSP: true });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      await page.goto(`${suite.baseUrl}/statistik`);
      await expect
        .poll(() => page.getByRole('heading', { level: 1 }).textContent())
        .toBe('Statistik pengaduan');
      const league = page.getByRole('table', { name: 'Peringkat instansi' });
      await league.waitFor();
      expect(await league.locator('tbody tr').count()).toBeGreaterThan(0);
      expect(await page.getByText('Total laporan').count()).toBe(1);
      // One chart per section: league, month, status, kind, category, region, agency.
      await expect.poll(() => page.locator('.stats-chart svg.recharts-surface').count()).toBe(7);
      expect(await page.getByRole('link', { name: /^Unduh CSV/ }).count()).toBe(7);
      expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
      await expectAccessible(page);
      expect(errors).toEqual([]);
      await context.close();
    });
  }

  test('filters by region through the address and downloads a CSV a spreadsheet opens', async () => {
    const context = await suite.browser.newContext({ viewport: DESKTOP, locale: 'id-ID' });
    const page = await context.newPage();
    await page.goto(`${suite.baseUrl}/statistik`);
    await page.getByLabel('Provinsi').selectOption('35');
    await page.getByRole('button', { name: 'Terapkan' }).click();
    await expect.poll(() => new URL(page.url()).search).toBe('?wilayah=35');
    const csvLink = page.getByRole('link', { name: 'Unduh CSV: Laporan per wilayah (kabupaten/kota)' });
    const href = await csvLink.getAttribute('href');
    expect(href).toContain('regionCode=35');
    const response = await page.request.get(`${suite.baseUrl}${href}`);
    const bytes = await response.body();
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes
      .toString('utf8')
      .replace(/^\uFEFF/, '')
      .split('\r\n');
    expect(lines[0]).toBe('Kode / Code,Wilayah / Region,Jumlah laporan / Reports');
    expect(lines.filter((line) => line.startsWith('35.')).length).toBeGreaterThan(0);
    expect(lines.some((line) => /^[0-9]{2}\./.test(line) && !line.startsWith('35.'))).toBe(false);
    await context.close();
  });
});
