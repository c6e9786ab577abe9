import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  actOrThrow,
  addTestUnits,
  type Cast,
  fileReport,
  makeCast,
  queryNumber,
  readComplaint,
  UNIT_SURABAYA,
} from '../../../test/support/complaints.ts';
import { asBearer } from '../../../test/support/factories.ts';
import { installSyntheticModel } from '../../../test/support/insights.ts';
import { startTestApp, type TestContext } from '../../../test/support/test-platform.ts';

let context: TestContext;
let cast: Cast;

beforeAll(async () => {
  context = await startTestApp({
    ROUTING_AUTO_DISPOSITION: 'true',
    ROUTING_AUTO_DISPOSITION_MIN_CONFIDENCE: '0.6',
  });
  await addTestUnits(context.platform);
  cast = await makeCast(context.app, context.platform);
  await installSyntheticModel(context.platform);
}, 120_000);
afterAll(async () => {
  await context?.close();
});

describe('automatic disposition, when a deployment turns it on', () => {
  it('dispositions a confident report to the agency only, as "sistem", audited; the agency admin picks the unit', async () => {
    const trackingId = await fileReport(context.app, cast.reporter, {
      title: 'Saluran air tersumbat',
      description: 'Saluran air tersumbat dan jalan berlubang, banjir setiap hujan.',
    });
    // The model's top label is the unit Dinas SDA: the report goes to its agency, Surabaya.
    const view = await readComplaint(context.app, cast.nasional, trackingId);
    expect(view.status).toBe('terdisposisi');
    expect(view.agency?.code).toBe('35.78');
    expect(view.unit).toBeNull();
    const automatic = view.timeline.find((entry) => entry.kind === 'disposisi');
    expect(automatic?.actor).toBe('Sistem');
    expect(automatic?.note).toMatch(/Disposisi otomatis oleh model rute .*keyakinan \d+%/);
    expect(view.timeline.some((entry) => entry.kind === 'disposisi_unit')).toBe(false);
    expect(
      await queryNumber(
        context.platform,
        "select count(*) from platform.audit_log where action = 'insights.auto_disposition' and target_id = $1 and actor_id is null and actor_role = 'sistem' and details->>'suggestedCode' = $2",
        [trackingId, UNIT_SURABAYA],
      ),
    ).toBe(1);
    expect(
      await queryNumber(
        context.platform,
        "select count(*) from platform.audit_log where action = 'complaint.disposisi' and target_id = $1 and actor_id is null and actor_role = 'sistem'",
        [trackingId],
      ),
    ).toBe(1);
    const suggestions = await context.app.inject({
      method: 'GET',
      url: `/api/v1/insights/suggestions/${trackingId}`,
      headers: asBearer(cast.adminSurabaya),
    });
    expect(suggestions.statusCode).toBe(200);
    expect(suggestions.json().isAutomatic).toBe(true);
    expect(suggestions.json().agencies[0].code).toBe(UNIT_SURABAYA);

    // The human step: Surabaya's admin forwards it to the unit the model suggested.
    await actOrThrow(context.app, cast.adminSurabaya, trackingId, {
      action: 'disposisi_unit',
      unitCode: UNIT_SURABAYA,
    });
    const forwarded = await readComplaint(context.app, cast.nasional, trackingId);
    expect(forwarded.status).toBe('di_unit');
    const byAgency = forwarded.timeline.find((entry) => entry.kind === 'disposisi_unit');
    expect(byAgency?.actor).toBeTruthy();
    expect(byAgency?.actor).not.toBe('Sistem');
  });

  it('is reversible the usual way: the agency sends it back and it waits for the national admin again', async () => {
    const trackingId = await fileReport(context.app, cast.reporter, {
      title: 'Gorong-gorong mampet',
      description: 'Gorong-gorong mampet dan paving ambles, banjir setiap hujan.',
    });
    expect((await readComplaint(context.app, cast.nasional, trackingId)).status).toBe('terdisposisi');
    await actOrThrow(context.app, cast.adminSurabaya, trackingId, {
      action: 'bukan_wewenang',
      note: 'Saluran milik pengembang perumahan, bukan kewenangan kota.',
    });
    expect((await readComplaint(context.app, cast.nasional, trackingId)).status).toBe('baru');
    expect(
      await queryNumber(
        context.platform,
        "select count(*) from platform.audit_log where action = 'complaint.bukan_wewenang' and target_id = $1",
        [trackingId],
      ),
    ).toBe(1);
  });

  it('leaves a report the model is unsure of for the officer', async () => {
    const trackingId = await fileReport(context.app, cast.reporter, {
      title: 'Pertanyaan umum',
      description: 'Mohon informasi jam buka kantor.',
    });
    expect((await readComplaint(context.app, cast.nasional, trackingId)).status).toBe('baru');
  });
});
