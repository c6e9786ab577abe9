import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, it } from 'vitest';
import {
  describeAuthzTable,
  everyone,
  expectRowForEveryRoute,
  FORBIDDEN,
  type Outcome,
  status,
  UNAUTHENTICATED,
} from '../../../test/support/authz.ts';
import {
  actOrThrow,
  addTestUnits,
  type Cast,
  fileReport,
  makeCast,
} from '../../../test/support/complaints.ts';
import { asBearer } from '../../../test/support/factories.ts';
import { installSyntheticModel } from '../../../test/support/insights.ts';
import { startTestApp, type TestContext } from '../../../test/support/test-platform.ts';

/**
 * Who may call each insights route. Suggestions follow the report's own visibility (a report
 * awaiting verification in Surabaya: national admins and Surabaya's admin; a handler elsewhere
 * gets 404) and need complaints:handle; the model store and accuracy need insights:manage.
 */
type Caller = 'anonymous' | keyof Cast;
const CALLERS: Caller[] = [
  'anonymous',
  'otherCitizen',
  'reporter',
  'nasional',
  'adminSurabaya',
  'penghubungSurabaya',
  'pengawasSurabaya',
  'pengawasUnitSurabaya',
  'pengawasPusat',
  'adminSidoarjo',
  'penghubungSidoarjo',
  'pengawasSidoarjo',
  'sysadmin',
];
const NOT_FOUND: Outcome = { status: 404, code: 'COMPLAINT_NOT_FOUND' };
const MANAGERS_ONLY: Record<Caller, Outcome> = {
  ...everyone(CALLERS, FORBIDDEN),
  anonymous: UNAUTHENTICATED,
  nasional: status(200),
  sysadmin: status(200),
};

let context: TestContext;
let cast: Cast;
let awaitingVerification: string;
let routedInSurabaya: string;
let firstVersion: string;

type Case = {
  route: string;
  variant?: string;
  send(caller: Caller): Promise<LightMyRequestResponse>;
  expected: Record<Caller, Outcome>;
};

function headersOf(caller: Caller): Record<string, string> {
  return caller === 'anonymous' ? {} : asBearer(cast[caller]);
}

const CASES: Case[] = [
  {
    route: 'GET /api/v1/insights/suggestions/{trackingId}',
    variant: 'a report addressed to Surabaya, awaiting verification',
    send: (caller) =>
      context.app.inject({
        method: 'GET',
        url: `/api/v1/insights/suggestions/${awaitingVerification}`,
        headers: headersOf(caller),
      }),
    expected: {
      ...everyone(CALLERS, FORBIDDEN),
      anonymous: UNAUTHENTICATED,
      nasional: status(200),
      adminSurabaya: status(200),
      // A unit sees a report only once it is forwarded to it.
      penghubungSurabaya: NOT_FOUND,
      adminSidoarjo: NOT_FOUND,
      penghubungSidoarjo: NOT_FOUND,
    },
  },
  {
    route: 'GET /api/v1/insights/suggestions/{trackingId}',
    variant: 'a report at Surabaya’s water agency',
    send: (caller) =>
      context.app.inject({
        method: 'GET',
        url: `/api/v1/insights/suggestions/${routedInSurabaya}`,
        headers: headersOf(caller),
      }),
    expected: {
      ...everyone(CALLERS, FORBIDDEN),
      anonymous: UNAUTHENTICATED,
      nasional: status(200),
      adminSurabaya: status(200),
      penghubungSurabaya: status(200),
      adminSidoarjo: NOT_FOUND,
      penghubungSidoarjo: NOT_FOUND,
    },
  },
  {
    route: 'GET /api/v1/insights/models',
    send: (caller) =>
      context.app.inject({ method: 'GET', url: '/api/v1/insights/models', headers: headersOf(caller) }),
    expected: MANAGERS_ONLY,
  },
  {
    route: 'POST /api/v1/insights/models/{kind}/activate',
    send: (caller) =>
      context.app.inject({
        method: 'POST',
        url: '/api/v1/insights/models/agency/activate',
        headers: headersOf(caller),
        payload: { version: firstVersion },
      }),
    expected: MANAGERS_ONLY,
  },
  {
    route: 'POST /api/v1/insights/models/{kind}/rollback',
    send: (caller) =>
      context.app.inject({
        method: 'POST',
        url: '/api/v1/insights/models/agency/rollback',
        headers: headersOf(caller),
      }),
    expected: MANAGERS_ONLY,
  },
  {
    route: 'GET /api/v1/insights/accuracy',
    send: (caller) =>
      context.app.inject({ method: 'GET', url: '/api/v1/insights/accuracy', headers: headersOf(caller) }),
    expected: MANAGERS_ONLY,
  },
];

beforeAll(async () => {
  context = await startTestApp();
  await addTestUnits(context.platform);
  cast = await makeCast(context.app, context.platform);
  firstVersion = (await installSyntheticModel(context.platform)).version;
  await installSyntheticModel(context.platform);
  awaitingVerification = await fileReport(context.app, cast.reporter, { agencyCode: '35.78' });
  routedInSurabaya = await fileReport(context.app, cast.reporter);
  await actOrThrow(context.app, cast.nasional, routedInSurabaya, {
    action: 'disposisi',
    agencyCode: '35.78',
  });
  await actOrThrow(context.app, cast.adminSurabaya, routedInSurabaya, {
    action: 'disposisi_unit',
    unitCode: '35.78/dinas-sda',
  });
}, 120_000);
afterAll(async () => {
  await context?.close();
});

describe('the authorization table', () => {
  it('has a row for every documented insights route', async () => {
    await expectRowForEveryRoute(context.app, ['insights'], CASES);
  });
});

describeAuthzTable(CASES, CALLERS, (entry, caller) => entry.send(caller));
