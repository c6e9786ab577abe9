import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTION_BODIES, actOrThrow, fileReport, queryRows } from '../../../test/support/complaints.ts';
import { asBearer, makeCitizen, makeOfficer, type Session } from '../../../test/support/factories.ts';
import {
  issueKey,
  parseXml,
  postAndResolve,
  postRequest,
  requestForm,
} from '../../../test/support/open311.ts';
import { startTestApp, type TestContext } from '../../../test/support/test-platform.ts';

/**
 * GeoReport v2 as a civic app meets it: discovery, services, posting with an API key, following the
 * token to a service_request_id, listing, in JSON and in XML (parsed with a real XML parser), and
 * the errors the specification prescribes.
 */

let context: TestContext;
let nasional: Session;
let apiKey: string;

beforeAll(async () => {
  context = await startTestApp();
  nasional = await makeOfficer(context.app, context.platform, 'admin-nasional', 'kemenpanrb');
  apiKey = (await issueKey(context.app, nasional)).key;
});
afterAll(() => context?.close());

const get = (url: string, headers: Record<string, string> = {}) =>
  context.app.inject({ method: 'GET', url, headers });

type Json = Record<string, unknown>;

describe('discovery', () => {
  it('describes the GeoReport v2 endpoint and both formats, in JSON and XML', async () => {
    const json = await get('/open311/v2/discovery.json');
    expect(json.statusCode).toBe(200);
    expect(json.headers['content-type']).toContain('application/json');
    const endpoint = (json.json() as { endpoints: Json[] }).endpoints[0]!;
    expect(endpoint).toMatchObject({
      specification: 'http://wiki.open311.org/GeoReport_v2',
      url: 'http://terpadu.test/open311/v2',
      type: 'production',
      formats: ['text/xml', 'application/json'],
    });

    const xml = await get('/open311/v2/discovery.xml');
    expect(xml.headers['content-type']).toContain('text/xml');
    expect(xml.body.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
    const parsed = parseXml(xml.body) as { discovery: { endpoints: { endpoint: Json[] } } };
    const xmlEndpoint = parsed.discovery.endpoints.endpoint[0]!;
    expect(xmlEndpoint.url).toBe('http://terpadu.test/open311/v2');
    expect((xmlEndpoint.formats as { format: string[] }).format).toEqual(['text/xml', 'application/json']);
  });
});

describe('services', () => {
  it('lists the complaint categories as services with metadata, type, keywords and group', async () => {
    const json = await get('/open311/v2/services.json');
    expect(json.statusCode).toBe(200);
    const services = json.json() as Json[];
    const roads = services.find((service) => service.service_code === 'infrastruktur');
    expect(roads).toMatchObject({ metadata: true, type: 'batch', group: 'Infrastruktur dan lingkungan' });
    expect(String(roads!.keywords).split(',')).toContain('jalan berlubang');
    expect(services.find((service) => service.service_code === 'pungli-korupsi')!.description).toContain(
      '60',
    );

    const xml = parseXml((await get('/open311/v2/services.xml')).body) as {
      services: { service: Json[] };
    };
    expect(xml.services.service).toHaveLength(services.length);
    const xmlRoads = xml.services.service.find((service) => service.service_code === 'infrastruktur')!;
    expect(xmlRoads).toMatchObject({
      metadata: 'true',
      type: 'batch',
      group: 'Infrastruktur dan lingkungan',
    });
  });

  it('defines the attributes of a service, with their values', async () => {
    const json = await get('/open311/v2/services/infrastruktur.json');
    expect(json.statusCode).toBe(200);
    const definition = json.json() as { service_code: string; attributes: Json[] };
    expect(definition.service_code).toBe('infrastruktur');
    expect(definition.attributes.map((attribute) => attribute.code)).toEqual([
      'jenis',
      'privasi',
      'wilayah',
      'judul',
    ]);
    const privacy = definition.attributes[1]!;
    expect(privacy).toMatchObject({ variable: true, datatype: 'singlevaluelist', required: false, order: 2 });
    expect((privacy.values as Json[]).map((value) => value.key)).toEqual(['publik', 'anonim', 'rahasia']);

    const xml = parseXml((await get('/open311/v2/services/infrastruktur.xml')).body) as {
      service_definition: { service_code: string; attributes: { attribute: Json[] } };
    };
    expect(xml.service_definition.service_code).toBe('infrastruktur');
    const xmlKinds = xml.service_definition.attributes.attribute[0]!.values as { value: Json[] };
    expect(xmlKinds.value.map((value) => value.key)).toEqual(['pengaduan', 'aspirasi', 'informasi']);
  });

  it('answers 404 in the spec’s error format for an unknown service, in JSON and XML', async () => {
    const json = await get('/open311/v2/services/tidak-ada.json');
    expect(json.statusCode).toBe(404);
    expect(json.json()).toEqual([{ code: 404, description: expect.any(String) }]);

    const xml = await get('/open311/v2/services/tidak-ada.xml');
    expect(xml.statusCode).toBe(404);
    const parsed = parseXml(xml.body) as { errors: { error: Json[] } };
    expect(parsed.errors.error[0]!.code).toBe('404');
    expect(parsed.errors.error[0]!.description).toBeTruthy();
  });
});

describe('posting a request', () => {
  it('gives a token, then a service_request_id, and the report waits in the verification queue', async () => {
    const posted = await postRequest(context.app, requestForm({ api_key: apiKey }));
    expect(posted.statusCode, posted.body).toBe(201);
    const [answer] = posted.json() as [{ token: string; service_notice: string }];
    expect(answer.token).toMatch(/^[A-Za-z0-9_-]{20,}$/);
    expect(answer.service_notice).toContain('verifikasi');

    const resolved = await get(`/open311/v2/tokens/${answer.token}.json`);
    expect(resolved.statusCode).toBe(200);
    const [{ service_request_id: id, token }] = resolved.json() as [
      { service_request_id: string; token: string },
    ];
    expect(token).toBe(answer.token);
    expect(id).toMatch(/^[0-9A-Z]{5}-[0-9A-Z]{5}$/);

    const xmlToken = parseXml((await get(`/open311/v2/tokens/${answer.token}.xml`)).body) as {
      service_requests: { request: Json[] };
    };
    expect(xmlToken.service_requests.request[0]!.service_request_id).toBe(id);

    // The same verification flow as any report: admin-nasional sees it in their queue.
    const queue = await get('/api/v1/complaints/queue?queue=verifikasi&pageSize=100', asBearer(nasional));
    const item = (queue.json() as { items: Json[] }).items.find((entry) => entry.trackingId === id);
    expect(item).toMatchObject({ status: 'baru', privacy: 'publik', regionCode: '35.78' });
    const full = await get(`/api/v1/complaints/${id}`, asBearer(nasional));
    expect(full.json()).toMatchObject({
      channel: 'open311',
      categoryCode: 'infrastruktur',
      kind: 'pengaduan',
      title: 'Jalan berlubang besar di depan sekolah dasar.',
      allowedActions: expect.arrayContaining(['disposisi', 'tunda', 'arsipkan']),
    });

    const one = await get(`/open311/v2/requests/${id}.json`);
    expect(one.statusCode).toBe(200);
    const [request] = one.json() as Json[];
    expect(request).toMatchObject({
      service_request_id: id,
      status: 'open',
      status_notes: 'Belum Terverifikasi (baru)',
      service_code: 'infrastruktur',
      service_name: 'Infrastruktur (jalan, jembatan, drainase)',
      lat: -7.3301234,
      long: 112.6998765,
      address: 'Jl. Mastrip No. 12, Karang Pilang, Surabaya',
      expected_datetime: null,
      agency_responsible: null,
    });
    expect(request!.requested_datetime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+07:00$/);
  });

  it('accepts the attributes and an XML answer; a handled report shows its agency and expected date', async () => {
    const posted = await postRequest(
      context.app,
      requestForm({
        api_key: apiKey,
        'attribute[jenis]': 'aspirasi',
        'attribute[wilayah]': '35.78.01',
        'attribute[judul]': 'Usul taman baca di balai RW',
        media_url: 'https://foto.example.id/taman.jpg',
        address_id: 'RW-05-KP',
      }),
      'xml',
    );
    expect(posted.statusCode, posted.body).toBe(201);
    const parsed = parseXml(posted.body) as { service_requests: { request: Json[] } };
    const token = String(parsed.service_requests.request[0]!.token);
    const id = ((await get(`/open311/v2/tokens/${token}.json`)).json() as [{ service_request_id: string }])[0]
      .service_request_id;

    await actOrThrow(context.app, nasional, id, ACTION_BODIES.disposisi);
    const xml = parseXml((await get(`/open311/v2/requests/${id}.xml`)).body) as {
      service_requests: { request: Json[] };
    };
    const request = xml.service_requests.request[0]!;
    expect(request).toMatchObject({
      service_request_id: id,
      status: 'open',
      status_notes: 'Terdisposisi Belum Ditindaklanjuti (terdisposisi)',
      agency_responsible: 'Pemerintah Kota Surabaya',
      media_url: 'https://foto.example.id/taman.jpg',
      address_id: 'RW-05-KP',
      lat: '-7.3301234',
    });
    expect(String(request.expected_datetime)).toMatch(/\+07:00$/);
    const full = (await get(`/api/v1/complaints/${id}`, asBearer(nasional))).json() as Json;
    expect(full).toMatchObject({
      kind: 'aspirasi',
      regionCode: '35.78.01',
      title: 'Usul taman baca di balai RW',
    });
  });

  it('refuses a missing, unknown or malformed api_key with 403 in the spec format, in JSON and XML', async () => {
    const missing = await postRequest(context.app, requestForm());
    expect(missing.statusCode).toBe(403);
    expect(missing.json()).toEqual([{ code: 403, description: expect.stringContaining('api_key') }]);

    const unknown = await postRequest(
      context.app,
      requestForm({ api_key: 'o311_bukan-kunci-yang-benar-sama-sekali' }),
      'xml',
    );
    expect(unknown.statusCode).toBe(403);
    expect(unknown.headers['content-type']).toContain('text/xml');
    const parsed = parseXml(unknown.body) as { errors: { error: Json[] } };
    expect(parsed.errors.error[0]!.code).toBe('403');

    const malformed = await postRequest(context.app, requestForm({ api_key: '<kunci>' }));
    expect(malformed.statusCode).toBe(403);
  });

  const badRequests: Array<[string, Record<string, string | undefined>, number, string]> = [
    ['no description', { description: undefined }, 400, 'description'],
    [
      'a description over 4,000 characters',
      { description: `${'Jalan rusak parah. '.repeat(250)}` },
      400,
      'description',
    ],
    [
      'HTML in the description',
      { description: 'Jalan rusak <script>alert(1)</script> di depan sekolah dasar' },
      400,
      'HTML',
    ],
    ['no location', { lat: undefined, long: undefined, address_string: undefined }, 400, 'lat'],
    ['lat without long', { long: undefined, address_string: undefined }, 400, 'long'],
    ['coordinates outside Indonesia', { lat: '48.85', long: '2.35' }, 400, 'lat'],
    ['no region at all', { jurisdiction_id: undefined }, 400, 'jurisdiction_id'],
    ['a region code that does not exist', { jurisdiction_id: '99.99' }, 400, 'jurisdiction_id'],
    ['an unknown attribute', { 'attribute[warna]': 'merah' }, 400, 'attribute[warna]'],
    ['a privacy that does not exist', { 'attribute[privasi]': 'rahasia-sekali' }, 400, 'attribute[privasi]'],
    ['an invalid e-mail', { email: 'bukan-email' }, 400, 'email'],
    ['a media_url that is not http(s)', { media_url: 'javascript:alert(1)' }, 400, 'media_url'],
    ['an unknown service_code', { service_code: 'tidak-ada' }, 404, 'service_code'],
  ];
  it.each(badRequests)('refuses %s, and files nothing', async (_name, fields, status, mentioned) => {
    const before = await queryRows<{ count: string }>(
      context.platform,
      'select count(*) from complaints.complaints',
    );
    for (const format of ['json', 'xml'] as const) {
      const response = await postRequest(context.app, requestForm({ api_key: apiKey, ...fields }), format);
      expect(response.statusCode, response.body).toBe(status);
      const description =
        format === 'json'
          ? (response.json() as [{ code: number; description: string }])[0].description
          : String((parseXml(response.body) as { errors: { error: Json[] } }).errors.error[0]!.description);
      expect(description).toContain(mentioned);
    }
    const after = await queryRows<{ count: string }>(
      context.platform,
      'select count(*) from complaints.complaints',
    );
    expect(after).toEqual(before);
  });

  it('answers an unknown format with 400 and an unknown resource or token with 404', async () => {
    expect((await get('/open311/v2/services.csv')).statusCode).toBe(400);
    expect((await get('/open311/v2/services')).statusCode).toBe(400);
    const unknown = await get('/open311/v2/apa-saja.json');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toEqual([{ code: 404, description: expect.any(String) }]);
    expect((await get('/open311/v2/tokens/tidak-ada-token-seperti-ini.json')).statusCode).toBe(404);
    expect((await get('/open311/v2/requests/AAAAA-AAAAA.xml')).statusCode).toBe(404);
    expect((await get('/open311/v2/requests/bukan-id.json')).statusCode).toBe(404);
  });
});

describe('listing requests', () => {
  let ids: { web: string; roads: string; health: string; archived: string };

  beforeAll(async () => {
    const citizen = await makeCitizen(context.app);
    ids = {
      web: await fileReport(context.app, citizen, { categoryCode: 'lingkungan-hidup' }),
      roads: await postAndResolve(context.app, requestForm({ api_key: apiKey })),
      health: await postAndResolve(
        context.app,
        requestForm({ api_key: apiKey, service_code: 'kesehatan', jurisdiction_id: '35.15' }),
      ),
      archived: await postAndResolve(context.app, requestForm({ api_key: apiKey })),
    };
    await actOrThrow(context.app, nasional, ids.archived, ACTION_BODIES.arsipkan);
  });

  const list = async (query: string) => {
    const response = await get(`/open311/v2/requests.json?${query}`);
    expect(response.statusCode, response.body).toBe(200);
    return (response.json() as Json[]).map((request) => request.service_request_id);
  };

  it('lists every public report, whatever channel it came by, newest first, in JSON and XML', async () => {
    const json = await get('/open311/v2/requests.json');
    const listed = (json.json() as Json[]).map((request) => request.service_request_id);
    expect(listed).toEqual(expect.arrayContaining(Object.values(ids)));
    expect(Number(json.headers['x-total-count'])).toBe(listed.length);

    const xml = parseXml((await get('/open311/v2/requests.xml')).body) as {
      service_requests: { request: Json[] };
    };
    expect(xml.service_requests.request.map((request) => request.service_request_id)).toEqual(listed);
    const archived = xml.service_requests.request.find(
      (request) => request.service_request_id === ids.archived,
    )!;
    expect(archived).toMatchObject({ status: 'closed', status_notes: 'Arsip (diarsipkan)' });
  });

  it('filters by service_code, status, jurisdiction and dates', async () => {
    const health = await list('service_code=kesehatan');
    expect(health).toContain(ids.health);
    expect(health).not.toContain(ids.roads);
    const several = await list('service_code=kesehatan,lingkungan-hidup');
    expect(several).toEqual(expect.arrayContaining([ids.health, ids.web]));
    expect(several).not.toContain(ids.roads);

    expect(await list('status=closed')).toContain(ids.archived);
    expect(await list('status=closed')).not.toContain(ids.roads);
    expect(await list('status=open')).not.toContain(ids.archived);
    expect(await list('status=open,closed')).toEqual(expect.arrayContaining(Object.values(ids)));

    expect(await list('jurisdiction_id=35.15')).toEqual([ids.health]);

    const today = new Date().toISOString().slice(0, 10);
    expect(await list(`start_date=${today}T00:00:00%2B07:00`)).toEqual(
      expect.arrayContaining(Object.values(ids)),
    );
    expect(await list('start_date=2020-01-01T00:00:00Z&end_date=2020-02-01T00:00:00Z')).toEqual([]);
  });

  it('lets service_request_id (a comma list) override every other filter', async () => {
    const found = await list(`service_request_id=${ids.roads},${ids.health}&service_code=pendidikan`);
    expect(found.sort()).toEqual([ids.roads, ids.health].sort());
  });

  it('pages with page and page_size', async () => {
    const all = await list('page_size=1000');
    const first = await list('page_size=2&page=1');
    const second = await list('page_size=2&page=2');
    expect(first).toEqual(all.slice(0, 2));
    expect(second).toEqual(all.slice(2, 4));
  });

  it('refuses bad filters with 400 in the spec format', async () => {
    for (const query of [
      'status=selesai',
      'start_date=2020-01-01T00:00:00Z&end_date=2020-06-01T00:00:00Z',
      'start_date=2020-02-01T00:00:00Z&end_date=2020-01-01T00:00:00Z',
      'start_date=kemarin',
      'page_size=1001',
      'page=0',
      'jurisdiction_id=surabaya',
    ]) {
      const response = await get(`/open311/v2/requests.xml?${query}`);
      expect(response.statusCode, query).toBe(400);
      const parsed = parseXml(response.body) as { errors: { error: Json[] } };
      expect(parsed.errors.error[0]!.code).toBe('400');
    }
  });
});
