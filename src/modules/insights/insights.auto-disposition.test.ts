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
  it('routes a confident report to the suggested unit through the normal disposition, audited and reversible', async () => {
    const trackingId = await fileReport(context.app, cast.reporter, {
      title: 'Saluran air tersumbat',
      description: 'Saluran air tersumbat dan jalan berlubang, banjir setiap hujan.',
    });
    const view = await readComplaint(context.app, cast.nasional, trackingId);
    expect(view.status).toBe('di_unit');
    expect(view.unit?.code).toBe(UNIT_SURABAYA);
    expect(view.timeline.map((entry) => entry.kind)).toEqual(
      expect.arrayContaining(['disposisi', 'disposisi_unit']),
    );
    expect(
      await queryNumber(
        context.platform,
        "select count(*) from platform.audit_log where action = 'insights.auto_disposition' and target_id = $1",
        [trackingId],
      ),
    ).toBe(1);
    const suggestions = await context.app.inject({
      method: 'GET',
      url: `/api/v1/insights/suggestions/${trackingId}`,
      headers: asBearer(cast.nasional),
    });
    expect(suggestions.json().isAutomatic).toBe(true);

    // Reversible the usual way: Surabaya's admin sends it back as not its responsibility.
    await actOrThrow(context.app, cast.adminSurabaya, trackingId, {
      action: 'bukan_wewenang',
      note: 'Saluran milik pengembang perumahan, bukan kewenangan kota.',
    });
    expect((await readComplaint(context.app, cast.nasional, trackingId)).status).toBe('baru');
  });

  it('leaves a report the model is unsure of for the officer', async () => {
    const trackingId = await fileReport(context.app, cast.reporter, {
      title: 'Pertanyaan umum',
      description: 'Mohon informasi jam buka kantor.',
    });
    expect((await readComplaint(context.app, cast.nasional, trackingId)).status).toBe('baru');
  });
});
