import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asBearer, makeCitizen, makeOfficer } from '../../../test/support/factories.ts';
import { startTestApp, type TestContext } from '../../../test/support/test-platform.ts';
import type { Role } from '../identity/index.ts';

let context: TestContext;
const sessions: Record<string, { token: string } | undefined> = {};
const OFFICERS: Array<[Role, string]> = [
  ['admin-nasional', 'kemenpanrb'],
  ['admin-instansi', '35.78'],
  ['penghubung', '35.78'],
  ['pengawas', '35.78'],
  ['sysadmin', 'komdigi'],
];

beforeAll(async () => {
  context = await startTestApp();
  sessions.anonymous = undefined;
  sessions.citizen = await makeCitizen(context.app);
  for (const [role, agency] of OFFICERS)
    sessions[role] = await makeOfficer(context.app, context.platform, role, agency);
});
afterAll(async () => {
  await context?.close();
});

/** Everyone signed in reads and marks their own notifications; nobody else's exist for them. */
const ROUTES = [
  { method: 'GET' as const, url: '/api/v1/notifications', payload: undefined, ok: 200 },
  {
    method: 'POST' as const,
    url: '/api/v1/notifications/read',
    payload: { ids: ['00000000-0000-4000-8000-000000000000'] },
    ok: 204,
  },
];

describe('who may use the notification routes', () => {
  for (const route of ROUTES) {
    for (const caller of ['anonymous', 'citizen', ...OFFICERS.map(([role]) => role)]) {
      it(`${route.method} ${route.url} as ${caller}`, async () => {
        const session = sessions[caller];
        const response = await context.app.inject({
          method: route.method,
          url: route.url,
          headers: session ? asBearer(session) : {},
          ...(route.payload ? { payload: route.payload } : {}),
        });
        expect(response.statusCode).toBe(session ? route.ok : 401);
      });
    }
  }
});
