import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ACTORS,
  type ActorName,
  describeAuthzTable,
  documentedOperations,
  everyone,
  expectRowForEveryRoute,
  FORBIDDEN,
  type Outcome,
  type SignedInActor,
  signedIn,
  signInActors,
  status,
  TEST_UNIT,
  UNAUTHENTICATED,
} from '../../../test/support/authz.ts';
import {
  asBearer,
  type Credentials,
  login,
  makeCitizenInput,
  makeEmail,
  problem,
  registerCitizen,
  type Session,
} from '../../../test/support/factories.ts';
import { startTestApp, type TestContext } from '../../../test/support/test-platform.ts';

/**
 * Who may call each identity route, as a table: one row per route (and per variant where the
 * agency involved changes the answer), one column per kind of caller. A route that appears in
 * the OpenAPI document without a row here fails the coverage test below.
 */

/** Module tags whose routes this file's table must cover. */
const IDENTITY_TAGS = ['auth', 'agencies', 'officers', 'tokens', 'regions'];
/**
 * Every tag under /api/v1 and the test file holding its table. A route with a tag missing here,
 * or whose file does not exist, fails: give the new module an authz table and add its tag.
 */
const AUTHZ_TABLE_BY_TAG: Record<string, string> = {
  ...Object.fromEntries(IDENTITY_TAGS.map((tag) => [tag, 'src/modules/identity/identity.authz.test.ts'])),
  admin: 'src/modules/admin/admin.authz.test.ts',
  calendar: 'src/modules/admin/admin.authz.test.ts',
  complaints: 'src/modules/complaints/complaints.authz.test.ts',
  public: 'src/modules/complaints/complaints.authz.test.ts',
  notifications: 'src/modules/notifications/notifications.authz.test.ts',
  open311: 'src/modules/open311/open311.authz.test.ts',
  catalog: 'src/modules/catalog/catalog.authz.test.ts',
  'public-catalog': 'src/modules/catalog/catalog.authz.test.ts',
  applications: 'src/modules/catalog/catalog.authz.test.ts',
  insights: 'src/modules/insights/insights.authz.test.ts',
  statistics: 'src/modules/statistics/statistics.authz.test.ts',
};
const REPOSITORY_ROOT = new URL('../../../', import.meta.url);

const OUT_OF_SCOPE: Outcome = { status: 403, code: 'AGENCY_OUT_OF_SCOPE' };
const NOT_GRANTABLE: Outcome = { status: 403, code: 'ROLE_NOT_GRANTABLE' };
const AGENCY_NOT_FOUND: Outcome = { status: 404, code: 'AGENCY_NOT_FOUND' };
const TOKEN_INVALID: Outcome = { status: 400, code: 'TOKEN_INVALID' };

type Caller = {
  actor: ActorName;
  headers: Record<string, string>;
  /** Headers of a new session of the same user, for routes that end the session they are called with. */
  freshHeaders(): Promise<Record<string, string>>;
};

type Case = {
  route: string;
  variant?: string;
  request(caller: Caller): InjectOptions | Promise<InjectOptions>;
  expected: Record<ActorName, Outcome>;
};

let context: TestContext;
let sessions: Record<SignedInActor, Session & Credentials>;
let loginTarget: Credentials;
const unique = (prefix: string) => `${prefix}-${randomBytes(4).toString('hex')}`;

/** A machine token of the unit's penghubung, issued by the Surabaya admin-instansi. */
async function issuePenghubungToken(): Promise<{ id: string; token: string }> {
  const response = await context.app.inject({
    method: 'POST',
    url: '/api/v1/tokens',
    headers: asBearer(sessions.adminInstansi),
    payload: { label: unique('sistem-uji'), userId: sessions.penghubung.userId },
  });
  if (response.statusCode !== 201) throw new Error(`token not issued: ${response.body}`);
  return response.json();
}

const CASES: Case[] = [
  {
    route: 'POST /api/v1/auth/register',
    request: (caller) => ({
      method: 'POST',
      url: '/api/v1/auth/register',
      headers: caller.headers,
      payload: makeCitizenInput(),
    }),
    expected: everyone(ACTORS, status(201)),
  },
  {
    route: 'POST /api/v1/auth/login',
    request: (caller) => ({
      method: 'POST',
      url: '/api/v1/auth/login',
      headers: caller.headers,
      payload: loginTarget,
    }),
    expected: everyone(ACTORS, status(200)),
  },
  {
    route: 'POST /api/v1/auth/logout',
    request: async (caller) => ({
      method: 'POST',
      url: '/api/v1/auth/logout',
      headers: await caller.freshHeaders(),
    }),
    expected: signedIn(ACTORS, status(204)),
  },
  {
    route: 'POST /api/v1/auth/verify-email',
    variant: 'a token that was never issued',
    request: (caller) => ({
      method: 'POST',
      url: '/api/v1/auth/verify-email',
      headers: caller.headers,
      payload: { token: 'x'.repeat(43) },
    }),
    expected: everyone(ACTORS, TOKEN_INVALID),
  },
  {
    route: 'POST /api/v1/auth/resend-verification',
    request: (caller) => ({
      method: 'POST',
      url: '/api/v1/auth/resend-verification',
      headers: caller.headers,
    }),
    expected: signedIn(ACTORS, status(202)),
  },
  {
    route: 'POST /api/v1/auth/password-reset/request',
    request: (caller) => ({
      method: 'POST',
      url: '/api/v1/auth/password-reset/request',
      headers: caller.headers,
      payload: { email: makeEmail('tidak-ada') },
    }),
    expected: everyone(ACTORS, status(202)),
  },
  {
    route: 'POST /api/v1/auth/password-reset/confirm',
    variant: 'a token that was never issued',
    request: (caller) => ({
      method: 'POST',
      url: '/api/v1/auth/password-reset/confirm',
      headers: caller.headers,
      payload: { token: 'x'.repeat(43), password: 'kata-sandi-baru-1' },
    }),
    expected: everyone(ACTORS, TOKEN_INVALID),
  },
  {
    route: 'GET /api/v1/me',
    request: (caller) => ({ method: 'GET', url: '/api/v1/me', headers: caller.headers }),
    expected: signedIn(ACTORS, status(200)),
  },
  {
    route: 'GET /api/v1/agencies',
    request: (caller) => ({
      method: 'GET',
      url: '/api/v1/agencies?parentCode=35.78',
      headers: caller.headers,
    }),
    expected: everyone(ACTORS, status(200)),
  },
  {
    route: 'GET /api/v1/agencies/{code}',
    request: (caller) => ({
      method: 'GET',
      url: `/api/v1/agencies/${encodeURIComponent(TEST_UNIT)}`,
      headers: caller.headers,
    }),
    expected: everyone(ACTORS, status(200)),
  },
  {
    route: 'GET /api/v1/regions',
    request: (caller) => ({
      method: 'GET',
      url: '/api/v1/regions?parentCode=35.78',
      headers: caller.headers,
    }),
    expected: everyone(ACTORS, status(200)),
  },
  {
    route: 'POST /api/v1/agencies',
    variant: 'a unit under 35.78',
    request: (caller) => ({
      method: 'POST',
      url: '/api/v1/agencies',
      headers: caller.headers,
      payload: { parentCode: '35.78', slug: unique('dinas'), name: 'Dinas Baru Surabaya' },
    }),
    expected: {
      anonymous: UNAUTHENTICATED,
      warga: FORBIDDEN,
      adminNasional: status(201),
      adminInstansi: status(201),
      penghubung: FORBIDDEN,
      pengawas: FORBIDDEN,
      sysadmin: status(201),
      adminInstansiSidoarjo: OUT_OF_SCOPE,
    },
  },
  {
    route: 'GET /api/v1/officers',
    variant: 'everyone within the caller’s authority',
    request: (caller) => ({ method: 'GET', url: '/api/v1/officers', headers: caller.headers }),
    expected: {
      anonymous: UNAUTHENTICATED,
      warga: FORBIDDEN,
      adminNasional: status(200),
      adminInstansi: status(200),
      penghubung: status(200),
      pengawas: status(200),
      sysadmin: status(200),
      adminInstansiSidoarjo: status(200),
    },
  },
  {
    route: 'GET /api/v1/officers',
    variant: 'agencyCode=35.78',
    request: (caller) => ({
      method: 'GET',
      url: '/api/v1/officers?agencyCode=35.78',
      headers: caller.headers,
    }),
    expected: {
      anonymous: UNAUTHENTICATED,
      warga: FORBIDDEN,
      adminNasional: status(200),
      adminInstansi: status(200),
      // Above their own unit: outside one's authority reads as not existing.
      penghubung: AGENCY_NOT_FOUND,
      // An oversight officer in a unit (the Inspektorat) oversees its whole regency.
      pengawas: status(200),
      sysadmin: status(200),
      adminInstansiSidoarjo: AGENCY_NOT_FOUND,
    },
  },
  {
    route: 'GET /api/v1/officers',
    variant: `agencyCode=${TEST_UNIT}`,
    request: (caller) => ({
      method: 'GET',
      url: `/api/v1/officers?agencyCode=${encodeURIComponent(TEST_UNIT)}`,
      headers: caller.headers,
    }),
    expected: {
      anonymous: UNAUTHENTICATED,
      warga: FORBIDDEN,
      adminNasional: status(200),
      adminInstansi: status(200),
      penghubung: status(200),
      pengawas: status(200),
      sysadmin: status(200),
      adminInstansiSidoarjo: AGENCY_NOT_FOUND,
    },
  },
  {
    route: 'POST /api/v1/officers',
    variant: `a penghubung at ${TEST_UNIT}`,
    request: (caller) => ({
      method: 'POST',
      url: '/api/v1/officers',
      headers: caller.headers,
      payload: { email: makeEmail('baru'), name: 'Petugas Baru', role: 'penghubung', agencyCode: TEST_UNIT },
    }),
    expected: {
      anonymous: UNAUTHENTICATED,
      warga: FORBIDDEN,
      adminNasional: status(201),
      adminInstansi: status(201),
      penghubung: FORBIDDEN,
      pengawas: FORBIDDEN,
      sysadmin: status(201),
      adminInstansiSidoarjo: OUT_OF_SCOPE,
    },
  },
  {
    route: 'POST /api/v1/officers',
    variant: 'an admin-nasional at kemenpanrb',
    request: (caller) => ({
      method: 'POST',
      url: '/api/v1/officers',
      headers: caller.headers,
      payload: {
        email: makeEmail('nasional'),
        name: 'Admin Nasional',
        role: 'admin-nasional',
        agencyCode: 'kemenpanrb',
      },
    }),
    expected: {
      anonymous: UNAUTHENTICATED,
      warga: FORBIDDEN,
      adminNasional: status(201),
      adminInstansi: NOT_GRANTABLE,
      penghubung: FORBIDDEN,
      pengawas: FORBIDDEN,
      sysadmin: status(201),
      adminInstansiSidoarjo: NOT_GRANTABLE,
    },
  },
  {
    route: 'POST /api/v1/officers',
    variant: 'a sysadmin at komdigi',
    request: (caller) => ({
      method: 'POST',
      url: '/api/v1/officers',
      headers: caller.headers,
      payload: {
        email: makeEmail('sysadmin'),
        name: 'Admin Sistem',
        role: 'sysadmin',
        agencyCode: 'komdigi',
      },
    }),
    expected: {
      anonymous: UNAUTHENTICATED,
      warga: FORBIDDEN,
      adminNasional: NOT_GRANTABLE,
      adminInstansi: NOT_GRANTABLE,
      penghubung: FORBIDDEN,
      pengawas: FORBIDDEN,
      sysadmin: status(201),
      adminInstansiSidoarjo: NOT_GRANTABLE,
    },
  },
  {
    route: 'GET /api/v1/tokens',
    request: (caller) => ({ method: 'GET', url: '/api/v1/tokens', headers: caller.headers }),
    expected: {
      anonymous: UNAUTHENTICATED,
      warga: FORBIDDEN,
      // National admins manage the tokens of agency systems everywhere.
      adminNasional: status(200),
      adminInstansi: status(200),
      penghubung: FORBIDDEN,
      pengawas: FORBIDDEN,
      sysadmin: status(200),
      // Its own subtree's tokens only; see the cross-agency tests below.
      adminInstansiSidoarjo: status(200),
    },
  },
  {
    route: 'POST /api/v1/tokens',
    variant: `for the penghubung at ${TEST_UNIT}`,
    request: (caller) => ({
      method: 'POST',
      url: '/api/v1/tokens',
      headers: caller.headers,
      payload: { label: unique('sistem'), userId: sessions.penghubung.userId },
    }),
    expected: {
      anonymous: UNAUTHENTICATED,
      warga: FORBIDDEN,
      adminNasional: status(201),
      adminInstansi: status(201),
      penghubung: FORBIDDEN,
      pengawas: FORBIDDEN,
      sysadmin: status(201),
      adminInstansiSidoarjo: { status: 404, code: 'USER_NOT_FOUND' },
    },
  },
  {
    route: 'DELETE /api/v1/tokens/{id}',
    variant: `a token of the penghubung at ${TEST_UNIT}`,
    request: async (caller) => ({
      method: 'DELETE',
      url: `/api/v1/tokens/${(await issuePenghubungToken()).id}`,
      headers: caller.headers,
    }),
    expected: {
      anonymous: UNAUTHENTICATED,
      warga: FORBIDDEN,
      adminNasional: status(204),
      adminInstansi: status(204),
      penghubung: FORBIDDEN,
      pengawas: FORBIDDEN,
      sysadmin: status(204),
      adminInstansiSidoarjo: { status: 404, code: 'API_TOKEN_NOT_FOUND' },
    },
  },
];

function bearerCaller(actor: ActorName): Caller {
  if (actor === 'anonymous') return { actor, headers: {}, freshHeaders: async () => ({}) };
  const session = sessions[actor];
  return {
    actor,
    headers: asBearer(session),
    freshHeaders: async () => asBearer(await login(context.app, session)),
  };
}

function cookieCaller(actor: SignedInActor): Caller {
  const cookieOf = (session: Session) => ({ cookie: `terpadu_session=${session.token}` });
  return {
    actor,
    headers: cookieOf(sessions[actor]),
    freshHeaders: async () => cookieOf(await login(context.app, sessions[actor])),
  };
}

beforeAll(async () => {
  context = await startTestApp();
  sessions = await signInActors(context);
  const target = await registerCitizen(context.app);
  loginTarget = { email: target.input.email, password: target.input.password };
});
afterAll(async () => {
  await context?.close();
});

describe('the authorization table', () => {
  it('has a row for every identity route in the OpenAPI document, and no row for a route that does not exist', async () => {
    await expectRowForEveryRoute(context.app, IDENTITY_TAGS, CASES);
  });

  it('knows an existing authz table for every route under /api/v1', async () => {
    const orphans = (await documentedOperations(context.app))
      .filter((operation) => {
        const file = AUTHZ_TABLE_BY_TAG[operation.tag ?? ''];
        return !file || !existsSync(fileURLToPath(new URL(file, REPOSITORY_ROOT)));
      })
      .map((operation) => {
        const file = AUTHZ_TABLE_BY_TAG[operation.tag ?? ''] ?? 'no file named';
        return `${operation.route} (tag ${operation.tag ?? 'none'}: ${file})`;
      });
    expect(orphans, 'routes whose module has no authorization table').toEqual([]);
  });
});

describeAuthzTable(CASES, ACTORS, async (entry, actor) =>
  context.app.inject(await entry.request(bearerCaller(actor))),
);

describe('cookie sessions on state-changing routes', () => {
  const needingSession = CASES.filter(
    (entry, index) =>
      !entry.route.startsWith('GET ') &&
      entry.expected.anonymous.status === 401 &&
      CASES.findIndex((other) => other.route === entry.route) === index,
  );

  it('covers at least the routes that change officers, agencies and tokens', () => {
    expect(needingSession.map((entry) => entry.route)).toEqual(
      expect.arrayContaining([
        'POST /api/v1/agencies',
        'POST /api/v1/officers',
        'DELETE /api/v1/tokens/{id}',
      ]),
    );
  });

  it.each(needingSession.map((entry) => [entry.route, entry] as const))(
    '%s is refused from a cookie without x-csrf-token, even for a sysadmin',
    async (_route, entry) => {
      const response = await context.app.inject(await entry.request(cookieCaller('sysadmin')));
      expect(response.statusCode, response.body).toBe(403);
      expect(problem(response).code).toBe('CSRF_TOKEN_INVALID');
    },
  );
});

describe('cross-agency reads', () => {
  it('shows an admin-instansi of Sidoarjo none of Surabaya’s officers', async () => {
    const response = await context.app.inject({
      method: 'GET',
      url: '/api/v1/officers',
      headers: asBearer(sessions.adminInstansiSidoarjo),
    });
    const codes = (response.json().items as Array<{ agencyCode: string }>).map(
      (officer) => officer.agencyCode,
    );
    expect(codes.length).toBeGreaterThan(0);
    for (const code of codes) expect(code).toMatch(/^35\.15(\/|$)/);
  });

  it('shows an admin-instansi of Sidoarjo none of Surabaya’s machine tokens, which the Surabaya admin sees', async () => {
    const issued = await issuePenghubungToken();
    const list = async (session: Session) =>
      (
        (
          await context.app.inject({ method: 'GET', url: '/api/v1/tokens', headers: asBearer(session) })
        ).json().items as Array<{ id: string }>
      ).map((token) => token.id);
    expect(await list(sessions.adminInstansi)).toContain(issued.id);
    expect(await list(sessions.sysadmin)).toContain(issued.id);
    expect(await list(sessions.adminInstansiSidoarjo)).not.toContain(issued.id);
  });

  it('shows a penghubung only the officers of its own unit', async () => {
    const response = await context.app.inject({
      method: 'GET',
      url: '/api/v1/officers',
      headers: asBearer(sessions.penghubung),
    });
    const officers = response.json().items as Array<{ email: string; agencyCode: string }>;
    expect(officers.map((officer) => officer.email)).toEqual(
      expect.arrayContaining([sessions.penghubung.email, sessions.pengawas.email]),
    );
    for (const officer of officers) expect(officer.agencyCode).toBe(TEST_UNIT);
  });

  it('gives a machine token the permissions of its officer, not of the admin who issued it', async () => {
    const issued = await issuePenghubungToken();
    const asMachine = { authorization: `Bearer ${issued.token}` };
    const officers = await context.app.inject({
      method: 'GET',
      url: '/api/v1/officers?agencyCode=35.78',
      headers: asMachine,
    });
    expect(problem(officers).code).toBe('AGENCY_NOT_FOUND');
    const create = await context.app.inject({
      method: 'POST',
      url: '/api/v1/officers',
      headers: asMachine,
      payload: {
        email: makeEmail('lewat-mesin'),
        name: 'Lewat Mesin',
        role: 'penghubung',
        agencyCode: TEST_UNIT,
      },
    });
    expect(create.statusCode).toBe(403);
    expect(problem(create).code).toBe('FORBIDDEN');
  });
});
