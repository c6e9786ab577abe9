/**
 * The admin-nasional issues an Open311 API key in the console on a phone, a civic app posts a
 * request with it, the admin revokes it and the app is refused. axe-core on the page.
 */
import { describe, expect, test } from 'vitest';
import { demoBrowserSuite, expectAccessible, sidewaysOverflow } from './browser-support.ts';

describe('Open311 API keys in the console', { timeout: 120_000 }, () => {
  const suite = demoBrowserSuite();

  async function postOpen311(key: string): Promise<number> {
    const response = await fetch(`${suite.baseUrl}/open311/v2/requests.json`, {
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
    const page = await suite.newPage({ isPhone: true });
    await suite.signIn(page, suite.account('admin-nasional'));

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
    await suite.screenshot(page, 'open311-api-keys');

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
    expect(suite.pageErrors).toEqual([]);
  });
});
