import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestContext } from '../../../test/support/test-platform.ts';
import { createIdentityContext } from '../../app.ts';
import { seedScaleReports } from './scale-seed.ts';

/**
 * A large `seed --reports` drops the GIN indexes for the load and builds them again at the end
 * (test/cli/seed-reports.test.ts covers the timelines): the indexes must come back exactly as the
 * migrations made them, and search must find the seeded reports through them.
 */
let context: TestContext;

beforeAll(async () => {
  context = await startTestApp();
});
afterAll(async () => {
  await context?.close();
});

async function ginIndexes(): Promise<Array<{ name: string; definition: string }>> {
  const { rows } = await context.platform.database.executeSql(
    `select indexname as name, indexdef as definition from pg_indexes
     where schemaname = 'complaints' and tablename = 'complaints' and indexdef like '%USING gin%'
     order by indexname`,
  );
  return rows as Array<{ name: string; definition: string }>;
}

describe('seed --reports with deferred indexes', () => {
  it('rebuilds the full-text and trigram indexes as they were, and search uses them', async () => {
    const before = await ginIndexes();
    expect(before.map((index) => index.name)).toEqual(['complaints_search_idx', 'complaints_title_trgm_idx']);
    const progress: string[] = [];
    const result = await seedScaleReports(
      {
        db: context.platform.database.db,
        identity: createIdentityContext(context.platform),
        calendar: await context.platform.calendar.current(),
      },
      {
        reports: 300,
        vocabularyCsv: '/nonexistent.csv',
        deferIndexes: true,
        onProgress: (m) => progress.push(m),
      },
    );
    expect(result.reports).toBe(300);
    expect(progress.filter((message) => message.startsWith('index rebuilt'))).toHaveLength(2);
    expect(await ginIndexes()).toEqual(before);

    // The feed finds seeded public reports by a word of their titles.
    const { rows } = await context.platform.database.executeSql(
      `select split_part(title, ' ', 1) as word from complaints.complaints
       where privacy in ('publik', 'anonim') limit 1`,
    );
    const word = (rows[0] as { word: string }).word;
    const response = await context.app.inject({
      method: 'GET',
      url: `/api/v1/public/complaints?q=${encodeURIComponent(word)}`,
    });
    expect(response.statusCode).toBe(200);
    expect((response.json() as { total: number }).total).toBeGreaterThan(0);
  }, 120_000);
});
