/**
 * SP4N-LAPOR! end to end in Chromium against the real server and the demo data (`seed --demo`):
 * a citizen files an anonim report with a photo; the national admin verifies and forwards it to
 * Kota Surabaya; the city's admin sends it to Dinas SDA; the liaison officer asks a question, the
 * citizen answers, the officer plans and completes the follow-up; the citizen reopens it once, the
 * officer completes it again; the citizen confirms and rates it. Then an anonymous visitor finds it
 * in the public feed and sees it without a trace of the reporter. Every person has their own
 * browser context; axe-core runs on the form, the report page and the queue.
 */
import type { Locator, Page } from 'playwright-core';
import sharp from 'sharp';
import { describe, expect, test } from 'vitest';
import { demoBrowserSuite, expectAccessible, sidewaysOverflow } from './browser-support.ts';

/** The demo citizen (src/demo.ts): what must never appear on a page of an anonim report. */
const CITIZEN_NAME = 'Demo Warga Surabaya';
const TITLE = 'Jalan berlubang di depan SDN Kebraon I';
const DESCRIPTION =
  'Ada lubang besar di Jl. Raya Kebraon tepat di depan SDN Kebraon I. Sudah dua pengendara motor ' +
  'jatuh minggu ini, terutama saat hujan karena lubang tertutup genangan.';
const PHOTO_NAME = 'jalan-berlubang.jpg';

/** A small JPEG of a road with a pothole, made here so that the test needs no fixture file. */
async function roadPhoto(): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="480" height="320">
    <rect width="480" height="320" fill="#8fb6d8"/>
    <rect y="140" width="480" height="180" fill="#555"/>
    <rect y="225" width="480" height="8" fill="#eee" stroke-dasharray="40 30"/>
    <ellipse cx="250" cy="270" rx="80" ry="26" fill="#2b2118"/>
  </svg>`;
  return sharp(Buffer.from(svg)).jpeg({ quality: 80 }).toBuffer();
}

describe('SP4N-LAPOR! complaint flow in Chromium', { timeout: 120_000 }, () => {
  /** Each step needs the one before: after a failure the rest are skipped, not timed out. */
  const suite = demoBrowserSuite({ steps: true, screenshots: 'complaint' });
  const { account, pageOf, screenshot } = suite;
  let trackingId = '';

  async function openReport(page: Page, base: '/lapor' | '/petugas/laporan') {
    await page.goto(`${suite.baseUrl}${base}/${trackingId}`);
    await page.getByTestId('report-tracking-id').waitFor();
  }

  /** Opens the disclosure of one action (unless it is already open) and returns it. */
  async function actionForm(page: Page, action: string): Promise<Locator> {
    const details = page.locator(`details[data-action="${action}"]`);
    await details.waitFor();
    if (!(await details.evaluate((element) => (element as HTMLDetailsElement).open))) {
      await details.locator('summary').click();
    }
    return details;
  }

  async function act(
    page: Page,
    action: string,
    submitLabel: string,
    fill: (form: Locator) => Promise<void>,
  ) {
    const form = await actionForm(page, action);
    await fill(form);
    await form.getByRole('button', { name: submitLabel, exact: true }).click();
    await page.getByText(`Tersimpan: ${submitLabel}.`).waitFor();
  }

  async function expectStatus(page: Page, publicStatus: string) {
    await expect
      .poll(() => page.locator('.status-line [data-status]').first().getAttribute('data-status'))
      .toBe(publicStatus);
    expect(await page.locator('.status-line [data-status]').first().textContent()).toBe(publicStatus);
  }

  /** The photo, as a download link (its name is the server's to choose: anonim uploads lose theirs). */
  async function expectOnePhoto(page: Page) {
    const links = page.locator('.attachment-list a');
    expect(await links.count()).toBe(1);
    expect(await links.first().textContent()).toMatch(/\.jpg$/);
    expect(await links.first().getAttribute('href')).toMatch(
      new RegExp(`^/api/v1/complaints/${trackingId}/attachments/`),
    );
  }

  async function expectNoReporterIdentity(page: Page) {
    const html = await page.content();
    expect(html).not.toContain(CITIZEN_NAME);
    expect(html).not.toContain(account('warga').email);
  }

  test('seed --demo printed one account per role', () => {
    for (const role of ['sysadmin', 'admin-nasional', 'admin-instansi', 'penghubung', 'pengawas', 'warga']) {
      expect(account(role).password.length).toBeGreaterThan(6);
    }
  });

  test('the citizen files an anonim report in Kota Surabaya with a photo, on a phone', async () => {
    const page = await pageOf('warga');
    await page.getByRole('link', { name: 'Lapor', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Sampaikan laporan' }).waitFor();
    await page.getByLabel('Provinsi').waitFor();
    await expectAccessible(page);
    expect(await sidewaysOverflow(page), 'the form scrolls sideways at 375 px').toBeLessThanOrEqual(0);
    await screenshot(page, 'form-mobile');

    // The privacy choices explain themselves in plain words.
    const privacy = page.getByRole('group', { name: 'Siapa yang dapat melihat laporan ini?' });
    expect(await privacy.textContent()).toContain(
      'Laporan terlihat umum, identitas Anda tidak diketahui siapa pun, termasuk instansi.',
    );

    await page.getByLabel('Pengaduan', { exact: true }).check();
    await page.getByLabel('Judul laporan').fill('Jalan');
    await page.getByLabel('Isi laporan').fill(DESCRIPTION);
    expect(await page.locator('#lapor-description-count').textContent()).toContain(
      `${DESCRIPTION.length} dari 8000 karakter`,
    );
    await page.getByLabel('Kategori').selectOption({ label: 'Infrastruktur (jalan, jembatan, drainase)' });
    await page.getByLabel('Provinsi').selectOption({ label: 'Jawa Timur' });
    await page.getByLabel('Kabupaten/kota').selectOption({ label: 'Kota Surabaya' });
    await page.getByLabel('Kecamatan').selectOption({ label: 'Karang Pilang' });
    await page.getByLabel('Kelurahan/desa').selectOption({ label: 'Kebraon' });
    await page.getByLabel('Alamat atau patokan').fill('Jl. Raya Kebraon, depan SDN Kebraon I');
    await page.getByLabel('Anonim', { exact: true }).check();
    await page
      .locator('#lapor-files')
      .setInputFiles({ name: PHOTO_NAME, mimeType: 'image/jpeg', buffer: await roadPhoto() });
    await page.getByRole('button', { name: `Hapus ${PHOTO_NAME}` }).waitFor();

    // A title too short: the error is shown and nothing typed or chosen is lost.
    await page.getByRole('button', { name: 'Kirim laporan' }).click();
    await page.locator('#lapor-title-error').waitFor();
    expect(await page.getByRole('alert').first().textContent()).toContain('Judul perlu 10–200 karakter.');
    expect(await page.getByLabel('Isi laporan').inputValue()).toBe(DESCRIPTION);
    expect(await page.getByLabel('Kelurahan/desa').inputValue()).toBe('35.78.01.1002');
    expect(await page.getByLabel('Anonim', { exact: true }).isChecked()).toBe(true);
    expect(await page.getByRole('button', { name: `Hapus ${PHOTO_NAME}` }).count()).toBe(1);
    await expectAccessible(page);
    await screenshot(page, 'form-error-mobile');

    // A double click files one report (Idempotency-Key and a blocked second submit).
    await page.getByLabel('Judul laporan').fill(TITLE);
    await page.getByRole('button', { name: 'Kirim laporan' }).dblclick();
    const tracking = page.getByTestId('tracking-id');
    await tracking.waitFor();
    trackingId = (await tracking.textContent()) ?? '';
    expect(trackingId).toMatch(/^[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}$/);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Laporan terkirim');
    expect(await page.getByTestId('verification-due').textContent()).toMatch(
      /^Laporan akan diverifikasi paling lambat .+\d{4}\.$/,
    );
    await page.getByText(`${PHOTO_NAME}: terunggah`).waitFor();
    await page.getByRole('button', { name: 'Salin nomor pelacakan' }).waitFor();
    await expectAccessible(page);
    expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
    await screenshot(page, 'submitted-mobile');

    await page.getByRole('link', { name: 'Ikuti perkembangan laporan' }).click();
    await page.getByTestId('report-tracking-id').waitFor();
    await expectStatus(page, 'Belum Terverifikasi');
    await expectOnePhoto(page);
    expect(await page.getByText('Anda pelapor laporan ini.').count()).toBe(1);
  });

  test('the national admin finds it in the verification queue and forwards it to Kota Surabaya', async () => {
    const page = await pageOf('admin-nasional');
    await page.getByRole('link', { name: 'Antrian petugas' }).click();
    await page.getByRole('heading', { level: 1, name: 'Antrian laporan' }).waitFor();
    const tab = page.getByRole('link', { name: 'Verifikasi', exact: true });
    expect(await tab.getAttribute('aria-current')).toBe('page');
    const row = page.locator(`tr[data-tracking-id="${trackingId}"]`);
    await row.waitFor();
    // One report despite the double click.
    expect(await page.locator('tbody tr').count()).toBe(1);
    expect(await row.locator('[data-sla]').textContent()).toBe('Tepat waktu');
    expect(await row.textContent()).toContain('Anonim');
    await expectAccessible(page);
    await screenshot(page, 'queue-desktop');

    await row.getByRole('link', { name: TITLE }).click();
    await page.waitForURL(`${suite.baseUrl}/petugas/laporan/${trackingId}`);
    await page.getByTestId('report-tracking-id').waitFor();
    await page.getByText('Pelapor memilih Anonim').waitFor();
    await expectOnePhoto(page);
    await expectNoReporterIdentity(page);
    await expectAccessible(page);

    await act(page, 'disposisi', 'Verifikasi dan disposisi ke instansi', async (form) => {
      await form.getByLabel('Instansi tujuan').fill('Surabaya');
      await form.getByRole('button', { name: 'Cari instansi' }).click();
      await form.getByLabel('Pemerintah Kota Surabaya').check();
      await form.getByLabel('Catatan untuk instansi').fill('Mohon ditindaklanjuti oleh dinas terkait.');
    });
    await expectStatus(page, 'Terdisposisi Belum Ditindaklanjuti');
    expect(await page.getByTestId('report-stage').textContent()).toBe(
      'Di instansi, menunggu disposisi ke unit',
    );
    await expectAccessible(page);
    await screenshot(page, 'report-admin-desktop');
  });

  test('the city admin sends it to Dinas SDA', async () => {
    const page = await pageOf('admin-instansi');
    await page.goto(`${suite.baseUrl}/petugas/laporan`);
    const row = page.locator(`tr[data-tracking-id="${trackingId}"]`);
    await row.waitFor();
    expect(await page.getByRole('link', { name: 'Disposisi ke unit' }).getAttribute('aria-current')).toBe(
      'page',
    );
    await row.getByRole('link', { name: TITLE }).click();
    await page.getByTestId('report-tracking-id').waitFor();
    await expectNoReporterIdentity(page);

    await act(page, 'disposisi_unit', 'Teruskan ke unit kerja', async (form) => {
      await form.getByLabel('Unit kerja').selectOption({ label: 'Dinas Sumber Daya Air dan Bina Marga' });
    });
    expect(await page.getByTestId('report-stage').textContent()).toBe(
      'Di unit kerja, menunggu rencana tindak lanjut',
    );
    expect(await page.locator('main').textContent()).toContain('Dinas Sumber Daya Air dan Bina Marga');
  });

  test('the liaison officer asks the citizen a question', async () => {
    const page = await pageOf('penghubung');
    await page.goto(`${suite.baseUrl}/petugas/laporan`);
    const row = page.locator(`tr[data-tracking-id="${trackingId}"]`);
    await row.waitFor();
    await row.getByRole('link', { name: TITLE }).click();
    await page.getByTestId('report-tracking-id').waitFor();

    await act(page, 'minta_informasi', 'Minta informasi kepada pelapor', async (form) => {
      await form.getByLabel('Pertanyaan untuk pelapor').fill('Berapa kira-kira lebar lubangnya?');
    });
    await page.getByText('Dijeda: menunggu jawaban pelapor').waitFor();
    await expectStatus(page, 'Terdisposisi Sedang Diproses');
    await screenshot(page, 'question-officer-desktop');
  });

  test('the citizen answers from "Laporan saya"', async () => {
    const page = await pageOf('warga');
    await page.goto(`${suite.baseUrl}/beranda`);
    await page.getByRole('link', { name: TITLE }).click();
    await page.getByTestId('report-tracking-id').waitFor();
    // The only action is open, with the officer's question above it.
    const form = await actionForm(page, 'balas');
    expect(await form.textContent()).toContain('Berapa kira-kira lebar lubangnya?');
    await act(page, 'balas', 'Jawab pertanyaan petugas', async (answer) => {
      await answer.getByLabel('Jawaban Anda').fill('Sekitar satu meter, dalamnya sejengkal.');
    });
    expect(await page.getByTestId('report-stage').textContent()).toBe(
      'Di unit kerja, menunggu rencana tindak lanjut',
    );
    await expectAccessible(page);
    await screenshot(page, 'reply-mobile');
  });

  test('the liaison officer posts the follow-up plan and the final follow-up', async () => {
    const page = await pageOf('penghubung');
    await openReport(page, '/petugas/laporan');
    await act(page, 'rencana_tindak_lanjut', 'Rencana tindak lanjut', async (form) => {
      await form
        .getByRole('textbox', { name: 'Rencana tindak lanjut' })
        .fill('Penambalan dijadwalkan Senin depan.');
    });
    await expectStatus(page, 'Terdisposisi Sedang Diproses');
    await act(page, 'tindak_lanjut', 'Tindak lanjut', async (form) => {
      expect(await form.getByLabel('Ini tindak lanjut akhir').isChecked()).toBe(true);
      await form.getByLabel('Uraian tindak lanjut').fill('Lubang sudah ditambal dengan aspal dingin.');
    });
    await expectStatus(page, 'Terdisposisi Selesai');
  });

  test('the citizen reopens the report once', async () => {
    const page = await pageOf('warga');
    await openReport(page, '/lapor');
    await expectStatus(page, 'Terdisposisi Selesai');
    await act(page, 'buka_kembali', 'Buka kembali', async (form) => {
      await form
        .getByLabel('Mengapa belum selesai?')
        .fill('Tambalannya sudah terkelupas lagi setelah hujan.');
    });
    await expectStatus(page, 'Terdisposisi Sedang Diproses');
    await page.getByText('Dibuka kembali 1×').waitFor();
  });

  test('the liaison officer posts a final follow-up again', async () => {
    const page = await pageOf('penghubung');
    await openReport(page, '/petugas/laporan');
    await act(page, 'tindak_lanjut', 'Tindak lanjut', async (form) => {
      await form.getByLabel('Uraian tindak lanjut').fill('Jalan sudah diaspal ulang sepanjang 20 meter.');
    });
    await expectStatus(page, 'Terdisposisi Selesai');
    await expectAccessible(page);
    await screenshot(page, 'report-officer-desktop');
  });

  test('the citizen confirms and rates the handling 5', async () => {
    const page = await pageOf('warga');
    await openReport(page, '/lapor');
    await act(page, 'konfirmasi_selesai', 'Konfirmasi selesai', async (form) => {
      await form.getByLabel('Catatan').fill('Terima kasih, jalan sudah mulus.');
    });
    expect(await page.getByTestId('report-stage').textContent()).toBe('Ditutup, dikonfirmasi pelapor');
    await page.getByLabel('5 — Sangat puas').check();
    await page.getByLabel('Komentar').fill('Cepat dan jelas.');
    await page.getByRole('button', { name: 'Kirim penilaian' }).click();
    await page.getByTestId('rating').waitFor();
    expect(await page.getByTestId('rating').textContent()).toBe('Penilaian: 5 dari 5');
    await expectStatus(page, 'Terdisposisi Selesai');
    await expectAccessible(page);
    expect(await sidewaysOverflow(page)).toBeLessThanOrEqual(0);
    await screenshot(page, 'closed-mobile');
  });

  test('an anonymous visitor finds it publicly, "Terdisposisi Selesai", with no trace of the reporter', async () => {
    const page = await suite.newPage({ isPhone: true });
    await page.goto(`${suite.baseUrl}/laporan`);
    await page.getByLabel('Kata kunci').fill('berlubang');
    await page.getByLabel('Status', { exact: true }).selectOption({ label: 'Terdisposisi Selesai' });
    await page.getByRole('button', { name: 'Cari', exact: true }).click();
    await page.waitForURL(/\/laporan\?q=berlubang&status=/);
    await page.getByRole('heading', { name: '1 laporan ditemukan' }).waitFor();
    await page.getByRole('link', { name: TITLE }).waitFor();
    await expect.poll(() => page.locator('main').textContent()).toContain('Kota Surabaya, Jawa Timur');
    await expectAccessible(page);
    await screenshot(page, 'feed-mobile');

    // The tracking ID as someone might type it from a note: lower case, with spaces.
    await page
      .getByRole('textbox', { name: 'Nomor pelacakan' })
      .fill(` ${trackingId.toLowerCase().replace('-', ' ')} `);
    await page.getByRole('button', { name: 'Buka laporan' }).click();
    await page.waitForURL(`${suite.baseUrl}/lapor/${trackingId}`);
    await page.getByTestId('report-tracking-id').waitFor();
    await expectStatus(page, 'Terdisposisi Selesai');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe(TITLE);
    expect(await page.getByTestId('report-description').textContent()).toBe(DESCRIPTION);
    const main = (await page.locator('main').textContent()) ?? '';
    expect(main).toContain('Ini tampilan publik laporan.');
    expect(main).toContain('Jalan sudah diaspal ulang sepanjang 20 meter.');
    // Neither the attachment nor the citizen's own words are public.
    expect(await page.locator('.attachment-list').count()).toBe(0);
    expect(main).not.toContain('Sekitar satu meter');
    expect(main).not.toContain('Terima kasih, jalan sudah mulus.');
    const html = await page.content();
    expect(html).not.toContain('/attachments/');
    await expectNoReporterIdentity(page);
    await expectAccessible(page);
    await screenshot(page, 'public-mobile');
  });

  test('the complaint pages run under the real CSP, and no page threw an error', async () => {
    const page = await suite.newPage({ bypassCSP: false });
    const violations: string[] = [];
    page.on('console', (message) => {
      if (message.text().includes('Content Security Policy')) violations.push(message.text());
    });
    const response = await page.goto(`${suite.baseUrl}/laporan`);
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
    await page.getByRole('link', { name: TITLE }).click();
    await page.getByTestId('report-tracking-id').waitFor();
    await page.goto(`${suite.baseUrl}/lapor`);
    await page.getByRole('heading', { name: 'Masuk untuk menyampaikan laporan' }).waitFor();
    expect(violations).toEqual([]);
    expect(suite.pageErrors).toEqual([]);
  });
});
