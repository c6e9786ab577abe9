import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ACTORS,
  type ActorName,
  describeAuthzTable,
  everyone,
  expectRowForEveryRoute,
  FORBIDDEN,
  type Outcome,
  type SignedInActor,
  signInActors,
  status,
  UNAUTHENTICATED,
} from '../../../test/support/authz.ts';
import { asBearer, type Credentials, problem, type Session } from '../../../test/support/factories.ts';
import { issueKey, postAndResolve, postRequest, requestForm } from '../../../test/support/open311.ts';
import { startTestApp, type TestContext } from '../../../test/support/test-platform.ts';

/**
 * Who may manage Open311 API keys: the system administrator and admin-nasional (scope
 * apikeys:manage); no agency admin, officer or citizen. The GeoReport endpoints themselves are
 * public for reading and take an api_key for posting (open311.test.ts).
 */

const TAGS = ['open311'];
const KEY_NOT_FOUND: Outcome = { status: 404, code: 'API_KEY_NOT_FOUND' };
const REPORT_NOT_FOUND: Outcome = { status: 404, code: 'COMPLAINT_NOT_FOUND' };
/** Reports filed through Open311 in beforeAll. */
const reports = { publik: '', anonim: '' };

function only(allowed: Partial<Record<SignedInActor, Outcome>>): Record<ActorName, Outcome> {
  return { ...everyone(ACTORS, FORBIDDEN), anonymous: UNAUTHENTICATED, ...allowed };
}

type Case = {
  route: string;
  variant?: string;
  request(headers: Record<string, string>): InjectOptions | Promise<InjectOptions>;
  expected: Record<ActorName, Outcome>;
};

let context: TestContext;
let sessions: Record<SignedInActor, Session & Credentials>;

const CASES: Case[] = [
  {
    route: 'GET /api/v1/open311/api-keys',
    request: (headers) => ({ method: 'GET', url: '/api/v1/open311/api-keys', headers }),
    expected: only({ adminNasional: status(200), sysadmin: status(200) }),
  },
  {
    route: 'POST /api/v1/open311/api-keys',
    request: (headers) => ({
      method: 'POST',
      url: '/api/v1/open311/api-keys',
      headers,
      payload: { name: 'Aplikasi Pengaduan Kota', regionCode: '35.78' },
    }),
    expected: only({ adminNasional: status(201), sysadmin: status(201) }),
  },
  {
    route: 'POST /api/v1/open311/api-keys/{id}/revoke',
    request: async (headers) => ({
      method: 'POST',
      url: `/api/v1/open311/api-keys/${(await issueKey(context.app, sessions.sysadmin)).id}/revoke`,
      headers,
    }),
    expected: only({ adminNasional: status(200), sysadmin: status(200) }),
  },
  {
    route: 'POST /api/v1/open311/api-keys/{id}/revoke',
    variant: 'a key that does not exist',
    request: (headers) => ({
      method: 'POST',
      url: '/api/v1/open311/api-keys/00000000-0000-4000-8000-000000000000/revoke',
      headers,
    }),
    expected: only({ adminNasional: KEY_NOT_FOUND, sysadmin: KEY_NOT_FOUND }),
  },
  {
    route: 'GET /api/v1/open311/requests/{trackingId}/contact',
    request: (headers) => ({
      method: 'GET',
      url: `/api/v1/open311/requests/${reports.publik}/contact`,
      headers,
    }),
    // Handlers of the report only: before verification that is admin-nasional; the city's officers
    // do not see an unverified report that was not addressed to them.
    expected: {
      ...only({ adminNasional: status(200) }),
      adminInstansi: REPORT_NOT_FOUND,
      penghubung: REPORT_NOT_FOUND,
      adminInstansiSidoarjo: REPORT_NOT_FOUND,
    },
  },
  {
    route: 'GET /api/v1/open311/requests/{trackingId}/contact',
    variant: 'an anonim report',
    request: (headers) => ({
      method: 'GET',
      url: `/api/v1/open311/requests/${reports.anonim}/contact`,
      headers,
    }),
    expected: {
      ...only({ adminNasional: { status: 403, code: 'IDENTITY_PROTECTED' } }),
      adminInstansi: REPORT_NOT_FOUND,
      penghubung: REPORT_NOT_FOUND,
      adminInstansiSidoarjo: REPORT_NOT_FOUND,
    },
  },
];

beforeAll(async () => {
  context = await startTestApp();
  sessions = await signInActors(context);
  const key = (await issueKey(context.app, sessions.sysadmin, { name: 'Aplikasi Tabel' })).key;
  reports.publik = await postAndResolve(context.app, requestForm({ api_key: key }));
  reports.anonim = await postAndResolve(
    context.app,
    requestForm({ api_key: key, 'attribute[privasi]': 'anonim' }),
  );
});
afterAll(() => context?.close());

function headersOf(actor: ActorName): Record<string, string> {
  return actor === 'anonymous' ? {} : asBearer(sessions[actor]);
}

describe('the authorization table', () => {
  it('has a row for every Open311 key route in the OpenAPI document, and no row for a route that does not exist', async () => {
    await expectRowForEveryRoute(context.app, TAGS, CASES);
  });
});

describeAuthzTable(CASES, ACTORS, async (entry, actor) =>
  context.app.inject(await entry.request(headersOf(actor))),
);

describe('the key lifecycle through the API', () => {
  it('shows the key once, lists it by prefix only, and refuses it with 403 once revoked', async () => {
    const admin = sessions.adminNasional;
    const issued = await issueKey(context.app, admin, { name: 'Aplikasi Siklus', rateLimitPerMinute: 100 });
    expect(issued.key).toMatch(/^o311_[A-Za-z0-9_-]{32}$/);
    expect(issued.key.startsWith(issued.prefix)).toBe(true);

    const listed = await context.app.inject({
      method: 'GET',
      url: '/api/v1/open311/api-keys',
      headers: asBearer(admin),
    });
    expect(listed.body).not.toContain(issued.key);
    expect((listed.json() as { items: Array<Record<string, unknown>> }).items).toContainEqual(
      expect.objectContaining({
        id: issued.id,
        name: 'Aplikasi Siklus',
        prefix: issued.prefix,
        revokedAt: null,
      }),
    );

    expect((await postRequest(context.app, requestForm({ api_key: issued.key }))).statusCode).toBe(201);
    const afterUse = (
      await context.app.inject({ method: 'GET', url: '/api/v1/open311/api-keys', headers: asBearer(admin) })
    ).json() as { items: Array<{ id: string; lastUsedAt: string | null }> };
    expect(afterUse.items.find((item) => item.id === issued.id)!.lastUsedAt).not.toBeNull();

    const revoked = await context.app.inject({
      method: 'POST',
      url: `/api/v1/open311/api-keys/${issued.id}/revoke`,
      headers: asBearer(admin),
    });
    expect(revoked.json()).toMatchObject({ id: issued.id, revokedAt: expect.any(String) });
    const refused = await postRequest(context.app, requestForm({ api_key: issued.key }));
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toEqual([{ code: 403, description: expect.stringContaining('api_key') }]);

    const audit = await context.app.inject({
      method: 'GET',
      url: '/api/v1/admin/audit?limit=50',
      headers: asBearer(sessions.sysadmin),
    });
    const actions = (audit.json() as { items: Array<{ action: string; targetId: string }> }).items
      .filter((entry) => entry.targetId === issued.id)
      .map((entry) => entry.action);
    expect(actions).toEqual(expect.arrayContaining(['open311_api_key.created', 'open311_api_key.revoked']));
  });

  it('refuses a region that is not a Kemendagri regency or finer', async () => {
    const response = await context.app.inject({
      method: 'POST',
      url: '/api/v1/open311/api-keys',
      headers: asBearer(sessions.sysadmin),
      payload: { name: 'Aplikasi Salah Wilayah', regionCode: '99.99' },
    });
    expect(response.statusCode).toBe(400);
    expect(problem(response).code).toBe('REGION_UNKNOWN');
  });

  it('files requests of a key with a region there when they name no jurisdiction', async () => {
    const issued = await issueKey(context.app, sessions.sysadmin, {
      name: 'Aplikasi Sidoarjo',
      regionCode: '35.15',
    });
    const posted = await postRequest(
      context.app,
      requestForm({ api_key: issued.key, jurisdiction_id: undefined }),
    );
    expect(posted.statusCode, posted.body).toBe(201);
    const [{ token }] = posted.json() as [{ token: string }];
    const [{ service_request_id: id }] = (
      await context.app.inject({ method: 'GET', url: `/open311/v2/tokens/${token}.json` })
    ).json() as [{ service_request_id: string }];
    const full = await context.app.inject({
      method: 'GET',
      url: `/api/v1/complaints/${id}`,
      headers: asBearer(sessions.adminNasional),
    });
    expect(full.json()).toMatchObject({ regionCode: '35.15' });
  });

  it('limits the requests per minute of each key, in the spec’s error format', async () => {
    const slow = await issueKey(context.app, sessions.sysadmin, {
      name: 'Aplikasi Lambat',
      rateLimitPerMinute: 2,
    });
    const other = await issueKey(context.app, sessions.sysadmin, { name: 'Aplikasi Lain' });
    const invalid = requestForm({ description: 'pendek' });
    const statuses: number[] = [];
    for (let attempt = 0; attempt < 3; attempt += 1) {
      statuses.push((await postRequest(context.app, { ...invalid, api_key: slow.key })).statusCode);
    }
    expect(statuses).toEqual([400, 400, 429]);
    const limited = await postRequest(context.app, { ...invalid, api_key: slow.key }, 'xml');
    expect(limited.statusCode).toBe(429);
    expect(limited.body).toContain('<errors><error><code>429</code>');
    // Another key is not slowed by the first one's burst.
    expect((await postRequest(context.app, { ...invalid, api_key: other.key })).statusCode).toBe(400);
  });
});
