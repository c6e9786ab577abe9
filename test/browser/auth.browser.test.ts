/**
 * The web front end in a real browser against the real server process: register (with a server-side
 * NIK error first), log in, the home page, the language switch, and axe-core on every page visited.
 * Uses Debian's Chromium; never downloads a browser.
 */
import type { Page } from 'playwright-core';
import { describe, expect, test } from 'vitest';
import { DESKTOP, demoBrowserSuite, expectAccessible, MOBILE, sidewaysOverflow } from './browser-support.ts';

/** NIK = district 35.78.01 (Karang Pilang, Surabaya) + DDMMYY + serial. */
const VALID_NIK = '3578011205900001';
const MASKED_NIK = '35**********0001';
/** Province 99 does not exist: passes the client's 16-digit check, fails the server's region check. */
const UNKNOWN_REGION_NIK = '9978011205900001';
const PASSWORD = 'kata-sandi-rahasia-123';
const NAME = 'Siti Rahayu';
const EMAIL = `siti.${Date.now()}.${process.pid}@contoh.go.id`;

describe('web front end in Chromium', { timeout: 120_000 }, () => {
  let page: Page;
  const suite = demoBrowserSuite({
    seed: [],
    async afterStart({ newPage }) {
      page = await newPage();
    },
  });

  test('the landing page explains Terpadu and links to register and log in', async () => {
    await page.goto(`${suite.baseUrl}/`);
    await expect.poll(() => page.locator('html').getAttribute('lang')).toBe('id');
    await page.getByRole('heading', { level: 1 }).waitFor();
    const text = await page.locator('main').textContent();
    expect(text).toContain('SP4N-LAPOR!');
    expect(text).toContain('Identitas digital');
    expect(text).toContain('Data terbuka');
    expect(await page.locator('main a[href="/daftar"]').count()).toBeGreaterThan(0);
    expect(await page.locator('main a[href="/masuk"]').count()).toBeGreaterThan(0);
    await expectAccessible(page);

    // Keyboard: the first Tab reaches the skip link, which moves on to the main content.
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Langsung ke konten utama');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
  });

  test('the app runs under the real CSP (no inline scripts), without bypassCSP', async () => {
    const strict = await suite.browser.newContext({ viewport: DESKTOP });
    const strictPage = await strict.newPage();
    const violations: string[] = [];
    strictPage.on('console', (message) => {
      if (message.text().includes('Content Security Policy')) violations.push(message.text());
    });
    const response = await strictPage.goto(`${suite.baseUrl}/daftar`);
    expect(response?.headers()['content-security-policy']).toContain("script-src 'self'");
    await strictPage.getByLabel('NIK', { exact: true }).waitFor();
    expect(violations).toEqual([]);
    await strict.close();
  });

  test('registering shows the server NIK error under its field, keeps the input, then succeeds', async () => {
    await page.goto(`${suite.baseUrl}/daftar`);
    const nik = page.getByLabel('NIK', { exact: true });
    await nik.waitFor();
    expect(await nik.getAttribute('inputmode')).toBe('numeric');
    await expectAccessible(page);
    await suite.screenshot(page, 'register-desktop');

    await nik.fill(UNKNOWN_REGION_NIK);
    await page.getByLabel('Nama lengkap').fill(NAME);
    await page.getByLabel('Email').fill(EMAIL);
    await page.getByLabel('Kata sandi').fill(PASSWORD);
    await page.getByRole('button', { name: 'Daftar', exact: true }).click();

    const nikError = page.locator('#register-nik-error');
    await nikError.waitFor();
    expect(await nikError.textContent()).toContain('tidak terdaftar');
    expect(await nik.getAttribute('aria-invalid')).toBe('true');
    expect(await nik.getAttribute('aria-describedby')).toContain('register-nik-error');
    expect(await page.getByRole('alert').textContent()).toContain('Data yang dikirim tidak valid.');
    // Nothing the user typed is lost.
    expect(await nik.inputValue()).toBe(UNKNOWN_REGION_NIK);
    expect(await page.getByLabel('Nama lengkap').inputValue()).toBe(NAME);
    expect(await page.getByLabel('Email').inputValue()).toBe(EMAIL);
    expect(await page.getByLabel('Kata sandi').inputValue()).toBe(PASSWORD);
    await expectAccessible(page);
    await suite.screenshot(page, 'register-error-desktop');

    const mobile = await suite.browser.newContext({
      bypassCSP: true,
      viewport: MOBILE,
      isMobile: true,
      hasTouch: true,
    });
    const mobilePage = await mobile.newPage();
    await mobilePage.goto(`${suite.baseUrl}/daftar`);
    await mobilePage.getByLabel('NIK', { exact: true }).waitFor();
    const overflow = await sidewaysOverflow(mobilePage);
    expect(overflow, 'the register page scrolls sideways at 375 px').toBeLessThanOrEqual(0);
    await suite.screenshot(mobilePage, 'register-mobile');
    await mobile.close();

    await nik.fill(VALID_NIK);
    await page.getByRole('button', { name: 'Daftar', exact: true }).click();
    const confirmation = page.getByText('Pendaftaran berhasil');
    await confirmation.waitFor();
    const main = await page.locator('main').textContent();
    expect(main).toContain('email verifikasi');
    expect(main).toContain(EMAIL);
    expect(await page.getByTestId('nik-masked').textContent()).toBe(MASKED_NIK);
    await expectAccessible(page);
  });

  test('logging in leads to the home page with the name and masked NIK', async () => {
    await page.goto(`${suite.baseUrl}/masuk`);
    await page.getByLabel('Email atau NIK').waitFor();
    await expectAccessible(page);

    await page.getByLabel('Email atau NIK').fill(EMAIL);
    await page.getByLabel('Kata sandi').fill(`${PASSWORD}-salah`);
    await page.getByRole('button', { name: 'Masuk', exact: true }).click();
    await page.getByText('Email/NIK atau kata sandi salah.').waitFor();
    expect(await page.getByLabel('Email atau NIK').inputValue()).toBe(EMAIL);

    await page.getByLabel('Kata sandi').fill(PASSWORD);
    await page.getByRole('button', { name: 'Masuk', exact: true }).click();
    await page.waitForURL(`${suite.baseUrl}/beranda`);
    await page.getByTestId('profile-nik').waitFor();
    expect(await page.getByTestId('profile-name').textContent()).toBe(NAME);
    expect(await page.getByTestId('profile-nik').textContent()).toBe(MASKED_NIK);
    expect(await page.locator('main').textContent()).toContain('Belum terverifikasi');
    await expectAccessible(page);
    await suite.screenshot(page, 'home-desktop');

    // The session survives a reload: the cookie is httpOnly, GET /me restores the page.
    await page.reload();
    await page.getByTestId('profile-nik').waitFor();
    expect(await page.getByTestId('profile-nik').textContent()).toBe(MASKED_NIK);

    const mobile = await suite.browser.newContext({
      bypassCSP: true,
      viewport: MOBILE,
      isMobile: true,
      hasTouch: true,
      storageState: await page.context().storageState(),
    });
    const mobilePage = await mobile.newPage();
    await mobilePage.goto(`${suite.baseUrl}/beranda`);
    await mobilePage.getByTestId('profile-nik').waitFor();
    const overflow = await sidewaysOverflow(mobilePage);
    expect(overflow, 'the home page scrolls sideways at 375 px').toBeLessThanOrEqual(0);
    await suite.screenshot(mobilePage, 'home-mobile');
    await mobile.close();

    // Resending the verification e-mail is a cookie-session POST: it needs the CSRF header.
    await page.getByRole('button', { name: 'Kirim ulang email verifikasi' }).click();
    await page.getByText(`Email verifikasi telah dikirim ulang ke ${EMAIL}.`).waitFor();
  });

  test('the language switch turns the interface to English and is remembered', async () => {
    await page.goto(`${suite.baseUrl}/daftar`);
    await page.getByLabel('Nama lengkap').waitFor();
    await page.getByRole('button', { name: 'Switch to English' }).click();
    await page.getByLabel('Full name').waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Register a citizen account');
    expect(await page.getByLabel('Password').count()).toBe(1);
    await expect.poll(() => page.title()).toContain('Register a citizen account');

    // Server messages follow the chosen language (Accept-Language: en).
    await page.getByLabel('NIK (national identity number)').fill(UNKNOWN_REGION_NIK);
    await page.getByLabel('Full name').fill(NAME);
    await page.getByLabel('E-mail').fill(`en.${EMAIL}`);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Register', exact: true }).click();
    await page.locator('#register-nik-error').waitFor();
    expect(await page.locator('#register-nik-error').textContent()).toContain('not a Kemendagri district');
    await expectAccessible(page);

    await page.reload();
    await page.getByLabel('Full name').waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');

    await page.getByRole('button', { name: 'Ganti ke Bahasa Indonesia' }).click();
    await page.getByLabel('Nama lengkap').waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('id');
  });

  test('an unknown path shows the 404 page, and no page threw an error', async () => {
    await page.goto(`${suite.baseUrl}/tidak-ada-halaman-ini`);
    await page.getByRole('heading', { name: 'Halaman tidak ditemukan' }).waitFor();
    await expectAccessible(page);
    expect(suite.pageErrors).toEqual([]);
  });
});
