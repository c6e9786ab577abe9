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
  runClocks,
} from '../../../test/support/complaints.ts';
import { asBearer } from '../../../test/support/factories.ts';
import { startTestApp, type TestContext } from '../../../test/support/test-platform.ts';
import { createComplaintsContext } from '../../app.ts';
import { JobRunner } from '../../platform/jobs/jobs.ts';
import type { Platform } from '../../platform/platform.ts';
import { runComplaintClocks } from './index.ts';

/**
 * The legal clocks of a report, in working days of the shipped 2025 calendar (weekends, libur
 * nasional, cuti bersama; WIB). June 2025 has Idul Adha on Friday 6 June with cuti bersama on
 * Monday 9 June, and Tahun Baru Islam on Friday 27 June; July has no holiday; 18 August is cuti
 * bersama.
 */

let service: TestContext;
let cast: Cast;

/** 10:00 WIB on a date. */
const morningWib = (day: string) => `${day}T03:00:00.000Z`;
/** The last instant of a date in WIB. */
const endOfDayWib = (day: string) => `${day}T16:59:59.999Z`;

/** Every rule reads this clock; a restart makes a new platform, so it is set again after one. */
let now = morningWib('2025-06-02');
function setNow(instant: string) {
  now = instant;
  service.platform.clock.now = () => new Date(now);
}

beforeAll(async () => {
  service = await startTestApp();
  await addTestUnits(service.platform);
  cast = await makeCast(service.app, service.platform);
});
afterAll(async () => {
  await service?.close();
});

const act = (session: { token: string }, trackingId: string, body: object) =>
  actOrThrow(service.app, session, trackingId, body);
const read = (trackingId: string) => readComplaint(service.app, cast.nasional, trackingId);

function countEscalations(trackingId: string, stage?: string) {
  return queryNumber(
    service.platform,
    `select count(*) from complaints.escalations e join complaints.complaints c on c.id = e.complaint_id
      where c.tracking_id = $1 and ($2::text is null or e.stage = $2)`,
    [trackingId, stage ?? null],
  );
}

/** Filed on Monday 2 June 2025 and dispositioned to Surabaya on Wednesday 4 June, 10:00 WIB. */
async function dispositionedOnWednesday(filing: Record<string, unknown>, disposition: object = {}) {
  setNow(morningWib('2025-06-02'));
  const trackingId = await fileReport(service.app, cast.reporter, filing);
  setNow(morningWib('2025-06-04'));
  return act(cast.nasional, trackingId, { ...ACTION_BODIES.disposisi, ...disposition });
}

describe('completion limits from disposition (Permen PANRB 62/2018)', () => {
  it('gives verification 3 working days from filing', async () => {
    setNow(morningWib('2025-06-02'));
    const response = await service.app.inject({
      method: 'POST',
      url: '/api/v1/complaints',
      headers: asBearer(cast.reporter),
      payload: {
        kind: 'aspirasi',
        title: 'Usulan jalur sepeda di Jalan Raya Darmo',
        description: 'Mohon dibuat jalur sepeda terpisah di Jalan Raya Darmo agar pesepeda lebih aman.',
        privacy: 'publik',
        regionCode: '35.78.01',
      },
    });
    expect(response.json().dueAt).toBe(endOfDayWib('2025-06-05'));
    expect((await read(response.json().trackingId)).dueAt.verification).toBe(endOfDayWib('2025-06-05'));
  });

  it.each([
    ['an aspirasi', { kind: 'aspirasi', categoryCode: 'infrastruktur' }, {}, '2025-06-13'],
    ['an information request', { kind: 'informasi', categoryCode: 'infrastruktur' }, {}, '2025-06-13'],
    ['a complaint', { kind: 'pengaduan', categoryCode: 'infrastruktur' }, {}, '2025-06-26'],
    [
      'a complaint marked berkadar pengawasan at verification',
      { kind: 'pengaduan', categoryCode: 'infrastruktur' },
      { isOversight: true },
      '2025-09-02',
    ],
    [
      'a complaint in an oversight category',
      { kind: 'pengaduan', categoryCode: 'pungli-korupsi' },
      {},
      '2025-09-02',
    ],
  ])('gives %s until the end of %s', async (_name, filing, disposition, completionDay) => {
    const view = await dispositionedOnWednesday(filing, disposition);
    expect(view.dueAt.completion).toBe(endOfDayWib(completionDay));
    // The unit's plan is due 5 working days from disposition whatever the kind.
    expect(view.dueAt.followUpPlan).toBe(endOfDayWib('2025-06-13'));
  });

  it('gives the unit 5 working days for its plan from the day the agency forwards it', async () => {
    const view = await dispositionedOnWednesday({ kind: 'pengaduan', categoryCode: 'infrastruktur' });
    // Forwarded on Tuesday 10 June (after Idul Adha and its cuti bersama): plan due Tuesday 17 June;
    // completion still counts from the agency's disposition.
    setNow(morningWib('2025-06-10'));
    const forwarded = await act(cast.adminSurabaya, view.trackingId, ACTION_BODIES.disposisi_unit);
    expect(forwarded.dueAt.followUpPlan).toBe(endOfDayWib('2025-06-17'));
    expect(forwarded.dueAt.completion).toBe(view.dueAt.completion);
  });

  it('recomputes the completion limit from the disposition date when a complaint is reclassified as oversight', async () => {
    const view = await dispositionedOnWednesday({ kind: 'pengaduan', categoryCode: 'infrastruktur' });
    expect(view.dueAt.completion).toBe(endOfDayWib('2025-06-26'));
    setNow(morningWib('2025-06-10'));
    const reclassified = await act(cast.nasional, view.trackingId, {
      action: 'ubah_klasifikasi',
      isOversight: true,
    });
    expect(reclassified).toMatchObject({
      isOversight: true,
      dueAt: { completion: endOfDayWib('2025-09-02') },
    });
  });

  it('restarts the clocks from the day of a transfer', async () => {
    const view = await dispositionedOnWednesday({ kind: 'pengaduan', categoryCode: 'infrastruktur' });
    setNow(morningWib('2025-06-10'));
    const moved = await act(cast.adminSurabaya, view.trackingId, ACTION_BODIES.alihkan);
    // 14 working days from Tuesday 10 June, skipping Friday 27 June.
    expect(moved.dueAt.completion).toBe(endOfDayWib('2025-07-01'));
  });
});

describe('waiting for the reporter', () => {
  /** A complaint at the unit with its plan posted on Wednesday 4 June: completion due 26 June. */
  async function inProgress() {
    const view = await dispositionedOnWednesday({ kind: 'pengaduan', categoryCode: 'infrastruktur' });
    await act(cast.adminSurabaya, view.trackingId, ACTION_BODIES.disposisi_unit);
    await act(cast.penghubungSurabaya, view.trackingId, ACTION_BODIES.rencana_tindak_lanjut);
    return view.trackingId;
  }

  it('moves the completion date by the working days the question waited', async () => {
    const trackingId = await inProgress();
    setNow(morningWib('2025-06-10'));
    const asked = await act(cast.penghubungSurabaya, trackingId, ACTION_BODIES.minta_informasi);
    expect(asked).toMatchObject({ status: 'menunggu_pelapor', isPaused: true });
    // Friday 13 June: Wednesday, Thursday and Friday waited.
    setNow(morningWib('2025-06-13'));
    const replied = await act(cast.reporter, trackingId, ACTION_BODIES.balas);
    expect(replied).toMatchObject({ status: 'diproses', isPaused: false });
    // 26 June + 3 working days, skipping Friday 27 June.
    expect(replied.dueAt.completion).toBe(endOfDayWib('2025-07-02'));
  });

  it('does not run out while paused, and escalates only after the extended date', async () => {
    const trackingId = await inProgress();
    setNow(morningWib('2025-06-10'));
    await act(cast.penghubungSurabaya, trackingId, ACTION_BODIES.minta_informasi);

    setNow('2025-07-01T02:00:00.000Z');
    await runClocks(service.platform);
    expect(await countEscalations(trackingId)).toBe(0);
    const queue = await service.app.inject({
      method: 'GET',
      url: `/api/v1/complaints/queue?q=${encodeURIComponent('berlubang')}&pageSize=100`,
      headers: asBearer(cast.penghubungSurabaya),
    });
    const item = (queue.json().items as Array<{ trackingId: string; sla: string }>).find(
      (each) => each.trackingId === trackingId,
    );
    expect(item?.sla).toBe('paused');

    // Tuesday 1 July: 14 working days waited (11 June to 1 July, without 27 June).
    setNow(morningWib('2025-07-01'));
    const replied = await act(cast.reporter, trackingId, ACTION_BODIES.balas);
    expect(replied.dueAt.completion).toBe(endOfDayWib('2025-07-17'));
    await runClocks(service.platform);
    expect(await countEscalations(trackingId)).toBe(0);

    setNow(endOfDayWib('2025-07-17'));
    await runClocks(service.platform);
    expect(await countEscalations(trackingId)).toBe(0);
    setNow('2025-07-17T17:00:00.000Z');
    await runClocks(service.platform);
    expect(await countEscalations(trackingId, 'penyelesaian')).toBe(1);
    expect((await read(trackingId)).isOverdue).toBe(true);
  });
});

describe('closing without the reporter', () => {
  /** The unit's final follow-up posted on Monday 2 June, 10:00 WIB. */
  async function resolvedOnMonday() {
    setNow(morningWib('2025-06-02'));
    const trackingId = await fileReport(service.app, cast.reporter);
    await act(cast.nasional, trackingId, ACTION_BODIES.disposisi);
    await act(cast.adminSurabaya, trackingId, ACTION_BODIES.disposisi_unit);
    await act(cast.penghubungSurabaya, trackingId, ACTION_BODIES.rencana_tindak_lanjut);
    const resolved = await act(cast.penghubungSurabaya, trackingId, ACTION_BODIES.tindak_lanjut);
    // 10 working days: 3–5, 10–13 and 16–18 June.
    expect(resolved).toMatchObject({ status: 'selesai', dueAt: { autoClose: endOfDayWib('2025-06-18') } });
    return trackingId;
  }

  it('closes as ditutup_tanpa_konfirmasi after 10 working days of silence, and not a moment before', async () => {
    const trackingId = await resolvedOnMonday();
    for (const instant of ['2025-06-17T03:00:00.000Z', endOfDayWib('2025-06-18')]) {
      setNow(instant);
      expect((await runClocks(service.platform)).autoClosed).toBe(0);
      expect((await read(trackingId)).status).toBe('selesai');
    }
    setNow('2025-06-18T17:00:00.000Z');
    await runClocks(service.platform);
    const closed = await read(trackingId);
    expect(closed).toMatchObject({
      status: 'ditutup_tanpa_konfirmasi',
      publicStatus: 'Terdisposisi Selesai',
    });
    expect(closed.timeline.at(-1)).toMatchObject({
      kind: 'ditutup_otomatis',
      fromStatus: 'selesai',
      toStatus: 'ditutup_tanpa_konfirmasi',
      actor: 'Sistem',
    });
    // The public sees that the reporter did not confirm.
    const publicView = await service.app.inject({
      method: 'GET',
      url: `/api/v1/public/complaints/${trackingId}`,
    });
    expect(publicView.json().timeline.map((entry: { kind: string }) => entry.kind)).toContain(
      'ditutup_otomatis',
    );
    expect(
      await queryNumber(
        service.platform,
        `select count(*) from platform.notifications where user_id = $1 and title = $2`,
        [cast.reporter.userId, `${trackingId}: laporan ditutup`],
      ),
    ).toBe(1);
    // Closing is final: the reporter may still rate, no longer reopen.
    const reopen = await service.app.inject({
      method: 'POST',
      url: `/api/v1/complaints/${trackingId}/actions`,
      headers: asBearer(cast.reporter),
      payload: ACTION_BODIES.buka_kembali,
    });
    expect(reopen.statusCode).toBe(409);
    const rated = await service.app.inject({
      method: 'POST',
      url: `/api/v1/complaints/${trackingId}/rating`,
      headers: asBearer(cast.reporter),
      payload: { score: 3 },
    });
    expect(rated.statusCode).toBe(200);
  });

  it('keeps a reporter-confirmed resolution as ditutup, which the sweep leaves alone', async () => {
    const trackingId = await resolvedOnMonday();
    setNow(morningWib('2025-06-03'));
    await act(cast.reporter, trackingId, ACTION_BODIES.konfirmasi_selesai);
    setNow(morningWib('2025-07-01'));
    await runClocks(service.platform);
    const closed = await read(trackingId);
    expect(closed.status).toBe('ditutup');
    expect(closed.timeline.at(-1)).toMatchObject({ kind: 'konfirmasi_selesai', actor: 'Pelapor' });
  });

  it('does not auto-close a report the reporter reopened', async () => {
    const trackingId = await resolvedOnMonday();
    setNow(morningWib('2025-06-04'));
    await act(cast.reporter, trackingId, ACTION_BODIES.buka_kembali);
    setNow(morningWib('2025-07-01'));
    await runClocks(service.platform);
    expect((await read(trackingId)).status).toBe('diproses');
  });
});

describe('escalation of a report not verified in time', () => {
  async function notificationsFor(officer: { userId: string; email: string }, trackingId: string) {
    const title = `Terlambat: ${trackingId}`;
    return {
      inApp: await queryNumber(
        service.platform,
        'select count(*) from platform.notifications where user_id = $1 and title = $2',
        [officer.userId, title],
      ),
      email: await queryNumber(
        service.platform,
        'select count(*) from platform.outbox where recipient = $1 and subject = $2',
        [officer.email, title],
      ),
    };
  }

  async function expectEscalatedOnce(trackingId: string) {
    expect(await countEscalations(trackingId, 'verifikasi')).toBe(1);
    expect(
      await queryNumber(
        service.platform,
        `select count(*) from complaints.escalations e join complaints.complaints c on c.id = e.complaint_id
          where c.tracking_id = $1 and e.due_at = c.verification_due_at`,
        [trackingId],
      ),
    ).toBe(1);
    const view = await read(trackingId);
    expect(view.timeline.filter((entry) => entry.kind === 'eskalasi')).toHaveLength(1);
    expect(view.isOverdue).toBe(true);
    expect(
      await queryNumber(
        service.platform,
        `select count(*) from platform.audit_log where action = 'complaint.escalated' and target_id = $1`,
        [trackingId],
      ),
    ).toBe(1);
    // The national admins and the admins of the agency the citizen addressed; no one else.
    expect(await notificationsFor(cast.nasional, trackingId)).toEqual({ inApp: 1, email: 1 });
    expect(await notificationsFor(cast.adminSurabaya, trackingId)).toEqual({ inApp: 1, email: 1 });
    expect(await notificationsFor(cast.adminSidoarjo, trackingId)).toEqual({ inApp: 0, email: 0 });
    expect(await notificationsFor(cast.penghubungSurabaya, trackingId)).toEqual({ inApp: 0, email: 0 });
  }

  /** Filed to Surabaya on Monday 2 June; verification due at the end of Thursday 5 June. */
  async function addressedToSurabaya() {
    setNow(morningWib('2025-06-02'));
    return fileReport(service.app, cast.reporter, { agencyCode: '35.78' });
  }

  it('escalates once, however often the sweep runs, and again not after a restart', async () => {
    const trackingId = await addressedToSurabaya();
    setNow(endOfDayWib('2025-06-05'));
    expect((await runClocks(service.platform)).escalated).toBe(0);
    expect(await countEscalations(trackingId)).toBe(0);

    setNow(morningWib('2025-06-10'));
    await runClocks(service.platform);
    await runClocks(service.platform);
    await expectEscalatedOnce(trackingId);

    await service.restart();
    setNow(morningWib('2025-06-11'));
    await runClocks(service.platform);
    await expectEscalatedOnce(trackingId);
  });

  /** A JobRunner for one instance, with the job the service schedules. */
  function jobRunner(platform: Platform, errors: Error[]) {
    const runner = new JobRunner(platform.database, (error) => errors.push(error));
    const context = createComplaintsContext(platform);
    return {
      runner,
      start: () =>
        runner.start([
          { name: 'complaint-clocks', cron: '0 0 1 1 *', run: () => runComplaintClocks(context) },
        ]),
    };
  }

  it('escalates through the real job queue', { timeout: 120_000 }, async () => {
    const trackingId = await addressedToSurabaya();
    setNow(morningWib('2025-06-10'));
    const errors: Error[] = [];
    const { runner, start } = jobRunner(service.platform, errors);
    await start();
    try {
      const jobId = await runner.runNow('complaint-clocks');
      expect(jobId).not.toBeNull();
      expect(await runner.waitForCompletion('complaint-clocks', jobId!, 60_000)).toBe('completed');
    } finally {
      await runner.stop();
    }
    expect(errors).toEqual([]);
    await expectEscalatedOnce(trackingId);
  });

  it('escalates once when two instances run the job at the same time', { timeout: 120_000 }, async () => {
    const trackingId = await addressedToSurabaya();
    setNow(morningWib('2025-06-10'));
    const other = await service.openAnotherPlatform();
    other.clock.now = () => new Date(now);
    const errors: Error[] = [];
    const instances = [jobRunner(service.platform, errors), jobRunner(other, errors)];
    await Promise.all(instances.map((instance) => instance.start()));
    try {
      const jobIds = await Promise.all(
        instances.map((instance) => instance.runner.runNow('complaint-clocks')),
      );
      const states = await Promise.all(
        jobIds.map((jobId, index) =>
          instances[index]!.runner.waitForCompletion('complaint-clocks', jobId!, 60_000),
        ),
      );
      expect(states).toEqual(['completed', 'completed']);
    } finally {
      await Promise.all(instances.map((instance) => instance.runner.stop()));
    }
    expect(errors).toEqual([]);
    await expectEscalatedOnce(trackingId);
  });
});
