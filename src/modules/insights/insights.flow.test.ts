import { unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  actOrThrow,
  addTestUnits,
  type Cast,
  fileReport,
  makeCast,
  queryNumber,
  reportInput,
  UNIT_SURABAYA,
  UNIT_SURABAYA_OTHER,
} from '../../../test/support/complaints.ts';
import { asBearer, problem } from '../../../test/support/factories.ts';
import { installSyntheticModel } from '../../../test/support/insights.ts';
import { startTestApp, type TestContext } from '../../../test/support/test-platform.ts';
import { createInsightsContext } from '../../app.ts';
import { retrainFromDatabase } from './insights.service.ts';

let context: TestContext;
let cast: Cast;

beforeAll(async () => {
  context = await startTestApp();
  await addTestUnits(context.platform);
  cast = await makeCast(context.app, context.platform);
}, 120_000);
afterAll(async () => {
  await context?.close();
});

function suggestions(trackingId: string, session: { token: string } = cast.nasional) {
  return context.app.inject({
    method: 'GET',
    url: `/api/v1/insights/suggestions/${trackingId}`,
    headers: asBearer(session),
  });
}

function models(session: { token: string } = cast.nasional) {
  return context.app.inject({ method: 'GET', url: '/api/v1/insights/models', headers: asBearer(session) });
}

const activeVersion = async () =>
  (await models())
    .json()
    .models.find((model: { kind: string; isActive: boolean }) => model.isActive && model.kind === 'agency')
    ?.version as string | undefined;

describe('routing suggestions for the verifying officer', () => {
  it('asks for a model first', async () => {
    const trackingId = await fileReport(context.app, cast.reporter);
    const response = await suggestions(trackingId);
    expect(response.statusCode).toBe(409);
    expect(problem(response).code).toBe('NO_ACTIVE_MODEL');
  });

  it('suggests the public-works agency first for a broken road, with its confidence and the words behind it', async () => {
    const installed = await installSyntheticModel(context.platform);
    expect(installed.isActive).toBe(true);
    const trackingId = await fileReport(context.app, cast.reporter, {
      title: 'Jalan rusak dan berlubang',
      description: 'Aspal jalan di depan balai RW rusak parah dan berlubang, motor sering jatuh.',
    });
    const response = await suggestions(trackingId);
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json();
    expect(body.agencies).toHaveLength(3);
    const [first] = body.agencies;
    expect(first).toMatchObject({ label: 'Dinas Sumber Daya Air dan Bina Marga', code: UNIT_SURABAYA });
    expect(first.probability).toBeGreaterThan(0.5);
    expect(first.probability).toBeLessThanOrEqual(1);
    expect(first.words.map((word: { word: string }) => word.word)).toEqual(expect.arrayContaining(['jalan']));
    // The third agency of the export has no match among the platform's agencies: named, no code.
    expect(body.agencies.find((agency: { code: string | null }) => agency.code === null)?.label).toBe(
      'Dinas Kependudukan dan Pencatatan Sipil',
    );
    expect(body.models.agency).toBe(installed.version);
  });

  it('records whether the suggestion was followed and shows the routing accuracy', async () => {
    const followed = await fileReport(context.app, cast.reporter, {
      title: 'Saluran air tersumbat',
      description: 'Saluran air di gang kami tersumbat, banjir setiap hujan.',
    });
    const notFollowed = await fileReport(context.app, cast.reporter, {
      title: 'Jalan berlubang',
      description: 'Jalan berlubang di depan pasar, aspal rusak.',
    });
    for (const trackingId of [followed, notFollowed]) {
      await actOrThrow(context.app, cast.nasional, trackingId, { action: 'disposisi', agencyCode: '35.78' });
    }
    await actOrThrow(context.app, cast.adminSurabaya, followed, {
      action: 'disposisi_unit',
      unitCode: UNIT_SURABAYA,
    });
    await actOrThrow(context.app, cast.adminSurabaya, notFollowed, {
      action: 'disposisi_unit',
      unitCode: UNIT_SURABAYA_OTHER,
    });
    const response = await context.app.inject({
      method: 'GET',
      url: '/api/v1/insights/accuracy',
      headers: asBearer(cast.nasional),
    });
    expect(response.statusCode).toBe(200);
    const { total, weeks } = response.json();
    expect(total).toMatchObject({ routed: 2, followed: 1, inTop3: 2, automatic: 0, accuracy: 0.5 });
    expect(weeks).toHaveLength(1);
  });
});

describe('switching models', () => {
  it('activates another version, refuses a damaged one keeping the active model, and rolls back', async () => {
    const first = await activeVersion();
    // A second model whose labels are platform codes (as a model trained from the database has).
    const second = await installSyntheticModel(context.platform, {
      activate: false,
      labelOf: (label) => (label.startsWith('Dinas Sumber') ? UNIT_SURABAYA : UNIT_SURABAYA_OTHER),
    });
    expect(second.isActive).toBe(false);
    const activate = (version: string) =>
      context.app.inject({
        method: 'POST',
        url: '/api/v1/insights/models/agency/activate',
        headers: asBearer(cast.nasional),
        payload: { version },
      });
    expect((await activate(second.version)).statusCode).toBe(200);
    expect(await activeVersion()).toBe(second.version);
    const report = await fileReport(context.app, cast.reporter, reportInput());
    expect((await suggestions(report)).json().models.agency).toBe(second.version);

    const damaged = await installSyntheticModel(context.platform, { activate: false });
    const damagedDir = path.join(context.dataDir, 'models', 'agency', damaged.version);
    await writeFile(path.join(damagedDir, 'weights.bin'), 'not weights');
    const refused = await activate(damaged.version);
    expect(refused.statusCode).toBe(422);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(problem(refused).code).toBe('MODEL_INVALID');
    expect(refused.json().detail).toContain('weights.bin');
    expect(await activeVersion()).toBe(second.version);

    const missing = await installSyntheticModel(context.platform, { activate: false });
    await unlink(path.join(context.dataDir, 'models', 'agency', missing.version, 'model.json'));
    expect((await activate(missing.version)).json().detail).toContain('model.json is missing');
    expect((await activate('no-such-version')).statusCode).toBe(404);

    const rollback = await context.app.inject({
      method: 'POST',
      url: '/api/v1/insights/models/agency/rollback',
      headers: asBearer(cast.nasional),
    });
    expect(rollback.statusCode, rollback.body).toBe(200);
    expect(rollback.json().version).toBe(first);
    expect(await activeVersion()).toBe(first);
    expect(
      await queryNumber(
        context.platform,
        "select count(*) from platform.audit_log where action like 'insights.model_%'",
      ),
    ).toBeGreaterThanOrEqual(2);
  });
});

describe('training from the platform’s own routed reports', () => {
  it('learns agency codes from routed reports and suggests the unit that handled similar ones', async () => {
    const road = { title: 'Jalan rusak', description: 'Aspal jalan berlubang dan saluran tersumbat.' };
    const health = { title: 'Puskesmas', description: 'Antrean puskesmas lama dan obat habis.' };
    for (let index = 0; index < 6; index++) {
      for (const [input, unitCode] of [
        [road, UNIT_SURABAYA],
        [health, UNIT_SURABAYA_OTHER],
      ] as const) {
        const trackingId = await fileReport(context.app, cast.reporter, {
          ...input,
          title: `${input.title} ${index}`,
        });
        await actOrThrow(context.app, cast.nasional, trackingId, {
          action: 'disposisi',
          agencyCode: '35.78',
        });
        await actOrThrow(context.app, cast.adminSurabaya, trackingId, { action: 'disposisi_unit', unitCode });
      }
    }
    const result = await retrainFromDatabase(createInsightsContext(context.platform), {
      kind: 'agency',
      activate: true,
    });
    expect(result.rows).toBeGreaterThanOrEqual(12);
    expect(result.isActivated).toBe(true);
    const trackingId = await fileReport(context.app, cast.reporter, {
      title: 'Saluran tersumbat',
      description: 'Aspal berlubang dan saluran tersumbat di depan sekolah.',
    });
    const body = (await suggestions(trackingId)).json();
    expect(body.models.agency).toBe(result.version);
    expect(body.agencies[0]).toMatchObject({ label: UNIT_SURABAYA, code: UNIT_SURABAYA });
  }, 60_000);
});
