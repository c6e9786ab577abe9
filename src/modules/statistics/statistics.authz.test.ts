import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, it } from 'vitest';
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
import { asBearer, type Credentials, type Session } from '../../../test/support/factories.ts';
import { startTestApp, type TestContext } from '../../../test/support/test-platform.ts';

/**
 * Who may call each statistics route: the statistics are public (no login); the export of an
 * agency's reports (their content) is for officers who read reports, within their agency's reach
 * (statistics.test.ts checks that Sidoarjo's export holds only Sidoarjo's reports).
 */

const STATISTICS_TAGS = ['statistics'];

type Case = {
  route: string;
  variant?: string;
  request(headers: Record<string, string>): InjectOptions;
  expected: Record<ActorName, Outcome>;
};

const READERS: Partial<Record<SignedInActor, Outcome>> = {
  adminNasional: status(200),
  adminInstansi: status(200),
  penghubung: status(200),
  pengawas: status(200),
  adminInstansiSidoarjo: status(200),
};

const CASES: Case[] = [
  {
    route: 'GET /api/v1/statistics',
    request: (headers) => ({ method: 'GET', url: '/api/v1/statistics?from=2025-01', headers }),
    expected: everyone(ACTORS, status(200)),
  },
  {
    route: 'GET /api/v1/statistics/tables/{table}',
    request: (headers) => ({ method: 'GET', url: '/api/v1/statistics/tables/league?format=csv', headers }),
    expected: everyone(ACTORS, status(200)),
  },
  {
    route: 'GET /api/v1/statistics/tables/{table}',
    variant: 'a table that does not exist',
    request: (headers) => ({ method: 'GET', url: '/api/v1/statistics/tables/reporters', headers }),
    expected: everyone(ACTORS, status(400)),
  },
  {
    route: 'GET /api/v1/statistics/export',
    request: (headers) => ({ method: 'GET', url: '/api/v1/statistics/export?format=csv', headers }),
    // Citizens and the system administrator handle no reports: no export of their content.
    expected: { ...everyone(ACTORS, FORBIDDEN), anonymous: UNAUTHENTICATED, ...READERS },
  },
  {
    route: 'GET /api/v1/statistics/export',
    variant: 'xlsx',
    request: (headers) => ({ method: 'GET', url: '/api/v1/statistics/export?format=xlsx', headers }),
    expected: { ...everyone(ACTORS, FORBIDDEN), anonymous: UNAUTHENTICATED, ...READERS },
  },
];

let context: TestContext;
let sessions: Record<SignedInActor, Session & Credentials>;

beforeAll(async () => {
  context = await startTestApp();
  sessions = await signInActors(context);
});
afterAll(async () => {
  await context?.close();
});

describe('the authorization table', () => {
  it('has a row for every statistics route in the OpenAPI document, and no row for a route that does not exist', async () => {
    await expectRowForEveryRoute(context.app, STATISTICS_TAGS, CASES);
  });
});

describeAuthzTable(CASES, ACTORS, async (entry, actor) =>
  context.app.inject(entry.request(actor === 'anonymous' ? {} : asBearer(sessions[actor]))),
);
