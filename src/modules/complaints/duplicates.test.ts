import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ACTION_BODIES,
  actOrThrow,
  addTestUnits,
  type Cast,
  driveTo,
  fileReport,
  type Harness,
  makeCast,
  queryNumber,
  queryRows,
  readComplaint,
} from '../../../test/support/complaints.ts';
import { asBearer, makeCitizen, problem, registerCitizen } from '../../../test/support/factories.ts';
import { startTestApp, type TestContext } from '../../../test/support/test-platform.ts';
import type { ComplaintView, DuplicateGroup, SimilarReport } from './index.ts';

/**
 * Similar reports while writing, joining as co-reporter, and merging duplicates, through the real
 * API on a fresh database. Each scenario writes about its own subject, so that the reports of one
 * do not turn up as "similar" in another.
 */

let context: TestContext;
let harness: Harness;
let cast: Cast;

beforeAll(async () => {
  context = await startTestApp();
  await addTestUnits(context.platform);
  cast = await makeCast(context.app, context.platform);
  harness = { app: context.app, platform: context.platform, cast };
}, 120_000);
afterAll(async () => {
  await context?.close();
});

type Citizen = Awaited<ReturnType<typeof makeCitizen>>;

function similar(session: { token: string } | undefined, body: object): Promise<LightMyRequestResponse> {
  return context.app.inject({
    method: 'POST',
    url: '/api/v1/complaints/similar',
    headers: session ? asBearer(session) : {},
    payload: body,
  });
}

async function similarIds(session: { token: string }, body: object): Promise<string[]> {
  const response = await similar(session, body);
  expect(response.statusCode, response.body).toBe(200);
  return (response.json().items as SimilarReport[]).map((item) => item.trackingId);
}

function join(session: { token: string }, trackingId: string): Promise<LightMyRequestResponse> {
  return context.app.inject({
    method: 'POST',
    url: `/api/v1/complaints/${trackingId}/co-reporters`,
    headers: asBearer(session),
  });
}

function merge(session: { token: string }, primary: string, body: object): Promise<LightMyRequestResponse> {
  return context.app.inject({
    method: 'POST',
    url: `/api/v1/complaints/${primary}/merge`,
    headers: asBearer(session),
    payload: body,
  });
}

function unmerge(session: { token: string }, duplicate: string, note = 'Ternyata lokasinya berbeda.') {
  return context.app.inject({
    method: 'POST',
    url: `/api/v1/complaints/${duplicate}/unmerge`,
    headers: asBearer(session),
    payload: { note },
  });
}

/** In-app notifications of a user about one report. */
function notificationsAbout(user: { userId: string }, trackingId: string) {
  return queryRows<{ title: string; body: string; link: string }>(
    context.platform,
    `select title, body, link from platform.notifications where user_id = $1 and (title like $2 or link like $3) order by created_at`,
    [user.userId, `%${trackingId}%`, `%${trackingId}`],
  );
}

const DRAIN = {
  title: 'Saluran air tersumbat sampah di Jalan Kedurus',
  description:
    'Saluran air di pinggir Jalan Kedurus tersumbat sampah plastik sehingga air meluap ke rumah warga setiap hujan deras.',
};
const DRAIN_COPY = {
  title: 'Got tersumbat sampah Jalan Kedurus meluap',
  description:
    'Got atau saluran air sepanjang Jalan Kedurus penuh sampah plastik dan tersumbat, air meluap masuk rumah kalau hujan deras.',
};

describe('similar reports while writing', () => {
  let publik: string;
  let anonim: string;
  let rahasia: string;
  let sidoarjo: string;
  let unrelated: string;
  let archived: string;

  beforeAll(async () => {
    publik = await fileReport(context.app, cast.reporter, { ...DRAIN, regionCode: '35.78.01.1003' });
    anonim = await fileReport(context.app, cast.reporter, {
      ...DRAIN,
      title: 'Saluran air Jalan Kedurus tersumbat sampah plastik',
      privacy: 'anonim',
      regionCode: '35.78.01',
    });
    rahasia = await fileReport(context.app, cast.reporter, { ...DRAIN, privacy: 'rahasia' });
    sidoarjo = await fileReport(context.app, cast.reporter, { ...DRAIN, regionCode: '35.15.01' });
    unrelated = await fileReport(context.app, cast.reporter, {
      title: 'Antrean perekaman KTP elektronik sangat lama',
      description:
        'Di kantor kecamatan antrean perekaman KTP elektronik mengular sejak subuh dan blanko sering habis.',
      regionCode: '35.78.01.1003',
    });
    archived = await fileReport(context.app, cast.reporter, { ...DRAIN, regionCode: '35.78.01.1003' });
    await actOrThrow(context.app, cast.nasional, archived, ACTION_BODIES.arsipkan);
  });

  it('offers open publik and anonim reports of the same regency for a near-copy, the same village first', async () => {
    const response = await similar(cast.otherCitizen, { ...DRAIN_COPY, regionCode: '35.78.01.1003' });
    expect(response.statusCode, response.body).toBe(200);
    const items = response.json().items as SimilarReport[];
    const ids = items.map((item) => item.trackingId);
    expect(ids).toContain(publik);
    expect(ids).toContain(anonim);
    expect(ids[0]).toBe(publik);
    const first = items[0]!;
    expect(first.sameArea).toBe('kelurahan');
    expect(first.regionName).toBe('Kedurus');
    expect(first.publicStatus).toBe('Belum Terverifikasi');
    expect(first.reporterCount).toBe(1);
    expect(first.isYours).toBe(false);
    expect(first.score).toBeGreaterThan(0.3);
  });

  it('offers them while only a title has been typed', async () => {
    expect(
      await similarIds(cast.otherCitizen, { title: DRAIN_COPY.title, regionCode: '35.78.01.1003' }),
    ).toContain(publik);
  });

  it('never offers a rahasia report, one in another regency, a closed one or one about something else', async () => {
    const ids = await similarIds(cast.otherCitizen, { ...DRAIN_COPY, regionCode: '35.78.01.1003' });
    expect(ids).not.toContain(rahasia);
    expect(ids).not.toContain(sidoarjo);
    expect(ids).not.toContain(archived);
    expect(ids).not.toContain(unrelated);
    // Seen from Sidoarjo, only Sidoarjo's report.
    expect(await similarIds(cast.otherCitizen, { ...DRAIN_COPY, regionCode: '35.15.01' })).toEqual([
      sidoarjo,
    ]);
  });

  it('names no reporter, even to the officers and for anonim reports; the filer sees that one is theirs', async () => {
    const response = await similar(cast.otherCitizen, { ...DRAIN_COPY, regionCode: '35.78.01' });
    const text = response.body;
    expect(text).not.toContain(cast.reporter.userId);
    expect(text).not.toContain(cast.reporter.email);
    expect(text).not.toContain('Siti Rahayu');
    for (const item of response.json().items as Array<Record<string, unknown>>) {
      expect(Object.keys(item).sort()).toEqual(
        [
          'excerpt',
          'hasJoined',
          'isYours',
          'publicStatus',
          'regionCode',
          'regionName',
          'reporterCount',
          'score',
          'sameArea',
          'submittedAt',
          'title',
          'trackingId',
        ].sort(),
      );
    }
    const own = (await similar(cast.reporter, { ...DRAIN_COPY, regionCode: '35.78.01' })).json()
      .items as SimilarReport[];
    expect(own.find((item) => item.trackingId === anonim)?.isYours).toBe(true);
  });

  it('refuses bad input with a 400 problem naming the field, and asks a visitor to log in', async () => {
    const cases: Array<[object, string]> = [
      [{ title: DRAIN_COPY.title }, 'regionCode'],
      [{ title: DRAIN_COPY.title, regionCode: 'Surabaya' }, 'regionCode'],
      [{ title: 'got', regionCode: '35.78.01' }, 'title'],
      [{ ...DRAIN_COPY, regionCode: '35.78.01', agencyCode: '35.78' }, ''],
      [{ title: 'x'.repeat(201), regionCode: '35.78.01' }, 'title'],
    ];
    for (const [body, field] of cases) {
      const response = await similar(cast.otherCitizen, body);
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
      expect(response.headers['content-type']).toContain('application/problem+json');
      if (field) expect(problem(response).errors?.map((error) => error.field)).toContain(field);
    }
    const unknownRegion = await similar(cast.otherCitizen, { ...DRAIN_COPY, regionCode: '99.99' });
    expect(unknownRegion.statusCode).toBe(400);
    expect(problem(unknownRegion).code).toBe('REGION_UNKNOWN');
    expect((await similar(undefined, { ...DRAIN_COPY, regionCode: '35.78.01' })).statusCode).toBe(401);
  });
});

describe('joining as co-reporter', () => {
  const LAMP = {
    title: 'Lampu penerangan jalan padam di Jalan Raya Menganti',
    description:
      'Sudah dua minggu lampu penerangan jalan umum di Jalan Raya Menganti padam, jalan gelap dan rawan kecelakaan malam hari.',
    regionCode: '35.78.02',
  };
  let trackingId: string;
  let follower: Citizen;

  beforeAll(async () => {
    trackingId = await fileReport(context.app, cast.reporter, { ...LAMP, privacy: 'anonim' });
    follower = await makeCitizen(context.app);
  });

  it('makes the citizen a party who hears every public change, and says so in the timeline without naming them', async () => {
    const response = await join(follower, trackingId);
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json()).toEqual({ trackingId, reporterCount: 2 });

    await actOrThrow(context.app, cast.nasional, trackingId, ACTION_BODIES.disposisi);
    const news = await notificationsAbout(follower, trackingId);
    expect(news.map((item) => item.title)).toEqual([
      `${trackingId}: Anda ikut melapor`,
      `${trackingId}: laporan diteruskan`,
    ]);
    // The same message the filer got.
    expect((await notificationsAbout(cast.reporter, trackingId)).map((item) => item.title)).toContain(
      `${trackingId}: laporan diteruskan`,
    );

    const view = await readComplaint(context.app, cast.nasional, trackingId);
    const joined = view.timeline.find((entry) => entry.kind === 'ikut_melapor');
    expect(joined?.actor).toBe('Warga');
    const events = await queryRows<{ actor_id: string | null }>(
      context.platform,
      `select e.actor_id from complaints.events e join complaints.complaints c on c.id = e.complaint_id
       where c.tracking_id = $1 and e.kind = 'ikut_melapor'`,
      [trackingId],
    );
    expect(events).toEqual([{ actor_id: null }]);
    // An anonim report: the audit trail does not name the co-reporter either.
    const audit = await queryRows<{ actor_id: string | null }>(
      context.platform,
      `select actor_id from platform.audit_log where action = 'complaint.joined' and target_id = $1`,
      [trackingId],
    );
    expect(audit).toEqual([{ actor_id: null }]);
  });

  it('keeps questions for the filer, and does not let the party act as the reporter or read the full record', async () => {
    await actOrThrow(context.app, cast.adminSurabaya, trackingId, ACTION_BODIES.disposisi_unit);
    await actOrThrow(context.app, cast.penghubungSurabaya, trackingId, ACTION_BODIES.minta_informasi);
    const titles = (await notificationsAbout(follower, trackingId)).map((item) => item.title);
    expect(titles).not.toContain(`${trackingId}: petugas meminta informasi`);
    expect((await notificationsAbout(cast.reporter, trackingId)).map((item) => item.title)).toContain(
      `${trackingId}: petugas meminta informasi`,
    );
    const full = await context.app.inject({
      method: 'GET',
      url: `/api/v1/complaints/${trackingId}`,
      headers: asBearer(follower),
    });
    expect(full.statusCode).toBe(404);
    const reply = await context.app.inject({
      method: 'POST',
      url: `/api/v1/complaints/${trackingId}/actions`,
      headers: asBearer(follower),
      payload: ACTION_BODIES.balas,
    });
    expect(reply.statusCode).toBe(404);
  });

  it('refuses joining twice, one’s own report, a closed report and a rahasia report with clear problems', async () => {
    const twice = await join(follower, trackingId);
    expect(twice.statusCode).toBe(409);
    expect(problem(twice).code).toBe('ALREADY_JOINED');
    expect(problem(twice).title).toBe('Anda sudah ikut melapor pada laporan ini.');
    const own = await join(cast.reporter, trackingId);
    expect(own.statusCode).toBe(409);
    expect(problem(own).code).toBe('OWN_REPORT');
    const closed = await driveTo(harness, 'ditutup', { ...LAMP, title: 'Lampu jalan padam di gang sempit' });
    const late = await join(follower, closed);
    expect(late.statusCode).toBe(409);
    expect(problem(late).code).toBe('REPORT_CLOSED');
    const rahasia = await fileReport(context.app, cast.reporter, { ...LAMP, privacy: 'rahasia' });
    const hidden = await join(follower, rahasia);
    expect(hidden.statusCode).toBe(404);
    expect(problem(hidden).code).toBe('COMPLAINT_NOT_FOUND');
    const nonsense = await join(follower, 'not-a-tracking-id');
    expect(nonsense.statusCode).toBe(404);
    expect(
      await queryNumber(
        context.platform,
        `select count(*) from complaints.reporters r join complaints.complaints c on c.id = r.complaint_id
         where c.tracking_id = any($1) and r.user_id = $2`,
        [[closed, rahasia], follower.userId],
      ),
    ).toBe(0);
  });

  it('shows a joined report as joined in the similar list', async () => {
    const items = (await similar(follower, LAMP)).json().items as SimilarReport[];
    expect(items.find((item) => item.trackingId === trackingId)).toMatchObject({
      hasJoined: true,
      isYours: false,
      reporterCount: 2,
    });
  });
});

describe('merging duplicates', () => {
  const TREE = {
    title: 'Pohon tumbang menutup Jalan Gunungsari',
    description:
      'Sebuah pohon besar tumbang di Jalan Gunungsari dekat pintu tol dan menutup separuh jalan sejak pagi, kendaraan macet panjang.',
    regionCode: '35.78.01',
  };
  const TREE_COPY = {
    title: 'Pohon besar tumbang di Jalan Gunungsari',
    description:
      'Pohon tumbang menutup separuh Jalan Gunungsari dekat pintu tol sejak pagi tadi, macet panjang dan belum ada petugas.',
    regionCode: '35.78.01',
    privacy: 'anonim',
    // Addressed to the city: its admin verifies it, and so may merge it.
    agencyCode: '35.78',
  };
  let primary: string;
  let duplicate: string;
  let secondReporter: Citizen;
  let coReporter: Citizen;

  beforeAll(async () => {
    primary = await driveTo(harness, 'terdisposisi', TREE);
    secondReporter = await makeCitizen(context.app);
    coReporter = await makeCitizen(context.app);
    duplicate = await fileReport(context.app, secondReporter, TREE_COPY);
    expect((await join(coReporter, duplicate)).statusCode).toBe(201);
  });

  it('lists the two as a group for the admins who may merge them, and not one regency over', async () => {
    const response = await context.app.inject({
      method: 'GET',
      url: '/api/v1/complaints/duplicates',
      headers: asBearer(cast.adminSurabaya),
    });
    expect(response.statusCode, response.body).toBe(200);
    const group = (response.json().groups as DuplicateGroup[]).find((candidate) =>
      candidate.reports.some((report) => report.trackingId === primary),
    );
    expect(group?.reports.map((report) => report.trackingId).sort()).toEqual([primary, duplicate].sort());
    // The one further along in handling is the one to keep.
    expect(group?.suggestedPrimary).toBe(primary);
    expect(JSON.stringify(group)).not.toContain(secondReporter.email);

    const national = await context.app.inject({
      method: 'GET',
      url: '/api/v1/complaints/duplicates',
      headers: asBearer(cast.nasional),
    });
    expect(JSON.stringify(national.json())).toContain(duplicate);
    const sidoarjo = await context.app.inject({
      method: 'GET',
      url: '/api/v1/complaints/duplicates',
      headers: asBearer(cast.adminSidoarjo),
    });
    expect(sidoarjo.statusCode).toBe(200);
    expect(JSON.stringify(sidoarjo.json())).not.toContain(primary);
  });

  it('pages the groups honestly and narrows them to one regency on request', async () => {
    const get = (query: string) =>
      context.app.inject({
        method: 'GET',
        url: `/api/v1/complaints/duplicates${query}`,
        headers: asBearer(cast.nasional),
      });
    const first = (await get('?regionCode=35.78')).json();
    expect(first.page).toBe(1);
    expect(first.pageSize).toBe(50);
    expect(first.total).toBe(first.groups.length);
    expect(JSON.stringify(first.groups)).toContain(duplicate);
    // A village code narrows to its regency; another regency has none of these.
    expect(JSON.stringify((await get('?regionCode=35.78.01.1002')).json().groups)).toContain(duplicate);
    const elsewhere = (await get('?regionCode=35.15')).json();
    expect(JSON.stringify(elsewhere.groups)).not.toContain(duplicate);
    // A page past the last is empty, with the same total.
    const past = (await get('?regionCode=35.78&page=2')).json();
    expect(past.groups).toEqual([]);
    expect(past.total).toBe(first.total);
    const bad = await get('?page=0');
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toContain('application/problem+json');
    expect((await get('?regionCode=35.7')).statusCode).toBe(400);
  });

  it('refuses what cannot be merged, changing nothing', async () => {
    const self = await merge(cast.adminSurabaya, primary, { duplicates: [primary], note: 'Sama.' });
    expect(self.statusCode).toBe(400);
    expect(problem(self).code).toBe('MERGE_WITH_ITSELF');
    const rahasia = await fileReport(context.app, cast.otherCitizen, { ...TREE_COPY, privacy: 'rahasia' });
    const secret = await merge(cast.nasional, primary, { duplicates: [rahasia], note: 'Sama.' });
    expect(secret.statusCode).toBe(409);
    expect(problem(secret).code).toBe('MERGE_RAHASIA');
    const closed = await driveTo(harness, 'ditutup', TREE);
    const late = await merge(cast.adminSurabaya, primary, { duplicates: [closed], note: 'Sama.' });
    expect(late.statusCode).toBe(409);
    expect(problem(late).code).toBe('REPORT_CLOSED');
    const outOfReach = await merge(cast.adminSidoarjo, primary, { duplicates: [duplicate], note: 'Sama.' });
    expect(outOfReach.statusCode).toBe(404);
    const unit = await merge(cast.penghubungSurabaya, primary, { duplicates: [duplicate], note: 'Sama.' });
    expect(unit.statusCode).toBe(404);
    const empty = await merge(cast.adminSurabaya, primary, { duplicates: [], note: 'Sama.' });
    expect(empty.statusCode).toBe(400);
    expect(problem(empty).errors?.map((error) => error.field)).toContain('duplicates');
    const noNote = await merge(cast.adminSurabaya, primary, { duplicates: [duplicate] });
    expect(noNote.statusCode).toBe(400);
    expect(problem(noNote).errors?.map((error) => error.field)).toContain('note');
    const notMerged = await unmerge(cast.adminSurabaya, duplicate);
    expect(notMerged.statusCode).toBe(409);
    expect(problem(notMerged).code).toBe('NOT_MERGED');
    expect((await readComplaint(context.app, secondReporter, duplicate)).status).toBe('baru');
    expect(
      await queryNumber(
        context.platform,
        `select count(*) from platform.audit_log where action = 'complaint.merged'`,
      ),
    ).toBe(0);
  });

  it('merges: the duplicate is archived and linked, every reporter is told and follows the primary', async () => {
    const response = await merge(cast.adminSurabaya, primary, {
      duplicates: [duplicate],
      note: 'Kejadian yang sama di lokasi yang sama.',
    });
    expect(response.statusCode, response.body).toBe(200);
    const view = response.json() as ComplaintView;
    expect(view.trackingId).toBe(primary);
    expect(view.mergedDuplicates).toEqual([duplicate]);
    expect(view.timeline.at(-1)).toMatchObject({
      kind: 'penggabungan',
      actor: 'Admin Instansi — Pemerintah Kota Surabaya',
    });

    const mergedView = await readComplaint(context.app, secondReporter, duplicate);
    expect(mergedView.status).toBe('diarsipkan');
    expect(mergedView.publicStatus).toBe('Arsip');
    expect(mergedView.mergedInto).toBe(primary);
    expect(mergedView.timeline.at(-1)?.kind).toBe('digabung');
    expect((await readComplaint(context.app, cast.adminSurabaya, duplicate)).canUnmerge).toBe(true);

    expect((await notificationsAbout(cast.reporter, primary)).map((item) => item.title)).toContain(
      `${primary}: laporan serupa digabungkan`,
    );
    for (const person of [secondReporter, coReporter]) {
      expect((await notificationsAbout(person, duplicate)).map((item) => item.title)).toContain(
        `${duplicate}: digabungkan ke ${primary}`,
      );
    }
    // The duplicate was anonim: its reporters' e-mails name no report.
    const mails = await queryRows<{ subject: string }>(
      context.platform,
      `select subject from platform.outbox where recipient = $1 order by created_at desc limit 1`,
      [secondReporter.email],
    ).catch(() => []);
    for (const mail of mails) expect(mail.subject).not.toContain(duplicate);

    // Both now hear the primary's news.
    await actOrThrow(context.app, cast.adminSurabaya, primary, ACTION_BODIES.disposisi_unit);
    await actOrThrow(context.app, cast.penghubungSurabaya, primary, ACTION_BODIES.rencana_tindak_lanjut);
    for (const person of [cast.reporter, secondReporter, coReporter]) {
      expect(
        (await notificationsAbout(person, primary)).map((item) => item.title),
        person.email,
      ).toContain(`${primary}: rencana tindak lanjut`);
    }
    const audit = await queryRows<{ actor_id: string; details: { into: string } }>(
      context.platform,
      `select actor_id, details from platform.audit_log where action = 'complaint.merged' and target_id = $1`,
      [duplicate],
    );
    expect(audit).toEqual([
      { actor_id: cast.adminSurabaya.userId, details: { into: primary, from: 'baru' } },
    ]);
  });

  it('refuses merging the merged duplicate again, or merging the primary away', async () => {
    const third = await fileReport(context.app, cast.otherCitizen, TREE_COPY);
    const again = await merge(cast.adminSurabaya, third, { duplicates: [duplicate], note: 'Sama.' });
    expect(again.statusCode).toBe(409);
    expect(problem(again).code).toBe('REPORT_CLOSED');
    const chain = await merge(cast.nasional, third, { duplicates: [primary], note: 'Sama.' });
    expect(chain.statusCode).toBe(409);
    expect(problem(chain).code).toBe('MERGE_CHAIN');
  });

  it('unmerges: the duplicate returns to its state, its reporters leave the primary, and it is recorded', async () => {
    const response = await unmerge(cast.adminSurabaya, duplicate);
    expect(response.statusCode, response.body).toBe(200);
    const view = response.json() as ComplaintView;
    expect(view.status).toBe('baru');
    expect(view.mergedInto).toBeNull();
    expect(view.timeline.at(-1)?.kind).toBe('pemisahan');
    expect((await readComplaint(context.app, cast.adminSurabaya, primary)).mergedDuplicates).toEqual([]);
    expect((await notificationsAbout(secondReporter, duplicate)).map((item) => item.title)).toContain(
      `${duplicate}: penggabungan dibatalkan`,
    );
    expect(
      await queryNumber(
        context.platform,
        `select count(*) from platform.audit_log where action = 'complaint.unmerged' and target_id = $1`,
        [duplicate],
      ),
    ).toBe(1);

    await actOrThrow(context.app, cast.penghubungSurabaya, primary, {
      action: 'tindak_lanjut',
      note: 'Pohon sudah dipotong dan jalan dibuka kembali.',
      isFinal: true,
    });
    expect((await notificationsAbout(cast.reporter, primary)).map((item) => item.title)).toContain(
      `${primary}: tindak lanjut selesai`,
    );
    for (const person of [secondReporter, coReporter]) {
      expect((await notificationsAbout(person, primary)).map((item) => item.title)).not.toContain(
        `${primary}: tindak lanjut selesai`,
      );
    }
    // The co-reporter of the duplicate still follows the duplicate itself.
    expect(
      await queryNumber(
        context.platform,
        `select count(*) from complaints.reporters r join complaints.complaints c on c.id = r.complaint_id
         where c.tracking_id = $1`,
        [duplicate],
      ),
    ).toBe(2);
    const again = await unmerge(cast.adminSurabaya, duplicate);
    expect(again.statusCode).toBe(409);
  });

  it('keeps a citizen who joined the primary themselves when a merge that also brought them is undone', async () => {
    const citizen = await registerCitizen(context.app);
    expect(citizen.body.id).toBeTruthy();
    const fresh = await fileReport(context.app, cast.otherCitizen, {
      ...TREE,
      title: 'Pohon tumbang di Jalan Gunungsari menutup jalan',
    });
    const joiner = await makeCitizen(context.app);
    expect((await join(joiner, fresh)).statusCode).toBe(201);
    const copy = await fileReport(context.app, joiner, TREE_COPY);
    expect((await merge(cast.nasional, fresh, { duplicates: [copy], note: 'Sama.' })).statusCode).toBe(200);
    expect((await unmerge(cast.nasional, copy)).statusCode).toBe(200);
    const items = (await similar(joiner, TREE)).json().items as SimilarReport[];
    expect(items.find((item) => item.trackingId === fresh)?.hasJoined).toBe(true);
  });
});

describe('stored near-duplicate pairs behind the groups', () => {
  const BRIDGE = {
    title: 'Jembatan penyeberangan Wonokromo berlubang dan licin',
    description:
      'Lantai jembatan penyeberangan orang di depan Stasiun Wonokromo berlubang besar dan licin, pejalan kaki hampir terperosok.',
    regionCode: '35.78.01',
  };
  const BRIDGE_COPY = {
    title: 'Jembatan penyeberangan Stasiun Wonokromo berlubang',
    description:
      'Jembatan penyeberangan orang dekat Stasiun Wonokromo lantainya berlubang besar dan licin, berbahaya bagi pejalan kaki.',
    regionCode: '35.78.01',
  };

  async function groupsOf(query = '?regionCode=35.78'): Promise<string[][]> {
    const response = await context.app.inject({
      method: 'GET',
      url: `/api/v1/complaints/duplicates${query}`,
      headers: asBearer(cast.nasional),
    });
    expect(response.statusCode, response.body).toBe(200);
    return (response.json().groups as DuplicateGroup[]).map((group) =>
      group.reports.map((report) => report.trackingId).sort(),
    );
  }

  const groupWith = async (trackingId: string, query?: string) =>
    (await groupsOf(query)).find((group) => group.includes(trackingId)) ?? [];

  const storedPairsOf = (trackingId: string) =>
    queryNumber(
      context.platform,
      `select count(*) from complaints.duplicate_pairs p join complaints.complaints c
         on c.id in (p.first_id, p.second_id) where c.tracking_id = $1`,
      [trackingId],
    );

  const waiting = (trackingIds: string[]) =>
    queryNumber(
      context.platform,
      `select count(*) from complaints.duplicate_pair_queue q join complaints.complaints c
         on c.id = q.complaint_id where c.tracking_id = any($1::text[])`,
      [trackingIds],
    );

  it('keeps the groups true as reports are filed, merged, unmerged, closed, made rahasia, edited and deleted', async () => {
    const first = await fileReport(context.app, cast.reporter, BRIDGE);
    const second = await fileReport(context.app, cast.otherCitizen, BRIDGE_COPY);
    // Filing only queues the reports; the pair is computed before the groups are read.
    expect(await waiting([first, second])).toBe(2);
    expect(await groupWith(first)).toEqual([first, second].sort());
    expect(await waiting([first, second])).toBe(0);
    expect(await storedPairsOf(first)).toBe(1);

    // Merged: the duplicate is archived and the group is gone; unmerged: it is back.
    expect((await merge(cast.nasional, first, { duplicates: [second], note: 'Sama.' })).statusCode).toBe(200);
    expect(await groupWith(first)).toEqual([]);
    expect((await unmerge(cast.nasional, second)).statusCode).toBe(200);
    expect(await groupWith(first)).toEqual([first, second].sort());

    // Closed (archived): gone.
    await actOrThrow(context.app, cast.nasional, second, ACTION_BODIES.arsipkan);
    expect(await groupWith(first)).toEqual([]);

    // A third copy groups with the first; made rahasia, it leaves the groups.
    const third = await fileReport(context.app, cast.otherCitizen, BRIDGE_COPY);
    expect(await groupWith(first)).toEqual([first, third].sort());
    await actOrThrow(context.app, cast.nasional, third, { ...ACTION_BODIES.disposisi, privacy: 'rahasia' });
    expect(await groupWith(first)).toEqual([]);

    // Edited (a correction written by whatever means) into another subject: its pairs go at once,
    // and its new text finds its own duplicates.
    const fourth = await fileReport(context.app, cast.otherCitizen, BRIDGE_COPY);
    expect(await groupWith(first)).toEqual([first, fourth].sort());
    await queryNumber(
      context.platform,
      `update complaints.complaints set title = $2, description = $3 where tracking_id = $1`,
      [fourth, DRAIN.title, DRAIN.description],
    );
    expect(await storedPairsOf(fourth)).toBe(0);
    const drain = await fileReport(context.app, cast.reporter, { ...DRAIN_COPY, regionCode: '35.78.01' });
    expect(await groupWith(first)).toEqual([]);
    expect(await groupWith(fourth)).toContain(drain);

    // Deleted: its pairs go with it.
    const fifth = await fileReport(context.app, cast.otherCitizen, BRIDGE_COPY);
    expect(await groupWith(first)).toEqual([first, fifth].sort());
    await queryNumber(context.platform, `delete from complaints.complaints where tracking_id = $1`, [fifth]);
    expect(await storedPairsOf(fifth)).toBe(0);
    expect(await groupWith(first)).toEqual([]);
  });

  it('finds the pairs of reports written straight into the database (an upgrade, an import), a regency at a time', async () => {
    // Sixty unrelated reports of Sidoarjo (made-up words) and three copies of one, 40, 5 and 3 days old.
    let seed = 7;
    const next = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed;
    };
    const letters = 'abcdefghijklmnopqrstuvwxyz';
    const word = () => Array.from({ length: 7 }, () => letters[(next() >> 8) % letters.length]).join('');
    const sentence = (length: number) => Array.from({ length }, word).join(' ');
    const day = 86_400_000;
    const reports = Array.from({ length: 60 }, () => ({
      title: sentence(5),
      description: sentence(14),
      age: (next() % 80) + 1,
    }));
    reports.push(
      {
        title: BRIDGE.title.replace('Wonokromo', 'Waru'),
        description: BRIDGE.description.replaceAll('Wonokromo', 'Waru'),
        age: 40,
      },
      {
        title: BRIDGE_COPY.title.replace('Wonokromo', 'Waru'),
        description: BRIDGE_COPY.description.replaceAll('Wonokromo', 'Waru'),
        age: 5,
      },
      {
        title: BRIDGE.title.replace('Wonokromo', 'Waru'),
        description: BRIDGE_COPY.description.replaceAll('Wonokromo', 'Waru'),
        age: 3,
      },
    );
    const ids = reports.map((_, index) => `SQL${String(index).padStart(3, '0')}`.padEnd(11, 'X'));
    const now = context.platform.clock.now().getTime();
    for (const [index, report] of reports.entries()) {
      const at = new Date(now - report.age * day).toISOString();
      await queryNumber(
        context.platform,
        `insert into complaints.complaints (tracking_id, kind, title, description, privacy, channel, status,
           region_code, submitted_at, verification_due_at)
         values ($1, 'pengaduan', $2, $3, 'publik', 'web', 'baru', '35.15', $4::timestamptz, $4::timestamptz)`,
        [ids[index], report.title, report.description, at],
      );
    }
    expect(await waiting(ids)).toBe(ids.length);
    const [old, recent, newest] = ids.slice(-3) as [string, string, string];
    // 14 days apart at most (the default): the two recent ones; 60 days: all three. Nothing else.
    expect(await groupsOf('?regionCode=35.15')).toEqual([[recent, newest].sort()]);
    expect(await waiting(ids)).toBe(0);
    expect(await groupsOf('?regionCode=35.15&windowDays=60')).toEqual([[old, recent, newest].sort()]);
  });
});
