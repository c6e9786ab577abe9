import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ACTION_BODIES,
  act,
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
  UNIT_SIDOARJO,
} from '../../../test/support/complaints.ts';
import { problem } from '../../../test/support/factories.ts';
import { startTestApp, type TestContext } from '../../../test/support/test-platform.ts';
import { type ActionName, type ComplaintAction, STATUSES, type Status } from './complaints.contracts.ts';
import { type Standing, TRANSITIONS } from './complaints.rules.ts';

/**
 * Every action of the state machine tried in every state, by everyone who meets the report.
 * Reports are filed in Surabaya, dispositioned to Pemerintah Kota Surabaya (35.78) and its
 * water agency; Sidoarjo's officers (35.15) and a second citizen never see them.
 */

type Member = keyof Cast;
type Outcome = { status: number; code?: string; to?: Status };

let context: TestContext;
let harness: Harness;

const DISPOSITIONED: ReadonlySet<Status> = new Set([
  'terdisposisi',
  'di_unit',
  'diproses',
  'menunggu_pelapor',
  'selesai',
  'ditutup',
  'ditutup_tanpa_konfirmasi',
]);
const AT_UNIT: ReadonlySet<Status> = new Set([...DISPOSITIONED].filter((state) => state !== 'terdisposisi'));

/** How each member stands to a report in a state; null: their role acts on no report at all. */
function standingsOf(member: Member, state: Status): Standing[] | null {
  switch (member) {
    case 'reporter':
      return ['pelapor'];
    case 'nasional':
      return ['admin-nasional'];
    case 'adminSurabaya':
      return DISPOSITIONED.has(state) ? ['admin-instansi'] : [];
    case 'penghubungSurabaya':
      return AT_UNIT.has(state) ? ['penghubung'] : [];
    case 'pengawasSurabaya':
    case 'pengawasUnitSurabaya':
    case 'pengawasPusat':
    case 'pengawasSidoarjo':
    case 'sysadmin':
      return null;
    case 'otherCitizen':
    case 'adminSidoarjo':
    case 'penghubungSidoarjo':
      return [];
  }
}

/** The state a driven report in `state` paused from (see ROUTE_TO in test/support/complaints.ts). */
const PAUSED_FROM: Partial<Record<Status, Status>> = { menunggu_pelapor: 'diproses' };

function expectedOutcome(member: Member, action: ActionName, state: Status): Outcome {
  const standings = standingsOf(member, state);
  if (standings === null) return { status: 403, code: 'FORBIDDEN' };
  if (standings.length === 0) return { status: 404, code: 'COMPLAINT_NOT_FOUND' };
  const transition = TRANSITIONS[action];
  if (!transition.by.some((standing) => standings.includes(standing))) {
    return { status: 403, code: 'ACTION_FORBIDDEN' };
  }
  if (!transition.from.includes(state)) return { status: 409, code: 'TRANSITION_NOT_ALLOWED' };
  const body = ACTION_BODIES[action] as ComplaintAction;
  return {
    status: 200,
    to: transition.to({ statusBeforePause: PAUSED_FROM[state] ?? null, action: body }) ?? state,
  };
}

const MEMBERS: Member[] = [
  'reporter',
  'otherCitizen',
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
const ACTIONS = Object.keys(TRANSITIONS) as ActionName[];

/** One report per state that only refused attempts touch; actions that succeed get a fresh one. */
const probes = new Map<Status, string>();

beforeAll(async () => {
  context = await startTestApp();
  await addTestUnits(context.platform);
  harness = {
    app: context.app,
    platform: context.platform,
    cast: await makeCast(context.app, context.platform),
  };
  // The auto-closed probe first: its sweep would auto-close any report already waiting in 'selesai'.
  const order: Status[] = [
    'ditutup_tanpa_konfirmasi',
    ...STATUSES.filter((s) => s !== 'ditutup_tanpa_konfirmasi'),
  ];
  for (const state of order) probes.set(state, await driveTo(harness, state));
}, 240_000);
afterAll(async () => {
  await context?.close();
});

describe('the transition table', () => {
  it('names only states that exist, and every state is reachable by some action or by filing', () => {
    const reachable = new Set<Status>(['baru', 'ditutup_tanpa_konfirmasi']);
    for (const action of ACTIONS) {
      const transition = TRANSITIONS[action];
      for (const from of transition.from) {
        expect(STATUSES).toContain(from);
        const to = transition.to({
          statusBeforePause: 'diproses',
          action: ACTION_BODIES[action] as ComplaintAction,
        });
        reachable.add(to ?? from);
      }
    }
    expect([...reachable].sort()).toEqual([...STATUSES].sort());
  });
});

describe.each(ACTIONS)('%s', (action) => {
  it.each(STATUSES)('from %s: allowed only to its standing and only in its states', async (state) => {
    const { app, cast } = harness;
    const probe = probes.get(state)!;
    const body = ACTION_BODIES[action];
    let succeeding: { member: Member; outcome: Outcome } | undefined;
    for (const member of MEMBERS) {
      const outcome = expectedOutcome(member, action, state);
      if (outcome.status === 200) {
        succeeding = { member, outcome };
        continue;
      }
      const response = await act(app, cast[member], probe, body);
      expect(response.statusCode, `${member}: ${response.body}`).toBe(outcome.status);
      expect(problem(response).code, member).toBe(outcome.code);
    }
    // Refusals change nothing.
    expect((await readComplaint(app, cast.nasional, probe)).status).toBe(state);
    if (!succeeding) return;

    const trackingId = await driveTo(harness, state);
    const eventsBefore = (await readComplaint(app, cast.nasional, trackingId)).timeline.length;
    const response = await act(app, cast[succeeding.member], trackingId, body);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().status).toBe(succeeding.outcome.to);

    const after = await readComplaint(app, cast.nasional, trackingId);
    expect(after.status).toBe(succeeding.outcome.to);
    expect(after.timeline).toHaveLength(eventsBefore + 1);
    expect(after.timeline.at(-1)).toMatchObject({
      kind: action,
      fromStatus: state,
      toStatus: succeeding.outcome.to,
    });
    expect(
      await queryNumber(
        context.platform,
        'select count(*) from platform.audit_log where action = $1 and target_id = $2',
        [`complaint.${action}`, trackingId],
      ),
    ).toBe(1);
  });
});

describe('the admin-instansi of the agency a citizen addressed', () => {
  it('verifies and postpones reports addressed to it, within its own agency only, but cannot archive them', async () => {
    const { app, cast } = harness;
    const addressed = await fileReport(app, cast.reporter, { agencyCode: '35.78' });
    expect((await act(app, cast.adminSidoarjo, addressed, ACTION_BODIES.tunda)).statusCode).toBe(404);
    const archive = await act(app, cast.adminSurabaya, addressed, ACTION_BODIES.arsipkan);
    expect(archive.statusCode).toBe(403);
    expect(problem(archive).code).toBe('ACTION_FORBIDDEN');
    expect((await actOrThrow(app, cast.adminSurabaya, addressed, ACTION_BODIES.tunda)).status).toBe(
      'ditunda',
    );
    const elsewhere = await act(app, cast.adminSurabaya, addressed, {
      ...ACTION_BODIES.disposisi,
      agencyCode: '35.15',
    });
    expect(elsewhere.statusCode).toBe(400);
    expect(problem(elsewhere).code).toBe('TARGET_AGENCY_INVALID');
    const verified = await actOrThrow(app, cast.adminSurabaya, addressed, ACTION_BODIES.disposisi);
    expect(verified).toMatchObject({ status: 'terdisposisi', agency: { code: '35.78' } });
  });

  it('loses the report when the national admin sends it to another agency', async () => {
    const { app, cast } = harness;
    const addressed = await fileReport(app, cast.reporter, { agencyCode: '35.78' });
    await actOrThrow(app, cast.nasional, addressed, { ...ACTION_BODIES.disposisi, agencyCode: '35.15' });
    const response = await act(app, cast.adminSurabaya, addressed, ACTION_BODIES.disposisi_unit);
    expect(response.statusCode).toBe(404);
  });
});

/**
 * Runs requests at the same moment. On a PostgreSQL server the report's row is held locked until
 * every request waits on it, so that all of them have read the report before any writes: the race
 * a busy server meets. PGlite runs one statement at a time, so there they interleave as they come.
 */
async function simultaneously<T>(trackingId: string, requests: Array<() => Promise<T>>): Promise<T[]> {
  const { database } = context.platform;
  if (database.kind !== 'postgres') return Promise.all(requests.map((request) => request()));
  let results: Promise<T[]> | undefined;
  await database.db.transaction(async (tx) => {
    await tx.execute(sql`select 1 from complaints.complaints where tracking_id = ${trackingId} for update`);
    results = Promise.all(requests.map((request) => request()));
    for (let attempt = 0; attempt < 500; attempt += 1) {
      const waiting = await queryNumber(
        context.platform,
        `select count(*) from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock'`,
      );
      if (waiting >= requests.length) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  });
  return results!;
}

const countAudit = (action: string, trackingId: string) =>
  queryNumber(
    context.platform,
    'select count(*) from platform.audit_log where action = $1 and target_id = $2',
    [`complaint.${action}`, trackingId],
  );

describe('the same action twice at once', () => {
  it.each([
    ['disposisi_unit', 'terdisposisi', 'adminSurabaya'],
    ['rencana_tindak_lanjut', 'di_unit', 'penghubungSurabaya'],
    ['tindak_lanjut', 'diproses', 'penghubungSurabaya'],
    ['konfirmasi_selesai', 'selesai', 'reporter'],
  ] as const)(
    '%s from %s: one succeeds, the other gets 409 and nothing is recorded twice',
    async (action, state, member) => {
      const { app, cast } = harness;
      const trackingId = await driveTo(harness, state);
      const eventsBefore = (await readComplaint(app, cast.nasional, trackingId)).timeline.length;
      const responses = await simultaneously(trackingId, [
        () => act(app, cast[member], trackingId, ACTION_BODIES[action]),
        () => act(app, cast[member], trackingId, ACTION_BODIES[action]),
      ]);
      expect(responses.map((response) => response.statusCode).sort()).toEqual([200, 409]);
      const refused = responses.find((response) => response.statusCode === 409)!;
      expect(['COMPLAINT_CHANGED', 'TRANSITION_NOT_ALLOWED']).toContain(problem(refused).code);
      expect((await readComplaint(app, cast.nasional, trackingId)).timeline).toHaveLength(eventsBefore + 1);
      expect(await countAudit(action, trackingId)).toBe(1);
    },
  );

  // These keep the state, so only the report's version shows that the other request acted first.
  it.each<[ActionName, Status, Member, object]>([
    ['alihkan', 'terdisposisi', 'adminSurabaya', {}],
    ['ubah_klasifikasi', 'di_unit', 'nasional', {}],
    ['tindak_lanjut', 'diproses', 'penghubungSurabaya', { isFinal: false }],
  ])(
    '%s from %s, which keeps the state: a request that read the report before the other wrote is refused',
    async (action, state, member, extra) => {
      const { app, cast } = harness;
      const trackingId = await driveTo(harness, state);
      const eventsBefore = (await readComplaint(app, cast.nasional, trackingId)).timeline.length;
      const body = { ...ACTION_BODIES[action], ...extra };
      const responses = await simultaneously(trackingId, [
        () => act(app, cast[member], trackingId, body),
        () => act(app, cast[member], trackingId, body),
      ]);
      const succeeded = responses.filter((response) => response.statusCode === 200).length;
      expect(succeeded).toBeGreaterThanOrEqual(1);
      for (const response of responses.filter((each) => each.statusCode !== 200)) {
        // After a transfer the sender may no longer see the report at all.
        const acceptable =
          action === 'alihkan' ? ['COMPLAINT_CHANGED', 'COMPLAINT_NOT_FOUND'] : ['COMPLAINT_CHANGED'];
        expect(acceptable).toContain(problem(response).code);
      }
      // Every success is on the record once, none is lost.
      expect((await readComplaint(app, cast.nasional, trackingId)).timeline).toHaveLength(
        eventsBefore + succeeded,
      );
      expect(await countAudit(action, trackingId)).toBe(succeeded);
      if (context.platform.database.kind === 'postgres') {
        // Both read the report before either wrote (see simultaneously): the second must not win.
        expect(responses.map((response) => response.statusCode).sort()).toEqual([200, 409]);
      }
    },
  );

  it('never undoes a privacy raise it reported as done with a reclassification made at the same moment', async () => {
    const { app, cast } = harness;
    const trackingId = await driveTo(harness, 'di_unit', { privacy: 'publik' });
    const [raise, reclassify] = await simultaneously(trackingId, [
      () => act(app, cast.nasional, trackingId, { action: 'ubah_klasifikasi', privacy: 'rahasia' }),
      () => act(app, cast.nasional, trackingId, { action: 'ubah_klasifikasi', kind: 'aspirasi' }),
    ]);
    expect(raise!.statusCode === 200 || reclassify!.statusCode === 200).toBe(true);
    const after = await readComplaint(app, cast.nasional, trackingId);
    expect(after.privacy).toBe(raise!.statusCode === 200 ? 'rahasia' : 'publik');
    expect(after.kind).toBe(reclassify!.statusCode === 200 ? 'aspirasi' : 'pengaduan');
  });

  it('rates a report once even when the rating is sent twice at once', async () => {
    const { app, cast } = harness;
    const trackingId = await driveTo(harness, 'ditutup');
    const rate = (score: number) => () =>
      app.inject({
        method: 'POST',
        url: `/api/v1/complaints/${trackingId}/rating`,
        headers: { authorization: `Bearer ${cast.reporter.token}` },
        payload: { score },
      });
    const responses = await simultaneously(trackingId, [rate(5), rate(1)]);
    expect(responses.map((response) => response.statusCode).sort()).toEqual([200, 409]);
    const accepted = responses.find((response) => response.statusCode === 200)!;
    const after = await readComplaint(app, cast.reporter, trackingId);
    expect(after.rating).toEqual(accepted.json().rating);
    expect(after.timeline.filter((entry) => entry.kind === 'penilaian')).toHaveLength(1);
  });
});

describe('privacy', () => {
  const reclassify = (trackingId: string, privacy: string) =>
    act(harness.app, harness.cast.nasional, trackingId, { action: 'ubah_klasifikasi', privacy });

  it.each([
    ['publik', 'anonim'],
    ['publik', 'rahasia'],
  ])('can be raised from %s to %s', async (from, to) => {
    const trackingId = await driveTo(harness, 'di_unit', { privacy: from });
    const response = await reclassify(trackingId, to);
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json().privacy).toBe(to);
  });

  it.each([
    ['anonim', 'rahasia'],
    ['rahasia', 'anonim'],
    ['anonim', 'publik'],
    ['rahasia', 'publik'],
  ])('cannot be changed from %s to %s, which would remove a protection', async (from, to) => {
    const trackingId = await driveTo(harness, 'di_unit', { privacy: from });
    const response = await reclassify(trackingId, to);
    expect(response.statusCode).toBe(409);
    expect(problem(response).code).toBe('PRIVACY_LOWERING');
    expect((await readComplaint(harness.app, harness.cast.nasional, trackingId)).privacy).toBe(from);
  });

  it('cannot be lowered at verification either, and the refused verification changes nothing', async () => {
    const { app, cast } = harness;
    const trackingId = await fileReport(app, cast.reporter, { privacy: 'anonim' });
    const response = await act(app, cast.nasional, trackingId, {
      ...ACTION_BODIES.disposisi,
      privacy: 'publik',
    });
    expect(response.statusCode).toBe(409);
    expect(problem(response).code).toBe('PRIVACY_LOWERING');
    expect(await readComplaint(app, cast.nasional, trackingId)).toMatchObject({
      status: 'baru',
      privacy: 'anonim',
      agency: null,
    });
  });
});

async function agencyId(code: string): Promise<string> {
  const response = await harness.app.inject({
    method: 'GET',
    url: `/api/v1/agencies/${encodeURIComponent(code)}`,
  });
  return response.json().id as string;
}

describe('returning and transferring a report', () => {
  it('bukan_wewenang sends the report back to verification and counts the bounce against the agency', async () => {
    const { app, cast } = harness;
    const trackingId = await driveTo(harness, 'di_unit');
    const returned = await actOrThrow(app, cast.adminSurabaya, trackingId, ACTION_BODIES.bukan_wewenang);
    expect(returned).toMatchObject({ status: 'baru', agency: null, unit: null });
    expect(returned.dueAt.verification).not.toBeNull();
    expect(returned.dueAt.completion).toBeNull();
    const [event] = await queryRows<{ agency_id: string; from_status: string; to_status: string }>(
      context.platform,
      `select e.agency_id, e.from_status, e.to_status from complaints.events e
         join complaints.complaints c on c.id = e.complaint_id
        where c.tracking_id = $1 and e.kind = 'bukan_wewenang'`,
      [trackingId],
    );
    expect(event).toEqual({ agency_id: await agencyId('35.78'), from_status: 'di_unit', to_status: 'baru' });
    // The agency and its unit no longer see it; the national admin verifies it again.
    expect((await act(app, cast.adminSurabaya, trackingId, ACTION_BODIES.disposisi_unit)).statusCode).toBe(
      404,
    );
    expect(
      (await act(app, cast.penghubungSurabaya, trackingId, ACTION_BODIES.rencana_tindak_lanjut)).statusCode,
    ).toBe(404);
    const again = await actOrThrow(app, cast.nasional, trackingId, {
      ...ACTION_BODIES.disposisi,
      agencyCode: '35.15',
    });
    expect(again).toMatchObject({ status: 'terdisposisi', agency: { code: '35.15' } });
  });

  it('alihkan records the transfer against the old agency; the new agency acts, the old one gets 404', async () => {
    const { app, cast } = harness;
    const trackingId = await driveTo(harness, 'di_unit');
    const moved = await actOrThrow(app, cast.adminSurabaya, trackingId, ACTION_BODIES.alihkan);
    expect(moved).toMatchObject({ status: 'terdisposisi', agency: { code: '35.15' }, unit: null });
    const [event] = await queryRows<{ agency_id: string; actor_agency_id: string }>(
      context.platform,
      `select e.agency_id, e.actor_agency_id from complaints.events e
         join complaints.complaints c on c.id = e.complaint_id
        where c.tracking_id = $1 and e.kind = 'alihkan'`,
      [trackingId],
    );
    expect(event).toEqual({ agency_id: await agencyId('35.78'), actor_agency_id: await agencyId('35.78') });

    for (const member of ['adminSurabaya', 'penghubungSurabaya'] as const) {
      const response = await app.inject({
        method: 'GET',
        url: `/api/v1/complaints/${trackingId}`,
        headers: { authorization: `Bearer ${cast[member].token}` },
      });
      expect(response.statusCode, member).toBe(404);
    }
    const refused = await act(app, cast.adminSurabaya, trackingId, ACTION_BODIES.disposisi_unit);
    expect(refused.statusCode).toBe(404);
    const atSidoarjo = await actOrThrow(app, cast.adminSidoarjo, trackingId, {
      action: 'disposisi_unit',
      unitCode: UNIT_SIDOARJO,
    });
    expect(atSidoarjo).toMatchObject({ status: 'di_unit', unit: { code: UNIT_SIDOARJO } });
    const planned = await actOrThrow(
      app,
      cast.penghubungSidoarjo,
      trackingId,
      ACTION_BODIES.rencana_tindak_lanjut,
    );
    expect(planned.status).toBe('diproses');
  });

  it('refuses to transfer a report to a unit or to the agency already handling it', async () => {
    const { app, cast } = harness;
    const trackingId = await driveTo(harness, 'terdisposisi');
    for (const agencyCode of [UNIT_SIDOARJO, '35.78', 'tidak-ada']) {
      const response = await act(app, cast.adminSurabaya, trackingId, {
        ...ACTION_BODIES.alihkan,
        agencyCode,
      });
      expect(response.statusCode, agencyCode).toBe(400);
      expect(problem(response).code).toBe('TARGET_AGENCY_INVALID');
    }
    const toOtherUnit = await act(app, cast.adminSurabaya, trackingId, {
      action: 'disposisi_unit',
      unitCode: UNIT_SIDOARJO,
    });
    expect(problem(toOtherUnit).code).toBe('TARGET_AGENCY_INVALID');
    expect((await readComplaint(app, cast.nasional, trackingId)).agency?.code).toBe('35.78');
  });
});
