import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asBearer, makeCitizen, makeOfficer, problem } from '../../../test/support/factories.ts';
import { startTestApp, type TestContext } from '../../../test/support/test-platform.ts';
import { importAgencies } from '../identity/index.ts';

let context: TestContext;
type Session = Awaited<ReturnType<typeof makeCitizen>>;
let citizen: Session;
let nasional: { token: string };
let adminSurabaya: { token: string };
let penghubungSda: { token: string };
let adminSidoarjo: { token: string };

beforeAll(async () => {
  context = await startTestApp();
  const { app, platform } = context;
  await importAgencies(platform.database.db, {
    csv: 'code,name,parent_code\ndinas-sda,Dinas SDA,35.78\ndinas-kesehatan,Dinas Kesehatan,35.78\n',
    actor: 'system',
  });
  citizen = await makeCitizen(app);
  nasional = await makeOfficer(app, platform, 'admin-nasional', 'kemenpanrb');
  adminSurabaya = await makeOfficer(app, platform, 'admin-instansi', '35.78');
  penghubungSda = await makeOfficer(app, platform, 'penghubung', '35.78/dinas-sda');
  adminSidoarjo = await makeOfficer(app, platform, 'admin-instansi', '35.15');
});
afterAll(async () => {
  await context?.close();
});

const report = {
  kind: 'pengaduan',
  title: 'Saluran air tersumbat di Jalan Karang Pilang',
  description:
    'Saluran air di depan pasar tersumbat sampah sejak dua minggu dan menyebabkan banjir setiap hujan.',
  privacy: 'anonim',
  regionCode: '35.78.01',
  categoryCode: 'infrastruktur',
};

async function act(session: { token: string }, trackingId: string, body: object) {
  return context.app.inject({
    method: 'POST',
    url: `/api/v1/complaints/${trackingId}/actions`,
    headers: asBearer(session),
    payload: body,
  });
}

describe('a report from filing to confirmed resolution', () => {
  it('goes through verification, disposition, follow-up, reopening and confirmation', async () => {
    const { app } = context;
    const filed = await app.inject({
      method: 'POST',
      url: '/api/v1/complaints',
      headers: asBearer(citizen),
      payload: report,
    });
    expect(filed.statusCode).toBe(201);
    const { trackingId, status, dueAt } = filed.json();
    expect(trackingId).toMatch(/^[0-9A-HJKMNP-TV-Z]{5}-[0-9A-HJKMNP-TV-Z]{5}$/);
    expect(status).toBe('baru');
    expect(new Date(dueAt).getTime()).toBeGreaterThan(Date.now());

    expect((await act(nasional, trackingId, { action: 'disposisi', agencyCode: '35.78' })).statusCode).toBe(
      200,
    );
    // Another regency's admin cannot even see it.
    expect(
      (await act(adminSidoarjo, trackingId, { action: 'disposisi_unit', unitCode: '35.78/dinas-sda' }))
        .statusCode,
    ).toBe(404);
    expect(
      (await act(adminSurabaya, trackingId, { action: 'disposisi_unit', unitCode: '35.78/dinas-sda' }))
        .statusCode,
    ).toBe(200);
    const asked = await act(penghubungSda, trackingId, {
      action: 'minta_informasi',
      note: 'Mohon kirim titik lokasi yang tepat.',
    });
    expect(asked.json().isPaused).toBe(true);
    expect(
      (
        await act(citizen, trackingId, { action: 'balas', note: 'Di depan Pasar Karang Pilang, sisi timur.' })
      ).json().status,
    ).toBe('di_unit');
    expect(
      (
        await act(penghubungSda, trackingId, {
          action: 'rencana_tindak_lanjut',
          note: 'Tim akan membersihkan saluran minggu ini.',
        })
      ).json().status,
    ).toBe('diproses');
    expect(
      (
        await act(penghubungSda, trackingId, { action: 'tindak_lanjut', note: 'Saluran sudah dibersihkan.' })
      ).json().status,
    ).toBe('selesai');
    expect(
      (
        await act(citizen, trackingId, {
          action: 'buka_kembali',
          note: 'Masih tergenang setelah hujan kemarin.',
        })
      ).json().status,
    ).toBe('diproses');
    expect(
      (
        await act(penghubungSda, trackingId, { action: 'tindak_lanjut', note: 'Gorong-gorong diganti.' })
      ).json().status,
    ).toBe('selesai');
    const closed = await act(citizen, trackingId, { action: 'konfirmasi_selesai' });
    expect(closed.json()).toMatchObject({
      status: 'ditutup',
      publicStatus: 'Terdisposisi Selesai',
      reopenCount: 1,
    });
    const rated = await app.inject({
      method: 'POST',
      url: `/api/v1/complaints/${trackingId}/rating`,
      headers: asBearer(citizen),
      payload: { score: 4, comment: 'Cepat ditangani.' },
    });
    expect(rated.json().rating).toEqual({ score: 4, comment: 'Cepat ditangani.' });

    const publicView = await app.inject({ method: 'GET', url: `/api/v1/public/complaints/${trackingId}` });
    expect(publicView.statusCode).toBe(200);
    expect(publicView.json().publicStatus).toBe('Terdisposisi Selesai');
    const feed = await app.inject({ method: 'GET', url: '/api/v1/public/complaints?q=saluran%20tersumbat' });
    expect(feed.json().items.map((item: { trackingId: string }) => item.trackingId)).toContain(trackingId);

    const wrongState = await act(citizen, trackingId, { action: 'konfirmasi_selesai' });
    expect(wrongState.statusCode).toBe(409);
    expect(problem(wrongState).code).toBe('TRANSITION_NOT_ALLOWED');
  });
});
