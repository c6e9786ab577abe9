import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type CatalogCast,
  call,
  makeCatalogCast,
  publishAkta,
  submitAkta,
} from '../../../test/support/catalog.ts';
import { queryNumber, tinyPng } from '../../../test/support/complaints.ts';
import { problem } from '../../../test/support/factories.ts';
import { startTestApp, type TestContext } from '../../../test/support/test-platform.ts';
import { createCatalogContext } from '../../app.ts';
import { JobRunner } from '../../platform/jobs/jobs.ts';
import type { Platform } from '../../platform/platform.ts';
import { runApplicationClocks } from './index.ts';

/**
 * Working days of the shipped 2025 calendar (WIB): June 2025 has Idul Adha on Friday 6 June with
 * cuti bersama on Monday 9 June. The birth certificate's first step has 3 working days, the whole
 * service 5.
 */
let context: TestContext;
let cast: CatalogCast;
let photo: Buffer;
let now = '2025-06-02T03:00:00.000Z';
function setNow(instant: string) {
  now = instant;
  context.platform.clock.now = () => new Date(now);
}

beforeAll(async () => {
  context = await startTestApp();
  cast = await makeCatalogCast(context);
  photo = await tinyPng();
});
afterAll(async () => context?.close());

const notices = (userId: string, title: string) =>
  queryNumber(
    context.platform,
    'select count(*) from platform.notifications where user_id = $1 and title = $2',
    [userId, title],
  );
const emails = (email: string, subject: string) =>
  queryNumber(
    context.platform,
    'select count(*) from platform.outbox where recipient = $1 and subject = $2',
    [email, subject],
  );
const escalations = (reference: string) =>
  queryNumber(
    context.platform,
    `select count(*) from catalog.application_escalations e join catalog.applications a on a.id = e.application_id
      where a.reference_number = $1`,
    [reference],
  );
const runClocks = () => runApplicationClocks(createCatalogContext(context.platform));

describe('who is told', () => {
  it('tells the officers of the step of new work, and the citizen of each change', async () => {
    setNow('2025-06-02T03:00:00.000Z');
    const serviceId = await publishAkta(context.app, cast.admin);
    const reference = await submitAkta(context.app, cast.citizen, serviceId, photo);
    // New work: the unit's penghubung (first step), not the approver, not another regency.
    expect(await notices(cast.verifier.userId, `Permohonan baru: ${reference}`)).toBe(1);
    expect(await emails(cast.verifier.email, `Permohonan baru: ${reference}`)).toBe(1);
    expect(await notices(cast.admin.userId, `Permohonan baru: ${reference}`)).toBe(0);
    expect(await notices(cast.penghubungSidoarjo.userId, `Permohonan baru: ${reference}`)).toBe(0);
    expect(
      await notices(cast.citizen.userId, 'Permohonan Anda diterima dan sedang diproses'),
    ).toBeGreaterThan(0);

    const forwarded = await call(context.app, cast.verifier, 'POST', `/applications/${reference}/actions`, {
      action: 'teruskan',
    });
    expect(forwarded.statusCode, forwarded.body).toBe(200);
    expect(await notices(cast.admin.userId, `Permohonan menunggu Anda: ${reference}`)).toBe(1);
    expect(
      await notices(cast.citizen.userId, 'Permohonan Anda masuk tahap "Persetujuan kepala dinas"'),
    ).toBeGreaterThan(0);
  });
});

describe('the overdue clocks', () => {
  it('flags a step over its limit once per due date, then the whole service, and tells the acting officers', async () => {
    setNow('2025-06-02T03:00:00.000Z');
    const serviceId = await publishAkta(context.app, cast.admin);
    const reference = await submitAkta(context.app, cast.citizen, serviceId, photo);
    const view = (await call(context.app, cast.citizen, 'GET', `/applications/${reference}`)).json();
    const stepDue = new Date(view.stateDueAt as string);
    setNow(new Date(stepDue.getTime() - 60_000).toISOString());
    await runClocks();
    expect(await escalations(reference)).toBe(0);

    setNow(new Date(stepDue.getTime() + 60_000).toISOString());
    await runClocks();
    await runClocks();
    expect(await escalations(reference)).toBe(1);
    expect(await notices(cast.verifier.userId, `Terlambat: ${reference}`)).toBe(1);
    expect(await emails(cast.verifier.email, `Terlambat: ${reference}`)).toBe(1);
    // Not the approver (not their step yet), not another regency's officers.
    expect(await notices(cast.admin.userId, `Terlambat: ${reference}`)).toBe(0);
    expect(await notices(cast.penghubungSidoarjo.userId, `Terlambat: ${reference}`)).toBe(0);
    const queued = (await call(context.app, cast.verifier, 'GET', '/applications/queue')).json().items;
    expect(
      queued.find((item: { referenceNumber: string }) => item.referenceNumber === reference).isOverdue,
    ).toBe(true);
    const timeline = (await call(context.app, cast.citizen, 'GET', `/applications/${reference}`)).json()
      .timeline;
    expect(timeline.filter((entry: { kind: string }) => entry.kind === 'terlambat')).toHaveLength(1);

    // The whole service's limit passes later: the agency's admin-instansi hears of it too, once.
    setNow(new Date(new Date(view.dueAt as string).getTime() + 60_000).toISOString());
    await runClocks();
    await runClocks();
    expect(await escalations(reference)).toBe(2);
    expect(await notices(cast.admin.userId, `Terlambat: ${reference}`)).toBe(1);
    expect(await notices(cast.verifier.userId, `Terlambat: ${reference}`)).toBe(2);
  });

  /** A JobRunner for one instance with the job `serve` schedules. */
  function jobRunner(platform: Platform, errors: Error[]) {
    const runner = new JobRunner(platform.database, (error) => errors.push(error));
    const catalog = createCatalogContext(platform);
    return {
      runner,
      start: () =>
        runner.start([
          { name: 'application-clocks', cron: '0 0 1 1 *', run: () => runApplicationClocks(catalog) },
        ]),
    };
  }

  it('escalates once when two instances run the job at the same time', { timeout: 120_000 }, async () => {
    setNow('2025-07-01T03:00:00.000Z');
    const serviceId = await publishAkta(context.app, cast.admin);
    const reference = await submitAkta(context.app, cast.citizen, serviceId, photo);
    setNow('2025-07-07T03:00:00.000Z');
    const other = await context.openAnotherPlatform();
    other.clock.now = () => new Date(now);
    const errors: Error[] = [];
    const instances = [jobRunner(context.platform, errors), jobRunner(other, errors)];
    // Started one after the other: the first installs pg-boss's schema (on the embedded database two
    // installs at once would share its one connection); the runs themselves go at the same time.
    for (const instance of instances) await instance.start();
    try {
      const jobIds = await Promise.all(
        instances.map((instance) => instance.runner.runNow('application-clocks')),
      );
      const states = await Promise.all(
        jobIds.map((jobId, index) =>
          instances[index]!.runner.waitForCompletion('application-clocks', jobId!, 60_000),
        ),
      );
      expect(states).toEqual(['completed', 'completed']);
    } finally {
      await Promise.all(instances.map((instance) => instance.runner.stop()));
    }
    expect(errors).toEqual([]);
    // Tuesday 1 July + 3 working days ends on Friday 4 July: on Monday the step has run out, the whole service (5 days) not yet.
    expect(await escalations(reference)).toBe(1);
    expect(await notices(cast.verifier.userId, `Terlambat: ${reference}`)).toBe(1);
  });
});

describe('withdrawing a service', () => {
  it('takes it out of the catalogue and refuses new applications, while those in flight go on', async () => {
    setNow('2025-08-04T03:00:00.000Z');
    const serviceId = await publishAkta(context.app, cast.admin, (content) => {
      content.name = 'Akta Kelahiran Ditarik';
    });
    const inFlight = await submitAkta(context.app, cast.citizen, serviceId, photo);
    const draft = (await call(context.app, cast.otherCitizen, 'POST', '/applications', { serviceId })).json()
      .referenceNumber as string;

    // Only its agency's admins may withdraw it.
    const outside = await call(
      context.app,
      cast.adminSidoarjo,
      'POST',
      `/catalog/services/${serviceId}/withdraw`,
    );
    expect(outside.statusCode).toBe(404);
    const byCitizen = await call(
      context.app,
      cast.citizen,
      'POST',
      `/catalog/services/${serviceId}/withdraw`,
    );
    expect(byCitizen.statusCode).toBe(403);

    const withdrawn = await call(context.app, cast.admin, 'POST', `/catalog/services/${serviceId}/withdraw`);
    expect(withdrawn.statusCode, withdrawn.body).toBe(200);
    expect(withdrawn.json()).toMatchObject({ status: 'withdrawn', publishedVersion: 1 });

    const listed = await call(context.app, undefined, 'GET', '/public/services?q=ditarik');
    expect(listed.json().items).toEqual([]);
    expect((await call(context.app, undefined, 'GET', `/public/services/${serviceId}`)).statusCode).toBe(404);

    const refused = await call(context.app, cast.otherCitizen, 'POST', '/applications', { serviceId });
    expect(refused.statusCode).toBe(409);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(problem(refused).code).toBe('SERVICE_WITHDRAWN');
    // A draft not yet sent is a new application too: refused, and kept as a draft.
    const lateSubmit = await call(context.app, cast.otherCitizen, 'POST', `/applications/${draft}/submit`);
    expect(lateSubmit.statusCode).toBe(409);
    expect(problem(lateSubmit).code).toBe('SERVICE_WITHDRAWN');
    expect((await call(context.app, cast.otherCitizen, 'GET', `/applications/${draft}`)).json().status).toBe(
      'draf',
    );
    const bundle = await call(context.app, cast.citizen, 'POST', '/applications/bundles', {
      lifeEvent: 'kelahiran',
      serviceIds: [serviceId, await publishAkta(context.app, cast.admin)],
    });
    expect(bundle.statusCode).toBe(400);
    expect(problem(bundle).code).toBe('BUNDLE_SERVICE_INVALID');

    // The application in flight is sent back, corrected, resubmitted and issued as before.
    const back = await call(context.app, cast.verifier, 'POST', `/applications/${inFlight}/actions`, {
      action: 'kembalikan',
      note: 'Lengkapi tempat lahir.',
    });
    expect(back.statusCode).toBe(200);
    const resubmitted = await call(context.app, cast.citizen, 'POST', `/applications/${inFlight}/submit`);
    expect(resubmitted.statusCode, resubmitted.body).toBe(200);
    await call(context.app, cast.verifier, 'POST', `/applications/${inFlight}/actions`, {
      action: 'teruskan',
    });
    const issued = await call(context.app, cast.admin, 'POST', `/applications/${inFlight}/actions`, {
      action: 'setujui',
    });
    expect(issued.json().status).toBe('selesai');

    // Publishing again brings it back.
    const republished = await call(context.app, cast.admin, 'POST', `/catalog/services/${serviceId}/publish`);
    expect(republished.json()).toMatchObject({ status: 'published', publishedVersion: 2, withdrawnAt: null });
    expect(
      (await call(context.app, undefined, 'GET', '/public/services?q=ditarik')).json().items,
    ).toHaveLength(1);
  });
});
