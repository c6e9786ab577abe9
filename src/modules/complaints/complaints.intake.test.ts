import { randomBytes } from 'node:crypto';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ACTION_BODIES,
  actOrThrow,
  addTestUnits,
  type Cast,
  fileReport,
  makeCast,
  queryNumber,
  readComplaint,
  reportInput,
  UNIT_SURABAYA,
} from '../../../test/support/complaints.ts';
import { asBearer, makeCitizen, problem } from '../../../test/support/factories.ts';
import { startTestApp, type TestContext } from '../../../test/support/test-platform.ts';

let context: TestContext;
let cast: Cast;

beforeAll(async () => {
  context = await startTestApp();
  await addTestUnits(context.platform);
  cast = await makeCast(context.app, context.platform);
});
afterAll(async () => {
  await context?.close();
});

const TRACKING_ID = /^[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}$/;

/** Rows a filing writes anywhere; a refused filing must leave every count as it was. */
async function writtenRows() {
  const tables = [
    'complaints.complaints',
    'complaints.events',
    'complaints.reporters',
    'complaints.idempotency_keys',
    'platform.notifications',
    'platform.outbox',
    'platform.audit_log',
  ];
  const counts: Record<string, number> = {};
  for (const table of tables)
    counts[table] = await queryNumber(context.platform, `select count(*) from ${table}`);
  return counts;
}

function file(
  payload: unknown,
  headers: Record<string, string> = {},
  session: { token: string } = cast.reporter,
) {
  return context.app.inject({
    method: 'POST',
    url: '/api/v1/complaints',
    headers: { ...asBearer(session), ...headers },
    payload: payload as InjectOptions['payload'],
  });
}

/** A word the stemmer leaves alone and no other report contains, to find one test's reports. */
function marker(): string {
  const letters = 'bcdfghjkmnpqrstvwxz';
  return `zorb${Array.from(randomBytes(6), (byte) => letters[byte % letters.length]).join('')}`;
}

describe('filing a report', () => {
  it('accepts a valid report, answers with its tracking ID and verification due date, and records who filed it', async () => {
    const response = await file(
      reportInput({
        lat: -7.3166,
        lng: 112.7167,
        address: 'Jl. Mastrip, Karang Pilang',
        agencyCode: '35.78',
      }),
    );
    expect(response.statusCode, response.body).toBe(201);
    const body = response.json();
    expect(body).toMatchObject({ status: 'baru', publicStatus: 'Belum Terverifikasi' });
    expect(body.trackingId).toMatch(TRACKING_ID);
    const view = await readComplaint(context.app, cast.reporter, body.trackingId);
    expect(view).toMatchObject({
      isReporter: true,
      channel: 'api',
      regionName: 'Karang Pilang',
      lat: -7.3166,
      lng: 112.7167,
      dueAt: { verification: body.dueAt },
    });
    expect(view.timeline).toEqual([
      expect.objectContaining({ kind: 'diajukan', toStatus: 'baru', actor: 'Pelapor' }),
    ]);
  });

  it('tells the national admins and the admins of the agency the citizen addressed, nobody else', async () => {
    const trackingId = await fileReport(context.app, cast.reporter, { agencyCode: '35.78' });
    const told = async (officer: { userId: string }) =>
      queryNumber(
        context.platform,
        'select count(*) from platform.notifications where user_id = $1 and title = $2',
        [officer.userId, `Laporan baru menunggu verifikasi: ${trackingId}`],
      );
    expect(await told(cast.nasional)).toBe(1);
    expect(await told(cast.adminSurabaya)).toBe(1);
    expect(await told(cast.adminSidoarjo)).toBe(0);
    expect(await told(cast.penghubungSurabaya)).toBe(0);
  });

  it('accepts coordinates at the edges of Indonesia', async () => {
    for (const [lat, lng] of [
      [5.89, 95.32], // Sabang
      [-8.49, 140.4], // Merauke
    ]) {
      const response = await file(reportInput({ lat, lng }));
      expect(response.statusCode, response.body).toBe(201);
    }
  });

  const long = (length: number) => 'a'.repeat(length);
  it.each<[string, unknown, number, string | undefined]>([
    ['an unknown kind', reportInput({ kind: 'keluhan' }), 400, 'VALIDATION_FAILED'],
    ['an unknown privacy level', reportInput({ privacy: 'tertutup' }), 400, 'VALIDATION_FAILED'],
    ['a region that does not exist', reportInput({ regionCode: '99.99' }), 400, 'REGION_UNKNOWN'],
    ['a district that does not exist', reportInput({ regionCode: '35.78.99' }), 400, 'REGION_UNKNOWN'],
    ['a province instead of a regency', reportInput({ regionCode: '35' }), 400, 'VALIDATION_FAILED'],
    ['a region code that is not one', reportInput({ regionCode: 'Surabaya' }), 400, 'VALIDATION_FAILED'],
    ['an unknown category', reportInput({ categoryCode: 'tidak-ada' }), 400, 'CATEGORY_UNKNOWN'],
    ['an unknown agency', reportInput({ agencyCode: 'kementerian-tidak-ada' }), 400, 'TARGET_AGENCY_INVALID'],
    ['a title under 10 characters', reportInput({ title: 'Jalan' }), 400, 'VALIDATION_FAILED'],
    ['a title of spaces', reportInput({ title: ' '.repeat(30) }), 400, 'VALIDATION_FAILED'],
    ['a title over 200 characters', reportInput({ title: long(201) }), 400, 'VALIDATION_FAILED'],
    [
      'a description under 20 characters',
      reportInput({ description: 'Jalan rusak.' }),
      400,
      'VALIDATION_FAILED',
    ],
    [
      'a description over 8000 characters',
      reportInput({ description: long(8001) }),
      400,
      'VALIDATION_FAILED',
    ],
    ['an unknown field', reportInput({ reporterName: 'Budi' }), 400, 'VALIDATION_FAILED'],
    ['a status chosen by the reporter', reportInput({ status: 'selesai' }), 400, 'VALIDATION_FAILED'],
    ['a latitude north of Indonesia', reportInput({ lat: 20, lng: 110 }), 400, 'VALIDATION_FAILED'],
    ['a latitude south of Indonesia', reportInput({ lat: -12, lng: 110 }), 400, 'VALIDATION_FAILED'],
    ['a longitude west of Indonesia', reportInput({ lat: -2, lng: 90 }), 400, 'VALIDATION_FAILED'],
    ['a longitude east of Indonesia', reportInput({ lat: -2, lng: 150 }), 400, 'VALIDATION_FAILED'],
    ['coordinates as text', reportInput({ lat: '-7.3', lng: '112.7' }), 400, 'VALIDATION_FAILED'],
    ['malformed JSON', '{"kind": "pengaduan", "title": ', 400, 'MALFORMED_REQUEST'],
    ['no body', undefined, 400, 'VALIDATION_FAILED'],
  ])('refuses %s and writes nothing', async (_name, payload, status, code) => {
    const before = await writtenRows();
    const response = await file(
      payload,
      typeof payload === 'string' ? { 'content-type': 'application/json' } : {},
    );
    expect(response.statusCode, response.body).toBe(status);
    expect(response.headers['content-type']).toContain('application/problem+json');
    if (code) expect(problem(response).code).toBe(code);
    expect(await writtenRows()).toEqual(before);
  });

  it('points at the field that is wrong', async () => {
    const response = await file(reportInput({ regionCode: '99.99' }));
    expect(problem(response).errors).toEqual([
      expect.objectContaining({ field: 'regionCode', code: 'REGION_UNKNOWN' }),
    ]);
    const title = await file(reportInput({ title: 'Jalan' }));
    expect(problem(title).errors?.map((error) => error.field)).toEqual(['title']);
  });

  it('refuses filing without a citizen account', async () => {
    const before = await writtenRows();
    const anonymous = await context.app.inject({
      method: 'POST',
      url: '/api/v1/complaints',
      payload: reportInput(),
    });
    expect(anonymous.statusCode).toBe(401);
    const officer = await file(reportInput(), {}, cast.adminSurabaya);
    expect(officer.statusCode).toBe(403);
    expect(await writtenRows()).toEqual(before);
  });
});

describe('Idempotency-Key', () => {
  const countOf = (trackingId: string) =>
    queryNumber(context.platform, 'select count(*) from complaints.complaints where tracking_id = $1', [
      trackingId,
    ]);
  const countTitled = (title: string) =>
    queryNumber(context.platform, 'select count(*) from complaints.complaints where title = $1', [title]);

  it('returns the same report for the same key: 201, then 200 with the same tracking ID', async () => {
    const key = `kunci-${randomBytes(8).toString('hex')}`;
    const title = `Lampu jalan padam ${marker()}`;
    const first = await file(reportInput({ title }), { 'idempotency-key': key });
    const second = await file(reportInput({ title }), { 'idempotency-key': key });
    expect(first.statusCode).toBe(201);
    expect(second.statusCode).toBe(200);
    expect(second.json()).toEqual(first.json());
    expect(await countOf(first.json().trackingId)).toBe(1);
    expect(await countTitled(title)).toBe(1);
  });

  it('files two reports for two keys, and keeps keys apart between accounts', async () => {
    const title = `Lampu jalan padam ${marker()}`;
    const key = `kunci-${randomBytes(8).toString('hex')}`;
    const responses = [
      await file(reportInput({ title }), { 'idempotency-key': key }),
      await file(reportInput({ title }), { 'idempotency-key': `${key}-2` }),
      await file(reportInput({ title }), { 'idempotency-key': key }, cast.otherCitizen),
    ];
    expect(responses.map((response) => response.statusCode)).toEqual([201, 201, 201]);
    expect(new Set(responses.map((response) => response.json().trackingId)).size).toBe(3);
    expect(await countTitled(title)).toBe(3);
  });

  it('files one report when five requests with one key arrive at once', async () => {
    const key = `kunci-${randomBytes(8).toString('hex')}`;
    const title = `Lampu jalan padam ${marker()}`;
    const before = await queryNumber(context.platform, 'select count(*) from platform.notifications');
    const responses = await Promise.all(
      Array.from({ length: 5 }, () => file(reportInput({ title }), { 'idempotency-key': key })),
    );
    expect(
      responses.map((response) => response.statusCode).sort(),
      responses.map((r) => r.body).join('\n'),
    ).toEqual([200, 200, 200, 200, 201]);
    expect(new Set(responses.map((response) => response.json().trackingId)).size).toBe(1);
    expect(await countTitled(title)).toBe(1);
    // The reporter and the one national admin are told once, not five times.
    expect(await queryNumber(context.platform, 'select count(*) from platform.notifications')).toBe(
      before + 2,
    );
  });

  it.each([
    ['too short', 'abc1234'],
    ['too long', 'k'.repeat(101)],
    ['with a space', 'kunci rahasia 1'],
    ['with a slash', 'kunci/12345678'],
    ['empty', ''],
  ])('refuses a key that is %s and writes nothing', async (_name, key) => {
    const before = await writtenRows();
    const response = await file(reportInput(), { 'idempotency-key': key });
    expect(response.statusCode).toBe(400);
    expect(problem(response).code).toBe('IDEMPOTENCY_KEY_INVALID');
    expect(await writtenRows()).toEqual(before);
  });
});

describe('tracking IDs', () => {
  it('are unique and read aloud safely (Crockford base32: no I, L, O or U)', async () => {
    const ids: string[] = [];
    for (let index = 0; index < 20; index += 1) ids.push(await fileReport(context.app, cast.otherCitizen));
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) expect(id).toMatch(TRACKING_ID);
  });

  it('are found however a person types them: lower case, without the dash, with spaces, O for 0 and I or L for 1', async () => {
    let trackingId = await fileReport(context.app, cast.reporter);
    // Keep filing until an ID has a 0 or 1 to mistype (about one in four has).
    for (let attempt = 0; attempt < 60 && !/[01]/.test(trackingId); attempt += 1) {
      trackingId = await fileReport(context.app, cast.reporter);
    }
    expect(trackingId).toMatch(/[01]/);
    const typed = [
      trackingId.toLowerCase(),
      trackingId.replace('-', ''),
      ` ${trackingId.slice(0, 5)} ${trackingId.slice(6)} `,
      trackingId.replaceAll('0', 'O').replaceAll('1', 'l'),
      trackingId.replaceAll('0', 'o').replaceAll('1', 'I').toLowerCase(),
    ];
    for (const input of typed) {
      const own = await context.app.inject({
        method: 'GET',
        url: `/api/v1/complaints/${encodeURIComponent(input)}`,
        headers: asBearer(cast.reporter),
      });
      expect(own.statusCode, input).toBe(200);
      expect(own.json().trackingId).toBe(trackingId);
      const published = await context.app.inject({
        method: 'GET',
        url: `/api/v1/public/complaints/${encodeURIComponent(input)}`,
      });
      expect(published.statusCode, input).toBe(200);
      expect(published.json().trackingId).toBe(trackingId);
    }
  });

  it('answers 404 for an ID that cannot be one or does not exist', async () => {
    for (const input of ['ABCDE', 'ABCDE-FGHJK-M', 'UUUUU-UUUUU', '00000-00000']) {
      const response = await context.app.inject({
        method: 'GET',
        url: `/api/v1/public/complaints/${encodeURIComponent(input)}`,
      });
      expect(response.statusCode, input).toBe(404);
      expect(problem(response).code).toBe('COMPLAINT_NOT_FOUND');
    }
  });
});

describe('a report recorded by an officer at a counter', () => {
  const record = (payload: object, session: { token: string } = cast.penghubungSurabaya) =>
    context.app.inject({
      method: 'POST',
      url: '/api/v1/complaints/recorded',
      headers: asBearer(session),
      payload,
    });

  it('belongs to the citizen, who sees it as theirs, and keeps its channel', async () => {
    const citizen = await makeCitizen(context.app);
    const response = await record({
      ...reportInput(),
      channel: 'loket',
      reporterEmail: citizen.email.toUpperCase(),
    });
    expect(response.statusCode, response.body).toBe(201);
    const { trackingId } = response.json();
    const view = await readComplaint(context.app, citizen, trackingId);
    expect(view).toMatchObject({ isReporter: true, channel: 'loket', status: 'baru' });
    expect(view.timeline[0]).toMatchObject({
      kind: 'dicatat_petugas',
      toStatus: 'baru',
      note: 'Diterima melalui loket',
    });
    expect(view.timeline[0]!.actor).toContain('Dinas Sumber Daya Air');
    // The citizen acts on it like on their own filing.
    await actOrThrow(context.app, cast.nasional, trackingId, ACTION_BODIES.disposisi);
    await actOrThrow(context.app, cast.adminSurabaya, trackingId, {
      action: 'disposisi_unit',
      unitCode: UNIT_SURABAYA,
    });
    await actOrThrow(context.app, cast.penghubungSurabaya, trackingId, ACTION_BODIES.minta_informasi);
    expect((await actOrThrow(context.app, citizen, trackingId, ACTION_BODIES.balas)).status).toBe('di_unit');
    const [audit] = (
      await context.platform.database.executeSql(
        `select actor_id, details from platform.audit_log where action = 'complaint.submitted' and target_id = $1`,
        [trackingId],
      )
    ).rows as Array<{ actor_id: string; details: Record<string, unknown> }>;
    expect(audit).toEqual({ actor_id: cast.penghubungSurabaya.userId, details: { channel: 'loket' } });
  });

  it('refuses an e-mail that is no citizen’s account, and writes nothing', async () => {
    const before = await writtenRows();
    for (const reporterEmail of ['belum.terdaftar@example.id', cast.adminSurabaya.email]) {
      const response = await record({ ...reportInput(), channel: 'telepon', reporterEmail });
      expect(response.statusCode).toBe(400);
      expect(problem(response).code).toBe('REPORTER_NOT_FOUND');
    }
    const webChannel = await record({ ...reportInput(), channel: 'web', reporterEmail: cast.reporter.email });
    expect(webChannel.statusCode).toBe(400);
    expect(await writtenRows()).toEqual(before);
  });
});

describe('the public feed', () => {
  type FeedPage = {
    items: Array<{ trackingId: string; publicStatus: string; regionCode: string }>;
    total: number;
    page: number;
    pageSize: number;
  };
  const feed = async (query: Record<string, string | number>): Promise<FeedPage> => {
    const search = new URLSearchParams(Object.entries(query).map(([key, value]) => [key, String(value)]));
    const response = await context.app.inject({ method: 'GET', url: `/api/v1/public/complaints?${search}` });
    expect(response.statusCode, response.body).toBe(200);
    return response.json() as FeedPage;
  };
  const ids = (page: FeedPage) => page.items.map((item) => item.trackingId);

  it('finds a report by another form of an Indonesian word (the indonesian stemmer)', async () => {
    const word = marker();
    const trackingId = await fileReport(context.app, cast.reporter, {
      title: `Perbaikan jalan ${word} belum selesai`,
      description: `Perbaikan jalan di kampung ${word} berhenti di tengah jalan dan menyisakan galian berlubang.`,
    });
    // perbaikan / diperbaiki / memperbaiki → baik; jalanan → jalan; lubang ← berlubang.
    for (const q of [`diperbaiki ${word}`, `memperbaiki ${word}`, `jalanan ${word}`, `lubang ${word}`]) {
      expect(ids(await feed({ q })), q).toEqual([trackingId]);
    }
    // Words the report does not contain, in any form, find nothing.
    expect(ids(await feed({ q: `banjir ${word}` }))).toEqual([]);
    // The stemmer does not reach word meanings: a synonym is not found.
    expect(ids(await feed({ q: `renovasi ${word}` }))).toEqual([]);
  });

  it('filters by public status, kind, agency (with its units), region and category', async () => {
    const word = marker();
    const description = `Laporan uji penyaring ${word} untuk umpan publik di Jawa Timur.`;
    const fresh = await fileReport(context.app, cast.reporter, {
      title: `Laporan baru ${word}`,
      description,
    });
    const atUnit = await fileReport(context.app, cast.reporter, {
      title: `Laporan di unit ${word}`,
      description,
      kind: 'aspirasi',
      categoryCode: 'kesehatan',
    });
    await actOrThrow(context.app, cast.nasional, atUnit, ACTION_BODIES.disposisi);
    await actOrThrow(context.app, cast.adminSurabaya, atUnit, ACTION_BODIES.disposisi_unit);
    const sidoarjo = await fileReport(context.app, cast.reporter, {
      title: `Laporan Sidoarjo ${word}`,
      description,
      regionCode: '35.15.01',
    });
    await actOrThrow(context.app, cast.nasional, sidoarjo, {
      ...ACTION_BODIES.disposisi,
      agencyCode: '35.15',
    });

    const sorted = (page: FeedPage) => ids(page).sort();
    expect(sorted(await feed({ q: word }))).toEqual([fresh, atUnit, sidoarjo].sort());
    expect(ids(await feed({ q: word, status: 'Belum Terverifikasi' }))).toEqual([fresh]);
    expect(sorted(await feed({ q: word, status: 'Terdisposisi Belum Ditindaklanjuti' }))).toEqual(
      [atUnit, sidoarjo].sort(),
    );
    expect(ids(await feed({ q: word, kind: 'aspirasi' }))).toEqual([atUnit]);
    expect(ids(await feed({ q: word, categoryCode: 'kesehatan' }))).toEqual([atUnit]);
    expect(ids(await feed({ q: word, agencyCode: '35.78' }))).toEqual([atUnit]);
    // A province's code reaches the reports of its regencies.
    expect(sorted(await feed({ q: word, agencyCode: '35' }))).toEqual([atUnit, sidoarjo].sort());
    expect(ids(await feed({ q: word, agencyCode: 'tidak-ada' }))).toEqual([]);
    expect(sorted(await feed({ q: word, regionCode: '35.78' }))).toEqual([fresh, atUnit].sort());
    expect(ids(await feed({ q: word, regionCode: '35.15.01' }))).toEqual([sidoarjo]);
    expect(sorted(await feed({ q: word, regionCode: '35' }))).toEqual([fresh, atUnit, sidoarjo].sort());
    expect(ids(await feed({ q: word, regionCode: '36' }))).toEqual([]);
  });

  it('pages through the matches with a total that counts them all', async () => {
    const word = marker();
    const filed: string[] = [];
    for (let index = 0; index < 5; index += 1) {
      filed.push(
        await fileReport(context.app, cast.reporter, {
          title: `Sampah menumpuk ${word} nomor ${index + 1}`,
          description: `Sampah di tempat pembuangan sementara ${word} belum diangkut selama seminggu.`,
        }),
      );
    }
    const pages = [await feed({ q: word, pageSize: 2 }), await feed({ q: word, pageSize: 2, page: 2 })];
    pages.push(await feed({ q: word, pageSize: 2, page: 3 }));
    expect(pages.map((page) => page.total)).toEqual([5, 5, 5]);
    expect(pages.map((page) => page.items.length)).toEqual([2, 2, 1]);
    expect(pages.flatMap(ids).sort()).toEqual([...filed].sort());
    const beyond = await feed({ q: word, pageSize: 2, page: 4 });
    expect(beyond).toMatchObject({ items: [], total: 5, page: 4, pageSize: 2 });
    for (const query of ['pageSize=101', 'page=0', 'sort=asc']) {
      const response = await context.app.inject({ method: 'GET', url: `/api/v1/public/complaints?${query}` });
      expect(response.statusCode, query).toBe(400);
    }
  });
});
