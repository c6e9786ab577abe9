import { randomBytes } from 'node:crypto';
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
  CAPIL_UNIT,
  type CatalogCast,
  CHILD,
  call,
  makeCatalogCast,
  publishAkta,
  submitAkta,
  upload,
} from '../../../test/support/catalog.ts';
import { tinyPng } from '../../../test/support/complaints.ts';
import { startTestApp, type TestContext } from '../../../test/support/test-platform.ts';
import { aktaKelahiranService } from './akta-kelahiran.ts';

/**
 * Who may call each route of the catalogue, as a table. The birth-certificate service belongs to
 * Surabaya's civil-registration office; its first step is the unit's penghubung's, its second the
 * admin-instansi of Kota Surabaya's. Sidoarjo (35.15) is the other regency.
 */
const TAGS = ['catalog', 'public-catalog', 'applications'];
const CALLERS = [
  'anonymous',
  'citizen',
  'otherCitizen',
  'admin',
  'verifier',
  'pengawas',
  'adminSidoarjo',
  'penghubungSidoarjo',
  'sysadmin',
] as const;
type Caller = (typeof CALLERS)[number];

const NOT_FOUND = (code: string): Outcome => ({ status: 404, code });
const APPLICATION_NOT_FOUND = NOT_FOUND('APPLICATION_NOT_FOUND');
const SERVICE_NOT_FOUND = NOT_FOUND('SERVICE_NOT_FOUND');
const OUT_OF_REACH: Outcome = { status: 403, code: 'AGENCY_OUT_OF_REACH' };

/** Only some callers hold the route's scope; the rest are refused (anonymous: log in). */
function only(outcomes: Partial<Record<Caller, Outcome>>): Record<Caller, Outcome> {
  return { ...everyone(CALLERS, FORBIDDEN), anonymous: UNAUTHENTICATED, ...outcomes };
}

let context: TestContext;
let cast: CatalogCast & { sysadmin: { token: string } };
let serviceId: string;
/** Submitted, at the first step (the unit's). */
let submitted: string;
let uploadId: string;
/** A second published "kelahiran" service, and a bundle of the citizen's with both. */
let secondServiceId = '';
let bundleReference = '';
let photo: Buffer;

const send = (caller: Caller) => (caller === 'anonymous' ? undefined : cast[caller]);
const slug = () => `akta-${randomBytes(4).toString('hex')}`;

async function freshDraft(): Promise<string> {
  const started = await call(context.app, cast.citizen, 'POST', '/applications', { serviceId });
  return started.json().referenceNumber as string;
}

async function freshCompleteDraft(): Promise<string> {
  const reference = await freshDraft();
  const view = (await call(context.app, cast.citizen, 'GET', `/applications/${reference}`)).json();
  await call(context.app, cast.citizen, 'PUT', `/applications/${reference}/draft`, {
    values: { ...view.values, ...CHILD },
  });
  await upload(
    context.app,
    cast.citizen,
    `/applications/${reference}/documents?requirement=surat-kelahiran`,
    's.png',
    photo,
  );
  return reference;
}

async function freshCompleted(): Promise<string> {
  const reference = await submitAkta(context.app, cast.citizen, serviceId, photo);
  await call(context.app, cast.verifier, 'POST', `/applications/${reference}/actions`, {
    action: 'teruskan',
  });
  const done = await call(context.app, cast.admin, 'POST', `/applications/${reference}/actions`, {
    action: 'setujui',
  });
  if (done.statusCode !== 200) throw new Error(done.body);
  return reference;
}

/** The citizen's own application for the owner, else any existing one (outsiders must not learn which). */
const referenceFor = async (caller: Caller, make: () => Promise<string>) =>
  caller === 'citizen' ? make() : submitted;

type Case = {
  route: string;
  variant?: string;
  send: (caller: Caller) => Promise<LightMyRequestResponse>;
  expected: Record<Caller, Outcome>;
};

const CASES: Case[] = [
  {
    route: 'GET /api/v1/catalog/services',
    send: (caller) => call(context.app, send(caller), 'GET', '/catalog/services'),
    expected: only({ admin: status(200), adminSidoarjo: status(200) }),
  },
  {
    route: 'POST /api/v1/catalog/services',
    variant: 'for the Surabaya civil-registration office',
    send: (caller) =>
      call(context.app, send(caller), 'POST', '/catalog/services', {
        agencyCode: CAPIL_UNIT,
        slug: slug(),
        content: aktaKelahiranService(),
      }),
    expected: only({ admin: status(201), adminSidoarjo: OUT_OF_REACH }),
  },
  {
    route: 'GET /api/v1/catalog/services/{serviceId}',
    send: (caller) => call(context.app, send(caller), 'GET', `/catalog/services/${serviceId}`),
    expected: only({ admin: status(200), adminSidoarjo: SERVICE_NOT_FOUND }),
  },
  {
    route: 'PUT /api/v1/catalog/services/{serviceId}',
    send: (caller) =>
      call(context.app, send(caller), 'PUT', `/catalog/services/${serviceId}`, {
        content: aktaKelahiranService(),
      }),
    expected: only({ admin: status(200), adminSidoarjo: SERVICE_NOT_FOUND }),
  },
  {
    route: 'POST /api/v1/catalog/services/{serviceId}/publish',
    send: (caller) => call(context.app, send(caller), 'POST', `/catalog/services/${serviceId}/publish`),
    expected: only({ admin: status(200), adminSidoarjo: SERVICE_NOT_FOUND }),
  },
  {
    route: 'POST /api/v1/catalog/services/{serviceId}/withdraw',
    variant: 'a service of its own for each caller',
    send: async (caller) =>
      call(
        context.app,
        send(caller),
        'POST',
        `/catalog/services/${await publishAkta(context.app, cast.admin)}/withdraw`,
      ),
    expected: only({ admin: status(200), adminSidoarjo: SERVICE_NOT_FOUND }),
  },
  {
    route: 'GET /api/v1/catalog/services/{serviceId}/export',
    send: (caller) => call(context.app, send(caller), 'GET', `/catalog/services/${serviceId}/export`),
    expected: only({ admin: status(200), adminSidoarjo: SERVICE_NOT_FOUND }),
  },
  {
    route: 'POST /api/v1/catalog/services/import',
    variant: 'into the Surabaya civil-registration office',
    send: async (caller) => {
      const file = (
        await call(context.app, cast.admin, 'GET', `/catalog/services/${serviceId}/export`)
      ).json();
      return call(context.app, send(caller), 'POST', '/catalog/services/import', {
        agencyCode: CAPIL_UNIT,
        slug: slug(),
        file,
      });
    },
    expected: only({ admin: status(201), adminSidoarjo: OUT_OF_REACH }),
  },
  {
    route: 'GET /api/v1/public/services',
    send: (caller) => call(context.app, send(caller), 'GET', '/public/services?q=akta'),
    expected: everyone(CALLERS, status(200)),
  },
  {
    route: 'GET /api/v1/public/services/{serviceId}',
    send: (caller) => call(context.app, send(caller), 'GET', `/public/services/${serviceId}`),
    expected: everyone(CALLERS, status(200)),
  },
  {
    route: 'GET /api/v1/public/services/{serviceId}/satisfaction',
    send: (caller) =>
      call(context.app, send(caller), 'GET', `/public/services/${serviceId}/satisfaction?period=2026`),
    expected: everyone(CALLERS, status(200)),
  },
  {
    route: 'GET /api/v1/public/agencies/{agencyCode}/satisfaction',
    send: (caller) =>
      call(
        context.app,
        send(caller),
        'GET',
        `/public/agencies/${encodeURIComponent(CAPIL_UNIT)}/satisfaction`,
      ),
    expected: everyone(CALLERS, status(200)),
  },
  {
    route: 'GET /api/v1/public/documents/{documentId}/verification',
    variant: 'an id never issued',
    send: (caller) =>
      call(
        context.app,
        send(caller),
        'GET',
        '/public/documents/00000000-0000-4000-8000-000000000000/verification',
      ),
    expected: everyone(CALLERS, NOT_FOUND('RESULT_NOT_FOUND')),
  },
  {
    route: 'POST /api/v1/public/documents/{documentId}/verification',
    variant: 'an id never issued',
    send: (caller) =>
      upload(
        context.app,
        send(caller),
        '/public/documents/00000000-0000-4000-8000-000000000000/verification',
        'a.pdf',
        photo,
      ),
    expected: everyone(CALLERS, NOT_FOUND('RESULT_NOT_FOUND')),
  },
  {
    route: 'POST /api/v1/applications',
    send: (caller) => call(context.app, send(caller), 'POST', '/applications', { serviceId }),
    expected: only({ citizen: status(201), otherCitizen: status(201) }),
  },
  {
    route: 'GET /api/v1/applications',
    send: (caller) => call(context.app, send(caller), 'GET', '/applications'),
    expected: only({ citizen: status(200), otherCitizen: status(200) }),
  },
  {
    route: 'POST /api/v1/applications/bundles',
    send: (caller) =>
      call(context.app, send(caller), 'POST', '/applications/bundles', {
        lifeEvent: 'kelahiran',
        serviceIds: [serviceId, secondServiceId],
      }),
    expected: only({ citizen: status(201), otherCitizen: status(201) }),
  },
  {
    route: 'GET /api/v1/applications/bundles',
    send: (caller) => call(context.app, send(caller), 'GET', '/applications/bundles'),
    expected: only({ citizen: status(200), otherCitizen: status(200) }),
  },
  {
    route: 'GET /api/v1/applications/bundles/{reference}',
    send: (caller) => call(context.app, send(caller), 'GET', `/applications/bundles/${bundleReference}`),
    expected: only({ citizen: status(200), otherCitizen: APPLICATION_NOT_FOUND }),
  },
  {
    route: 'PUT /api/v1/applications/bundles/{reference}/draft',
    send: (caller) =>
      call(context.app, send(caller), 'PUT', `/applications/bundles/${bundleReference}/draft`, {
        values: { namaAnak: 'Ani' },
      }),
    expected: only({ citizen: status(200), otherCitizen: APPLICATION_NOT_FOUND }),
  },
  {
    route: 'POST /api/v1/applications/bundles/{reference}/submit',
    variant: 'documents still missing',
    send: (caller) =>
      call(context.app, send(caller), 'POST', `/applications/bundles/${bundleReference}/submit`),
    expected: only({
      citizen: { status: 400, code: 'APPLICATION_INCOMPLETE' },
      otherCitizen: APPLICATION_NOT_FOUND,
    }),
  },
  {
    route: 'GET /api/v1/applications/queue',
    send: (caller) => call(context.app, send(caller), 'GET', '/applications/queue'),
    expected: only({
      admin: status(200),
      verifier: status(200),
      adminSidoarjo: status(200),
      penghubungSidoarjo: status(200),
    }),
  },
  {
    route: 'GET /api/v1/applications/{reference}',
    variant: 'submitted, at the unit’s step',
    send: (caller) => call(context.app, send(caller), 'GET', `/applications/${submitted}`),
    expected: only({
      citizen: status(200),
      otherCitizen: APPLICATION_NOT_FOUND,
      admin: status(200),
      verifier: status(200),
      adminSidoarjo: APPLICATION_NOT_FOUND,
      penghubungSidoarjo: APPLICATION_NOT_FOUND,
    }),
  },
  {
    route: 'GET /api/v1/applications/{reference}',
    variant: 'a draft: the citizen’s alone',
    send: async (caller) => call(context.app, send(caller), 'GET', `/applications/${await freshDraft()}`),
    expected: only({
      citizen: status(200),
      otherCitizen: APPLICATION_NOT_FOUND,
      admin: APPLICATION_NOT_FOUND,
      verifier: APPLICATION_NOT_FOUND,
      adminSidoarjo: APPLICATION_NOT_FOUND,
      penghubungSidoarjo: APPLICATION_NOT_FOUND,
    }),
  },
  {
    route: 'PUT /api/v1/applications/{reference}/draft',
    send: async (caller) =>
      call(context.app, send(caller), 'PUT', `/applications/${await freshDraft()}/draft`, {
        values: { namaAnak: 'Ani' },
      }),
    expected: only({ citizen: status(200), otherCitizen: APPLICATION_NOT_FOUND }),
  },
  {
    route: 'POST /api/v1/applications/{reference}/documents',
    send: async (caller) =>
      upload(
        context.app,
        send(caller),
        `/applications/${await freshDraft()}/documents?requirement=surat-kelahiran`,
        's.png',
        photo,
      ),
    expected: only({ citizen: status(201), otherCitizen: APPLICATION_NOT_FOUND }),
  },
  {
    route: 'GET /api/v1/applications/{reference}/documents/{uploadId}',
    send: (caller) =>
      call(context.app, send(caller), 'GET', `/applications/${submitted}/documents/${uploadId}`),
    expected: only({
      citizen: status(200),
      otherCitizen: APPLICATION_NOT_FOUND,
      admin: status(200),
      verifier: status(200),
      adminSidoarjo: APPLICATION_NOT_FOUND,
      penghubungSidoarjo: APPLICATION_NOT_FOUND,
    }),
  },
  {
    route: 'POST /api/v1/applications/{reference}/submit',
    send: async (caller) =>
      call(
        context.app,
        send(caller),
        'POST',
        `/applications/${await referenceFor(caller, freshCompleteDraft)}/submit`,
      ),
    expected: only({ citizen: status(200), otherCitizen: APPLICATION_NOT_FOUND }),
  },
  {
    route: 'POST /api/v1/applications/{reference}/actions',
    variant: 'teruskan at the unit’s step',
    send: async (caller) => {
      const reference = await submitAkta(context.app, cast.citizen, serviceId, photo);
      return call(context.app, send(caller), 'POST', `/applications/${reference}/actions`, {
        action: 'teruskan',
      });
    },
    expected: only({
      verifier: status(200),
      admin: { status: 403, code: 'APPLICATION_ACTION_FORBIDDEN' },
      adminSidoarjo: APPLICATION_NOT_FOUND,
      penghubungSidoarjo: APPLICATION_NOT_FOUND,
    }),
  },
  {
    route: 'GET /api/v1/applications/{reference}/result',
    send: async (caller) =>
      call(
        context.app,
        send(caller),
        'GET',
        `/applications/${caller === 'citizen' || caller === 'otherCitizen' ? await freshCompleted() : submitted}/result`,
      ),
    expected: only({ citizen: status(200), otherCitizen: APPLICATION_NOT_FOUND }),
  },
  {
    route: 'POST /api/v1/applications/{reference}/survey',
    send: async (caller) =>
      call(
        context.app,
        send(caller),
        'POST',
        `/applications/${caller === 'citizen' || caller === 'otherCitizen' ? await freshCompleted() : submitted}/survey`,
        { scores: [4, 4, 4, 4, 4, 4, 4, 4, 4] },
      ),
    expected: only({ citizen: status(201), otherCitizen: APPLICATION_NOT_FOUND }),
  },
];

beforeAll(async () => {
  context = await startTestApp();
  const base = await makeCatalogCast(context);
  const { makeOfficer } = await import('../../../test/support/factories.ts');
  cast = { ...base, sysadmin: await makeOfficer(context.app, context.platform, 'sysadmin', 'komdigi') };
  photo = await tinyPng();
  serviceId = await publishAkta(context.app, cast.admin);
  submitted = await submitAkta(context.app, cast.citizen, serviceId, photo);
  uploadId = (await call(context.app, cast.citizen, 'GET', `/applications/${submitted}`)).json().uploads[0]
    .id;
  secondServiceId = await publishAkta(context.app, cast.admin);
  bundleReference = (
    await call(context.app, cast.citizen, 'POST', '/applications/bundles', {
      lifeEvent: 'kelahiran',
      serviceIds: [serviceId, secondServiceId],
    })
  ).json().referenceNumber;
}, 120_000);
afterAll(async () => context?.close());

describe('the catalogue authorization table', () => {
  it('has a row for every catalogue route in the OpenAPI document', async () => {
    await expectRowForEveryRoute(context.app, TAGS, CASES);
  });
});

describeAuthzTable(CASES, CALLERS, (row, caller) => row.send(caller));
