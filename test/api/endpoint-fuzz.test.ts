import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import type { InjectOptions, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyAuditChain } from '../../src/platform/audit/audit.ts';
import { addTestUnits, type Cast, fileReport, makeCast } from '../support/complaints.ts';
import { asBearer, makeNik } from '../support/factories.ts';
import {
  adversarialString,
  anyBodyText,
  describeRequest,
  expectWellFormedAnswer,
  mostlyRight,
  percentEncode,
  randomHeaders,
} from '../support/fuzz.ts';
import { startTestApp, type TestContext } from '../support/test-platform.ts';

/**
 * Every JSON operation of the OpenAPI document (/docs/json), fuzzed as every kind of caller:
 * bodies shaped by the operation's own schema with wrong or hostile values mixed in, broken
 * JSON, random query strings, path parameters and headers. Whatever arrives: never a 5xx, never
 * a hang, a problem document for every 4xx, and a refused request changes no row. A new route
 * is fuzzed without anyone writing a line here.
 */

/** Runs per operation. */
const RUNS_PER_OPERATION = 16;
const PROPERTY_TIMEOUT_MS = 240_000;
const HANG_MS = 10_000;

type JsonSchema = {
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  maxItems?: number;
  default?: unknown;
};
type Operation = {
  method: string;
  path: string;
  route: string;
  parameters: Array<{ in: string; name: string; schema?: JsonSchema; required?: boolean }>;
  bodySchema: JsonSchema | undefined;
  isMultipart: boolean;
};

let context: TestContext;
let cast: Cast;
let trackingId: string;
let operations: Operation[];

beforeAll(async () => {
  context = await startTestApp();
  await addTestUnits(context.platform);
  cast = await makeCast(context.app, context.platform);
  trackingId = await fileReport(context.app, cast.reporter, { agencyCode: '35.78' });
  const document = (await context.app.inject({ method: 'GET', url: '/docs/json' })).json() as {
    paths: Record<
      string,
      Record<
        string,
        {
          parameters?: Operation['parameters'];
          requestBody?: { content: Record<string, { schema: JsonSchema }> };
        }
      >
    >;
  };
  operations = Object.entries(document.paths)
    .filter(([path]) => path.startsWith('/api/v1/'))
    .flatMap(([path, byMethod]) =>
      Object.entries(byMethod).map(([method, operation]) => ({
        method: method.toUpperCase(),
        path,
        route: `${method.toUpperCase()} ${path}`,
        parameters: operation.parameters ?? [],
        bodySchema: operation.requestBody?.content['application/json']?.schema,
        isMultipart: Boolean(operation.requestBody?.content['multipart/form-data']),
      })),
    );
}, 180_000);
afterAll(async () => {
  await context?.close();
});

// ---------------------------------------------------------------------------------------------
// Values from the operation's own schema, so that a fair share of requests is valid and the
// success paths are fuzzed too.

function stringFor(schema: JsonSchema): fc.Arbitrary<string> {
  if (schema.format === 'uuid') return fc.uuid();
  if (schema.format === 'email') return fc.uuid().map((uuid) => `fuzz.${uuid.slice(0, 12)}@example.id`);
  if (schema.format === 'date')
    return fc
      .date({ min: new Date('2020-01-01'), max: new Date('2030-12-31'), noInvalidDate: true })
      .map((date) => date.toISOString().slice(0, 10));
  if (schema.format === 'date-time')
    return fc
      .date({ min: new Date('2020-01-01'), max: new Date('2030-12-31'), noInvalidDate: true })
      .map((date) => date.toISOString());
  if (schema.pattern) {
    try {
      return fc.stringMatching(new RegExp(schema.pattern), { maxLength: 40 });
    } catch {}
  }
  const minLength = schema.minLength ?? 0;
  const maxLength = Math.min(schema.maxLength ?? 80, Math.max(minLength, 200));
  return fc.oneof(
    fc.string({ minLength, maxLength: Math.max(minLength, Math.min(maxLength, 60)) }),
    fc.constant(
      'Jalan rusak di depan pasar, mohon segera diperbaiki oleh dinas terkait.'.slice(0, maxLength),
    ),
  );
}

/** Values a schema cannot express (a real NIK, a region that exists), by property name. */
const PLAUSIBLE: Record<string, fc.Arbitrary<unknown>> = {
  nik: fc.constant(null).map(() => makeNik()),
  email: fc.uuid().map((uuid) => `fuzz.${uuid.slice(0, 12)}@example.id`),
  password: fc.constant('kata-sandi-aman-1'),
  name: fc.constantFrom('Siti Rahayu', 'Budi Santoso'),
  regionCode: fc.constantFrom('35.78.01', '35.78', '35.15.01'),
  categoryCode: fc.constant('infrastruktur'),
  agencyCode: fc.constantFrom('35.78', '35.78/dinas-sda', '35.15'),
  unitCode: fc.constantFrom('35.78/dinas-sda', '35.15/dinas-pupr'),
  title: fc.constantFrom('Lampu jalan padam', 'Sampah menumpuk di pasar'),
  description: fc.constantFrom('Lampu jalan di gang kami padam sejak seminggu yang lalu, mohon diperbaiki.'),
};

function fromSchema(schema: JsonSchema | undefined, depth = 0, name = ''): fc.Arbitrary<unknown> {
  if (!schema || depth > 5) return fc.constant(null);
  const plausible = PLAUSIBLE[name];
  if (plausible && !schema.enum && schema.const === undefined)
    return fc.oneof({ arbitrary: plausible, weight: 3 }, { arbitrary: fromSchema(schema, depth), weight: 1 });
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const union = schema.anyOf ?? schema.oneOf;
  if (union) return fc.oneof(...union.map((member) => fromSchema(member, depth + 1)));
  if (schema.allOf?.[0]) return fromSchema(schema.allOf[0], depth + 1);
  const type = Array.isArray(schema.type) ? schema.type.find((name) => name !== 'null') : schema.type;
  switch (type) {
    case 'string':
      return stringFor(schema);
    case 'integer':
      return fc.integer({ min: schema.minimum ?? -5, max: Math.min(schema.maximum ?? 10_000, 2 ** 31) });
    case 'number':
      return fc.double({ min: schema.minimum ?? -200, max: schema.maximum ?? 200, noNaN: true });
    case 'boolean':
      return fc.boolean();
    case 'array':
      return fc.array(fromSchema(schema.items, depth + 1), { maxLength: Math.min(schema.maxItems ?? 3, 4) });
    case 'object': {
      const properties = Object.fromEntries(
        Object.entries(schema.properties ?? {}).map(([name, property]) => [
          name,
          mostlyRight(fromSchema(property, depth + 1, name), 8),
        ]),
      );
      return fc.record(properties, { requiredKeys: schema.required ?? [] });
    }
    default:
      return fc.oneof(adversarialString, fc.integer(), fc.constant(null));
  }
}

/** Path parameters: the real report or agency most of the time, hostile text otherwise. */
function pathValue(name: string): fc.Arbitrary<string> {
  const known: Record<string, () => string[]> = {
    trackingId: () => [trackingId],
    code: () => ['35.78', 'kemenpanrb', '35.78%2Fdinas-sda'],
    date: () => ['2026-12-31', '2026-08-17'],
    id: () => ['00000000-0000-4000-8000-000000000000'],
    attachmentId: () => ['00000000-0000-4000-8000-000000000000'],
  };
  const right = known[name]?.() ?? ['x'];
  return fc.oneof(
    { arbitrary: fc.constantFrom(...right), weight: 4 },
    { arbitrary: fc.uuid(), weight: 1 },
    { arbitrary: adversarialString.map(percentEncode), weight: 2 },
    { arbitrary: fc.constantFrom('..%2F..%2Fetc%2Fpasswd', '%00', 'a'.repeat(250), '%25'), weight: 1 },
  );
}

function queryFor(operation: Operation): fc.Arbitrary<string> {
  const inQuery = operation.parameters.filter((parameter) => parameter.in === 'query');
  const shaped = fc
    .record(
      Object.fromEntries(
        inQuery.map((parameter) => [parameter.name, mostlyRight(fromSchema(parameter.schema), 4)]),
      ),
      { requiredKeys: [] },
    )
    .map((values) =>
      Object.entries(values)
        .map(
          ([key, value]) =>
            `${key}=${percentEncode(typeof value === 'string' ? value : JSON.stringify(value))}`,
        )
        .join('&'),
    );
  return fc.oneof(
    { arbitrary: shaped, weight: 4 },
    {
      arbitrary: fc
        .array(fc.tuple(fc.string({ maxLength: 8 }), adversarialString), { maxLength: 3 })
        .map((pairs) =>
          pairs.map(([key, value]) => `${percentEncode(key)}=${percentEncode(value)}`).join('&'),
        ),
      weight: 1,
    },
  );
}

type CallerName = 'anonymous' | keyof Cast;
const CALLERS: CallerName[] = [
  'anonymous',
  'reporter',
  'otherCitizen',
  'nasional',
  'adminSurabaya',
  'penghubungSurabaya',
  'pengawasSurabaya',
  'adminSidoarjo',
  'sysadmin',
];

/** Bearer most of the time; a cookie session with and without its CSRF token otherwise. */
function credentials(caller: CallerName, style: number, operation: Operation): Record<string, string> {
  // Logging a shared caller out would leave the rest of the run anonymous.
  if (caller === 'anonymous' || operation.route === 'POST /api/v1/auth/logout') return {};
  const session = cast[caller];
  if (style < 6) return asBearer(session);
  if (style < 8) return { cookie: `terpadu_session=${session.token}`, 'x-csrf-token': session.csrfToken };
  return { cookie: `terpadu_session=${session.token}` };
}

function requestFor(operation: Operation): fc.Arbitrary<InjectOptions & { caller: CallerName }> {
  const pathNames = [...operation.path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]!);
  const path = fc
    .tuple(...pathNames.map(pathValue))
    .map((values) =>
      pathNames.reduce((url, name, index) => url.replace(`{${name}}`, values[index]!), operation.path),
    );
  const body = operation.bodySchema
    ? fc.oneof(
        { arbitrary: fromSchema(operation.bodySchema).map((value) => JSON.stringify(value)), weight: 4 },
        { arbitrary: anyBodyText, weight: 1 },
      )
    : fc.oneof(fc.constant(undefined), anyBodyText);
  const extraHeaders = fc.oneof(
    { arbitrary: fc.constant({}), weight: 4 },
    { arbitrary: randomHeaders, weight: 1 },
  );
  return fc
    .record({
      path,
      query: queryFor(operation),
      body,
      // The reporter (who owns the report in the paths) a third of the time, so owners' paths run too.
      caller: fc.oneof(
        { arbitrary: fc.constant<CallerName>('reporter'), weight: 1 },
        { arbitrary: fc.constantFrom(...CALLERS), weight: 2 },
      ),
      style: fc.nat(9),
      extraHeaders,
    })
    .map(({ path: url, query, body: payload, caller, style, extraHeaders: headers }) => ({
      method: operation.method as InjectOptions['method'],
      url: query ? `${url}?${query}` : url,
      caller,
      headers: {
        ...(payload !== undefined ? { 'content-type': 'application/json' } : {}),
        ...headers,
        ...credentials(caller, style, operation),
      },
      ...(payload !== undefined ? { payload } : {}),
    }));
}

// ---------------------------------------------------------------------------------------------
// The database's fingerprint: every row of every table a request could change.

let fingerprintSql: string | undefined;

async function fingerprint(): Promise<string> {
  // E-mails queued by an earlier request are delivered in the background: let that finish first.
  await context.platform.outbox.drain();
  const db = context.platform.database.db;
  if (!fingerprintSql) {
    const tables = (await db.execute(sql`
      select table_schema || '.' || table_name as name from information_schema.tables
      where table_type = 'BASE TABLE' and table_schema in ('identity', 'complaints', 'platform')
        and table_name not in ('regions', 'reference_data')
      order by 1`)) as unknown as { rows: Array<{ name: string }> };
    fingerprintSql = `select md5(${tables.rows
      .map(
        ({ name }) =>
          `coalesce((select md5(string_agg(t::text, '|' order by t::text)) from ${name} t), '${name}')`,
      )
      .join(' || ')}) as hash`;
  }
  const result = (await db.execute(sql.raw(fingerprintSql))) as unknown as { rows: Array<{ hash: string }> };
  return result.rows[0]!.hash;
}

async function injectWithoutHanging(request: InjectOptions): Promise<LightMyRequestResponse> {
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`no answer in ${HANG_MS} ms: ${request.method} ${request.url}`)),
      HANG_MS,
    );
  });
  try {
    return await Promise.race([context.app.inject(request), hang]);
  } finally {
    clearTimeout(timer);
  }
}

/** A failed log-in counts against the account by design: that row changes on a 401. */
const CHANGES_ROWS_WHEN_REFUSED = new Set(['POST /api/v1/auth/login']);

describe('every documented JSON operation under random input, as every kind of caller', () => {
  it('covers the documented operations', () => {
    expect(operations.filter((operation) => !operation.isMultipart).length).toBeGreaterThan(25);
  });

  it(
    'never answers with a 5xx or hangs, and a refused request changes no row',
    async () => {
      const json = operations.filter((operation) => !operation.isMultipart);
      const seen = new Map<string, Set<number>>();
      for (const operation of json) {
        await fc.assert(
          fc.asyncProperty(requestFor(operation), async ({ caller: _caller, ...request }) => {
            const before = await fingerprint();
            const response = await injectWithoutHanging(request);
            expectWellFormedAnswer(request, response);
            if (response.statusCode >= 400 && !CHANGES_ROWS_WHEN_REFUSED.has(operation.route))
              expect(
                await fingerprint(),
                `a refused request changed rows: ${describeRequest(request, response)}`,
              ).toBe(before);
            const statuses = seen.get(operation.route) ?? new Set();
            statuses.add(response.statusCode);
            seen.set(operation.route, statuses);
          }),
          { numRuns: RUNS_PER_OPERATION },
        );
      }
      if (process.env.FUZZ_VERBOSE)
        console.log(
          [...seen].map(([route, statuses]) => `${route}: ${[...statuses].sort().join(',')}`).join('\n'),
        );
      // The run reached far: every operation was called, and some requests succeeded.
      expect(seen.size).toBe(json.length);
      expect([...seen.values()].some((statuses) => [...statuses].some((status) => status < 300))).toBe(true);
    },
    PROPERTY_TIMEOUT_MS,
  );

  it('leaves an audit chain that verifies', async () => {
    expect(await verifyAuditChain(context.platform.database.db)).toMatchObject({ ok: true });
  });
});
