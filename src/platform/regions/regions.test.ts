import { type SQL, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { problem } from '../../../test/support/factories.ts';
import { startTestApp, type TestContext } from '../../../test/support/test-platform.ts';
import { seedRegions } from './regions.ts';

let context: TestContext;
beforeAll(async () => {
  context = await startTestApp();
});
afterAll(async () => {
  await context?.close();
});

async function queryRows<T>(query: SQL): Promise<T[]> {
  return ((await context.platform.database.db.execute(query)) as unknown as { rows: T[] }).rows;
}

async function countsByLevel(): Promise<Record<number, number>> {
  const rows = await queryRows<{ level: number; count: number }>(
    sql`select level, count(*)::int as count from platform.regions group by level order by level`,
  );
  return Object.fromEntries(rows.map((row) => [row.level, row.count]));
}

type RegionItem = { code: string; name: string; level: number; parentCode: string | null };

describe('Kemendagri areas (idn-area-data 4.0.1)', () => {
  it('holds every province, regency/city, district and village', async () => {
    expect(await countsByLevel()).toEqual({ 1: 38, 2: 514, 3: 7_285, 4: 83_762 });
  });

  it('links every area below a province to an existing parent one level up', async () => {
    const rows = await queryRows(sql`
      select count(*)::int as orphans from platform.regions child
      left join platform.regions parent on parent.code = child.parent_code
      where child.level > 1 and (parent.code is null or parent.level <> child.level - 1)`);
    expect(rows).toEqual([{ orphans: 0 }]);
  });

  it('lists the provinces when no parent is given', async () => {
    const response = await context.app.inject({ method: 'GET', url: '/api/v1/regions' });
    expect(response.statusCode).toBe(200);
    const { items } = response.json() as { items: RegionItem[] };
    expect(items).toHaveLength(38);
    expect(items[0]).toEqual({ code: '11', name: 'Aceh', level: 1, parentCode: null });
    expect(items.map((item) => item.code)).toContain('35');
    expect(items.every((item) => item.level === 1)).toBe(true);
  });

  it('lists the districts of Kota Surabaya in code order', async () => {
    const response = await context.app.inject({ method: 'GET', url: '/api/v1/regions?parentCode=35.78' });
    expect(response.statusCode).toBe(200);
    const { items } = response.json() as { items: RegionItem[] };
    expect(items).toHaveLength(31);
    expect(items[0]).toEqual({ code: '35.78.01', name: 'Karang Pilang', level: 3, parentCode: '35.78' });
    expect(items.map((item) => item.code)).toEqual([...items.map((item) => item.code)].sort());
    expect(items.every((item) => item.parentCode === '35.78')).toBe(true);
  });

  it('lists the villages of a district', async () => {
    const response = await context.app.inject({ method: 'GET', url: '/api/v1/regions?parentCode=35.78.01' });
    expect(response.statusCode).toBe(200);
    const { items } = response.json() as { items: RegionItem[] };
    expect(items.length).toBeGreaterThan(0);
    expect(items.every((item) => item.level === 4 && /^35\.78\.01\.\d{4}$/.test(item.code))).toBe(true);
  });

  it('answers an empty list for a well-formed code that has no children', async () => {
    const response = await context.app.inject({ method: 'GET', url: '/api/v1/regions?parentCode=99.99' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ items: [] });
  });

  it('refuses a malformed parent code with a problem naming the field', async () => {
    for (const parentCode of ['3578', '35.7', 'abc', '35.78.01.1', "35' or '1'='1"]) {
      const response = await context.app.inject({
        method: 'GET',
        url: `/api/v1/regions?parentCode=${encodeURIComponent(parentCode)}`,
      });
      expect(response.statusCode, parentCode).toBe(400);
      expect(response.headers['content-type'], parentCode).toContain('application/problem+json');
      expect(problem(response).code, parentCode).toBe('VALIDATION_FAILED');
      expect(problem(response).errors?.[0]?.field, parentCode).toBe('parentCode');
    }
  });

  it('refuses unknown query parameters', async () => {
    const response = await context.app.inject({ method: 'GET', url: '/api/v1/regions?level=1' });
    expect(response.statusCode).toBe(400);
  });

  it('changes nothing when the areas are loaded again', async () => {
    const before = await countsByLevel();
    expect(await seedRegions(context.platform.database.db)).toEqual({ total: 91_599 });
    expect(await countsByLevel()).toEqual(before);
  });

  it('restores a missing area, and every name with it, when the areas are loaded again', async () => {
    const { db } = context.platform.database;
    await db.execute(sql`delete from platform.regions where code = '35.78.01.1001'`);
    await db.execute(sql`update platform.regions set name = 'Nama Lama' where code = '35.78.01'`);
    await seedRegions(db);
    const rows = await queryRows(
      sql`select code, name from platform.regions where code in ('35.78.01', '35.78.01.1001') order by code`,
    );
    expect(rows).toEqual([
      { code: '35.78.01', name: 'Karang Pilang' },
      { code: '35.78.01.1001', name: expect.any(String) },
    ]);
    expect(await countsByLevel()).toEqual({ 1: 38, 2: 514, 3: 7_285, 4: 83_762 });
  });
});
