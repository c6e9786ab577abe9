/**
 * Life-event bundles in Chromium against the real server and the demo data (`seed --demo`, which
 * publishes the "kelahiran" services of Surabaya: birth certificate and family-card update at
 * Dispendukcapil, the newborn's health insurance at Dinas Kesehatan). A citizen on a phone picks
 * the birth bundle, fills one shared form once, uploads each service's document and sends all
 * three at once; each application then sits in its own agency's queue. The demo Dispendukcapil
 * officer (printed by `seed --demo`) sends the birth certificate back: the bundle shows that
 * together, and the application on its own.
 */
import sharp from 'sharp';
import { describe, expect, test } from 'vitest';
import { demoBrowserSuite, expectAccessible, sidewaysOverflow } from './browser-support.ts';

async function scan(label: string): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="400" height="560">
    <rect width="400" height="560" fill="#fdfdf8"/><text x="40" y="60" font-size="24">${label}</text></svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 80 }).toBuffer();
}

describe('a life-event bundle in Chromium', { timeout: 120_000 }, () => {
  const suite = demoBrowserSuite({ steps: true, screenshots: 'bundle' });
  const { pageOf, screenshot } = suite;
  let bundleReference = '';
  let birthCertificateReference = '';

  test('a citizen on a phone picks the birth bundle from the catalogue', async () => {
    const page = await pageOf('warga');
    await page.goto(`${suite.baseUrl}/layanan?lifeEvent=kelahiran`);
    await page.getByRole('link', { name: /sekaligus dalam satu paket/ }).click();
    await page.getByRole('heading', { level: 1, name: 'Ajukan paket peristiwa hidup' }).waitFor();
    const services = page.getByTestId('bundle-services');
    await services.getByLabel('Penerbitan Akta Kelahiran').waitFor();
    for (const name of [
      'Penerbitan Akta Kelahiran',
      'Pembaruan Kartu Keluarga karena Kelahiran',
      'Pendaftaran Bayi Baru Lahir sebagai Peserta JKN',
    ])
      expect(await services.getByLabel(name).isChecked(), name).toBe(true);
    await expectAccessible(page);
    expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
    await screenshot(page, 'start-mobile');
    await page.getByRole('button', { name: 'Mulai paket (3 layanan)' }).click();
    await page.waitForURL(/\/paket\/PMB-/);
    bundleReference = decodeURIComponent(page.url().split('/').pop() ?? '');
    expect(await page.getByTestId('bundle-status').getAttribute('data-status')).toBe('draf');
  });

  test('fills one form once, uploads each service’s document and sends all three together', async () => {
    const page = await pageOf('warga');
    // Once only: the applicant's name comes from the profile.
    expect(await page.getByLabel(/Nama pelapor/).inputValue()).toBe('Demo Warga Surabaya');
    // Asked once although two services need it.
    expect(await page.getByLabel(/Nomor Kartu Keluarga/).count()).toBe(1);

    // Sending too early names what is missing, per service; nothing is sent.
    await page.getByRole('button', { name: 'Kirim semua (3 permohonan)' }).click();
    await page
      .getByRole('alert')
      .getByText(/Surat keterangan kelahiran/)
      .waitFor();
    expect(await page.getByTestId('bundle-status').getAttribute('data-status')).toBe('draf');

    await page.getByLabel('Nama anak').fill('Ni Luh Putu Ayu');
    await page.getByLabel('Tanggal lahir anak').fill('2026-11-02');
    await page.getByLabel('Tempat lahir anak').fill('Surabaya');
    await page.getByLabel(/Jenis kelamin anak/).selectOption('P');
    await page.getByLabel('Nama ibu').fill('Made Sari');
    await page.getByLabel(/Nomor Kartu Keluarga/).fill('3578010101010001');
    await page.getByLabel(/Puskesmas\/klinik pilihan/).fill('Puskesmas Karang Pilang');
    await expect.poll(() => page.getByTestId('autosave').textContent()).toBe('Draf tersimpan otomatis.');

    const birthLetter = page.getByLabel('Surat keterangan kelahiran');
    await birthLetter.setInputFiles({
      name: 'surat.jpg',
      mimeType: 'image/jpeg',
      buffer: await scan('Surat'),
    });
    await page.getByText(/Terunggah: surat\.jpg/).waitFor();
    await page
      .getByLabel('Kartu Keluarga lama')
      .setInputFiles({ name: 'kk.jpg', mimeType: 'image/jpeg', buffer: await scan('KK') });
    await page.getByText(/Terunggah: kk\.jpg/).waitFor();
    await expectAccessible(page);
    expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
    await screenshot(page, 'form-mobile');

    await page.getByRole('button', { name: 'Kirim semua (3 permohonan)' }).click();
    await expect
      .poll(() => page.getByTestId('bundle-status').getAttribute('data-status'), { timeout: 10_000 })
      .toBe('diproses');
    const parts = page.getByTestId('bundle-parts').locator('li');
    expect(await parts.count()).toBe(3);
    for (const status of await parts.evaluateAll((items) => items.map((item) => item.dataset.status)))
      expect(status).toBe('diproses');
    birthCertificateReference =
      (await parts.filter({ hasText: 'Akta Kelahiran' }).locator('.mono').textContent()) ?? '';
    expect(birthCertificateReference).toMatch(/^PMH-/);
    await expectAccessible(page);
    await screenshot(page, 'sent-mobile');
  });

  test('the demo Dispendukcapil officer finds its parts in the queue and sends one back', async () => {
    const officer = await pageOf('penghubung.capil');
    await officer.goto(`${suite.baseUrl}/petugas/permohonan`);
    const table = officer.getByTestId('application-table');
    await table.waitFor();
    // The family card and the birth certificate are Dispendukcapil's; the health insurance is not.
    expect(await table.textContent()).toContain('Pembaruan Kartu Keluarga karena Kelahiran');
    expect(await table.textContent()).not.toContain('Peserta JKN');
    await officer.getByRole('link', { name: birthCertificateReference }).click();
    await officer.getByTestId('application-status').waitFor();
    await officer.getByLabel(/Catatan untuk pemohon/).fill('Tempat lahir mohon ditulis lengkap.');
    await officer.getByRole('button', { name: 'Kembalikan untuk diperbaiki' }).click();
    await expect
      .poll(() => officer.getByTestId('application-status').getAttribute('data-status'))
      .toBe('dikembalikan');
  });

  test('the citizen sees it together on the bundle and on its own, and the bundle in their list', async () => {
    const page = await pageOf('warga');
    await page.goto(`${suite.baseUrl}/paket/${bundleReference}`);
    await expect
      .poll(() => page.getByTestId('bundle-status').getAttribute('data-status'))
      .toBe('dikembalikan');
    const returned = page.getByTestId('bundle-parts').locator('li[data-status="dikembalikan"]');
    expect(await returned.count()).toBe(1);
    expect(await page.getByTestId('bundle-parts').locator('li[data-status="diproses"]').count()).toBe(2);
    await expectAccessible(page);
    await returned.getByRole('link').click();
    await page.getByTestId('return-note').waitFor();
    expect(await page.getByTestId('return-note').textContent()).toContain('Tempat lahir');

    await page.goto(`${suite.baseUrl}/permohonan`);
    await page.getByTestId('my-bundles').getByRole('link', { name: bundleReference }).waitFor();
    await expectAccessible(page);
  });

  test('the bundle page speaks English too', async () => {
    const page = await suite.newPage();
    await page.goto(`${suite.baseUrl}/paket?lifeEvent=kelahiran`);
    await page.getByTestId('bundle-services').waitFor();
    await page.getByRole('button', { name: /English$/ }).click();
    await page.getByRole('heading', { level: 1, name: 'Apply for a life-event bundle' }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Services for Birth' }).waitFor();
    await expectAccessible(page);
  });

  test('no page threw an error', () => {
    expect(suite.pageErrors).toEqual([]);
  });
});
