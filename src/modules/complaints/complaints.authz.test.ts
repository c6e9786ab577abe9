import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
  ACTION_BODIES,
  addTestUnits,
  type Cast,
  driveTo,
  fileReport,
  type Harness,
  makeCast,
  reportInput,
  tinyPng,
  uploadAttachment,
} from '../../../test/support/complaints.ts';
import { asBearer, problem } from '../../../test/support/factories.ts';
import { startTestApp, type TestContext } from '../../../test/support/test-platform.ts';

/**
 * Who may call each route of the complaints module and of the working-day calendar, as a table:
 * one row per route (and per variant where the report changes the answer), one column per caller.
 * The report is filed in Surabaya by `reporter` and handled by Pemerintah Kota Surabaya (35.78)
 * and its water agency; Sidoarjo (35.15) is the other agency. A documented route of these tags
 * without a row fails the coverage test.
 */

const TAGS = ['complaints', 'public', 'calendar'];

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

const ACTION_FORBIDDEN: Outcome = { status: 403, code: 'ACTION_FORBIDDEN' };
const IDENTITY_PROTECTED: Outcome = { status: 403, code: 'IDENTITY_PROTECTED' };
const NOT_FOUND: Outcome = { status: 404, code: 'COMPLAINT_NOT_FOUND' };

const CITIZENS: Caller[] = ['otherCitizen', 'reporter'];
/** Officers who act on reports (complaints:handle), in both agencies. */
const HANDLERS: Caller[] = [
  'nasional',
  'adminSurabaya',
  'penghubungSurabaya',
  'adminSidoarjo',
  'penghubungSidoarjo',
];
/** Officers who read reports (complaints:read): the handlers and the supervisors. */
const READERS: Caller[] = [
  ...HANDLERS,
  'pengawasSurabaya',
  'pengawasUnitSurabaya',
  'pengawasPusat',
  'pengawasSidoarjo',
];
/** Callers to whom a report of Surabaya's does not exist. */
const OUTSIDERS: Caller[] = ['otherCitizen', 'adminSidoarjo', 'penghubungSidoarjo', 'pengawasSidoarjo'];

/**
 * A route on a report of Surabaya's: anonymous callers are asked to log in, callers without the
 * route's scope are refused, outsiders with it get 404, and `seen` says what everyone else gets.
 */
function onSurabayaReport(
  scopeHolders: Caller[],
  seen: Partial<Record<Caller, Outcome>>,
): Record<Caller, Outcome> {
  const outcomes = CALLERS.map((caller): [Caller, Outcome] => {
    if (caller === 'anonymous') return [caller, UNAUTHENTICATED];
    if (!scopeHolders.includes(caller)) return [caller, FORBIDDEN];
    if (OUTSIDERS.includes(caller)) return [caller, NOT_FOUND];
    const outcome = seen[caller];
    if (!outcome) throw new Error(`the table has no outcome for ${caller}`);
    return [caller, outcome];
  });
  return Object.fromEntries(outcomes) as Record<Caller, Outcome>;
}

type Case = {
  route: string;
  variant?: string;
  /** Makes the request with the caller's credentials (bearer, or a cookie in the CSRF tests). */
  send(headers: Record<string, string>): Promise<LightMyRequestResponse>;
  expected: Record<Caller, Outcome>;
};

const inject = (options: InjectOptions) => context.app.inject(options);

let context: TestContext;
let harness: Harness;
/** At the water agency of Surabaya, publik. */
let handled: string;
let anonymous: string;
let rahasia: string;
/** Confirmed by its reporter, who may rate it. */
let closed: string;
let attachmentId: string;
let holidaySerial = 0;

const headersOf = (caller: Caller): Record<string, string> =>
  caller === 'anonymous' ? {} : asBearer(harness.cast[caller]);

/** A report at Surabaya's unit and a duplicate of it addressed to the city, not yet verified. */
async function freshPair(): Promise<[string, string]> {
  const primary = await driveTo(harness, 'di_unit');
  const duplicate = await fileReport(context.app, harness.cast.otherCitizen, { agencyCode: '35.78' });
  return [primary, duplicate];
}

/** A date no test has used yet, far from the clocks of any report. */
function freshHolidayDate(): string {
  holidaySerial += 1;
  return new Date(Date.UTC(2031, 0, 1) + holidaySerial * 86_400_000).toISOString().slice(0, 10);
}

async function existingHoliday(): Promise<string> {
  const date = freshHolidayDate();
  const response = await context.app.inject({
    method: 'PUT',
    url: `/api/v1/calendar/holidays/${date}`,
    headers: asBearer(harness.cast.sysadmin),
    payload: { kind: 'cuti_bersama', name: 'Cuti bersama uji' },
  });
  if (response.statusCode !== 200) throw new Error(`holiday not set: ${response.body}`);
  return date;
}

const CASES: Case[] = [
  {
    route: 'POST /api/v1/complaints',
    send: (headers) => inject({ method: 'POST', url: '/api/v1/complaints', headers, payload: reportInput() }),
    expected: {
      ...everyone(CALLERS, FORBIDDEN),
      anonymous: UNAUTHENTICATED,
      otherCitizen: status(201),
      reporter: status(201),
    },
  },
  {
    route: 'POST /api/v1/complaints/recorded',
    variant: 'for the reporter, received at a counter',
    send: (headers) =>
      inject({
        method: 'POST',
        url: '/api/v1/complaints/recorded',
        headers,
        payload: { ...reportInput(), channel: 'loket', reporterEmail: harness.cast.reporter.email },
      }),
    expected: {
      ...everyone(CALLERS, FORBIDDEN),
      anonymous: UNAUTHENTICATED,
      nasional: status(201),
      adminSurabaya: status(201),
      penghubungSurabaya: status(201),
      adminSidoarjo: status(201),
      penghubungSidoarjo: status(201),
    },
  },
  {
    route: 'GET /api/v1/complaints/{trackingId}',
    send: (headers) => inject({ method: 'GET', url: `/api/v1/complaints/${handled}`, headers }),
    expected: onSurabayaReport([...CITIZENS, ...READERS], {
      reporter: status(200),
      nasional: status(200),
      adminSurabaya: status(200),
      penghubungSurabaya: status(200),
      pengawasSurabaya: status(200),
      pengawasUnitSurabaya: status(200),
      pengawasPusat: status(200),
    }),
  },
  {
    route: 'GET /api/v1/complaints/{trackingId}',
    variant: 'a rahasia report',
    send: (headers) => inject({ method: 'GET', url: `/api/v1/complaints/${rahasia}`, headers }),
    expected: onSurabayaReport([...CITIZENS, ...READERS], {
      reporter: status(200),
      nasional: status(200),
      adminSurabaya: status(200),
      penghubungSurabaya: status(200),
      pengawasSurabaya: status(200),
      pengawasUnitSurabaya: status(200),
      pengawasPusat: status(200),
    }),
  },
  {
    route: 'POST /api/v1/complaints/{trackingId}/actions',
    variant: 'ubah_klasifikasi, which only the national admin takes',
    send: (headers) =>
      inject({
        method: 'POST',
        url: `/api/v1/complaints/${handled}/actions`,
        headers,
        payload: ACTION_BODIES.ubah_klasifikasi,
      }),
    expected: onSurabayaReport([...CITIZENS, ...HANDLERS], {
      reporter: ACTION_FORBIDDEN,
      nasional: status(200),
      adminSurabaya: ACTION_FORBIDDEN,
      penghubungSurabaya: ACTION_FORBIDDEN,
    }),
  },
  {
    route: 'POST /api/v1/complaints/{trackingId}/actions',
    variant: 'minta_informasi, which only the unit takes (each caller on a fresh report)',
    send: async (headers) =>
      inject({
        method: 'POST',
        url: `/api/v1/complaints/${await driveTo(harness, 'di_unit')}/actions`,
        headers,
        payload: ACTION_BODIES.minta_informasi,
      }),
    expected: onSurabayaReport([...CITIZENS, ...HANDLERS], {
      reporter: ACTION_FORBIDDEN,
      nasional: ACTION_FORBIDDEN,
      adminSurabaya: ACTION_FORBIDDEN,
      penghubungSurabaya: status(200),
    }),
  },
  {
    route: 'POST /api/v1/complaints/{trackingId}/rating',
    variant: 'a report still being handled',
    send: (headers) =>
      inject({
        method: 'POST',
        url: `/api/v1/complaints/${handled}/rating`,
        headers,
        payload: { score: 4 },
      }),
    expected: onSurabayaReport(CITIZENS, { reporter: { status: 409, code: 'TRANSITION_NOT_ALLOWED' } }),
  },
  {
    route: 'POST /api/v1/complaints/{trackingId}/rating',
    variant: 'a report its reporter confirmed',
    send: (headers) =>
      inject({
        method: 'POST',
        url: `/api/v1/complaints/${closed}/rating`,
        headers,
        payload: { score: 4 },
      }),
    expected: onSurabayaReport(CITIZENS, { reporter: status(200) }),
  },
  {
    route: 'GET /api/v1/complaints/{trackingId}/reporter',
    variant: 'a publik report',
    send: (headers) =>
      inject({
        method: 'GET',
        url: `/api/v1/complaints/${handled}/reporter`,
        headers,
      }),
    expected: onSurabayaReport(HANDLERS, {
      nasional: status(200),
      adminSurabaya: status(200),
      penghubungSurabaya: status(200),
    }),
  },
  {
    route: 'GET /api/v1/complaints/{trackingId}/reporter',
    variant: 'an anonim report',
    send: (headers) =>
      inject({
        method: 'GET',
        url: `/api/v1/complaints/${anonymous}/reporter`,
        headers,
      }),
    expected: onSurabayaReport(HANDLERS, {
      nasional: IDENTITY_PROTECTED,
      adminSurabaya: IDENTITY_PROTECTED,
      penghubungSurabaya: IDENTITY_PROTECTED,
    }),
  },
  {
    route: 'POST /api/v1/complaints/{trackingId}/attachments',
    send: async (headers) => uploadAttachment(context.app, headers, handled, 'foto.png', await tinyPng()),
    expected: onSurabayaReport([...CITIZENS, ...HANDLERS], {
      reporter: status(201),
      nasional: status(201),
      adminSurabaya: status(201),
      penghubungSurabaya: status(201),
    }),
  },
  {
    route: 'GET /api/v1/complaints/{trackingId}/attachments/{attachmentId}',
    send: (headers) =>
      inject({
        method: 'GET',
        url: `/api/v1/complaints/${handled}/attachments/${attachmentId}`,
        headers,
      }),
    expected: onSurabayaReport([...CITIZENS, ...READERS], {
      reporter: status(200),
      nasional: status(200),
      adminSurabaya: status(200),
      penghubungSurabaya: status(200),
      pengawasSurabaya: status(200),
      pengawasUnitSurabaya: status(200),
      pengawasPusat: status(200),
    }),
  },
  {
    route: 'POST /api/v1/complaints/similar',
    send: (headers) =>
      inject({
        method: 'POST',
        url: '/api/v1/complaints/similar',
        headers,
        payload: { title: 'Jalan berlubang depan SDN Karang Pilang', regionCode: '35.78.01' },
      }),
    expected: {
      ...everyone(CALLERS, FORBIDDEN),
      anonymous: UNAUTHENTICATED,
      otherCitizen: status(200),
      reporter: status(200),
    },
  },
  {
    route: 'POST /api/v1/complaints/{trackingId}/co-reporters',
    variant: 'an open publik report (each caller on a fresh one)',
    send: async (headers) =>
      inject({
        method: 'POST',
        url: `/api/v1/complaints/${await driveTo(harness, 'di_unit')}/co-reporters`,
        headers,
      }),
    expected: {
      ...everyone(CALLERS, FORBIDDEN),
      anonymous: UNAUTHENTICATED,
      otherCitizen: status(201),
      reporter: { status: 409, code: 'OWN_REPORT' },
    },
  },
  {
    route: 'POST /api/v1/complaints/{trackingId}/co-reporters',
    variant: 'a rahasia report',
    send: (headers) => inject({ method: 'POST', url: `/api/v1/complaints/${rahasia}/co-reporters`, headers }),
    expected: {
      ...everyone(CALLERS, FORBIDDEN),
      anonymous: UNAUTHENTICATED,
      otherCitizen: NOT_FOUND,
      reporter: { status: 409, code: 'OWN_REPORT' },
    },
  },
  {
    route: 'GET /api/v1/complaints/duplicates',
    send: (headers) => inject({ method: 'GET', url: '/api/v1/complaints/duplicates', headers }),
    expected: {
      ...everyone(CALLERS, FORBIDDEN),
      anonymous: UNAUTHENTICATED,
      nasional: status(200),
      adminSurabaya: status(200),
      adminSidoarjo: status(200),
      penghubungSurabaya: ACTION_FORBIDDEN,
      penghubungSidoarjo: ACTION_FORBIDDEN,
    },
  },
  {
    route: 'POST /api/v1/complaints/{trackingId}/merge',
    variant: 'a fresh duplicate addressed to the city into a report at its unit',
    send: async (headers) => {
      const [primary, duplicate] = await freshPair();
      return inject({
        method: 'POST',
        url: `/api/v1/complaints/${primary}/merge`,
        headers,
        payload: { duplicates: [duplicate], note: 'Kejadian yang sama.' },
      });
    },
    expected: onSurabayaReport(HANDLERS, {
      nasional: status(200),
      adminSurabaya: status(200),
      penghubungSurabaya: ACTION_FORBIDDEN,
    }),
  },
  {
    route: 'POST /api/v1/complaints/{trackingId}/unmerge',
    variant: 'a duplicate merged by the national admin',
    send: async (headers) => {
      const [primary, duplicate] = await freshPair();
      const merged = await inject({
        method: 'POST',
        url: `/api/v1/complaints/${primary}/merge`,
        headers: asBearer(harness.cast.nasional),
        payload: { duplicates: [duplicate], note: 'Kejadian yang sama.' },
      });
      if (merged.statusCode !== 200) throw new Error(`merge failed: ${merged.body}`);
      return inject({
        method: 'POST',
        url: `/api/v1/complaints/${duplicate}/unmerge`,
        headers,
        payload: { note: 'Ternyata berbeda.' },
      });
    },
    // The unit never had the duplicate (it was waiting for verification): not theirs to see.
    expected: onSurabayaReport(HANDLERS, {
      nasional: status(200),
      adminSurabaya: status(200),
      penghubungSurabaya: NOT_FOUND,
    }),
  },
  {
    route: 'GET /api/v1/complaints/queue',
    send: (headers) => inject({ method: 'GET', url: '/api/v1/complaints/queue', headers }),
    expected: {
      ...everyone(CALLERS, status(200)),
      anonymous: UNAUTHENTICATED,
      otherCitizen: FORBIDDEN,
      reporter: FORBIDDEN,
      sysadmin: FORBIDDEN,
    },
  },
  {
    route: 'GET /api/v1/public/complaints',
    send: (headers) => inject({ method: 'GET', url: '/api/v1/public/complaints', headers }),
    expected: everyone(CALLERS, status(200)),
  },
  {
    route: 'GET /api/v1/public/complaints/{trackingId}',
    variant: 'a publik report',
    send: (headers) => inject({ method: 'GET', url: `/api/v1/public/complaints/${handled}`, headers }),
    expected: everyone(CALLERS, status(200)),
  },
  {
    route: 'GET /api/v1/public/complaints/{trackingId}',
    variant: 'a rahasia report, even for those handling it',
    send: (headers) => inject({ method: 'GET', url: `/api/v1/public/complaints/${rahasia}`, headers }),
    expected: everyone(CALLERS, NOT_FOUND),
  },
  {
    route: 'GET /api/v1/complaint-categories',
    send: (headers) => inject({ method: 'GET', url: '/api/v1/complaint-categories', headers }),
    expected: everyone(CALLERS, status(200)),
  },
  {
    route: 'GET /api/v1/calendar/holidays',
    send: (headers) => inject({ method: 'GET', url: '/api/v1/calendar/holidays?year=2026', headers }),
    expected: everyone(CALLERS, status(200)),
  },
  {
    route: 'PUT /api/v1/calendar/holidays/{date}',
    send: (headers) =>
      inject({
        method: 'PUT',
        url: `/api/v1/calendar/holidays/${freshHolidayDate()}`,
        headers,
        payload: { kind: 'libur_nasional', name: 'Libur uji' },
      }),
    expected: {
      ...everyone(CALLERS, FORBIDDEN),
      anonymous: UNAUTHENTICATED,
      nasional: status(200),
      sysadmin: status(200),
    },
  },
  {
    route: 'DELETE /api/v1/calendar/holidays/{date}',
    send: async (headers) =>
      inject({
        method: 'DELETE',
        url: `/api/v1/calendar/holidays/${await existingHoliday()}`,
        headers,
      }),
    expected: {
      ...everyone(CALLERS, FORBIDDEN),
      anonymous: UNAUTHENTICATED,
      nasional: status(204),
      sysadmin: status(204),
    },
  },
];

beforeAll(async () => {
  context = await startTestApp();
  await addTestUnits(context.platform);
  harness = {
    app: context.app,
    platform: context.platform,
    cast: await makeCast(context.app, context.platform),
  };
  handled = await driveTo(harness, 'di_unit');
  anonymous = await driveTo(harness, 'di_unit', { privacy: 'anonim' });
  rahasia = await driveTo(harness, 'di_unit', { privacy: 'rahasia' });
  closed = await driveTo(harness, 'ditutup');
  const upload = await uploadAttachment(
    context.app,
    asBearer(harness.cast.reporter),
    handled,
    'foto.png',
    await tinyPng(),
  );
  if (upload.statusCode !== 201) throw new Error(`attachment not added: ${upload.body}`);
  attachmentId = upload.json().id;
}, 120_000);
afterAll(async () => {
  await context?.close();
});

describe('the authorization table', () => {
  it('has a row for every documented route tagged complaints, public or calendar, and none for a route that does not exist', async () => {
    await expectRowForEveryRoute(context.app, TAGS, CASES);
  });
});

describeAuthzTable(CASES, CALLERS, (entry, caller) => entry.send(headersOf(caller)));

describe('cookie sessions', () => {
  const changing = CASES.filter(
    (entry, index) =>
      !entry.route.startsWith('GET ') && CASES.findIndex((other) => other.route === entry.route) === index,
  );

  it.each(changing.map((entry) => [entry.route, entry] as const))(
    '%s is refused from a cookie without x-csrf-token',
    async (_route, entry) => {
      for (const caller of ['reporter', 'nasional', 'sysadmin'] as const) {
        const response = await entry.send({ cookie: `terpadu_session=${harness.cast[caller].token}` });
        expect(response.statusCode, `${caller}: ${response.body}`).toBe(403);
        expect(problem(response).code).toBe('CSRF_TOKEN_INVALID');
      }
    },
  );

  it('lets a cookie session with its x-csrf-token act', async () => {
    const { cast } = harness;
    const response = await context.app.inject({
      method: 'POST',
      url: '/api/v1/complaints',
      headers: { cookie: `terpadu_session=${cast.reporter.token}`, 'x-csrf-token': cast.reporter.csrfToken },
      payload: reportInput(),
    });
    expect(response.statusCode, response.body).toBe(201);
    expect(
      (
        await context.app.inject({
          method: 'GET',
          url: `/api/v1/complaints/${response.json().trackingId}`,
          headers: { cookie: `terpadu_session=${cast.reporter.token}` },
        })
      ).json().channel,
    ).toBe('web');
  });
});

describe('the work queue', () => {
  it('lists a report only for the officers whose authority covers it', async () => {
    const { cast } = harness;
    const listed = async (caller: keyof Cast) => {
      const response = await context.app.inject({
        method: 'GET',
        url: '/api/v1/complaints/queue?pageSize=100',
        headers: asBearer(cast[caller]),
      });
      return (response.json().items as Array<{ trackingId: string }>).map((item) => item.trackingId);
    };
    for (const caller of [
      'nasional',
      'adminSurabaya',
      'penghubungSurabaya',
      'pengawasSurabaya',
      'pengawasUnitSurabaya',
      'pengawasPusat',
    ] as const) {
      expect(await listed(caller), caller).toContain(handled);
    }
    for (const caller of ['adminSidoarjo', 'penghubungSidoarjo', 'pengawasSidoarjo'] as const) {
      expect(await listed(caller), caller).not.toContain(handled);
    }
  });
});
