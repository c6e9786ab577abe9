import { sql } from 'drizzle-orm';
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
import { startTestApp, type TestContext } from '../../../test/support/test-platform.ts';

/**
 * Who may call each admin route (audit trail, mailbox, holiday calendar), as a table: one row per
 * route, one column per kind of caller. A route of this module in the OpenAPI document without a
 * row fails the coverage test.
 */

/** Tags of the routes this module registers. */
const ADMIN_TAGS = ['admin', 'calendar'];

const NOT_FOUND: Outcome = { status: 404, code: 'NOT_FOUND' };

/** Only the listed callers succeed; the anonymous caller must log in; every other caller is forbidden. */
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
let mailId: string;
let holidaySerial = 0;

/** A distinct far-future date per call, so that the calendar cases never touch the same day. */
function nextHolidayDate(): string {
  holidaySerial += 1;
  const day = new Date(Date.UTC(2099, 0, 1) + holidaySerial * 86_400_000);
  return day.toISOString().slice(0, 10);
}

async function addHoliday(): Promise<string> {
  const date = nextHolidayDate();
  const response = await context.app.inject({
    method: 'PUT',
    url: `/api/v1/calendar/holidays/${date}`,
    headers: asBearer(sessions.sysadmin),
    payload: { kind: 'libur_nasional', name: 'Hari Libur Uji' },
  });
  if (response.statusCode !== 200) throw new Error(`holiday not added: ${response.body}`);
  return date;
}

const CASES: Case[] = [
  {
    route: 'GET /api/v1/admin/audit',
    request: (headers) => ({ method: 'GET', url: '/api/v1/admin/audit?limit=5', headers }),
    // The audit trail is one national log: only the system administrator reads it.
    expected: only({ sysadmin: status(200) }),
  },
  {
    route: 'GET /api/v1/admin/mailbox',
    request: (headers) => ({ method: 'GET', url: '/api/v1/admin/mailbox', headers }),
    expected: only({ sysadmin: status(200) }),
  },
  {
    route: 'GET /api/v1/admin/mailbox/{id}',
    request: (headers) => ({ method: 'GET', url: `/api/v1/admin/mailbox/${mailId}`, headers }),
    expected: only({ sysadmin: status(200) }),
  },
  {
    route: 'GET /api/v1/admin/mailbox/{id}',
    variant: 'an id that does not exist',
    request: (headers) => ({
      method: 'GET',
      url: '/api/v1/admin/mailbox/00000000-0000-4000-8000-000000000000',
      headers,
    }),
    expected: only({ sysadmin: NOT_FOUND }),
  },
  {
    route: 'GET /api/v1/admin/mailbox/{id}',
    variant: 'an id that is not a UUID',
    request: (headers) => ({ method: 'GET', url: '/api/v1/admin/mailbox/bukan-uuid', headers }),
    expected: only({ sysadmin: NOT_FOUND }),
  },
  {
    route: 'GET /api/v1/calendar/holidays',
    request: (headers) => ({ method: 'GET', url: '/api/v1/calendar/holidays?year=2099', headers }),
    expected: everyone(ACTORS, status(200)),
  },
  {
    route: 'PUT /api/v1/calendar/holidays/{date}',
    request: (headers) => ({
      method: 'PUT',
      url: `/api/v1/calendar/holidays/${nextHolidayDate()}`,
      headers,
      payload: { kind: 'cuti_bersama', name: 'Cuti Bersama Uji' },
    }),
    expected: only({ adminNasional: status(200), sysadmin: status(200) }),
  },
  {
    route: 'DELETE /api/v1/calendar/holidays/{date}',
    request: async (headers) => ({
      method: 'DELETE',
      url: `/api/v1/calendar/holidays/${await addHoliday()}`,
      headers,
    }),
    expected: only({ adminNasional: status(204), sysadmin: status(204) }),
  },
];

beforeAll(async () => {
  context = await startTestApp();
  sessions = await signInActors(context);
  const result = (await context.platform.database.db.execute(
    sql`select id from platform.outbox where recipient = ${sessions.warga.email}`,
  )) as unknown as { rows: Array<{ id: string }> };
  mailId = result.rows[0]!.id;
});
afterAll(async () => {
  await context?.close();
});

function headersOf(actor: ActorName): Record<string, string> {
  return actor === 'anonymous' ? {} : asBearer(sessions[actor]);
}

describe('the authorization table', () => {
  it('has a row for every admin route in the OpenAPI document, and no row for a route that does not exist', async () => {
    await expectRowForEveryRoute(context.app, ADMIN_TAGS, CASES);
  });
});

describeAuthzTable(CASES, ACTORS, async (entry, actor) =>
  context.app.inject(await entry.request(headersOf(actor))),
);

describe('what the allowed callers see', () => {
  it('records in the audit trail who read which e-mail, since recipients are personal data', async () => {
    const read = await context.app.inject({
      method: 'GET',
      url: `/api/v1/admin/mailbox/${mailId}`,
      headers: asBearer(sessions.sysadmin),
    });
    expect(read.statusCode).toBe(200);
    const audit = await context.app.inject({
      method: 'GET',
      url: '/api/v1/admin/audit?limit=20',
      headers: asBearer(sessions.sysadmin),
    });
    const entries = audit.json().items as Array<{
      action: string;
      actorId: string | null;
      targetId: string | null;
    }>;
    expect(entries).toContainEqual(
      expect.objectContaining({
        action: 'mailbox.read',
        actorId: sessions.sysadmin.userId,
        targetId: mailId,
      }),
    );
  });

  it('shows the sysadmin the e-mail body with its link', async () => {
    const read = await context.app.inject({
      method: 'GET',
      url: `/api/v1/admin/mailbox/${mailId}`,
      headers: asBearer(sessions.sysadmin),
    });
    expect(read.json()).toMatchObject({
      id: mailId,
      subject: expect.stringContaining('Verifikasi email'),
      bodyText: expect.stringMatching(/http:\/\/terpadu\.test\/verifikasi-email#token=[A-Za-z0-9_-]{20,}/),
    });
  });

  it('refuses a cookie session changing the calendar without x-csrf-token, even for a sysadmin', async () => {
    const response = await context.app.inject({
      method: 'PUT',
      url: `/api/v1/calendar/holidays/${nextHolidayDate()}`,
      headers: { cookie: `terpadu_session=${sessions.sysadmin.token}` },
      payload: { kind: 'cuti_bersama', name: 'Cuti Bersama Uji' },
    });
    expect(response.statusCode).toBe(403);
    expect(problem(response).code).toBe('CSRF_TOKEN_INVALID');
  });
});
