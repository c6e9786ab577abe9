import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ACTION_BODIES,
  actOrThrow,
  addTestUnits,
  type Cast,
  fileReport,
  makeCast,
  queryNumber,
  queryRows,
  runClocks,
} from '../../../test/support/complaints.ts';
import { asBearer, problem } from '../../../test/support/factories.ts';
import { startTestApp, type TestContext } from '../../../test/support/test-platform.ts';
import { createStatisticsContext } from '../../app.ts';
import { refreshStatistics, type StatisticsOverview } from './index.ts';
import { computeFigures } from './statistics.service.ts';

/**
 * Nine reports driven through the real complaint service on the shipped 2025 calendar (June 2025:
 * Idul Adha Fri 6, cuti bersama Mon 9, Tahun Baru Islam Fri 27; WIB), then every statistic
 * compared with the figures worked out by hand below. All filed Mon 2 June 10:00 in Surabaya
 * (35.78.01), pengaduan, infrastruktur (14 working days to complete).
 *
 * Working days of June 2025: 2 3 4 5 | 10 11 12 13 | 16–20 | 23 24 25 26 | 30.
 * Verification due: end of Thu 5 June (3rd working day after 2 June).
 *
 *  A: disposisi 4 Jun (2 wd, in time) → unit, plan 5 Jun → final 11 Jun → reopened 12 Jun →
 *     final 13 Jun (5 wd from 4 Jun; due 26 Jun: in time) → confirmed, rated 4.
 *  B: disposisi 10 Jun (4 wd, late) → unit, plan → final 12 Jun (2 wd, in time) → silent, closed
 *     by the clock job on 30 Jun, rated 3.
 *  C: disposisi 4 Jun (2) → unit, plan 5 Jun → final 30 Jun (15 wd; due 26 Jun: late) → selesai.
 *  D: disposisi 3 Jun (1) → unit, plan 5 Jun → final 12 Jun (5 wd, in time) → confirmed.
 *  E: disposisi 30 Jun (17 wd, late) → terdisposisi, not yet due.
 *  H: disposisi 4 Jun (2) → unit, plan, final 5 Jun (1 wd, in time) → confirmed, rated 5.
 *  I: disposisi 4 Jun (2) → unit, plan 5 Jun → still diproses on 30 Jun: late (due 26 Jun).
 *  F: disposisi 4 Jun to Surabaya, which bounces it (bukan wewenang) → disposisi 10 Jun to
 *     Sidoarjo (35.15); its verification is the first one: 2 wd, in time.
 *  G: disposisi 4 Jun to Surabaya, which transfers it to Sidoarjo the same day; due 26 Jun: late.
 *
 * Surabaya (A B C D E H I): 7 reports; verified in time 5/7 = 71.4 %; verify days
 * [1 2 2 2 2 4 17] → median 2; completion known for A B C D H (resolved) and I (late open) = 6,
 * in time A B D H = 4 → 66.7 %; complete days [1 2 5 5 15] → median 5; 1 bounce, 1 transfer,
 * 1 reopened, 3 confirmed (A D H), 1 closed by silence (B); ratings 4 3 5 → 4.
 * Sidoarjo (F G): 2 reports, both verified in time (2, 2); completion known for G only (late).
 */

let service: TestContext;
let cast: Cast;
const ids: Record<string, string> = {};

const morning = (day: string, hour = 10) =>
  new Date(`${day}T${String(hour - 7).padStart(2, '0')}:00:00.000Z`);
function setNow(instant: Date) {
  service.platform.clock.now = () => instant;
}
const act = (session: { token: string }, id: string, body: object) =>
  actOrThrow(service.app, session, id, body);
const toSidoarjo = { ...ACTION_BODIES.disposisi, agencyCode: '35.15' };

async function unitAndPlan(id: string) {
  await act(cast.adminSurabaya, id, ACTION_BODIES.disposisi_unit);
  await act(cast.penghubungSurabaya, id, ACTION_BODIES.rencana_tindak_lanjut);
}
const final = (id: string) => act(cast.penghubungSurabaya, id, ACTION_BODIES.tindak_lanjut);
const confirm = (id: string) => act(cast.reporter, id, ACTION_BODIES.konfirmasi_selesai);
async function rate(id: string, score: number) {
  const response = await service.app.inject({
    method: 'POST',
    url: `/api/v1/complaints/${id}/rating`,
    headers: asBearer(cast.reporter),
    payload: { score },
  });
  expect(response.statusCode, response.body).toBe(200);
}

const statistics = () => createStatisticsContext(service.platform);
const refresh = () => refreshStatistics(statistics());

async function overview(query = ''): Promise<StatisticsOverview> {
  const response = await service.app.inject({ method: 'GET', url: `/api/v1/statistics${query}` });
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}

beforeAll(async () => {
  service = await startTestApp();
  await addTestUnits(service.platform);
  cast = await makeCast(service.app, service.platform);
  setNow(morning('2025-06-02'));
  for (const name of ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I']) {
    ids[name] = await fileReport(service.app, cast.reporter, {
      title: `Laporan uji statistik ${name} tentang jalan`,
    });
  }
  setNow(morning('2025-06-03'));
  await act(cast.nasional, ids.D!, ACTION_BODIES.disposisi);
  setNow(morning('2025-06-04'));
  for (const name of ['A', 'C', 'H', 'I', 'F', 'G'])
    await act(cast.nasional, ids[name]!, ACTION_BODIES.disposisi);
  setNow(morning('2025-06-04', 11));
  await act(cast.adminSurabaya, ids.F!, ACTION_BODIES.bukan_wewenang);
  await act(cast.adminSurabaya, ids.G!, ACTION_BODIES.alihkan);
  setNow(morning('2025-06-05'));
  for (const name of ['A', 'C', 'D', 'H', 'I']) await unitAndPlan(ids[name]!);
  await final(ids.H!);
  await confirm(ids.H!);
  await rate(ids.H!, 5);
  setNow(morning('2025-06-10'));
  await act(cast.nasional, ids.B!, ACTION_BODIES.disposisi);
  await unitAndPlan(ids.B!);
  await act(cast.nasional, ids.F!, toSidoarjo);
  setNow(morning('2025-06-11'));
  await final(ids.A!);
  setNow(morning('2025-06-12'));
  await act(cast.reporter, ids.A!, ACTION_BODIES.buka_kembali);
  await final(ids.B!);
  await final(ids.D!);
  await confirm(ids.D!);
  setNow(morning('2025-06-13'));
  await final(ids.A!);
  await confirm(ids.A!);
  await rate(ids.A!, 4);
  setNow(morning('2025-06-30'));
  await runClocks(service.platform);
  await rate(ids.B!, 3);
  await final(ids.C!);
  await act(cast.nasional, ids.E!, ACTION_BODIES.disposisi);
  setNow(morning('2025-06-30', 12));
  await refresh();
}, 120_000);
afterAll(async () => {
  await service?.close();
});

describe('statistics arithmetic against the hand-computed case', () => {
  it('counts reports by status, kind, category, region and month', async () => {
    const figures = await computeFigures(statistics(), {});
    expect(figures.total).toBe(9);
    const status = Object.fromEntries(figures.tables.status.map((row) => [row.key, row.reports]));
    expect(status).toEqual({
      'Belum Terverifikasi': 0,
      'Terdisposisi Belum Ditindaklanjuti': 3,
      'Terdisposisi Sedang Diproses': 1,
      'Terdisposisi Selesai': 5,
      Tertunda: 0,
      Arsip: 0,
    });
    expect(figures.tables.kind.map((row) => [row.key, row.reports])).toEqual([
      ['pengaduan', 9],
      ['aspirasi', 0],
      ['informasi', 0],
    ]);
    expect(figures.tables.category.map((row) => [row.key, row.reports])).toEqual([['infrastruktur', 9]]);
    expect(figures.tables.region.map((row) => [row.key, row.label, row.reports])).toEqual([
      ['35.78', 'Kota Surabaya', 9],
    ]);
    expect(figures.tables.month.map((row) => [row.key, row.reports])).toEqual([['2025-06', 9]]);
    expect(figures.tables.agency.map((row) => [row.key, row.reports])).toEqual([
      ['35.78', 7],
      ['35.15', 2],
    ]);
  });

  it('works out each agency’s clocks, handoffs, closures and ratings', async () => {
    const figures = await computeFigures(statistics(), {});
    const surabaya = figures.agencies.find((agency) => agency.agencyCode === '35.78')!;
    expect(surabaya.measures).toEqual({
      reports: 7,
      verified: 7,
      verifiedInTime: 5,
      completionDue: 6,
      completedInTime: 4,
      reopened: 1,
      confirmed: 3,
      closedBySilence: 1,
      ratings: 3,
      ratingSum: 12,
      bounces: 1,
      transfers: 1,
    });
    expect(surabaya.medianDaysToVerify).toBe(2);
    expect(surabaya.medianDaysToComplete).toBe(5);
    const sidoarjo = figures.agencies.find((agency) => agency.agencyCode === '35.15')!;
    expect(sidoarjo.measures).toMatchObject({
      reports: 2,
      verified: 2,
      verifiedInTime: 2,
      completionDue: 1,
      completedInTime: 0,
      bounces: 0,
      transfers: 0,
    });
    expect(sidoarjo.medianDaysToVerify).toBe(2);
    expect(sidoarjo.medianDaysToComplete).toBeNull();
  });

  it('publishes the league table with shares and medians, small counts as <5', async () => {
    const result = await overview();
    expect(result.total).toBe(9);
    const surabaya = result.league.find((row) => row.agencyCode === '35.78')!;
    expect(surabaya).toEqual({
      agencyCode: '35.78',
      agencyName: expect.any(String),
      // 7 next to Sidoarjo's suppressed 2 would give the 2 away (the total, 9, is published).
      reports: null,
      verifiedInTimePercent: 71.4,
      completedInTimePercent: 66.7,
      medianDaysToVerify: 2,
      medianDaysToComplete: 5,
      bounces: null,
      transfers: null,
      reopened: null,
      confirmed: null,
      closedBySilence: null,
      averageRating: null,
    });
    const sidoarjo = result.league.find((row) => row.agencyCode === '35.15')!;
    // 2 reports: the count and every figure resting on fewer than 5 reports are withheld.
    expect(sidoarjo).toMatchObject({
      reports: null,
      verifiedInTimePercent: null,
      completedInTimePercent: null,
      medianDaysToVerify: null,
    });
  });

  it('suppresses small cells, and one more where a total would give a lone one away', async () => {
    const result = await overview();
    const status = Object.fromEntries(result.tables.status.map((row) => [row.key, row.count]));
    expect(status).toMatchObject({
      'Terdisposisi Selesai': 5,
      'Terdisposisi Belum Ditindaklanjuti': null,
      'Terdisposisi Sedang Diproses': null,
      Arsip: 0,
    });
    // By agency: 7 and 2 with a total of 9: the 2 alone would be 9 − 7, so the 7 goes too.
    expect(result.tables.agency.map((row) => row.count)).toEqual([null, null]);
  });

  it('filters by agency, region and period', async () => {
    const sidoarjo = await computeFigures(statistics(), { agencyCode: '35.15' });
    expect(sidoarjo.total).toBe(2);
    expect(sidoarjo.agencies.map((agency) => agency.agencyCode)).toEqual(['35.15']);
    expect((await computeFigures(statistics(), { regionCode: '35.78' })).total).toBe(9);
    expect((await computeFigures(statistics(), { regionCode: '35' })).total).toBe(9);
    const elsewhere = await computeFigures(statistics(), { regionCode: '35.15' });
    expect(elsewhere.total).toBe(0);
    expect(elsewhere.agencies).toEqual([]);
    expect((await computeFigures(statistics(), { from: '2025-06', to: '2025-06' })).total).toBe(9);
    expect((await computeFigures(statistics(), { from: '2025-07' })).total).toBe(0);
    // The region filter takes the medians from the facts; they agree with the rollup's.
    const inSurabaya = await computeFigures(statistics(), { regionCode: '35.78' });
    const surabaya = inSurabaya.agencies.find((agency) => agency.agencyCode === '35.78')!;
    expect([surabaya.medianDaysToVerify, surabaya.medianDaysToComplete]).toEqual([2, 5]);
  });

  it('refuses bad filters with a 400 problem', async () => {
    for (const query of [
      '?from=2025-13',
      '?from=2025-07&to=2025-06',
      '?regionCode=35.78.01',
      '?agencyCode=tidak-ada',
      '?sort=x',
    ]) {
      const response = await service.app.inject({ method: 'GET', url: `/api/v1/statistics${query}` });
      expect(response.statusCode, query).toBe(400);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(problem(response).title).toBeTruthy();
    }
    const table = await service.app.inject({ method: 'GET', url: '/api/v1/statistics/tables/secret' });
    expect(table.statusCode).toBe(400);
  });
});

describe('rollups kept correct as reports change', () => {
  it('moves a report between statuses after a change and equals a rebuild from scratch', async () => {
    setNow(morning('2025-06-30', 13));
    await act(cast.adminSurabaya, ids.E!, ACTION_BODIES.disposisi_unit);
    await act(cast.penghubungSurabaya, ids.E!, ACTION_BODIES.rencana_tindak_lanjut);
    await refresh();
    const after = await computeFigures(statistics(), {});
    const status = Object.fromEntries(after.tables.status.map((row) => [row.key, row.reports]));
    expect(status['Terdisposisi Belum Ditindaklanjuti']).toBe(2);
    expect(status['Terdisposisi Sedang Diproses']).toBe(2);
    // Rollup = sums of the facts, per dimension.
    expect(
      await queryNumber(
        service.platform,
        `select count(*) from (
           select dimension, sum(reports) as n from statistics.rollup group by dimension
         ) s where n <> (select count(*) from statistics.report_facts where is_report)`,
      ),
    ).toBe(0);
    // A rebuild from nothing gives the same figures as the incremental refreshes did.
    await service.platform.database.executeSql(
      'delete from statistics.rollup; delete from statistics.durations; delete from statistics.report_facts; delete from statistics.refresh_state;',
    );
    await refresh();
    expect(await computeFigures(statistics(), {})).toEqual({ ...after, refreshedAt: expect.any(Date) });
  });

  it('counts an open report late once its completion due date passes, without any change to it', async () => {
    const before = await computeFigures(statistics(), { agencyCode: '35.15' });
    expect(before.agencies[0]!.measures.completionDue).toBe(1);
    // F (Sidoarjo, dispositioned 10 June) is due at the end of 1 July.
    setNow(morning('2025-07-02'));
    await refresh();
    const after = await computeFigures(statistics(), { agencyCode: '35.15' });
    expect(after.agencies[0]!.measures.completionDue).toBe(2);
    setNow(morning('2025-06-30', 13));
  });
});

describe('privacy', () => {
  it('never carries a rahasia report’s words, a tracking number or a reporter into any statistic', async () => {
    const secret = await fileReport(service.app, cast.otherCitizen, {
      privacy: 'rahasia',
      title: 'Rahasia sekali: kepala dinas meminta uang pelicin',
      description: 'Uraian rahasia tentang pungutan liar yang hanya boleh dibaca petugas penanganan.',
      categoryCode: 'pungli-korupsi',
    });
    await refresh();
    const bodies = [
      (await service.app.inject({ method: 'GET', url: '/api/v1/statistics' })).body,
      ...(await Promise.all(
        ['status', 'kind', 'category', 'agency', 'region', 'month', 'league'].map(
          async (table) =>
            (
              await service.app.inject({
                method: 'GET',
                url: `/api/v1/statistics/tables/${table}?format=csv`,
              })
            ).body,
        ),
      )),
    ].join('\n');
    for (const forbidden of [
      'Rahasia sekali',
      'pelicin',
      'pungutan liar yang',
      secret,
      cast.otherCitizen.email,
      cast.reporter.email,
      cast.reporter.userId,
      ...Object.values(ids),
    ]) {
      expect(bodies).not.toContain(forbidden);
    }
    // The one report in its category is counted (the answer kept from before the refresh was
    // replaced by it), but not shown as a countable cell.
    const result = await overview();
    expect(result.total).toBe(10);
    expect(result.tables.category.find((row) => row.key === 'pungli-korupsi')?.count).toBeNull();
  });
});

describe('CSV download', () => {
  it('opens in a spreadsheet: BOM, CRLF, quoted fields, "<5" for suppressed cells', async () => {
    const response = await service.app.inject({
      method: 'GET',
      url: '/api/v1/statistics/tables/league?format=csv',
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(response.headers['content-disposition']).toBe('attachment; filename="statistik-league.csv"');
    const raw = response.rawPayload;
    expect([...raw.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = response.body.replace(/^\uFEFF/, '').split('\r\n');
    expect(lines.at(-1)).toBe('');
    expect(lines[0]!.split(',')).toHaveLength(13);
    const surabaya = lines.find((line) => line.startsWith('35.78,'))!;
    expect(surabaya.split(',').slice(2, 8)).toEqual(['<5', '71.4', '66.7', '2', '5', '<5']);
  });

  it('has a table for each breakdown with its total', async () => {
    const response = await service.app.inject({
      method: 'GET',
      url: '/api/v1/statistics/tables/month?format=csv&from=2025-06&to=2025-06',
    });
    expect(response.body.replace(/^\uFEFF/, '')).toBe(
      'Bulan pengajuan / Month filed,Jumlah laporan / Reports\r\n2025-06,10\r\nTotal,10\r\n',
    );
  });
});

describe('officer export', () => {
  it('gives an agency admin their own agency’s reports and history as CSV, audited', async () => {
    const response = await service.app.inject({
      method: 'GET',
      url: '/api/v1/statistics/export?format=csv',
      headers: asBearer(cast.adminSurabaya),
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.headers['content-type']).toBe('text/csv; charset=utf-8');
    for (const name of ['A', 'B', 'C', 'D', 'E', 'H', 'I']) expect(response.body).toContain(ids[name]);
    // F and G are Sidoarjo's now.
    expect(response.body).not.toContain(ids.F);
    expect(response.body).not.toContain(cast.reporter.email);
    expect(
      await queryNumber(
        service.platform,
        `select count(*) from platform.audit_log where action = 'complaint.exported' and actor_id = $1`,
        [cast.adminSurabaya.userId],
      ),
    ).toBe(1);
  });

  it('writes an XLSX workbook that reads back with the same reports', async () => {
    const response = await service.app.inject({
      method: 'GET',
      url: '/api/v1/statistics/export?format=xlsx',
      headers: asBearer(cast.adminSidoarjo),
    });
    expect(response.statusCode, response.body).toBe(200);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
    const reports = workbook.getWorksheet('Laporan')!;
    const trackingIds = reports
      .getColumn(1)
      .values.slice(2)
      .map((value) => String(value));
    expect(trackingIds.sort()).toEqual([ids.F!, ids.G!].sort());
    const history = workbook.getWorksheet('Riwayat')!;
    expect(history.rowCount).toBeGreaterThan(2);
  });

  it('refuses a range the other way round', async () => {
    const response = await service.app.inject({
      method: 'GET',
      url: '/api/v1/statistics/export?from=2025-07-01&to=2025-06-01',
      headers: asBearer(cast.adminSurabaya),
    });
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toContain('application/problem+json');
  });
});

describe('facts never hold identity', () => {
  it('keeps no user id in any statistics table', async () => {
    const columns = await queryRows<{ column_name: string }>(
      service.platform,
      `select column_name from information_schema.columns where table_schema = 'statistics'`,
    );
    expect(columns.map((column) => column.column_name)).not.toContain('user_id');
    expect(columns.map((column) => column.column_name)).not.toContain('reporter_id');
  });
});
