import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ACTION_BODIES,
  actOrThrow,
  addTestUnits,
  type Cast,
  fileReport,
  makeCast,
  queryNumber,
  queryRows,
  tinyPng,
  UNIT_SURABAYA,
  uploadAttachment,
} from '../../../test/support/complaints.ts';
import { asBearer, login, problem, registerCitizen, type Session } from '../../../test/support/factories.ts';
import { startTestApp, type TestContext } from '../../../test/support/test-platform.ts';

/**
 * A citizen whose name, NIK, e-mail and phone are strings found nowhere else files an anonim, a
 * rahasia and a publik report. Every GET endpoint, read by every role, must keep that identity to
 * itself, except where showing it is the endpoint's purpose.
 */

const PLANTED = {
  name: 'Zakaria Unikplanted Wibisono',
  // Registered in Karang Pilang (35.78.01), a woman born 15 August 1985 (day + 40).
  nik: '3578015508850042',
  email: 'zakaria.unikplanted@example.id',
  phone: '+6281299887766',
};

type Privacy = 'anonim' | 'rahasia' | 'publik';
type Caller =
  | 'anonymous'
  | 'planted'
  | 'otherCitizen'
  | 'nasional'
  | 'adminSurabaya'
  | 'adminSidoarjo'
  | 'penghubungSurabaya'
  | 'penghubungSidoarjo'
  | 'pengawasSurabaya'
  | 'pengawasUnitSurabaya'
  | 'pengawasPusat'
  | 'pengawasSidoarjo'
  | 'sysadmin';
const CALLERS: Caller[] = [
  'anonymous',
  'planted',
  'otherCitizen',
  'nasional',
  'adminSurabaya',
  'adminSidoarjo',
  'penghubungSurabaya',
  'penghubungSidoarjo',
  'pengawasSurabaya',
  'pengawasUnitSurabaya',
  'pengawasPusat',
  'pengawasSidoarjo',
  'sysadmin',
];
/** Officers who handle reports dispositioned to Surabaya's water agency. */
const HANDLERS_OF_SURABAYA: Caller[] = ['nasional', 'adminSurabaya', 'penghubungSurabaya'];

let context: TestContext;
let cast: Cast;
let planted: Session;
/** The identity as the platform shows it masked, to its owner. */
let masked: { nik: string; phone: string };
const reports = {} as Record<Privacy, { trackingId: string; title: string; attachmentId: string }>;

const headersOf = (caller: Caller): Record<string, string> => {
  if (caller === 'anonymous') return {};
  return asBearer(caller === 'planted' ? planted : cast[caller]);
};

/** Which parts of the planted identity a text contains, in any letter case. */
function identityIn(text: string): string[] {
  const haystack = text.toLowerCase();
  const needles: Record<string, string[]> = {
    name: [PLANTED.name, 'Unikplanted'],
    nik: [PLANTED.nik, masked.nik],
    email: [PLANTED.email],
    phone: [PLANTED.phone, '81299887766', masked.phone],
  };
  return Object.entries(needles)
    .filter(([, forms]) => forms.some((form) => haystack.includes(form.toLowerCase())))
    .map(([part]) => part);
}

/**
 * Where the identity is shown on purpose: to its owner, and to the officers handling a publik or
 * rahasia report through the audited reporter endpoint.
 */
function showsIdentityByDesign(caller: Caller, route: string, url: string): boolean {
  if (route === 'GET /api/v1/me') return caller === 'planted';
  if (route === 'GET /api/v1/complaints/{trackingId}/reporter') {
    return (
      HANDLERS_OF_SURABAYA.includes(caller) &&
      (url.includes(reports.publik.trackingId) || url.includes(reports.rahasia.trackingId))
    );
  }
  return false;
}

/**
 * Known disclosure, reported and not fixed here (outside the complaints module): the operator's
 * local mailbox lists every queued e-mail with its recipient and subject, so whoever holds
 * mailbox:read (sysadmin) sees the reporter's address next to "Laporan <tracking ID> diterima" —
 * the link between an anonim report and its reporter.
 */
function isKnownMailboxDisclosure(caller: Caller, route: string): boolean {
  return caller === 'sysadmin' && route.startsWith('GET /api/v1/admin/mailbox');
}

beforeAll(async () => {
  context = await startTestApp();
  const { app, platform } = context;
  await addTestUnits(platform);
  cast = await makeCast(app, platform);
  const { input } = await registerCitizen(app, PLANTED);
  planted = await login(app, input);
  const me = (await app.inject({ method: 'GET', url: '/api/v1/me', headers: asBearer(planted) })).json();
  masked = { nik: me.nikMasked, phone: me.phoneMasked };
  expect(masked.nik).toBe('35**********0042');

  for (const privacy of ['anonim', 'rahasia', 'publik'] as const) {
    const title = `Pungutan liar pembuatan KTP kelurahan ${privacy}`;
    const trackingId = await fileReport(app, planted, {
      privacy,
      title,
      description: `Petugas kelurahan meminta uang tambahan untuk mempercepat pembuatan KTP (laporan ${privacy}).`,
      categoryCode: 'pelayanan-publik',
    });
    await actOrThrow(app, cast.nasional, trackingId, ACTION_BODIES.disposisi);
    await actOrThrow(app, cast.adminSurabaya, trackingId, {
      action: 'disposisi_unit',
      unitCode: UNIT_SURABAYA,
    });
    await actOrThrow(app, cast.penghubungSurabaya, trackingId, ACTION_BODIES.minta_informasi);
    await actOrThrow(app, planted, trackingId, ACTION_BODIES.balas);
    await actOrThrow(app, cast.penghubungSurabaya, trackingId, ACTION_BODIES.rencana_tindak_lanjut);
    await actOrThrow(app, cast.penghubungSurabaya, trackingId, {
      ...ACTION_BODIES.tindak_lanjut,
      isFinal: false,
    });
    const upload = await uploadAttachment(app, asBearer(planted), trackingId, 'bukti.png', await tinyPng());
    if (upload.statusCode !== 201) throw new Error(`attachment not added: ${upload.body}`);
    reports[privacy] = { trackingId, title, attachmentId: upload.json().id };
  }
}, 120_000);
afterAll(async () => {
  await context?.close();
});

/** Every GET route of the OpenAPI document, with its path parameters filled in every useful way. */
async function everyGetRequest(): Promise<Array<{ route: string; url: string }>> {
  const document = (await context.app.inject({ method: 'GET', url: '/docs/json' })).json();
  const outboxIds = (await queryRows<{ id: string }>(context.platform, 'select id from platform.outbox')).map(
    (row) => row.id,
  );
  const trackingIds = Object.values(reports).map((report) => report.trackingId);
  const searches = [
    ...Object.values(reports).map((report) => report.title),
    PLANTED.name,
    PLANTED.email,
    'Unikplanted',
  ];
  /** Query strings worth trying on routes that take one; others are read without. */
  const queries: Record<string, string[]> = {
    '/api/v1/public/complaints': ['', 'pageSize=100', ...searches.map((q) => `q=${encodeURIComponent(q)}`)],
    '/api/v1/complaints/queue': [
      'pageSize=100',
      ...searches.map((q) => `q=${encodeURIComponent(q)}&pageSize=100`),
    ],
    '/api/v1/admin/audit': ['limit=200'],
    '/api/v1/admin/mailbox': ['limit=200'],
    '/api/v1/agencies': ['q=Unikplanted', 'parentCode=35.78'],
    '/api/v1/officers': ['limit=500'],
    '/api/v1/regions': ['parentCode=35.78'],
    '/api/v1/calendar/holidays': ['year=2025'],
    '/api/v1/statistics/tables/{table}': ['format=csv', 'format=json'],
    '/api/v1/statistics/export': ['format=csv'],
  };
  const requests: Array<{ route: string; url: string }> = [];
  for (const [path, operations] of Object.entries(
    document.paths as Record<string, Record<string, unknown>>,
  )) {
    if (!path.startsWith('/api/v1/') || !('get' in operations)) continue;
    const route = `GET ${path}`;
    let urls: string[];
    const parameters = [...path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]);
    if (parameters.length === 0) urls = [path];
    else if (parameters.join() === 'trackingId')
      urls = trackingIds.map((id) => path.replace('{trackingId}', id));
    else if (parameters.join() === 'trackingId,attachmentId') {
      urls = Object.values(reports).map((report) =>
        path.replace('{trackingId}', report.trackingId).replace('{attachmentId}', report.attachmentId),
      );
    } else if (parameters.join() === 'code') {
      urls = ['35.78', UNIT_SURABAYA, 'kemenpanrb'].map((code) =>
        path.replace('{code}', encodeURIComponent(code)),
      );
    } else if (parameters.join() === 'table') {
      urls = ['status', 'kind', 'category', 'agency', 'region', 'month', 'league'].map((table) =>
        path.replace('{table}', table),
      );
    } else if (path === '/api/v1/admin/mailbox/{id}') urls = outboxIds.map((id) => path.replace('{id}', id));
    // Other modules' records (services, applications, models…) hold no complaint reporter: they are
    // read with an unknown id, which must be refused cleanly without naming anyone.
    else urls = [path.replace(/\{\w+\}/g, '00000000-0000-4000-8000-000000000000')];
    for (const url of urls) {
      for (const query of queries[path] ?? [''])
        requests.push({ route, url: query ? `${url}?${query}` : url });
    }
  }
  return requests;
}

describe('the reporter’s identity', () => {
  it('appears in no GET response, for no role, except where showing it is the point', async () => {
    const requests = await everyGetRequest();
    const covered = new Set(requests.map((request) => request.route));
    // The sweep reaches the complaint routes themselves, not only the rest of the API.
    expect([...covered]).toEqual(
      expect.arrayContaining([
        'GET /api/v1/complaints/{trackingId}',
        'GET /api/v1/complaints/{trackingId}/reporter',
        'GET /api/v1/complaints/queue',
        'GET /api/v1/public/complaints',
        'GET /api/v1/public/complaints/{trackingId}',
        'GET /api/v1/me',
      ]),
    );
    const leaks: string[] = [];
    let readable = 0;
    for (const caller of CALLERS) {
      for (const { route, url } of requests) {
        const response = await context.app.inject({ method: 'GET', url, headers: headersOf(caller) });
        expect(response.statusCode, `${caller} ${url}`).toBeLessThan(500);
        if (response.statusCode === 200) readable += 1;
        const found = identityIn(response.body);
        if (found.length === 0) continue;
        if (showsIdentityByDesign(caller, route, url) || isKnownMailboxDisclosure(caller, route)) continue;
        leaks.push(`${caller} ${url}: ${found.join(', ')}`);
      }
    }
    expect(leaks).toEqual([]);
    // Not a sweep of refusals: most of these reads succeed for somebody.
    expect(readable).toBeGreaterThan(requests.length);
  });

  it('is shown to its owner at /me, masked', async () => {
    const response = await context.app.inject({
      method: 'GET',
      url: '/api/v1/me',
      headers: asBearer(planted),
    });
    expect(response.json()).toMatchObject({
      name: PLANTED.name,
      email: PLANTED.email,
      nikMasked: '35**********0042',
    });
    expect(response.body).not.toContain(PLANTED.nik);
    expect(response.body).not.toContain('81299887766');
  });

  it('is protected from every officer for an anonim report, even the national admin, and no read is recorded', async () => {
    const url = `/api/v1/complaints/${reports.anonim.trackingId}/reporter`;
    for (const caller of CALLERS.filter((each) => !['anonymous', 'planted', 'otherCitizen'].includes(each))) {
      const response = await context.app.inject({ method: 'GET', url, headers: headersOf(caller) });
      expect(response.statusCode, caller).not.toBe(200);
      if (HANDLERS_OF_SURABAYA.includes(caller)) {
        expect(response.statusCode, caller).toBe(403);
        expect(problem(response).code, caller).toBe('IDENTITY_PROTECTED');
      }
    }
    expect(
      await queryNumber(
        context.platform,
        `select count(*) from platform.audit_log where action = 'complaint.reporter_identity_read' and target_id = $1`,
        [reports.anonim.trackingId],
      ),
    ).toBe(0);
  });

  it.each(['publik', 'rahasia'] as const)(
    'is given to the officers handling a %s report, and every read is audited',
    async (privacy) => {
      const { trackingId } = reports[privacy];
      for (const caller of HANDLERS_OF_SURABAYA) {
        const officer = cast[caller as keyof Cast];
        const count = () =>
          queryNumber(
            context.platform,
            `select count(*) from platform.audit_log
              where action = 'complaint.reporter_identity_read' and target_id = $1 and actor_id = $2`,
            [trackingId, officer.userId],
          );
        const before = await count();
        const response = await context.app.inject({
          method: 'GET',
          url: `/api/v1/complaints/${trackingId}/reporter`,
          headers: asBearer(officer),
        });
        expect(response.statusCode, caller).toBe(200);
        expect(response.json()).toEqual({ name: PLANTED.name, email: PLANTED.email });
        expect(await count(), caller).toBe(before + 1);
      }
      for (const caller of ['adminSidoarjo', 'penghubungSidoarjo'] as const) {
        const response = await context.app.inject({
          method: 'GET',
          url: `/api/v1/complaints/${trackingId}/reporter`,
          headers: headersOf(caller),
        });
        expect(response.statusCode, caller).toBe(404);
      }
    },
  );

  it('is in no e-mail and no in-app notification sent to an officer', async () => {
    const officerEmails = Object.values(cast)
      .filter((member) => !('nik' in member))
      .map((member) => member.email);
    const mails = await queryRows<{ recipient: string; subject: string; body_text: string }>(
      context.platform,
      'select recipient, subject, body_text from platform.outbox where recipient = any($1::text[])',
      [officerEmails],
    );
    // Officers were told about these reports: the check reads real messages.
    expect(mails.filter((mail) => mail.body_text.includes(reports.anonim.title)).length).toBeGreaterThan(0);
    for (const mail of mails)
      expect(identityIn(`${mail.subject}\n${mail.body_text}`), mail.subject).toEqual([]);

    const notes = await queryRows<{ title: string; body: string }>(
      context.platform,
      'select title, body from platform.notifications where user_id <> $1',
      [planted.userId],
    );
    expect(notes.length).toBeGreaterThan(0);
    for (const note of notes) expect(identityIn(`${note.title}\n${note.body}`), note.title).toEqual([]);
  });

  it('is stored nowhere in the complaints schema', async () => {
    const tables = await queryRows<{ table_name: string }>(
      context.platform,
      `select table_name from information_schema.tables where table_schema = 'complaints' and table_type = 'BASE TABLE'`,
    );
    expect(tables.map((table) => table.table_name)).toEqual(expect.arrayContaining(['complaints', 'events']));
    for (const { table_name: table } of tables) {
      const rows = await queryRows<{ line: string }>(
        context.platform,
        `select t::text as line from complaints."${table}" t`,
      );
      for (const row of rows) expect(identityIn(row.line), table).toEqual([]);
    }
  });
});

describe('a rahasia report', () => {
  const feedIds = async (query: string) => {
    const response = await context.app.inject({ method: 'GET', url: `/api/v1/public/complaints?${query}` });
    expect(response.statusCode).toBe(200);
    return (response.json().items as Array<{ trackingId: string }>).map((item) => item.trackingId);
  };

  it('is in no public endpoint: not in the feed, not found by search, 404 by tracking ID', async () => {
    const { trackingId, title } = reports.rahasia;
    const sharedWords = `q=${encodeURIComponent('pungutan liar KTP')}`;
    for (const query of [
      'pageSize=100',
      `q=${encodeURIComponent(title)}`,
      sharedWords,
      'agencyCode=35.78&pageSize=100',
      'regionCode=35.78&pageSize=100',
      'categoryCode=pelayanan-publik&pageSize=100',
      'status=Terdisposisi%20Sedang%20Diproses&pageSize=100',
    ]) {
      const ids = await feedIds(query);
      expect(ids, query).not.toContain(trackingId);
      // The same words find its publik and anonim siblings: the privacy, not the query, hides it.
      if (query === sharedWords || query.startsWith('agencyCode')) {
        expect(ids, query).toEqual(
          expect.arrayContaining([reports.publik.trackingId, reports.anonim.trackingId]),
        );
      }
    }
    for (const form of [trackingId, trackingId.toLowerCase(), trackingId.replace('-', '')]) {
      const response = await context.app.inject({ method: 'GET', url: `/api/v1/public/complaints/${form}` });
      expect(response.statusCode, form).toBe(404);
      expect(problem(response).code).toBe('COMPLAINT_NOT_FOUND');
    }
  });

  it('is 404 to officers of another agency and to other citizens, and readable by those handling it', async () => {
    const url = `/api/v1/complaints/${reports.rahasia.trackingId}`;
    for (const caller of [
      'otherCitizen',
      'adminSidoarjo',
      'penghubungSidoarjo',
      'pengawasSidoarjo',
    ] as const) {
      const response = await context.app.inject({ method: 'GET', url, headers: headersOf(caller) });
      expect(response.statusCode, caller).toBe(404);
      expect(response.body).not.toContain(reports.rahasia.title);
    }
    for (const caller of [
      'planted',
      ...HANDLERS_OF_SURABAYA,
      'pengawasSurabaya',
      'pengawasUnitSurabaya',
      'pengawasPusat',
    ] as const) {
      const response = await context.app.inject({ method: 'GET', url, headers: headersOf(caller) });
      expect(response.statusCode, caller).toBe(200);
      expect(response.json().title).toBe(reports.rahasia.title);
    }
  });
});

describe('an anonim report', () => {
  it('is public, without the reporter’s words or the questions put to them', async () => {
    const response = await context.app.inject({
      method: 'GET',
      url: `/api/v1/public/complaints/${reports.anonim.trackingId}`,
    });
    expect(response.statusCode).toBe(200);
    const timeline = response.json().timeline as Array<{ kind: string; note: string | null; actor: string }>;
    for (const kind of ['balas', 'minta_informasi']) {
      const entry = timeline.find((each) => each.kind === kind);
      expect(entry, kind).toBeDefined();
      expect(entry!.note, kind).toBeNull();
    }
    expect(timeline.find((each) => each.kind === 'balas')!.actor).toBe('Pelapor');
    // Attachments are never public.
    expect(response.body).not.toContain(reports.anonim.attachmentId);
  });
});
