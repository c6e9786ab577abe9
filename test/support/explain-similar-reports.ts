// Which indexes the similar-reports query goes through, on PGlite (DATA_DIR, the default) or on
// PostgreSQL (DATABASE_URL): the query is built by the repository itself (captured through
// drizzle's logger) and run under EXPLAIN ANALYZE. Prints plan nodes, index names and timings only,
// never query text. Load reports first, e.g. `terpadu seed --reports 20000`.
// Usage: DATA_DIR=… npx tsx test/support/explain-similar-reports.ts (or DATABASE_URL=… instead).
// It lives under test/ because it reads the complaints module's internals, as tests do.
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzleNodePostgres } from 'drizzle-orm/node-postgres';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import pg from 'pg';
import { JOINABLE_STATES } from '../../src/modules/complaints/complaints.rules.ts';
import * as duplicates from '../../src/modules/complaints/duplicates.repository.ts';
import type { Database } from '../../src/platform/db/database.ts';
import { pgliteExtensions } from '../../src/platform/db/embedded.ts';

type Query = (text: string, params: unknown[]) => Promise<Array<Record<string, unknown>>>;
const captured: Array<{ text: string; params: unknown[] }> = [];
const logger = { logQuery: (text: string, params: unknown[]) => captured.push({ text, params }) };

let db: Database;
let run: Query;
let close: () => Promise<void>;
if (process.env.DATABASE_URL) {
  const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 1 });
  db = drizzleNodePostgres(pool, { logger }) as unknown as Database;
  run = async (text, params) => (await pool.query(text, params)).rows;
  close = () => pool.end();
} else {
  const client = await PGlite.create(path.join(process.env.DATA_DIR ?? './data', 'pglite'), {
    extensions: pgliteExtensions,
  });
  db = drizzlePglite(client, { logger }) as unknown as Database;
  run = async (text, params) => (await client.query<Record<string, unknown>>(text, params)).rows;
  close = () => client.close();
}

type PlanNode = Record<string, unknown> & { Plans?: PlanNode[] };
function walk(node: PlanNode, depth = 0): void {
  const on = node['Index Name']
    ? ` using ${node['Index Name']}`
    : node['Relation Name']
      ? ` on ${node['Relation Name']}`
      : '';
  console.log(
    `${'  '.repeat(depth)}${node['Node Type']}${on}  rows=${node['Actual Rows']} loops=${node['Actual Loops']} ms=${node['Actual Total Time']}`,
  );
  for (const child of node.Plans ?? []) walk(child, depth + 1);
}

try {
  await run('analyze complaints.complaints', []);
  const [sample] = await run(
    `select title, description, left(region_code, 5) as regency from complaints.complaints
     where privacy <> 'rahasia' and left(region_code, 5) = (
       select left(region_code, 5) from complaints.complaints group by 1 order by count(*) desc limit 1)
     order by submitted_at desc limit 1`,
    [],
  );
  if (!sample) throw new Error('no reports: load some first (terpadu seed --reports 20000)');
  const [counts] = await run(
    `select count(*)::int as reports, count(*) filter (where left(region_code, 5) = $1)::int as in_regency from complaints.complaints`,
    [sample.regency],
  );
  console.log(
    `${counts?.reports} reports, ${counts?.in_regency} in the sample's regency; ${process.env.DATABASE_URL ? 'PostgreSQL' : 'PGlite'}`,
  );
  const text = `${sample.title} ${sample.description}`;
  const words = await duplicates.findContentWords(db, text);
  const shares = await duplicates.findCommonWordShares(db);
  const distinctive = words
    .sort((a, b) => (shares.get(a) ?? 0) - (shares.get(b) ?? 0) || b.length - a.length)
    .slice(0, 16);
  const since = new Date(Date.now() - 90 * 86_400_000);
  const search = () =>
    duplicates.findSimilarOpenPublic(db, {
      title: String(sample.title),
      text,
      distinctiveWords: distinctive,
      regencyCode: String(sample.regency),
      statuses: JOINABLE_STATES,
      since,
      minScore: 0.3,
      limit: 10,
    });
  await search(); // the first call plans and compiles the SQL functions
  captured.length = 0;
  const started = performance.now();
  const rows = await search();
  console.log(
    `findSimilarOpenPublic (second call): ${rows.length} rows in ${(performance.now() - started).toFixed(1)} ms`,
  );
  const main = captured.find(
    (query) => query.text.trimStart().startsWith('select') && query.text.includes(' union '),
  );
  if (!main) throw new Error('the similar query was not captured');
  await run('begin', []);
  await run(`select set_config('pg_trgm.similarity_threshold', '0.5', true)`, []);
  const [plan] = await run(`explain (analyze, format json) ${main.text}`, main.params);
  await run('commit', []);
  const explained = (plan!['QUERY PLAN'] as Array<{ Plan: PlanNode; 'Execution Time': number }>)[0]!;
  walk(explained.Plan);
  console.log(`execution ${explained['Execution Time'].toFixed(1)} ms`);
} finally {
  await close();
}
