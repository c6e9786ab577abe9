/**
 * Routing suggestions end to end in Chromium against the real server and the demo data
 * (`seed --demo`): two agency models and one category model are trained with the CLI from a
 * made-up CSV (no real person's text) and installed before the server starts. The national admin,
 * on a phone, opens a new report about a broken road and sees the suggested agencies and
 * categories with their confidence and the words behind them. On /admin/model-rute the admin
 * rolls the agency model back, activates the newer one again, and reads routing accuracy after
 * routing the report as suggested.
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { syntheticReports } from '../support/insights.ts';
import { demoBrowserSuite, expectAccessible, sidewaysOverflow } from './browser-support.ts';

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

describe('routing suggestions and routing models in Chromium', { timeout: 120_000 }, () => {
  let trackingId = '';
  const suite = demoBrowserSuite({
    steps: true,
    screenshots: 'insights',
    setupTimeout: 240_000,
    async beforeStart({ cli, dataDir }) {
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
    },
    async afterStart({ baseUrl }) {
      const filed = await fetch(`${baseUrl}/api/v1/complaints`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${await bearer('warga')}` },
        body: JSON.stringify(REPORT),
      });
      expect(filed.status).toBe(201);
      trackingId = ((await filed.json()) as { trackingId: string }).trackingId;
    },
  });

  async function signedIn(role: string, isPhone: boolean): Promise<Page> {
    const page = await suite.newPage({ isPhone });
    await suite.signIn(page, suite.account(role));
    return page;
  }

  async function bearer(role: string): Promise<string> {
    const { email, password } = suite.account(role);
    const login = await fetch(`${suite.baseUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password }),
    });
    return ((await login.json()) as { token: string }).token;
  }

  test('the verifying admin on a phone sees the top agencies and categories, their confidence and the words behind them', async () => {
    const page = await signedIn('admin-nasional', true);
    await page.goto(`${suite.baseUrl}/petugas/laporan/${trackingId}`);
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

    await suite.screenshot(page, 'suggestions-phone');
    expect(await sidewaysOverflow(page)).toBe(0);
    await expectAccessible(page);
  });

  test('the admin rolls the agency model back and activates the newer one again, on a phone', async () => {
    const page = await signedIn('admin-nasional', true);
    await page.goto(`${suite.baseUrl}/admin/model-rute`);
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
    await suite.screenshot(page, 'models-phone');
  });

  test('routing accuracy over time counts the report routed as suggested', async () => {
    const routed = await fetch(`${suite.baseUrl}/api/v1/complaints/${trackingId}/actions`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        authorization: `Bearer ${await bearer('admin-nasional')}`,
      },
      body: JSON.stringify({ action: 'disposisi', agencyCode: '35.78' }),
    });
    expect(routed.status).toBe(200);
    const page = await signedIn('admin-nasional', false);
    await page.goto(`${suite.baseUrl}/admin/model-rute`);
    const accuracy = page.getByRole('region', { name: 'Ketepatan rute dari waktu ke waktu' });
    const table = accuracy.getByRole('table');
    await table.waitFor();
    const cells = await table.getByRole('row').nth(1).getByRole('cell').allTextContents();
    // week, routed, followed (the suggested unit's agency counts until the agency picks a unit), in top 3, automatic
    expect(cells.slice(1, 5).map((cell) => cell.trim().split(/\s/)[0])).toEqual(['1', '1', '1', '0']);
    await expectAccessible(page);
    expect(suite.pageErrors).toEqual([]);
  });
});
