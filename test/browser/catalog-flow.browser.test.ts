/**
 * The one-stop service catalogue end to end in Chromium against the real server and the demo data
 * (`seed --demo`): Kota Surabaya's agency admin staffs the civil-registration office with a
 * verifier, then writes and publishes a birth-certificate service (standard, form with a live
 * preview, a required document, the two-step workflow). A citizen on a phone finds it by searching
 * "akta kelahiran", applies with data prefilled from the profile and an upload, is sent back once,
 * corrects and resubmits; the verifier forwards it, the admin approves it; the citizen downloads
 * the signed PDF, the verification page (the QR code's address) confirms it authentic, a tampered
 * copy fails, and the survey moves the service's IKM on its public page.
 */
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { describe, expect, test } from 'vitest';
import { demoBrowserSuite, expectAccessible, sidewaysOverflow } from './browser-support.ts';

const SERVICE_NAME = 'Akta Kelahiran Daring';
const UNIT = '35.78/dispendukcapil';
const VERIFIER = { email: 'verifikator.capil@example.id', password: 'kata-sandi-verifikator-1' };

async function birthLetterPhoto(): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="400" height="560">
    <rect width="400" height="560" fill="#fdfdf8"/>
    <rect x="40" y="40" width="320" height="24" fill="#234"/>
    <rect x="40" y="100" width="280" height="10" fill="#999"/>
    <rect x="40" y="130" width="300" height="10" fill="#999"/>
  </svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 80 }).toBuffer();
}

describe('one-stop birth-certificate service in Chromium', { timeout: 120_000 }, () => {
  const suite = demoBrowserSuite({ steps: true, screenshots: 'catalog' });
  const { pageOf, screenshot } = suite;
  let reference = '';
  let pdf: Buffer = Buffer.alloc(0);
  let verifyUrl = '';

  async function expectApplicationStatus(page: Page, status: string) {
    // Issuing renders and signs a PDF: allow it more than the poll's default second.
    await expect
      .poll(() => page.getByTestId('application-status').getAttribute('data-status'), { timeout: 10_000 })
      .toBe(status);
  }

  async function openAsOfficer(page: Page) {
    await page.goto(`${suite.baseUrl}/petugas/permohonan`);
    await page.getByRole('link', { name: reference }).click();
    await page.getByTestId('application-status').waitFor();
  }

  test('the agency admin staffs the civil-registration office with a verifier', async () => {
    const page = await pageOf('admin-instansi');
    const form = page.locator('form', { has: page.getByRole('button', { name: 'Tambah petugas' }) });
    await form.getByLabel('Email petugas').fill(VERIFIER.email);
    await form.getByLabel('Nama lengkap').fill('Verifikator Dispendukcapil');
    await form.getByLabel('Peran', { exact: true }).selectOption('penghubung');
    await form.getByLabel('Kode instansi').fill(UNIT);
    await form.getByLabel(/Kata sandi awal/).fill(VERIFIER.password);
    await form.getByRole('button', { name: 'Tambah petugas' }).click();
    await page.getByText(`Petugas ${VERIFIER.email} telah ditambahkan`).waitFor();
  });

  test('the admin writes the birth-certificate service; publishing waits for the delivery components', async () => {
    const page = await pageOf('admin-instansi');
    await page.getByRole('link', { name: 'Kelola layanan' }).click();
    await page.getByRole('heading', { level: 1, name: 'Kelola layanan' }).waitFor();
    await page.getByLabel('Kode instansi').fill(UNIT);
    await page.getByLabel('Kode layanan').fill('akta-kelahiran-daring');
    await page.getByLabel('Nama layanan').fill(SERVICE_NAME);
    await page.getByRole('button', { name: 'Buat draf' }).click();
    await page.getByRole('heading', { level: 1, name: SERVICE_NAME }).waitFor();
    expect(await page.getByTestId('missing-components').textContent()).toContain('14 komponen');

    // Publishing now is refused, naming each missing delivery component.
    await page.getByRole('button', { name: 'Terbitkan', exact: true }).click();
    const problems = page.getByTestId('problem-list');
    await problems.waitFor();
    for (const component of ['persyaratan', 'prosedur', 'jangkaWaktu', 'biaya', 'produk', 'pengaduan']) {
      expect(await problems.textContent()).toContain(`standard.${component}`);
    }

    await page.getByLabel('Ringkasan').fill('Penerbitan kutipan akta kelahiran secara daring.');
    await page.getByLabel('Kelahiran').check();
    const standard: Array<[string, string]> = [
      ['persyaratan', 'Surat keterangan kelahiran dari rumah sakit atau bidan; Kartu Keluarga.'],
      ['prosedur', 'Ajukan daring; petugas memverifikasi; kepala dinas menyetujui.'],
      ['jangkaWaktu', '5 hari kerja.'],
      ['biaya', 'Gratis.'],
      ['produk', 'Kutipan akta kelahiran elektronik.'],
      ['pengaduan', 'SP4N-LAPOR! di Terpadu.'],
      ['dasarHukum', 'UU No. 24 Tahun 2013.'],
    ];
    for (const [key, text] of standard) await page.locator(`#standard-${key}`).fill(text);
    expect(await page.getByTestId('missing-components').textContent()).toContain('7 komponen');

    // Two more fields, watched in the live preview.
    await page.getByRole('button', { name: 'Tambah isian' }).click();
    await page.locator('#field-2-name').fill('namaAnak');
    await page.locator('#field-2-label').fill('Nama anak');
    await page.getByTestId('form-preview').getByLabel('Nama anak').waitFor();
    await page.getByRole('button', { name: 'Tambah isian' }).click();
    await page.locator('#field-3-name').fill('tanggalLahirAnak');
    await page.locator('#field-3-label').fill('Tanggal lahir anak');
    await page.locator('#field-3-widget').selectOption('date');
    expect(await page.getByTestId('form-preview').getByLabel('Tanggal lahir anak').getAttribute('type')).toBe(
      'date',
    );
    expect(
      await page
        .getByTestId('form-preview')
        .getByLabel(/Nama pemohon/)
        .getAttribute('readonly'),
    ).not.toBeNull();

    await page.getByRole('button', { name: 'Tambah dokumen' }).click();
    await page.locator('#document-0-key').fill('surat-kelahiran');
    await page.locator('#document-0-label').fill('Surat keterangan kelahiran');
    // The two-step workflow: the office verifies, the city approves and issues.
    expect(await page.getByTestId('workflow-states').locator('tbody tr').count()).toBe(2);
    await page.getByLabel('Isian yang dicetak').fill('namaAnak, tanggalLahirAnak');
    await page.getByLabel(/Isian nama pemegang/).fill('namaAnak');
    await screenshot(page, 'editor');
    await page.getByRole('button', { name: 'Terbitkan', exact: true }).click();
    await page.getByText('Layanan terbit sebagai versi 1.').waitFor();
  });

  test('a citizen on a phone finds it by searching "akta kelahiran" and applies with prefilled data', async () => {
    const page = await pageOf('warga');
    await page.getByRole('link', { name: 'Layanan', exact: true }).click();
    await page.getByLabel('Cari layanan').fill('akta kelahiran');
    await page.getByRole('button', { name: 'Cari', exact: true }).click();
    await page.getByRole('link', { name: SERVICE_NAME }).waitFor();
    await expectAccessible(page);
    expect(await sidewaysOverflow(page), 'the catalogue scrolls sideways at 375 px').toBeLessThanOrEqual(0);
    await screenshot(page, 'search-mobile');
    await page.getByRole('link', { name: SERVICE_NAME }).click();
    await page.getByRole('heading', { level: 1, name: SERVICE_NAME }).waitFor();
    expect(await page.getByTestId('ikm').textContent()).toBe('Belum ada responden survei.');
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Ajukan permohonan' }).click();
    await page.waitForURL(/\/permohonan\/PMH-/);
    reference = decodeURIComponent(page.url().split('/').pop() ?? '');

    // Once only: the name and NIK come from the profile and are not typed again.
    const name = page.getByLabel(/Nama pemohon/);
    expect(await name.inputValue()).toBe('Demo Warga Surabaya');
    expect(await name.getAttribute('readonly')).not.toBeNull();
    expect(await page.getByLabel(/NIK pemohon/).inputValue()).toMatch(/^3578\*{8}\d{4}$/);
    await page.getByLabel('Nama anak').fill('Budi Santosa');
    await page.getByLabel('Tanggal lahir anak').fill('2026-11-02');
    await expect.poll(() => page.getByTestId('autosave').textContent()).toBe('Draf tersimpan otomatis.');
    await page.locator('#document-surat-kelahiran').setInputFiles({
      name: 'surat-kelahiran.jpg',
      mimeType: 'image/jpeg',
      buffer: await birthLetterPhoto(),
    });
    await page.getByText(/Terunggah: surat-kelahiran\.jpg/).waitFor();
    await expectAccessible(page);
    expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
    await screenshot(page, 'application-mobile');
    await page.getByRole('button', { name: 'Kirim permohonan' }).click();
    await expectApplicationStatus(page, 'diproses');
    expect(await page.getByTestId('application-step').textContent()).toBe('Verifikasi berkas');
  });

  test('the verifier sends it back once; the citizen corrects and resubmits', async () => {
    const verifier = await pageOf('verifier', { credentials: VERIFIER });
    await verifier.goto(`${suite.baseUrl}/petugas/permohonan`);
    const row = verifier.getByTestId('application-table').locator('tr', { hasText: reference });
    expect(await row.textContent()).toContain('sisa');
    await expectAccessible(verifier);
    await screenshot(verifier, 'queue');
    await openAsOfficer(verifier);
    await verifier
      .getByLabel(/Catatan untuk pemohon/)
      .fill('Nama anak tertulis Santosa, mohon sesuaikan dengan surat kelahiran (Santoso).');
    await verifier.getByRole('button', { name: 'Kembalikan untuk diperbaiki' }).click();
    await expectApplicationStatus(verifier, 'dikembalikan');

    const citizen = await pageOf('warga');
    await citizen.goto(`${suite.baseUrl}/permohonan/${reference}`);
    await citizen.getByTestId('return-note').waitFor();
    expect(await citizen.getByTestId('return-note').textContent()).toContain('Santoso');
    await citizen.getByLabel('Nama anak').fill('Budi Santoso');
    await expect.poll(() => citizen.getByTestId('autosave').textContent()).toBe('Draf tersimpan otomatis.');
    await citizen.getByRole('button', { name: 'Kirim ulang setelah diperbaiki' }).click();
    await expectApplicationStatus(citizen, 'diproses');
  });

  test('the verifier forwards it and the agency admin approves: the result is issued', async () => {
    const verifier = await pageOf('verifier', { credentials: VERIFIER });
    await openAsOfficer(verifier);
    await verifier.getByRole('button', { name: 'Berkas lengkap, teruskan' }).click();
    await expect.poll(() => verifier.getByTestId('application-step').textContent()).toBe('Persetujuan');

    const admin = await pageOf('admin-instansi');
    await openAsOfficer(admin);
    expect(await admin.getByLabel('Nama anak').inputValue()).toBe('Budi Santoso');
    await admin.getByRole('button', { name: 'Setujui dan terbitkan' }).click();
    await expectApplicationStatus(admin, 'selesai');
  });

  test('the citizen downloads the signed PDF; the QR page confirms it and a tampered copy fails', async () => {
    const citizen = await pageOf('warga');
    await citizen.goto(`${suite.baseUrl}/permohonan/${reference}`);
    await expectApplicationStatus(citizen, 'selesai');
    const [download] = await Promise.all([
      citizen.waitForEvent('download'),
      citizen.getByTestId('download-result').click(),
    ]);
    pdf = await readFile((await download.path()) ?? '');
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    await citizen.getByRole('link', { name: 'Periksa keaslian' }).click();
    await citizen.waitForURL(/\/verify\//);
    verifyUrl = citizen.url();

    // What the QR code opens, seen by anyone.
    const visitor = await suite.newPage();
    await visitor.goto(verifyUrl);
    await visitor.getByTestId('verify-result').waitFor();
    expect(await visitor.getByTestId('verify-result').getAttribute('data-authentic')).toBe('true');
    expect(await visitor.content()).toContain(reference);
    expect(await visitor.content()).not.toContain('Budi Santoso');
    await expectAccessible(visitor);

    await visitor
      .locator('#verify-file')
      .setInputFiles({ name: 'akta.pdf', mimeType: 'application/pdf', buffer: pdf });
    await visitor.getByRole('button', { name: 'Periksa', exact: true }).click();
    await visitor.getByTestId('file-matches').waitFor();
    await screenshot(visitor, 'verify-authentic');

    const tampered = Buffer.from(pdf);
    const middle = Math.floor(tampered.length / 2);
    tampered[middle] = tampered[middle]! ^ 0x01;
    await visitor
      .locator('#verify-file')
      .setInputFiles({ name: 'akta-diubah.pdf', mimeType: 'application/pdf', buffer: tampered });
    await visitor.getByRole('button', { name: 'Periksa', exact: true }).click();
    await expect
      .poll(() => visitor.getByTestId('verify-result').getAttribute('data-authentic'))
      .toBe('false');
    expect(await visitor.getByTestId('verify-result').textContent()).toContain('BERBEDA');
    await screenshot(visitor, 'verify-tampered');
  });

  test('the survey moves the service’s public IKM', async () => {
    const citizen = await pageOf('warga');
    await citizen.goto(`${suite.baseUrl}/permohonan/${reference}`);
    await citizen.getByRole('heading', { name: 'Survei Kepuasan Masyarakat' }).waitFor();
    const scores = [4, 4, 3, 4, 4, 3, 4, 3, 4];
    for (const [index, score] of scores.entries()) {
      await citizen.locator(`input[name="u${index + 1}"][value="${score}"]`).check();
    }
    await citizen.getByRole('button', { name: 'Kirim penilaian' }).click();
    // 33 points / 9 × 25 = 91.67
    await citizen.getByText('IKM layanan ini sekarang 91.67 dari 1 responden').waitFor();

    const visitor = await suite.newPage();
    await visitor.goto(`${suite.baseUrl}/layanan?q=akta%20kelahiran`);
    await visitor.getByRole('link', { name: SERVICE_NAME }).click();
    await visitor.getByRole('heading', { level: 1, name: SERVICE_NAME }).waitFor();
    await expect
      .poll(() => visitor.getByTestId('ikm').textContent())
      .toContain('IKM 91.67 — mutu A (Sangat Baik)');
    expect(await visitor.getByTestId('ikm-respondents').textContent()).toBe('1 responden');
    await screenshot(visitor, 'service-ikm');
  });

  test('the admin withdraws the service: it leaves the catalogue, the issued result stays valid', async () => {
    const admin = await pageOf('admin-instansi');
    await admin.goto(`${suite.baseUrl}/admin/layanan`);
    await admin.getByTestId('admin-services').getByRole('link', { name: SERVICE_NAME }).click();
    await admin.getByRole('heading', { level: 1, name: SERVICE_NAME }).waitFor();
    admin.once('dialog', (dialog) => void dialog.accept());
    await admin.getByRole('button', { name: 'Tarik dari katalog' }).click();
    await admin.getByText('Layanan ditarik dari katalog.', { exact: false }).waitFor();
    await expectAccessible(admin);

    const visitor = await suite.newPage();
    await visitor.goto(`${suite.baseUrl}/layanan?q=akta%20kelahiran`);
    await visitor.getByTestId('service-results').waitFor();
    expect(await visitor.getByRole('link', { name: SERVICE_NAME }).count()).toBe(0);
    await visitor.goto(verifyUrl);
    await visitor.getByTestId('verify-result').waitFor();
    expect(await visitor.getByTestId('verify-result').getAttribute('data-authentic')).toBe('true');
  });

  test('no page threw an error', () => {
    expect(suite.pageErrors).toEqual([]);
  });
});
