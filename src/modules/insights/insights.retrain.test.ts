import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  actOrThrow,
  type Cast,
  fileReport,
  setClock,
  UNIT_SURABAYA,
  UNIT_SURABAYA_OTHER,
} from '../../../test/support/complaints.ts';
import { asBearer } from '../../../test/support/factories.ts';
import { installSyntheticModel, startRoutingApp } from '../../../test/support/insights.ts';
import type { TestContext } from '../../../test/support/test-platform.ts';
import { createInsightsContext } from '../../app.ts';
import { runScheduledRetrain } from './insights.service.ts';

let context: TestContext;
let cast: Cast;

beforeAll(async () => {
  ({ context, cast } = await startRoutingApp());
}, 120_000);
afterAll(() => context?.close());

const ROAD = { title: 'Jalan berlubang', description: 'Aspal jalan rusak dan saluran air tersumbat.' };
const HEALTH = { title: 'Antrean puskesmas', description: 'Antrean puskesmas lama dan obat habis.' };

/** Files a report at the given minute and routes it to the unit, as the agency's admin would. */
async function routed(minute: number, input: typeof ROAD, unitCode: string) {
  const restore = setClock(context.platform, new Date(Date.UTC(2026, 0, 5, 8, minute)));
  try {
    const trackingId = await fileReport(context.app, cast.reporter, input);
    await actOrThrow(context.app, cast.nasional, trackingId, { action: 'disposisi', agencyCode: '35.78' });
    await actOrThrow(context.app, cast.adminSurabaya, trackingId, { action: 'disposisi_unit', unitCode });
  } finally {
    restore();
  }
}

async function activeAgencyModel(): Promise<string | undefined> {
  const response = await context.app.inject({
    method: 'GET',
    url: '/api/v1/insights/models',
    headers: asBearer(cast.nasional),
  });
  return response
    .json()
    .models.find((model: { kind: string; isActive: boolean }) => model.isActive && model.kind === 'agency')
    ?.version;
}

describe('the weekly retrain', () => {
  it('does not activate a model that scores worse than the active one on the newest reports', async () => {
    // History: for a while roads and health were sent to each other's office (the first 40
    // reports); the newest fifth (10 reports, the retrain's held-out part) went the right way.
    for (let index = 0; index < 20; index++) {
      await routed(index * 2, ROAD, UNIT_SURABAYA_OTHER);
      await routed(index * 2 + 1, HEALTH, UNIT_SURABAYA);
    }
    for (let index = 0; index < 5; index++) {
      await routed(40 + index * 2, ROAD, UNIT_SURABAYA);
      await routed(41 + index * 2, HEALTH, UNIT_SURABAYA_OTHER);
    }
    // The active model routes roads to public works and health to the health office.
    const codes: Record<string, string> = {
      'Dinas Sumber Daya Air dan Bina Marga': UNIT_SURABAYA,
      'Dinas Kesehatan': UNIT_SURABAYA_OTHER,
    };
    const installed = await installSyntheticModel(context.platform, {
      labelOf: (label) => codes[label] ?? label,
    });
    expect(await activeAgencyModel()).toBe(installed.version);

    const results = await runScheduledRetrain(createInsightsContext(context.platform));
    const agency = results.find((result) => result.kind === 'agency')!;
    expect(agency.rows).toBe(50);
    expect(agency.activeEvaluation!.n).toBe(10);
    expect(agency.evaluation!.accuracy).toBeLessThan(agency.activeEvaluation!.accuracy);
    expect(agency.isActivated).toBe(false);
    expect(agency.reason).toMatch(/worse than the active model/);
    // The new version is kept for the admin to inspect, but the old one stays in use.
    expect(await activeAgencyModel()).toBe(installed.version);
    const models = await context.app.inject({
      method: 'GET',
      url: '/api/v1/insights/models',
      headers: asBearer(cast.nasional),
    });
    expect(models.json().models.map((model: { version: string }) => model.version)).toContain(agency.version);
  }, 60_000);
});
