import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  asBearer,
  login,
  makeCitizen,
  makeCitizenInput,
  makeEmail,
  makeNik,
  problem,
  registerCitizen,
} from '../../../test/support/factories.ts';
import { startTestApp, type TestContext } from '../../../test/support/test-platform.ts';
import { scopesFor } from './identity.scopes.ts';
import { ensureInitialAdmin } from './index.ts';

/** The app with default settings; most tests share it. */
let context: TestContext;
/** Small limits, for the body-size, lock-out and rate-limit tests; each uses its own client address. */
let strict: TestContext;
const STRICT_LIMITS = { BODY_LIMIT_BYTES: '4096', LOGIN_MAX_FAILURES: '3', LOGIN_RATE_LIMIT_PER_MINUTE: '3' };

beforeAll(async () => {
  [context, strict] = await Promise.all([startTestApp(), startTestApp(STRICT_LIMITS)]);
});
afterAll(async () => {
  await Promise.all([context?.close(), strict?.close()]);
});

const REGISTER = '/api/v1/auth/register';
const LOGIN = '/api/v1/auth/login';

function register(app: TestContext['app'], payload: unknown, headers: Record<string, string> = {}) {
  return app.inject({ method: 'POST', url: REGISTER, payload: payload as InjectOptions['payload'], headers });
}

function expectProblem(response: LightMyRequestResponse, status: number, code: string) {
  expect(response.statusCode, response.body).toBe(status);
  expect(response.headers['content-type']).toContain('application/problem+json');
  expect(problem(response)).toMatchObject({
    status,
    code,
    type: expect.stringMatching(/^urn:terpadu:problem:/),
  });
}

async function queryRows<T>(target: TestContext, query: ReturnType<typeof sql>): Promise<T[]> {
  const result = (await target.platform.database.db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

async function countUsers(target: TestContext = context): Promise<number> {
  const [row] = await queryRows<{ count: number }>(
    target,
    sql`select count(*)::int as count from identity.users`,
  );
  return row!.count;
}

async function countOutbox(target: TestContext = context): Promise<number> {
  const [row] = await queryRows<{ count: number }>(
    target,
    sql`select count(*)::int as count from platform.outbox`,
  );
  return row!.count;
}

/** The .eml files are quoted-printable: soft line breaks and =XX escapes (the link's "=" too). */
function decodeQuotedPrintable(text: string): string {
  const latin1 = text
    .replace(/=\r?\n/g, '')
    .replace(/=([0-9A-F]{2})/g, (_match, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
  return Buffer.from(latin1, 'latin1').toString('utf8');
}

/** Delivers the outbox and returns the decoded e-mails written for one address, oldest first. */
async function emailsTo(target: TestContext, address: string): Promise<string[]> {
  await target.platform.outbox.drain();
  const directory = path.join(target.dataDir, 'outbox');
  const files = (await readdir(directory).catch(() => [] as string[])).sort();
  const messages = await Promise.all(files.map((file) => readFile(path.join(directory, file), 'utf8')));
  return messages.map(decodeQuotedPrintable).filter((message) => message.includes(`\nTo: ${address}\n`));
}

function tokenFromLink(message: string | undefined, page: 'verifikasi-email' | 'atur-ulang-sandi'): string {
  const match = new RegExp(`http://terpadu\\.test/${page}#token=([A-Za-z0-9_-]{20,})`).exec(message ?? '');
  if (!match) throw new Error(`no /${page} link in:\n${message}`);
  return match[1]!;
}

function sessionCookie(response: LightMyRequestResponse) {
  return response.cookies.find((cookie) => cookie.name === 'terpadu_session');
}

describe('citizen registration', () => {
  it('registers a citizen with a valid NIK and shows it masked', async () => {
    const input = makeCitizenInput();
    const response = await register(context.app, input);
    expect(response.statusCode).toBe(201);
    expect(response.json()).toEqual({
      id: expect.any(String),
      email: input.email,
      name: input.name,
      nikMasked: `35**********${input.nik.slice(12)}`,
      emailVerified: false,
      warnings: [],
    });
    expect(response.body).not.toContain(input.nik);
  });

  it('refuses a second account with an e-mail already registered, in any letter case, and writes nothing', async () => {
    const { input } = await registerCitizen(context.app);
    const usersBefore = await countUsers();
    const response = await register(context.app, makeCitizenInput({ email: input.email.toUpperCase() }));
    expectProblem(response, 409, 'EMAIL_TAKEN');
    expect(await countUsers()).toBe(usersBefore);
  });

  it('refuses a second account with a NIK already registered, even written with separators, and writes nothing', async () => {
    const { input } = await registerCitizen(context.app);
    const usersBefore = await countUsers();
    const dotted = `${input.nik.slice(0, 6)}.${input.nik.slice(6, 12)}.${input.nik.slice(12)}`;
    const response = await register(context.app, makeCitizenInput({ nik: dotted }));
    expectProblem(response, 409, 'NIK_TAKEN');
    expect(await countUsers()).toBe(usersBefore);
  });

  describe('NIK structure (PP KK CC DD MM YY SSSS)', () => {
    it.each([
      ['15 digits', '357801120590001', 'NIK_FORMAT'],
      ['17 digits', '35780112059000012', 'NIK_FORMAT'],
      ['a letter among the digits', '35780112059O0001', 'NIK_FORMAT'],
      ['an empty string', '', 'NIK_FORMAT'],
      ['a province that does not exist (99)', '9978011205900001', 'NIK_REGION_UNKNOWN'],
      ['a district that does not exist in Surabaya (35.78.99)', '3578991205900001', 'NIK_REGION_UNKNOWN'],
      ['a regency code instead of a district (35.78.00)', '3578001205900001', 'NIK_REGION_UNKNOWN'],
      ['birth day 00', '3578010005900001', 'NIK_BIRTH_DAY_INVALID'],
      ['birth day 32', '3578013205900001', 'NIK_BIRTH_DAY_INVALID'],
      ['birth day 40 (between the male and female ranges)', '3578014005900001', 'NIK_BIRTH_DAY_INVALID'],
      ['birth day 72 (past the female range)', '3578017205900001', 'NIK_BIRTH_DAY_INVALID'],
      ['birth month 00', '3578011200900001', 'NIK_BIRTH_MONTH_INVALID'],
      ['birth month 13', '3578011213900001', 'NIK_BIRTH_MONTH_INVALID'],
      ['serial number 0000', '3578011205900000', 'NIK_SERIAL_INVALID'],
    ])('refuses a NIK with %s (%s) as %s, and writes nothing', async (_case, nik, code) => {
      const usersBefore = await countUsers();
      const response = await register(context.app, makeCitizenInput({ nik }));
      expectProblem(response, 400, 'VALIDATION_FAILED');
      expect(problem(response).errors).toEqual([{ field: 'nik', code, message: expect.any(String) }]);
      expect(await countUsers()).toBe(usersBefore);
      // Not even a refused NIK is echoed back.
      expect(nik === '' || !response.body.includes(nik)).toBe(true);
    });

    it('reports every broken part of a NIK at once', async () => {
      const response = await register(context.app, makeCitizenInput({ nik: '3578010013900000' }));
      expectProblem(response, 400, 'VALIDATION_FAILED');
      expect(problem(response).errors?.map((error) => error.code)).toEqual([
        'NIK_BIRTH_DAY_INVALID',
        'NIK_BIRTH_MONTH_INVALID',
        'NIK_SERIAL_INVALID',
      ]);
    });

    it('explains a refused NIK in Indonesian by default', async () => {
      const response = await register(context.app, makeCitizenInput({ nik: '9978011205900001' }));
      expectProblem(response, 400, 'VALIDATION_FAILED');
      expect(problem(response).title).toBe('Data yang dikirim tidak valid.');
      expect(problem(response).errors?.[0]?.message).toContain('tidak terdaftar di Kemendagri');
    });

    it('accepts a NIK whose date does not exist (31 February) with a NIK_BIRTH_DATE_IMPLAUSIBLE warning', async () => {
      const nik = makeNik({ day: 31, month: 2 });
      const response = await register(context.app, makeCitizenInput({ nik }));
      expect(response.statusCode, response.body).toBe(201);
      expect(response.json().warnings).toEqual([
        {
          field: 'nik',
          code: 'NIK_BIRTH_DATE_IMPLAUSIBLE',
          message: expect.stringContaining('tidak ada di kalender'),
        },
      ]);
    });

    it('accepts 29 February without a warning, since a two-digit year may be a leap year', async () => {
      const response = await register(
        context.app,
        makeCitizenInput({ nik: makeNik({ day: 29, month: 2, year: 0 }) }),
      );
      expect(response.statusCode, response.body).toBe(201);
      expect(response.json().warnings).toEqual([]);
    });

    it.each([41, 52, 71])('accepts a woman’s NIK, whose birth day is written plus 40 (%i)', async (day) => {
      const response = await register(context.app, makeCitizenInput({ nik: makeNik({ day, month: 5 }) }));
      expect(response.statusCode, response.body).toBe(201);
      expect(response.json().warnings).toEqual([]);
    });

    it('warns about an impossible date in a woman’s NIK too (71 = 31st, in February)', async () => {
      const response = await register(context.app, makeCitizenInput({ nik: makeNik({ day: 71, month: 2 }) }));
      expect(response.statusCode, response.body).toBe(201);
      expect(response.json().warnings.map((warning: { code: string }) => warning.code)).toEqual([
        'NIK_BIRTH_DATE_IMPLAUSIBLE',
      ]);
    });
  });

  describe('in English when the reader asks for it', () => {
    it('explains a refused NIK in English', async () => {
      const response = await register(context.app, makeCitizenInput({ nik: '9978011205900001' }), {
        'accept-language': 'en-GB,en;q=0.9',
      });
      expectProblem(response, 400, 'VALIDATION_FAILED');
      expect(problem(response).title).toBe('The submitted data is not valid.');
      expect(problem(response).errors).toEqual([
        {
          field: 'nik',
          code: 'NIK_REGION_UNKNOWN',
          message: 'The region code in the NIK (first 6 digits) is not a Kemendagri district.',
        },
      ]);
    });

    it('states a taken e-mail and the date warning in English', async () => {
      const { input } = await registerCitizen(context.app);
      const taken = await register(context.app, makeCitizenInput({ email: input.email }), {
        'accept-language': 'en',
      });
      expectProblem(taken, 409, 'EMAIL_TAKEN');
      expect(problem(taken).title).toBe('This e-mail address is already registered.');

      const warned = await register(context.app, makeCitizenInput({ nik: makeNik({ day: 30, month: 2 }) }), {
        'accept-language': 'en',
      });
      expect(warned.statusCode).toBe(201);
      expect(warned.json().warnings[0].message).toBe(
        'The birth date in the NIK is not a real date. The NIK is accepted; check it if needed.',
      );
    });

    it('names the wrong field of a malformed e-mail in English', async () => {
      const response = await register(context.app, makeCitizenInput({ email: 'bukan-email' }), {
        'accept-language': 'en',
      });
      expectProblem(response, 400, 'VALIDATION_FAILED');
      expect(problem(response).errors).toEqual([
        { field: 'email', code: 'invalid_format', message: 'Not a valid e-mail address.' },
      ]);
    });
  });

  describe('requests the API cannot accept', () => {
    it('refuses unknown fields, and writes nothing', async () => {
      const usersBefore = await countUsers();
      const response = await register(context.app, { ...makeCitizenInput(), role: 'sysadmin' });
      expectProblem(response, 400, 'VALIDATION_FAILED');
      expect(problem(response).errors).toEqual([
        { field: 'body', code: 'unrecognized_keys', message: expect.stringContaining('role') },
      ]);
      expect(await countUsers()).toBe(usersBefore);
    });

    it('refuses malformed JSON with MALFORMED_REQUEST', async () => {
      const response = await context.app.inject({
        method: 'POST',
        url: REGISTER,
        headers: { 'content-type': 'application/json' },
        payload: '{"nik": "3578011205900001", "name": ',
      });
      expectProblem(response, 400, 'MALFORMED_REQUEST');
    });

    it('refuses a body larger than BODY_LIMIT_BYTES with 413', async () => {
      const response = await register(strict.app, makeCitizenInput({ name: 'S'.repeat(5000) }));
      expectProblem(response, 413, 'PAYLOAD_TOO_LARGE');
    });

    it.each([
      ['application/xml', '<nik>3578011205900001</nik>'],
      ['application/x-www-form-urlencoded', 'nik=3578011205900001&name=Siti'],
    ])('refuses a %s body with 415', async (contentType, payload) => {
      const response = await context.app.inject({
        method: 'POST',
        url: REGISTER,
        headers: { 'content-type': contentType },
        payload,
      });
      expectProblem(response, 415, 'UNSUPPORTED_MEDIA_TYPE');
    });

    it.each([
      ['text/plain', JSON.stringify(makeCitizenInput())],
      [
        'multipart/form-data; boundary=batas',
        '--batas\r\nContent-Disposition: form-data; name="nik"\r\n\r\n3578011205900001\r\n--batas--\r\n',
      ],
    ])('does not read a %s body as a registration', async (contentType, payload) => {
      const usersBefore = await countUsers();
      const response = await context.app.inject({
        method: 'POST',
        url: REGISTER,
        headers: { 'content-type': contentType },
        payload,
      });
      expect([400, 415]).toContain(response.statusCode);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(await countUsers()).toBe(usersBefore);
    });

    it('refuses a name containing a NUL character with 400, not a server error, and writes nothing', async () => {
      const usersBefore = await countUsers();
      const response = await register(context.app, makeCitizenInput({ name: 'Siti\u0000Rahayu' }));
      expectProblem(response, 400, 'VALIDATION_FAILED');
      expect(await countUsers()).toBe(usersBefore);
    });
  });

  it('never shows the NIK in a response, and stores it only encrypted', async () => {
    const input = makeCitizenInput();
    const registered = await register(context.app, input);
    expect(registered.statusCode).toBe(201);
    const loggedIn = await context.app.inject({
      method: 'POST',
      url: LOGIN,
      payload: { nik: input.nik, password: input.password },
    });
    expect(loggedIn.statusCode).toBe(200);
    const me = await context.app.inject({
      method: 'GET',
      url: '/api/v1/me',
      headers: asBearer(loggedIn.json()),
    });
    const duplicate = await register(context.app, makeCitizenInput({ nik: input.nik }));
    for (const response of [registered, loggedIn, me, duplicate])
      expect(response.body).not.toContain(input.nik);

    const [stored] = await queryRows<{ nik_ciphertext: string; nik_index: string; nik_masked: string }>(
      context,
      sql`select nik_ciphertext, nik_index, nik_masked from identity.users where email = ${input.email}`,
    );
    expect(stored!.nik_ciphertext).toMatch(/^v1\./);
    for (const column of Object.values(stored!)) expect(column).not.toContain(input.nik);
    expect(context.platform.cipher.decrypt(stored!.nik_ciphertext)).toBe(input.nik);

    const pattern = `%${input.nik}%`;
    const leaks = await queryRows<{ count: number }>(
      context,
      sql`select (select count(*) from platform.audit_log a where a::text like ${pattern})
            + (select count(*) from platform.outbox o where o::text like ${pattern})
            + (select count(*) from identity.sessions s where s::text like ${pattern}) as count`,
    );
    expect(Number(leaks[0]!.count)).toBe(0);
  });
});

describe('logging in', () => {
  it('logs in with the registered e-mail, in any letter case, and sets an HttpOnly session cookie', async () => {
    const { input, body } = await registerCitizen(context.app);
    const response = await context.app.inject({
      method: 'POST',
      url: LOGIN,
      payload: { email: input.email.toUpperCase(), password: input.password },
    });
    expect(response.statusCode, response.body).toBe(200);
    const session = response.json();
    expect(session).toMatchObject({
      token: expect.stringMatching(/^[A-Za-z0-9_-]{40,}$/),
      csrfToken: expect.any(String),
      user: {
        id: body.id,
        kind: 'warga',
        email: input.email,
        role: null,
        agency: null,
        scopes: scopesFor(null),
      },
    });
    expect(new Date(session.expiresAt).getTime()).toBeGreaterThan(Date.now());
    expect(sessionCookie(response)).toMatchObject({
      value: session.token,
      httpOnly: true,
      sameSite: 'Lax',
      path: '/',
    });
  });

  it('logs in with the NIK, with or without separators', async () => {
    const { input, body } = await registerCitizen(context.app);
    const spaced = `${input.nik.slice(0, 6)} ${input.nik.slice(6, 12)} ${input.nik.slice(12)}`;
    for (const nik of [input.nik, spaced]) {
      const response = await context.app.inject({
        method: 'POST',
        url: LOGIN,
        payload: { nik, password: input.password },
      });
      expect(response.statusCode, response.body).toBe(200);
      expect(response.json().user.id).toBe(body.id);
    }
  });

  it('answers a wrong password and an unknown account alike: 401 INVALID_CREDENTIALS', async () => {
    const { input } = await registerCitizen(context.app);
    const attempts = [
      { email: input.email, password: 'kata-sandi-salah' },
      { email: makeEmail('tidak-ada'), password: input.password },
      { nik: makeNik(), password: input.password },
    ];
    const titles = new Set<string>();
    for (const payload of attempts) {
      const response = await context.app.inject({ method: 'POST', url: LOGIN, payload });
      expectProblem(response, 401, 'INVALID_CREDENTIALS');
      expect(sessionCookie(response)).toBeUndefined();
      titles.add(problem(response).title);
    }
    expect(titles.size).toBe(1);
  });

  it('locks an account after LOGIN_MAX_FAILURES wrong passwords, even from different addresses and with the right password next', async () => {
    const { input } = await registerCitizen(strict.app);
    for (const address of ['198.51.100.1', '198.51.100.2', '198.51.100.3']) {
      const wrong = await strict.app.inject({
        method: 'POST',
        url: LOGIN,
        remoteAddress: address,
        payload: { email: input.email, password: 'kata-sandi-salah' },
      });
      expectProblem(wrong, 401, 'INVALID_CREDENTIALS');
    }
    const locked = await strict.app.inject({
      method: 'POST',
      url: LOGIN,
      remoteAddress: '198.51.100.4',
      payload: { email: input.email, password: input.password },
    });
    expectProblem(locked, 429, 'ACCOUNT_LOCKED');
    const retryAfter = Number(locked.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
    expect(sessionCookie(locked)).toBeUndefined();
  });

  it('limits log-in requests per client address (LOGIN_RATE_LIMIT_PER_MINUTE) with a 429 problem', async () => {
    const attempt = (remoteAddress: string) =>
      strict.app.inject({
        method: 'POST',
        url: LOGIN,
        remoteAddress,
        payload: { email: makeEmail('penebak'), password: 'tebakan-saja' },
      });
    for (let count = 0; count < 3; count += 1)
      expectProblem(await attempt('203.0.113.7'), 401, 'INVALID_CREDENTIALS');
    const limited = await attempt('203.0.113.7');
    expectProblem(limited, 429, 'RATE_LIMITED');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    expectProblem(await attempt('203.0.113.8'), 401, 'INVALID_CREDENTIALS');
  });
});

describe('sessions', () => {
  it('accepts the session cookie for reading /me', async () => {
    const { input } = await registerCitizen(context.app);
    const loggedIn = await context.app.inject({
      method: 'POST',
      url: LOGIN,
      payload: { email: input.email, password: input.password },
    });
    const cookie = sessionCookie(loggedIn)!;
    const me = await context.app.inject({
      method: 'GET',
      url: '/api/v1/me',
      headers: { cookie: `${cookie.name}=${cookie.value}` },
    });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({ email: input.email, csrfToken: loggedIn.json().csrfToken });
  });

  it('refuses a state-changing cookie request without the matching x-csrf-token, and accepts it with one', async () => {
    const citizen = await makeCitizen(context.app);
    const cookie = `terpadu_session=${citizen.token}`;
    const resend = (headers: Record<string, string>) =>
      context.app.inject({
        method: 'POST',
        url: '/api/v1/auth/resend-verification',
        headers: { cookie, ...headers },
      });

    expectProblem(await resend({}), 403, 'CSRF_TOKEN_INVALID');
    const lastCharacter = citizen.csrfToken.endsWith('x') ? 'y' : 'x';
    const almost = `${citizen.csrfToken.slice(0, -1)}${lastCharacter}`;
    expectProblem(await resend({ 'x-csrf-token': almost }), 403, 'CSRF_TOKEN_INVALID');
    const other = await makeCitizen(context.app);
    expectProblem(await resend({ 'x-csrf-token': other.csrfToken }), 403, 'CSRF_TOKEN_INVALID');
    const accepted = await resend({ 'x-csrf-token': citizen.csrfToken });
    expect(accepted.statusCode).toBe(202);
  });

  it('accepts a bearer token on state-changing requests without a CSRF header', async () => {
    const citizen = await makeCitizen(context.app);
    const response = await context.app.inject({
      method: 'POST',
      url: '/api/v1/auth/resend-verification',
      headers: asBearer(citizen),
    });
    expect(response.statusCode).toBe(202);
  });

  it('ends only the current session on logout; its token is refused afterwards', async () => {
    const citizen = await makeCitizen(context.app);
    const secondDevice = await login(context.app, citizen);
    const logout = await context.app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: asBearer(citizen),
    });
    expect(logout.statusCode).toBe(204);
    expect(sessionCookie(logout)?.value).toBe('');

    const me = await context.app.inject({ method: 'GET', url: '/api/v1/me', headers: asBearer(citizen) });
    expectProblem(me, 401, 'UNAUTHENTICATED');
    const cookieMe = await context.app.inject({
      method: 'GET',
      url: '/api/v1/me',
      headers: { cookie: `terpadu_session=${citizen.token}` },
    });
    expectProblem(cookieMe, 401, 'UNAUTHENTICATED');
    const other = await context.app.inject({
      method: 'GET',
      url: '/api/v1/me',
      headers: asBearer(secondDevice),
    });
    expect(other.statusCode).toBe(200);
  });

  it('logs out a cookie session when the CSRF header is sent', async () => {
    const citizen = await makeCitizen(context.app);
    const cookie = `terpadu_session=${citizen.token}`;
    const logout = await context.app.inject({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: { cookie, 'x-csrf-token': citizen.csrfToken },
    });
    expect(logout.statusCode).toBe(204);
    expectProblem(
      await context.app.inject({ method: 'GET', url: '/api/v1/me', headers: { cookie } }),
      401,
      'UNAUTHENTICATED',
    );
  });

  it('refuses a token that was never issued', async () => {
    const response = await context.app.inject({
      method: 'GET',
      url: '/api/v1/me',
      headers: { authorization: `Bearer ${'A'.repeat(43)}` },
    });
    expectProblem(response, 401, 'UNAUTHENTICATED');
  });
});

describe('/me', () => {
  it('shows the citizen with the NIK masked and the phone masked', async () => {
    const { input, body } = await registerCitizen(context.app, { phone: '+62 812-3456-7890' });
    const session = await login(context.app, input);
    const me = await context.app.inject({ method: 'GET', url: '/api/v1/me', headers: asBearer(session) });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toEqual({
      id: body.id,
      kind: 'warga',
      name: input.name,
      email: input.email,
      emailVerified: false,
      nikMasked: `35**********${input.nik.slice(12)}`,
      phoneMasked: '6281******890',
      role: null,
      agency: null,
      scopes: scopesFor(null),
      csrfToken: session.csrfToken,
    });
  });
});

describe('e-mail verification', () => {
  it('verifies the address with the e-mailed link, once', async () => {
    const { input } = await registerCitizen(context.app);
    const session = await login(context.app, input);
    const [mail] = await emailsTo(context, input.email);
    expect(mail).toContain('Subject: Verifikasi email Anda di Terpadu');
    const token = tokenFromLink(mail, 'verifikasi-email');

    const verified = await context.app.inject({
      method: 'POST',
      url: '/api/v1/auth/verify-email',
      payload: { token },
    });
    expect(verified.statusCode, verified.body).toBe(200);
    expect(verified.json()).toEqual({ verified: true });
    const me = await context.app.inject({ method: 'GET', url: '/api/v1/me', headers: asBearer(session) });
    expect(me.json().emailVerified).toBe(true);

    const again = await context.app.inject({
      method: 'POST',
      url: '/api/v1/auth/verify-email',
      payload: { token },
    });
    expectProblem(again, 400, 'TOKEN_INVALID');
  });

  it('sends a fresh link on request, which works as well', async () => {
    const citizen = await makeCitizen(context.app);
    const resent = await context.app.inject({
      method: 'POST',
      url: '/api/v1/auth/resend-verification',
      headers: asBearer(citizen),
    });
    expect(resent.statusCode).toBe(202);
    const mails = await emailsTo(context, citizen.email);
    expect(mails).toHaveLength(2);
    const token = tokenFromLink(mails[1], 'verifikasi-email');
    const verified = await context.app.inject({
      method: 'POST',
      url: '/api/v1/auth/verify-email',
      payload: { token },
    });
    expect(verified.statusCode).toBe(200);
  });
});

describe('password reset', () => {
  it('sets a new password with the e-mailed link, ends old sessions, and works only once', async () => {
    const citizen = await makeCitizen(context.app);
    const requested = await context.app.inject({
      method: 'POST',
      url: '/api/v1/auth/password-reset/request',
      payload: { email: citizen.email },
    });
    expect(requested.statusCode).toBe(202);
    expect(requested.json()).toEqual({ queued: true });
    const resetMail = (await emailsTo(context, citizen.email)).find((mail) =>
      mail.includes('atur-ulang-sandi'),
    );
    const token = tokenFromLink(resetMail, 'atur-ulang-sandi');

    // A reset link is not an e-mail verification link.
    expectProblem(
      await context.app.inject({ method: 'POST', url: '/api/v1/auth/verify-email', payload: { token } }),
      400,
      'TOKEN_INVALID',
    );

    const newPassword = 'kata-sandi-baru-2';
    const confirmed = await context.app.inject({
      method: 'POST',
      url: '/api/v1/auth/password-reset/confirm',
      payload: { token, password: newPassword },
    });
    expect(confirmed.statusCode, confirmed.body).toBe(200);
    expect(confirmed.json()).toEqual({ reset: true });

    const oldSession = await context.app.inject({
      method: 'GET',
      url: '/api/v1/me',
      headers: asBearer(citizen),
    });
    expectProblem(oldSession, 401, 'UNAUTHENTICATED');
    const oldPassword = await context.app.inject({
      method: 'POST',
      url: LOGIN,
      payload: { email: citizen.email, password: citizen.password },
    });
    expectProblem(oldPassword, 401, 'INVALID_CREDENTIALS');
    const fresh = await context.app.inject({
      method: 'POST',
      url: LOGIN,
      payload: { email: citizen.email, password: newPassword },
    });
    expect(fresh.statusCode).toBe(200);
    // The link arrived by e-mail, so the address counts as verified.
    expect(fresh.json().user.emailVerified).toBe(true);

    const reused = await context.app.inject({
      method: 'POST',
      url: '/api/v1/auth/password-reset/confirm',
      payload: { token, password: 'kata-sandi-ketiga-3' },
    });
    expectProblem(reused, 400, 'TOKEN_INVALID');
  });

  it('answers 202 for an address without an account, and queues nothing', async () => {
    const outboxBefore = await countOutbox();
    const response = await context.app.inject({
      method: 'POST',
      url: '/api/v1/auth/password-reset/request',
      payload: { email: makeEmail('tidak-terdaftar') },
    });
    expect(response.statusCode).toBe(202);
    expect(response.json()).toEqual({ queued: true });
    expect(await countOutbox()).toBe(outboxBefore);
  });

  it('refuses a new password shorter than 8 characters', async () => {
    const response = await context.app.inject({
      method: 'POST',
      url: '/api/v1/auth/password-reset/confirm',
      payload: { token: 'x'.repeat(43), password: 'pendek' },
    });
    expectProblem(response, 400, 'VALIDATION_FAILED');
    expect(problem(response).errors).toEqual([
      { field: 'password', code: 'too_small', message: expect.any(String) },
    ]);
  });
});

describe('a new installation, from the first administrator to an agency system token', () => {
  // Documented order: one story on its own fresh database, since ensureInitialAdmin acts only
  // while there are no accounts at all.
  it('lets the first sysadmin set up a unit and its officers, who act only within their agency', async () => {
    const install = await startTestApp();
    try {
      const { app, platform } = install;
      const inject = (options: InjectOptions) => app.inject(options);
      const initial = await ensureInitialAdmin(platform.database.db, 'admin@terpadu.test');
      expect(initial).toEqual({ email: 'admin@terpadu.test', password: expect.any(String) });
      expect(await ensureInitialAdmin(platform.database.db, 'lain@terpadu.test')).toBeUndefined();

      const sysadmin = await login(app, initial!);
      const sysadminMe = await inject({ method: 'GET', url: '/api/v1/me', headers: asBearer(sysadmin) });
      expect(sysadminMe.json()).toMatchObject({ kind: 'petugas', role: 'sysadmin', agency: null });

      const unit = await inject({
        method: 'POST',
        url: '/api/v1/agencies',
        headers: asBearer(sysadmin),
        payload: { parentCode: '35.78', slug: 'dinas-kominfo', name: 'Dinas Komunikasi dan Informatika' },
      });
      expect(unit.statusCode, unit.body).toBe(201);
      expect(unit.json()).toMatchObject({
        code: '35.78/dinas-kominfo',
        kind: 'unit',
        parentCode: '35.78',
        regionCode: '35.78',
      });
      const unitPage = await inject({ method: 'GET', url: '/api/v1/agencies/35.78%2Fdinas-kominfo' });
      expect(unitPage.json()).toMatchObject({
        code: '35.78/dinas-kominfo',
        name: 'Dinas Komunikasi dan Informatika',
      });

      const createOfficer = (session: { token: string }, payload: Record<string, unknown>) =>
        inject({ method: 'POST', url: '/api/v1/officers', headers: asBearer(session), payload });
      const password = 'kata-sandi-petugas-1';
      const unitAdminEmail = makeEmail('admin-kominfo');
      const unitAdminCreated = await createOfficer(sysadmin, {
        email: unitAdminEmail,
        name: 'Admin Kominfo Surabaya',
        role: 'admin-instansi',
        agencyCode: '35.78/dinas-kominfo',
        password,
      });
      expect(unitAdminCreated.statusCode, unitAdminCreated.body).toBe(201);
      expect(unitAdminCreated.json()).toMatchObject({
        role: 'admin-instansi',
        agencyCode: '35.78/dinas-kominfo',
      });
      const cityAdminEmail = makeEmail('admin-surabaya');
      expect(
        (
          await createOfficer(sysadmin, {
            email: cityAdminEmail,
            name: 'Admin Kota Surabaya',
            role: 'admin-instansi',
            agencyCode: '35.78',
            password,
          })
        ).statusCode,
      ).toBe(201);
      const sidoarjoEmail = makeEmail('penghubung-sidoarjo');
      expect(
        (
          await createOfficer(sysadmin, {
            email: sidoarjoEmail,
            name: 'Penghubung Sidoarjo',
            role: 'penghubung',
            agencyCode: '35.15',
            password,
          })
        ).statusCode,
      ).toBe(201);

      const unitAdmin = await login(app, { email: unitAdminEmail, password });
      const unitAdminMe = await inject({ method: 'GET', url: '/api/v1/me', headers: asBearer(unitAdmin) });
      expect(unitAdminMe.json()).toMatchObject({
        role: 'admin-instansi',
        emailVerified: true,
        agency: { code: '35.78/dinas-kominfo', kind: 'unit', parentCode: '35.78' },
      });

      const penghubungEmail = makeEmail('penghubung-kominfo');
      const penghubungCreated = await createOfficer(unitAdmin, {
        email: penghubungEmail,
        name: 'Penghubung Kominfo',
        role: 'penghubung',
        agencyCode: '35.78/dinas-kominfo',
        password,
      });
      expect(penghubungCreated.statusCode, penghubungCreated.body).toBe(201);
      const penghubungId = penghubungCreated.json().id as string;

      const listed = await inject({ method: 'GET', url: '/api/v1/officers', headers: asBearer(unitAdmin) });
      expect(listed.statusCode).toBe(200);
      const listedOfficers = listed.json().items as Array<{ email: string; agencyCode: string }>;
      expect(listedOfficers.map((officer) => officer.email).sort()).toEqual(
        [penghubungEmail, unitAdminEmail].sort(),
      );
      for (const officer of listedOfficers) expect(officer.agencyCode).toMatch(/^35\.78(\/|$)/);

      const cityAdmin = await login(app, { email: cityAdminEmail, password });
      const cityList = await inject({ method: 'GET', url: '/api/v1/officers', headers: asBearer(cityAdmin) });
      const cityEmails = (cityList.json().items as Array<{ email: string }>).map((officer) => officer.email);
      expect(cityEmails.sort()).toEqual([cityAdminEmail, penghubungEmail, unitAdminEmail].sort());
      expect(cityEmails).not.toContain(sidoarjoEmail);

      expectProblem(
        await inject({
          method: 'GET',
          url: '/api/v1/officers?agencyCode=35.15',
          headers: asBearer(unitAdmin),
        }),
        404,
        'AGENCY_NOT_FOUND',
      );
      expectProblem(
        await inject({
          method: 'GET',
          url: '/api/v1/officers?agencyCode=35.15',
          headers: asBearer(cityAdmin),
        }),
        404,
        'AGENCY_NOT_FOUND',
      );
      expectProblem(
        await inject({
          method: 'POST',
          url: '/api/v1/agencies',
          headers: asBearer(cityAdmin),
          payload: { parentCode: '35.15', slug: 'dinas-kominfo', name: 'Dinas Kominfo Sidoarjo' },
        }),
        403,
        'AGENCY_OUT_OF_SCOPE',
      );
      expectProblem(
        await createOfficer(cityAdmin, {
          email: makeEmail('calon-sysadmin'),
          name: 'Calon Sysadmin',
          role: 'sysadmin',
          agencyCode: '35.78',
          password,
        }),
        403,
        'ROLE_NOT_GRANTABLE',
      );

      const issued = await inject({
        method: 'POST',
        url: '/api/v1/tokens',
        headers: asBearer(unitAdmin),
        payload: { label: 'Sistem aduan Kominfo', userId: penghubungId, expiresInDays: 30 },
      });
      expect(issued.statusCode, issued.body).toBe(201);
      const machine = issued.json() as { id: string; token: string; userId: string; label: string };
      expect(machine).toMatchObject({ userId: penghubungId, label: 'Sistem aduan Kominfo' });

      const machineMe = await inject({ method: 'GET', url: '/api/v1/me', headers: asBearer(machine) });
      expect(machineMe.statusCode).toBe(200);
      expect(machineMe.json()).toMatchObject({
        id: penghubungId,
        role: 'penghubung',
        agency: { code: '35.78/dinas-kominfo' },
      });
      // A machine token is a bearer token only, never a browser cookie.
      expectProblem(
        await inject({
          method: 'GET',
          url: '/api/v1/me',
          headers: { cookie: `terpadu_session=${machine.token}` },
        }),
        401,
        'UNAUTHENTICATED',
      );

      const tokens = await inject({ method: 'GET', url: '/api/v1/tokens', headers: asBearer(unitAdmin) });
      expect(tokens.statusCode).toBe(200);
      expect(tokens.json().items).toEqual([
        {
          id: machine.id,
          label: 'Sistem aduan Kominfo',
          userId: penghubungId,
          createdAt: expect.any(String),
          expiresAt: expect.any(String),
          revoked: false,
        },
      ]);
      expect(tokens.body).not.toContain(machine.token);

      const revoked = await inject({
        method: 'DELETE',
        url: `/api/v1/tokens/${machine.id}`,
        headers: asBearer(unitAdmin),
      });
      expect(revoked.statusCode).toBe(204);
      expectProblem(
        await inject({ method: 'GET', url: '/api/v1/me', headers: asBearer(machine) }),
        401,
        'UNAUTHENTICATED',
      );
      const afterRevoke = await inject({
        method: 'GET',
        url: '/api/v1/tokens',
        headers: asBearer(unitAdmin),
      });
      expect(afterRevoke.json().items).toEqual([expect.objectContaining({ id: machine.id, revoked: true })]);
    } finally {
      await install.close();
    }
  });
});
