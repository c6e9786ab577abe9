import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileReport, queryRows } from '../../../test/support/complaints.ts';
import { asBearer, makeCitizen, makeOfficer, type Session } from '../../../test/support/factories.ts';
import { issueKey, parseXml, postAndResolve, requestForm } from '../../../test/support/open311.ts';
import { startTestApp, type TestContext } from '../../../test/support/test-platform.ts';

/**
 * What Open311 must never tell: who reported (contact details are kept encrypted and returned by
 * no endpoint), that a `rahasia` report exists (except to the app that posted it), and where
 * exactly an `anonim` reporter stood (coordinates rounded to two decimals, ~1.1 km; no address).
 */

const PLANTED = {
  email: 'siti.unikplanted311@example.id',
  first_name: 'Sitiplanted',
  last_name: 'Unikwibowo',
  phone: '+62 811 7654 3210',
  device_id: 'device-planted-9f8e7d',
  account_id: 'akun-planted-4455',
};

let context: TestContext;
let nasional: Session;
let key: string;
let otherKey: string;
const ids = {} as Record<'publik' | 'anonim' | 'rahasia' | 'webRahasia' | 'webAnonim', string>;

beforeAll(async () => {
  context = await startTestApp();
  nasional = await makeOfficer(context.app, context.platform, 'admin-nasional', 'kemenpanrb');
  key = (await issueKey(context.app, nasional)).key;
  otherKey = (await issueKey(context.app, nasional, { name: 'Aplikasi Lain' })).key;
  for (const privacy of ['publik', 'anonim', 'rahasia'] as const) {
    ids[privacy] = await postAndResolve(
      context.app,
      requestForm({
        api_key: key,
        ...PLANTED,
        'attribute[privasi]': privacy,
        lat: '-7.3356789',
        long: '112.7012345',
        address_id: 'RUMAH-PELAPOR-17',
        media_url: 'https://foto.example.id/rumah-pelapor.jpg',
      }),
    );
  }
  const citizen = await makeCitizen(context.app);
  ids.webRahasia = await fileReport(context.app, citizen, { privacy: 'rahasia' });
  ids.webAnonim = await fileReport(context.app, citizen, {
    privacy: 'anonim',
    lat: -7.2891234,
    lng: 112.7345678,
  });
});
afterAll(() => context?.close());

const get = (url: string) => context.app.inject({ method: 'GET', url });

/** Every answer Open311 gives about these reports, JSON and XML, list and single reads. */
async function everyAnswer(): Promise<string[]> {
  const urls = ['/open311/v2/requests.json', '/open311/v2/requests.xml'];
  for (const id of Object.values(ids)) {
    urls.push(`/open311/v2/requests/${id}.json`, `/open311/v2/requests/${id}.xml`);
    urls.push(`/open311/v2/requests/${id}.json?api_key=${key}`);
  }
  urls.push(`/open311/v2/requests.json?service_request_id=${Object.values(ids).join(',')}`);
  return Promise.all(urls.map(async (url) => (await get(url)).body));
}

describe('Open311 privacy', () => {
  it('returns the reporter’s contact details nowhere', async () => {
    for (const body of await everyAnswer()) {
      for (const value of Object.values(PLANTED)) {
        expect(body).not.toContain(value);
        expect(body).not.toContain(encodeURIComponent(value));
      }
    }
  });

  it('keeps contact details encrypted, and keeps none for an anonim report', async () => {
    const rows = await queryRows<{ tracking_id: string; contact: string | null }>(
      context.platform,
      'select tracking_id, contact from open311.requests',
    );
    const byId = new Map(rows.map((row) => [row.tracking_id, row.contact]));
    const publik = byId.get(ids.publik)!;
    expect(publik).toMatch(/^v1\./);
    for (const value of Object.values(PLANTED)) expect(publik).not.toContain(value);
    expect(JSON.parse(context.platform.cipher.decrypt(publik))).toEqual(PLANTED);
    expect(byId.get(ids.rahasia)).toMatch(/^v1\./);
    expect(byId.get(ids.anonim)).toBeNull();
  });

  it('never lists a rahasia report, whoever asks and however', async () => {
    const lists = [
      '/open311/v2/requests.json',
      `/open311/v2/requests.json?api_key=${key}`,
      `/open311/v2/requests.json?service_request_id=${ids.rahasia},${ids.webRahasia}`,
      `/open311/v2/requests.json?service_request_id=${ids.rahasia}&api_key=${key}`,
      '/open311/v2/requests.json?status=open',
    ];
    for (const url of lists) {
      const listed = (await get(url)).json() as Array<{ service_request_id: string }>;
      const listedIds = listed.map((request) => request.service_request_id);
      expect(listedIds, url).not.toContain(ids.rahasia);
      expect(listedIds, url).not.toContain(ids.webRahasia);
    }
    const xml = (await get('/open311/v2/requests.xml')).body;
    expect(xml).not.toContain(ids.rahasia);
    expect(xml).not.toContain(ids.webRahasia);
  });

  it('shows a rahasia report only to the key that posted it, as 404 to everyone else', async () => {
    expect((await get(`/open311/v2/requests/${ids.rahasia}.json`)).statusCode).toBe(404);
    expect((await get(`/open311/v2/requests/${ids.rahasia}.json?api_key=${otherKey}`)).statusCode).toBe(404);
    expect((await get(`/open311/v2/requests/${ids.webRahasia}.json?api_key=${key}`)).statusCode).toBe(404);
    const own = await get(`/open311/v2/requests/${ids.rahasia}.json?api_key=${key}`);
    expect(own.statusCode).toBe(200);
    expect((own.json() as Array<{ status: string }>)[0]!.status).toBe('open');
    // A bad key on a read is refused, not ignored.
    expect(
      (await get(`/open311/v2/requests/${ids.publik}.json?api_key=o311_salah-salah-salah-salah`)).statusCode,
    ).toBe(403);
  });

  it('rounds an anonim report’s coordinates to two decimals and drops its address, address_id and media', async () => {
    const [anonim] = (await get(`/open311/v2/requests/${ids.anonim}.json`)).json() as Array<
      Record<string, unknown>
    >;
    expect(anonim).toMatchObject({
      lat: -7.34,
      long: 112.7,
      address: null,
      address_id: null,
      media_url: null,
    });
    const [web] = (await get(`/open311/v2/requests/${ids.webAnonim}.json`)).json() as Array<
      Record<string, unknown>
    >;
    expect(web).toMatchObject({ lat: -7.29, long: 112.73, address: null });
    const xml = parseXml((await get(`/open311/v2/requests/${ids.anonim}.xml`)).body) as {
      service_requests: { request: Array<Record<string, unknown>> };
    };
    expect(xml.service_requests.request[0]).toMatchObject({ lat: '-7.34', long: '112.7', address: '' });
    expect((await get(`/open311/v2/requests/${ids.anonim}.xml`)).body).not.toContain('7.3356789');

    const [publik] = (await get(`/open311/v2/requests/${ids.publik}.json`)).json() as Array<
      Record<string, unknown>
    >;
    expect(publik).toMatchObject({
      lat: -7.3356789,
      long: 112.7012345,
      address_id: 'RUMAH-PELAPOR-17',
      media_url: 'https://foto.example.id/rumah-pelapor.jpg',
    });
  });

  it('gives officers no identity of an Open311 reporter through the complaint API either', async () => {
    const identity = await context.app.inject({
      method: 'GET',
      url: `/api/v1/complaints/${ids.publik}/reporter`,
      headers: asBearer(nasional),
    });
    for (const value of Object.values(PLANTED)) expect(identity.body).not.toContain(value);
    const full = await context.app.inject({
      method: 'GET',
      url: `/api/v1/complaints/${ids.anonim}`,
      headers: asBearer(nasional),
    });
    for (const value of Object.values(PLANTED)) expect(full.body).not.toContain(value);
  });

  it('lets the handling officer read the contact of a publik or rahasia report, audited; never of an anonim one', async () => {
    const read = (id: string) =>
      context.app.inject({
        method: 'GET',
        url: `/api/v1/open311/requests/${id}/contact`,
        headers: asBearer(nasional),
      });
    const publik = await read(ids.publik);
    expect(publik.statusCode).toBe(200);
    expect(publik.json()).toEqual(PLANTED);
    expect((await read(ids.rahasia)).json()).toEqual(PLANTED);
    const anonim = await read(ids.anonim);
    expect(anonim.statusCode).toBe(403);
    for (const value of Object.values(PLANTED)) expect(anonim.body).not.toContain(value);
    // A report filed on the web has no Open311 contact to read.
    expect((await read(ids.webAnonim)).statusCode).toBe(403);

    const audited = await queryRows<{ action: string; actor_id: string; target_id: string }>(
      context.platform,
      "select action, actor_id, target_id from platform.audit_log where action = 'open311.reporter_contact_read'",
    );
    expect(audited).toEqual(
      expect.arrayContaining([
        { action: 'open311.reporter_contact_read', actor_id: nasional.userId, target_id: ids.publik },
        { action: 'open311.reporter_contact_read', actor_id: nasional.userId, target_id: ids.rahasia },
      ]),
    );
    expect(audited).toHaveLength(2);
  });
});
