import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll } from 'vitest';
import {
  type AuthzRow,
  describeAuthzTable,
  type OfficerPlace,
  signedIn,
  signInOfficers,
  status,
} from '../../../test/support/authz.ts';
import { asBearer, makeCitizen, type Session } from '../../../test/support/factories.ts';
import { startTestApp, type TestContext } from '../../../test/support/test-platform.ts';
import type { Role } from '../identity/index.ts';

const OFFICERS: Record<Role, OfficerPlace> = {
  'admin-nasional': { role: 'admin-nasional', agencyCode: 'kemenpanrb' },
  'admin-instansi': { role: 'admin-instansi', agencyCode: '35.78' },
  penghubung: { role: 'penghubung', agencyCode: '35.78' },
  pengawas: { role: 'pengawas', agencyCode: '35.78' },
  sysadmin: { role: 'sysadmin', agencyCode: 'komdigi' },
};
type Caller = 'anonymous' | 'citizen' | Role;
const CALLERS: Caller[] = ['anonymous', 'citizen', ...(Object.keys(OFFICERS) as Role[])];

let context: TestContext;
let sessions: Record<Exclude<Caller, 'anonymous'>, Session>;

beforeAll(async () => {
  context = await startTestApp();
  sessions = { citizen: await makeCitizen(context.app), ...(await signInOfficers(context, OFFICERS)) };
});
afterAll(async () => {
  await context?.close();
});

/** Everyone signed in reads and marks their own notifications; nobody else's exist for them. */
const ROUTES: Array<AuthzRow<Caller> & { request: InjectOptions }> = [
  {
    route: 'GET /api/v1/notifications',
    request: { method: 'GET', url: '/api/v1/notifications' },
    expected: signedIn(CALLERS, status(200)),
  },
  {
    route: 'POST /api/v1/notifications/read',
    request: {
      method: 'POST',
      url: '/api/v1/notifications/read',
      payload: { ids: ['00000000-0000-4000-8000-000000000000'] },
    },
    expected: signedIn(CALLERS, status(204)),
  },
];

describeAuthzTable(ROUTES, CALLERS, (route, caller) =>
  context.app.inject({
    ...route.request,
    headers: caller === 'anonymous' ? {} : asBearer(sessions[caller]),
  }),
);
