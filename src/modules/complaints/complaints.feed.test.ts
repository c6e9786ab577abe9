import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileReport } from '../../../test/support/complaints.ts';
import { makeCitizen } from '../../../test/support/factories.ts';
import { startTestApp, type TestContext } from '../../../test/support/test-platform.ts';
import { FEED_COUNT_CAP } from './complaints.repository.ts';

/**
 * The public feed at scale: newest first also when searching (no ranking of every match), and
 * matches counted only up to FEED_COUNT_CAP, with `totalExact` and `hasMore` telling the reader
 * what the number means. The search itself (stemming, filters) is tested in complaints.intake.
 */
let context: TestContext;
let reporter: { token: string };

beforeAll(async () => {
  context = await startTestApp();
  reporter = await makeCitizen(context.app);
});
afterAll(async () => {
  await context?.close();
});

type FeedPage = {
  items: Array<{ trackingId: string; title: string; submittedAt: string }>;
  total: number;
  totalExact: boolean;
  hasMore: boolean;
  page: number;
  pageSize: number;
};

async function feed(query: Record<string, string | number>): Promise<FeedPage> {
  const search = new URLSearchParams(Object.entries(query).map(([key, value]) => [key, String(value)]));
  const response = await context.app.inject({ method: 'GET', url: `/api/v1/public/complaints?${search}` });
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as FeedPage;
}

/** A word the stemmer leaves alone and no other report contains. */
function marker(): string {
  const letters = 'bcdfghjkmnpqrstvwxz';
  return `zorb${Array.from(randomBytes(6), (byte) => letters[byte % letters.length]).join('')}`;
}

/** `count` reports carrying `word`, one hour apart (report 1 the newest), written straight to the table. */
async function insertReports(word: string, count: number, privacy: string): Promise<void> {
  await context.platform.database.executeSql(
    `insert into complaints.complaints (tracking_id, kind, title, description, privacy, channel, status,
       region_code, submitted_at, verification_due_at)
     select upper(substr(md5($1 || $3 || g), 1, 11)), 'pengaduan', 'Laporan ' || $1 || ' nomor ' || g,
       'Saluran air di gang ' || $1 || ' tersumbat sejak minggu lalu.', $3, 'web', 'baru', '35.78.01',
       now() - interval '1 day' - g * interval '1 hour', now() + interval '3 days'
     from generate_series(1, $2::int) as g`,
    [word, count, privacy],
  );
}

describe('the public feed at scale', () => {
  it('lists search matches newest first, not by how often the words occur', async () => {
    const word = marker();
    const older = await fileReport(context.app, reporter, {
      title: `Banjir ${word} ${word} ${word}`,
      description: `Banjir ${word} setinggi lutut, banjir ${word} lagi, banjir ${word} setiap hujan.`,
    });
    const newer = await fileReport(context.app, reporter, {
      title: `Genangan air di jalan ${word}`,
      description: `Sekali hujan deras, jalan ${word} tergenang air kotor.`,
    });
    const page = await feed({ q: `banjir ${word}` });
    expect(page.items.map((item) => item.trackingId)).toEqual([older]);
    const both = await feed({ q: word });
    // The report with the word once, filed later, comes first.
    expect(both.items.map((item) => item.trackingId)).toEqual([newer, older]);
    expect(both).toMatchObject({ total: 2, totalExact: true, hasMore: false });
  });

  it(`counts matches up to ${FEED_COUNT_CAP}, says when there are more, and pages on past the count`, async () => {
    const word = marker();
    const publicReports = FEED_COUNT_CAP + 5;
    await insertReports(word, publicReports, 'publik');
    await insertReports(`${word} rahasia`, 3, 'rahasia');

    const first = await feed({ q: word });
    expect(first).toMatchObject({ total: FEED_COUNT_CAP, totalExact: false, hasMore: true, page: 1 });
    expect(first.items.map((item) => item.title)).toEqual(
      Array.from({ length: 20 }, (_, index) => `Laporan ${word} nomor ${index + 1}`),
    );
    // A page beyond the counted matches still has items, and the total grows to what was seen.
    const pageSize = 100;
    const lastPage = Math.ceil(publicReports / pageSize);
    const before = await feed({ q: word, pageSize, page: lastPage - 1 });
    expect(before).toMatchObject({ total: FEED_COUNT_CAP, totalExact: false, hasMore: true });
    expect(before.items).toHaveLength(pageSize);
    // The last page knows the exact number: the rahasia reports are not in it.
    const last = await feed({ q: word, pageSize, page: lastPage });
    expect(last).toMatchObject({ total: publicReports, totalExact: true, hasMore: false });
    expect(last.items.map((item) => item.title).at(-1)).toBe(`Laporan ${word} nomor ${publicReports}`);
    const beyond = await feed({ q: word, pageSize, page: lastPage + 1 });
    expect(beyond).toMatchObject({ items: [], total: FEED_COUNT_CAP, totalExact: false, hasMore: false });
  }, 60_000);

  it('says whether a next page has items when the count is exact', async () => {
    const word = marker();
    await insertReports(word, 3, 'anonim');
    const pages = [await feed({ q: word, pageSize: 2 }), await feed({ q: word, pageSize: 2, page: 2 })];
    expect(pages.map(({ total, totalExact, hasMore }) => ({ total, totalExact, hasMore }))).toEqual([
      { total: 3, totalExact: true, hasMore: true },
      { total: 3, totalExact: true, hasMore: false },
    ]);
  });

  it('shows reports filed since the count was taken, and never a total below what the pages show', async () => {
    const word = marker();
    await insertReports(word, 3, 'publik');
    expect(await feed({ q: word, pageSize: 2 })).toMatchObject({ total: 3, totalExact: true, hasMore: true });
    // Five more within the count's lifetime: the pages show them at once, and the totals follow the pages.
    await context.platform.database.executeSql(
      `update complaints.complaints set submitted_at = submitted_at - interval '1 day'
       where search_vector @@ websearch_to_tsquery('indonesian', $1)`,
      [word],
    );
    await insertReports(word, 5, 'anonim');
    const first = await feed({ q: word, pageSize: 2 });
    expect(first.items.map((item) => item.title)).toEqual([
      `Laporan ${word} nomor 1`,
      `Laporan ${word} nomor 2`,
    ]);
    expect(first.total).toBeGreaterThanOrEqual(3);
    const third = await feed({ q: word, pageSize: 2, page: 3 });
    expect(third.total).toBeGreaterThanOrEqual(6);
    expect(third.hasMore).toBe(true);
    expect(await feed({ q: word, pageSize: 2, page: 4 })).toMatchObject({
      total: 8,
      totalExact: true,
      hasMore: false,
    });
  });
});
