/**
 * Duplicates end to end in Chromium against the real server and the demo data (`seed --demo`):
 * two other citizens have reported the same fallen tree in Kebraon (Surabaya). The demo citizen
 * starts writing a near-copy on a phone, is shown "Laporan serupa" and joins the first report
 * instead of filing. The city's admin finds the two reports as one duplicate group, merges them,
 * and both reporters (and the co-reporter) are notified; the second reporter sees their report
 * linked to the primary. The admin then undoes the merge from the duplicate's page.
 */
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { demoBrowserSuite, expectAccessible, sidewaysOverflow } from './browser-support.ts';

/** Two more citizens, made with the CLI before the server opens the embedded database. */
const CITIZENS = [
  { key: 'first', name: 'Dewi Pertama Uji', email: 'dewi.pertama@example.id', nik: '3578015508850091' },
  { key: 'second', name: 'Budi Kedua Uji', email: 'budi.kedua@example.id', nik: '3578011508850092' },
] as const;
const PASSWORD = 'kata-sandi-uji-duplikat';

const FIRST = {
  kind: 'pengaduan',
  title: 'Pohon tumbang menutup Jalan Raya Kebraon',
  description:
    'Pohon angsana besar tumbang di Jalan Raya Kebraon dekat SDN Kebraon I dan menutup separuh jalan sejak pagi, kendaraan macet panjang.',
  privacy: 'publik',
  regionCode: '35.78.01.1002',
  agencyCode: '35.78',
};
const SECOND = {
  ...FIRST,
  title: 'Pohon besar tumbang di Jalan Raya Kebraon',
  description:
    'Ada pohon besar tumbang menutup separuh Jalan Raya Kebraon dekat SDN Kebraon I sejak pagi tadi, macet panjang dan belum ada petugas.',
  privacy: 'anonim',
};

describe('similar reports and merging duplicates in Chromium', { timeout: 120_000 }, () => {
  let firstId = '';
  let secondId = '';
  const suite = demoBrowserSuite({
    steps: true,
    screenshots: 'duplicates',
    async beforeStart({ cli }) {
      for (const citizen of CITIZENS) {
        await cli(
          'users',
          'create',
          '--email',
          citizen.email,
          '--password',
          PASSWORD,
          '--name',
          citizen.name,
          '--nik',
          citizen.nik,
          '--verified',
        );
      }
    },
    async afterStart() {
      firstId = await fileAs(CITIZENS[0].email, FIRST);
      secondId = await fileAs(CITIZENS[1].email, SECOND);
    },
  });
  const { pageOf, screenshot } = suite;

  /** A citizen files through the API, as a mobile app would. */
  async function fileAs(email: string, report: object): Promise<string> {
    const login = await fetch(`${suite.baseUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password: PASSWORD }),
    });
    const { token } = (await login.json()) as { token: string };
    const filed = await fetch(`${suite.baseUrl}/api/v1/complaints`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(report),
    });
    expect(filed.status).toBe(201);
    return ((await filed.json()) as { trackingId: string }).trackingId;
  }

  /** The signed-in user's in-app notification titles, read the way the app reads them. */
  function notificationTitles(page: Page): Promise<string[]> {
    return page.evaluate(async () => {
      const response = await fetch('/api/v1/notifications', { credentials: 'same-origin' });
      const body = (await response.json()) as { items: Array<{ title: string }> };
      return body.items.map((item) => item.title);
    });
  }

  test('a citizen writing a near-copy on a phone is offered the existing reports and joins one', async () => {
    const page = await pageOf('warga');
    await page.goto(`${suite.baseUrl}/lapor`);
    await page.getByRole('heading', { level: 1, name: 'Sampaikan laporan' }).waitFor();
    await page.getByLabel('Pengaduan', { exact: true }).check();
    await page.getByLabel('Judul laporan').fill('Pohon tumbang di Jalan Raya Kebraon');
    await page
      .getByLabel('Isi laporan')
      .fill('Pohon tumbang di Jalan Raya Kebraon dekat SDN Kebraon I menutup jalan, macet sejak pagi.');
    await page.getByLabel('Provinsi').selectOption({ label: 'Jawa Timur' });
    await page.getByLabel('Kabupaten/kota').selectOption({ label: 'Kota Surabaya' });
    await page.getByLabel('Kecamatan').selectOption({ label: 'Karang Pilang' });
    await page.getByLabel('Kelurahan/desa').selectOption({ label: 'Kebraon' });

    const panel = page.getByTestId('similar-reports');
    await panel.getByRole('heading', { name: 'Laporan serupa' }).waitFor();
    const first = panel.locator(`[data-tracking-id="${firstId}"]`);
    await first.waitFor();
    expect(await panel.locator(`[data-tracking-id="${secondId}"]`).count()).toBe(1);
    expect(await first.textContent()).toContain(FIRST.title);
    expect(await first.textContent()).toContain('Kelurahan/desa yang sama');
    // No reporter is named: not the publik one, not the anonim one.
    const text = (await panel.textContent()) ?? '';
    for (const citizen of CITIZENS) {
      expect(text).not.toContain(citizen.name);
      expect(text).not.toContain(citizen.email);
    }
    await expectAccessible(page);
    expect(await sidewaysOverflow(page), 'the panel scrolls sideways at 375 px').toBeLessThanOrEqual(0);
    await panel.scrollIntoViewIfNeeded();
    await screenshot(page, 'similar-mobile');

    await first.getByRole('button', { name: `Ikut melapor: ${FIRST.title}` }).click();
    await panel.getByText(`Anda ikut melapor pada laporan ${firstId}.`).waitFor();
    expect(await first.getByTestId('joined').textContent()).toBe('Anda sudah ikut melapor');
    expect(await first.textContent()).toContain('2 warga melaporkan');
    await expectAccessible(page);
    await screenshot(page, 'joined-mobile');
    expect(await notificationTitles(page)).toContain(`${firstId}: Anda ikut melapor`);
  });

  test('the city admin merges the two duplicates and every reporter is notified', async () => {
    const page = await pageOf('admin-instansi');
    await page.goto(`${suite.baseUrl}/petugas/laporan`);
    await page.getByRole('link', { name: 'Laporan ganda' }).click();
    await page.getByRole('heading', { level: 1, name: 'Laporan ganda' }).waitFor();
    const group = page.getByTestId('duplicate-group').filter({ hasText: firstId });
    await group.waitFor();
    expect(await group.textContent()).toContain(secondId);
    await expectAccessible(page);
    await screenshot(page, 'groups-desktop');

    await group.getByLabel(`${firstId} — ${FIRST.title}`).check();
    expect(await group.getByLabel(`Gabungkan laporan ${secondId} ke laporan utama`).isChecked()).toBe(true);
    await group.getByLabel('Catatan penggabungan').fill('Pohon tumbang yang sama di Jalan Raya Kebraon.');
    await group.getByRole('button', { name: `Gabungkan ke ${firstId}` }).click();
    await page.getByText(`1 laporan digabungkan ke ${firstId}. Semua pelapor telah diberi tahu.`).waitFor();
    await screenshot(page, 'merged-desktop');

    // Both reporters, and the citizen who joined, hear of it.
    const firstReporter = await pageOf('first', {
      credentials: { email: CITIZENS[0].email, password: PASSWORD },
    });
    expect(await notificationTitles(firstReporter)).toContain(`${firstId}: laporan serupa digabungkan`);
    const secondReporter = await pageOf('second', {
      credentials: { email: CITIZENS[1].email, password: PASSWORD },
      isPhone: true,
    });
    expect(await notificationTitles(secondReporter)).toContain(`${secondId}: digabungkan ke ${firstId}`);
    expect(await notificationTitles(await pageOf('warga'))).toContain(
      `${firstId}: laporan serupa digabungkan`,
    );

    // The second reporter's own report points to the primary.
    await secondReporter.goto(`${suite.baseUrl}/lapor/${secondId}`);
    const merged = secondReporter.getByTestId('merge-panel');
    await merged.getByText(`Laporan ini digabungkan ke laporan ${firstId}`).waitFor();
    await expect
      .poll(() => secondReporter.locator('.status-line [data-status]').first().getAttribute('data-status'))
      .toBe('Arsip');
    await secondReporter.locator('.timeline__entry[data-kind="digabung"]').waitFor();
    await expectAccessible(secondReporter);
    await screenshot(secondReporter, 'merged-report-mobile');
  });

  test('the admin undoes the merge from the duplicate’s page', async () => {
    const page = await pageOf('admin-instansi');
    await page.goto(`${suite.baseUrl}/petugas/laporan/${secondId}`);
    const panel = page.getByTestId('merge-panel');
    await panel.getByText('Batalkan penggabungan').first().click();
    await panel.getByLabel('Alasan pembatalan').fill('Ternyata pohon di lokasi lain.');
    await panel.getByRole('button', { name: 'Batalkan penggabungan' }).click();
    await page.locator('.timeline__entry[data-kind="pemisahan"]').waitFor();
    expect(await page.getByTestId('merge-panel').count()).toBe(0);
    await expect
      .poll(() => page.locator('.status-line [data-status]').first().getAttribute('data-status'))
      .toBe('Belum Terverifikasi');
    await screenshot(page, 'unmerged-desktop');
    expect(await notificationTitles(await pageOf('second'))).toContain(
      `${secondId}: penggabungan dibatalkan`,
    );
    expect(suite.pageErrors).toEqual([]);
  });
});
