import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliInstallation, prepareInstallation, runCli } from './cli-harness.ts';

/**
 * `terpadu seed --reports N`, the contract other work builds on (statistics and search
 * benchmarks): on the configured database, additive, safe to run twice, timelines that follow the
 * rules, statistics brought up to date.
 */
let installation: CliInstallation;

beforeAll(async () => {
  installation = await prepareInstallation(await mkdtemp(path.join(tmpdir(), 'terpadu-seed-')));
});
afterAll(async () => {
  await installation?.drop();
  if (installation) await rm(installation.dataDir, { recursive: true, force: true });
});

describe('seed --reports', () => {
  it('adds N reports each run, with consistent timelines, and refreshes the statistics', async () => {
    const first = await runCli(['seed', '--reports', '120'], installation.environment);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/120 laporan ditambahkan/);
    expect(first.stdout).toMatch(/Statistik diperbarui/);
    const second = await runCli(
      ['seed', '--reports', '80', '--vocabulary', path.join(installation.dataDir, 'absent.csv')],
      installation.environment,
    );
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toMatch(/vocabulary: \d+ words, built-in/);

    const [counts] = await installation.execute(`
      select count(*)::int as reports, count(distinct tracking_id)::int as tracking_ids,
        count(*) filter (where status in ('terdisposisi','diproses','selesai','ditutup','ditutup_tanpa_konfirmasi')
          and (agency_id is null or dispositioned_at is null or completion_due_at is null))::int as handled_without_clock,
        count(*) filter (where resolved_at is not null and resolved_at < dispositioned_at)::int as resolved_before_disposition,
        count(*) filter (where submitted_at > now() or submitted_at < now() - interval '731 days')::int as outside_two_years,
        count(*) filter (where title ~ '[0-9@]' or description ~ '[0-9@]')::int as with_digits,
        (select count(*)::int from complaints.complaints c where not exists
          (select 1 from complaints.events e where e.complaint_id = c.id and e.kind = 'diajukan')) as without_filing
      from complaints.complaints`);
    expect(counts).toEqual({
      reports: 200,
      tracking_ids: 200,
      handled_without_clock: 0,
      resolved_before_disposition: 0,
      outside_two_years: 0,
      with_digits: 0,
      without_filing: 0,
    });
    const [statistics] = await installation.execute(`
      select (select count(*)::int from statistics.report_facts where is_report) as facts,
        (select sum(reports)::int from statistics.rollup where dimension = 'all') as rolled_up`);
    expect(statistics).toEqual({ facts: 200, rolled_up: 200 });
  }, 300_000);

  it('refuses a count that is not a positive whole number, changing nothing', async () => {
    const result = await runCli(['seed', '--reports', 'banyak'], installation.environment);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('--reports must be a whole number');
  }, 120_000);
});
