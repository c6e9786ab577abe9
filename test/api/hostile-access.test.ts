import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../src/platform/audit/audit.ts';
import { addTestUnits, fileReport, UNIT_SURABAYA } from '../support/complaints.ts';
import { asBearer, makeCitizen, makeOfficer, problem } from '../support/factories.ts';
import { startTestApp, type TestContext } from '../support/test-platform.ts';

/**
 * Attacks on sessions and search: a planted session cookie (fixation), cross-site requests
 * riding a cookie (CSRF), SQL metacharacters in every search and filter parameter, and the
 * security headers every answer carries. The audit chain still verifies afterwards.
 */

let context: TestContext;
let citizen: Awaited<ReturnType<typeof makeCitizen>>;
let officer: Awaited<ReturnType<typeof makeOfficer>>;
let trackingIds: string[];

beforeAll(async () => {
  context = await startTestApp();
  await addTestUnits(context.platform);
  citizen = await makeCitizen(context.app);
  officer = await makeOfficer(context.app, context.platform, 'admin-nasional', 'kemenpanrb');
  trackingIds = [
    await fileReport(context.app, citizen, { title: 'Jalan berlubang dekat pasar' }),
    await fileReport(context.app, citizen, { title: 'Lampu taman padam', kind: 'aspirasi' }),
  ];
});
afterAll(async () => {
  await context?.close();
});

function sessionCookieOf(setCookie: string | string[] | undefined): string | undefined {
  const all = Array.isArray(setCookie) ? setCookie : setCookie ? [setCookie] : [];
  return all
    .find((cookie) => cookie.startsWith('terpadu_session='))
    ?.split(';')[0]
    ?.split('=')[1];
}

describe('session fixation', () => {
  it('issues a new session at log-in whatever cookie the browser brought, and the planted one stays worthless', async () => {
    const planted = 'ditanam-penyerang-0123456789abcdefghijklmnopq';
    const response = await context.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { cookie: `terpadu_session=${planted}` },
      payload: { email: citizen.email, password: citizen.password },
    });
    expect(response.statusCode).toBe(200);
    const issued = sessionCookieOf(response.headers['set-cookie']);
    expect(issued).toBeDefined();
    expect(issued).not.toBe(planted);
    const withPlanted = await context.app.inject({
      method: 'GET',
      url: '/api/v1/me',
      headers: { cookie: `terpadu_session=${planted}` },
    });
    expect(withPlanted.statusCode).toBe(401);
    const withIssued = await context.app.inject({
      method: 'GET',
      url: '/api/v1/me',
      headers: { cookie: `terpadu_session=${issued}` },
    });
    expect(withIssued.statusCode).toBe(200);
  });

  it('does not carry over someone else’s live session when another account logs in on the same browser', async () => {
    const other = await makeCitizen(context.app);
    const response = await context.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: { cookie: `terpadu_session=${other.token}` },
      payload: { email: citizen.email, password: citizen.password },
    });
    const issued = sessionCookieOf(response.headers['set-cookie']);
    expect(issued).not.toBe(other.token);
    const me = await context.app.inject({
      method: 'GET',
      url: '/api/v1/me',
      headers: { cookie: `terpadu_session=${issued}` },
    });
    expect(me.json().email).toBe(citizen.email);
  });

  it('sets the session cookie httpOnly and SameSite', async () => {
    const response = await context.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      payload: { email: citizen.email, password: citizen.password },
    });
    const cookie = ([] as string[])
      .concat(response.headers['set-cookie'] ?? [])
      .find((value) => value.startsWith('terpadu_session='));
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax|SameSite=Strict/i);
  });
});

describe('cross-site request forgery', () => {
  it('refuses a state-changing request that rides the cookie without its CSRF token, and changes nothing', async () => {
    const count = async () =>
      (
        (await context.platform.database.db.execute(
          sql`select count(*)::int as n from complaints.complaints`,
        )) as unknown as { rows: Array<{ n: number }> }
      ).rows[0]!.n;
    const before = await count();
    const cookie = `terpadu_session=${citizen.token}`;
    const forged = [
      { cookie },
      { cookie, 'x-csrf-token': '' },
      { cookie, 'x-csrf-token': (await makeCitizen(context.app)).csrfToken },
      { cookie, origin: 'https://penyerang.example', referer: 'https://penyerang.example/form' },
    ];
    for (const headers of forged) {
      const response = await context.app.inject({
        method: 'POST',
        url: '/api/v1/complaints',
        headers,
        payload: {
          kind: 'aspirasi',
          title: 'Dikirim dari situs lain',
          description: 'Permintaan ini dipalsukan oleh situs lain.',
          privacy: 'publik',
          regionCode: '35.78.01',
        },
      });
      expect(response.statusCode, JSON.stringify(headers)).toBe(403);
      expect(problem(response).code).toBe('CSRF_TOKEN_INVALID');
    }
    // A form post (the classic CSRF vehicle) is not even JSON.
    const formPost = await context.app.inject({
      method: 'POST',
      url: '/api/v1/complaints',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'kind=aspirasi&title=x&description=y&privacy=publik&regionCode=35.78.01',
    });
    expect([403, 415]).toContain(formPost.statusCode);
    expect(await count()).toBe(before);
  });
});

const SQL_METACHARACTERS = [
  "' OR '1'='1",
  "'; drop table complaints.complaints; --",
  '" OR ""="',
  '%',
  '_',
  '%%',
  '\\',
  '\\%',
  "') or true --",
  '1; select pg_sleep(5)',
  '$1',
  '::text',
  '/* */',
  '& | ! :* <->',
  '(((',
  "zebra' & 'kuda",
];

describe('SQL metacharacters in search and filter parameters', () => {
  const searches: Array<{ url: string; headers?: () => Record<string, string> }> = [
    { url: '/api/v1/public/complaints?q=' },
    { url: '/api/v1/public/complaints?categoryCode=' },
    { url: '/api/v1/public/complaints?agencyCode=' },
    { url: '/api/v1/public/complaints?regionCode=' },
    { url: '/api/v1/complaints/queue?q=', headers: () => asBearer(officer) },
    { url: '/api/v1/agencies?q=' },
    { url: '/api/v1/regions?q=' },
    { url: '/api/v1/officers?q=', headers: () => asBearer(officer) },
  ];

  it.each(searches)('$url… finds nothing it should not and breaks nothing', async ({ url, headers }) => {
    for (const value of SQL_METACHARACTERS) {
      const started = performance.now();
      const response = await context.app.inject({
        method: 'GET',
        url: `${url}${encodeURIComponent(value)}`,
        headers: headers?.() ?? {},
      });
      expect(response.statusCode, `${value}: ${response.body}`).toBeLessThan(500);
      expect(performance.now() - started).toBeLessThan(4000);
      if (response.statusCode === 200 && url.includes('/complaints')) {
        // No report mentions any of these: a match would mean the text became SQL or a pattern.
        expect(response.json().items, value).toEqual([]);
      }
    }
    const stillThere = await context.app.inject({ method: 'GET', url: '/api/v1/public/complaints' });
    expect(
      stillThere
        .json()
        .items.map((item: { trackingId: string }) => item.trackingId)
        .sort(),
    ).toEqual([...trackingIds].sort());
  });
});

describe('security headers', () => {
  it.each(['/api/v1/public/complaints', '/api/v1/tidak-ada', '/docs'])(
    '%s carries a Content-Security-Policy that allows no inline or foreign script',
    async (url) => {
      const response = await context.app.inject({ method: 'GET', url, headers: { accept: 'text/html' } });
      const policy = String(response.headers['content-security-policy'] ?? '');
      expect(policy).toContain("default-src 'self'");
      expect(policy).toMatch(/script-src 'self'\s*(;|$)/);
      expect(policy).not.toMatch(/validator\.swagger\.io|upgrade-insecure-requests/);
      expect(policy).not.toMatch(/script-src[^;]*unsafe-(inline|eval)/);
      expect(policy).toContain("object-src 'none'");
      expect(policy).toContain("frame-ancestors 'none'");
      expect(response.headers['x-content-type-options']).toBe('nosniff');
    },
  );
});

describe('another officer’s and another citizen’s reach', () => {
  it('a unit officer of the same regency cannot read a report not yet sent to the unit', async () => {
    const penghubung = await makeOfficer(context.app, context.platform, 'penghubung', UNIT_SURABAYA);
    const response = await context.app.inject({
      method: 'GET',
      url: `/api/v1/complaints/${trackingIds[0]}`,
      headers: asBearer(penghubung),
    });
    expect(response.statusCode).toBe(404);
  });
});

describe('after all of the above', () => {
  it('the audit chain verifies', async () => {
    const result = await verifyAuditChain(context.platform.database.db);
    expect(result).toMatchObject({ ok: true });
    expect(result.entries).toBeGreaterThan(2);
  });
});
