import { sql } from 'drizzle-orm';
import fc from 'fast-check';
import type { InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCitizenInput } from '../support/factories.ts';
import {
  adversarialString,
  anyBodyText,
  describeRequest,
  expectWellFormedAnswer,
  mostlyRight,
  percentEncode,
  randomHeaders,
  rawUrlPiece,
} from '../support/fuzz.ts';
import { startTestApp, type TestContext } from '../support/test-platform.ts';

/**
 * Property tests: random and adversarial bodies, query strings and headers thrown at the public
 * identity endpoints. Whatever arrives, the answer is never a server error, every 4xx is
 * problem+json, and nothing is written unless the request succeeded. A failure prints the seed
 * and the shrunk input that reproduces it.
 */

const NUM_RUNS = 150;
const PROPERTY_TIMEOUT_MS = 120_000;

let context: TestContext;
beforeAll(async () => {
  context = await startTestApp();
});
afterAll(async () => {
  await context?.close();
});

type Counts = { users: number; sessions: number; outbox: number };

async function counts(): Promise<Counts> {
  const result = (await context.platform.database.db.execute(sql`
    select (select count(*) from identity.users)::int as users,
           (select count(*) from identity.sessions)::int as sessions,
           (select count(*) from platform.outbox)::int as outbox`)) as unknown as { rows: Counts[] };
  return result.rows[0]!;
}

const plausibleNik = fc
  .tuple(
    fc.constantFrom('357801', '357802', '351501', '317101', '990101'),
    fc.integer({ min: 0, max: 75 }),
    fc.integer({ min: 0, max: 13 }),
    fc.integer({ min: 0, max: 99 }),
    fc.integer({ min: 0, max: 9999 }),
  )
  .map(
    ([region, day, month, year, serial]) =>
      `${region}${String(day).padStart(2, '0')}${String(month).padStart(2, '0')}${String(year).padStart(2, '0')}${String(serial).padStart(4, '0')}`,
  );
const freshEmail = fc.uuid().map((uuid) => `fuzz.${uuid.slice(0, 13)}@example.id`);
const password = fc.string({ unit: 'binary', minLength: 8, maxLength: 60 });

/** Close to a real registration, so that a fair share succeeds and the success path is fuzzed too. */
const registrationBody = fc
  .record(
    {
      nik: mostlyRight(plausibleNik, 8),
      name: mostlyRight(fc.oneof(adversarialString, fc.constant('Siti Rahayu')), 8),
      email: mostlyRight(freshEmail, 8),
      password: mostlyRight(password, 8),
      phone: mostlyRight(fc.stringMatching(/^\+?[0-9][0-9 ()-]{6,18}[0-9]$/), 8),
      // An unknown field now and then (JSON.stringify drops the undefined ones).
      role: fc.oneof(
        { arbitrary: fc.constant(undefined), weight: 9 },
        { arbitrary: fc.constantFrom('sysadmin', 'admin-nasional'), weight: 1 },
      ),
    },
    { requiredKeys: ['nik', 'name', 'email', 'password'] },
  )
  .map((body) => JSON.stringify(body));

const loginBody = fc
  .oneof(
    fc.record({ email: mostlyRight(freshEmail), password: mostlyRight(password) }, { requiredKeys: [] }),
    fc.record({ nik: mostlyRight(plausibleNik), password: mostlyRight(password) }, { requiredKeys: [] }),
    fc.record({
      email: mostlyRight(freshEmail),
      nik: mostlyRight(plausibleNik),
      password: mostlyRight(password),
    }),
  )
  .map((body) => JSON.stringify(body));

const oneTimeToken = fc.oneof(
  fc.base64String({ minLength: 20, maxLength: 64 }),
  fc.string({ unit: 'binary', minLength: 20, maxLength: 80 }),
);

const queryKey = fc.oneof(
  fc.constantFrom(
    'parentCode',
    'kind',
    'q',
    'limit',
    'offset',
    '__proto__',
    'constructor',
    'q[]',
    'limit[0]',
    '',
  ),
  fc.string({ maxLength: 8 }),
);
const queryValue = fc.oneof(
  adversarialString,
  fc.integer().map(String),
  fc.constantFrom(
    '35',
    '35.78',
    '35.78/dinas-uji',
    'kemenpanrb',
    'pusat',
    'unit',
    '-1',
    '1e3',
    'NaN',
    '0x10',
    '',
  ),
);
const queryString = fc.oneof(
  fc
    .array(fc.tuple(queryKey, queryValue), { maxLength: 6 })
    .map((pairs) => pairs.map(([key, value]) => `${percentEncode(key)}=${percentEncode(value)}`).join('&')),
  rawUrlPiece,
);

// ---------------------------------------------------------------------------------------------
// Properties

async function post(url: string, body: string, headers: Record<string, string> = {}) {
  const request: InjectOptions = {
    method: 'POST',
    url,
    headers: { 'content-type': 'application/json', ...headers },
    payload: body,
  };
  return { request, response: await context.app.inject(request) };
}

describe('POST /auth/register under random input', () => {
  it(
    'never fails with a server error, and creates an account only when it answers 201',
    async () => {
      await fc.assert(
        fc.asyncProperty(fc.oneof(anyBodyText, { arbitrary: registrationBody, weight: 3 }), async (body) => {
          const before = await counts();
          const { request, response } = await post('/api/v1/auth/register', body);
          expectWellFormedAnswer(request, response);
          const after = await counts();
          expect(after.users - before.users, describeRequest(request, response)).toBe(
            response.statusCode === 201 ? 1 : 0,
          );
          if (response.statusCode === 201) {
            const nik = (JSON.parse(body) as { nik: string }).nik;
            expect(response.body).not.toContain(nik.replace(/[\s.-]/g, ''));
          }
        }),
        { numRuns: NUM_RUNS },
      );
    },
    PROPERTY_TIMEOUT_MS,
  );
});

describe('POST /auth/login under random input', () => {
  it(
    'never fails with a server error, and starts no session for credentials nobody has',
    async () => {
      await fc.assert(
        fc.asyncProperty(fc.oneof(anyBodyText, loginBody), async (body) => {
          const before = await counts();
          const { request, response } = await post('/api/v1/auth/login', body);
          expectWellFormedAnswer(request, response);
          expect(await counts(), describeRequest(request, response)).toEqual(before);
        }),
        { numRuns: NUM_RUNS },
      );
    },
    PROPERTY_TIMEOUT_MS,
  );
});

describe('one-time-token endpoints under random input', () => {
  const tokenBodies = {
    '/api/v1/auth/verify-email': fc.record({ token: mostlyRight(oneTimeToken) }, { requiredKeys: [] }),
    '/api/v1/auth/password-reset/request': fc.record(
      { email: mostlyRight(freshEmail) },
      { requiredKeys: [] },
    ),
    '/api/v1/auth/password-reset/confirm': fc.record(
      { token: mostlyRight(oneTimeToken), password: mostlyRight(password) },
      { requiredKeys: [] },
    ),
  } as const;
  const endpointAndBody = fc.oneof(
    ...Object.entries(tokenBodies).map(([url, shaped]) =>
      fc.tuple(
        fc.constant(url),
        fc.oneof(
          anyBodyText,
          shaped.map((body) => JSON.stringify(body)),
        ),
      ),
    ),
  );

  it(
    'never fail with a server error, and change no account, session or outbox for unknown tokens and addresses',
    async () => {
      await fc.assert(
        fc.asyncProperty(endpointAndBody, async ([url, body]) => {
          const before = await counts();
          const { request, response } = await post(url, body);
          expectWellFormedAnswer(request, response);
          expect(await counts(), describeRequest(request, response)).toEqual(before);
        }),
        { numRuns: NUM_RUNS },
      );
    },
    PROPERTY_TIMEOUT_MS,
  );
});

describe('random headers on the auth endpoints', () => {
  const endpoint = fc.constantFrom(
    '/api/v1/auth/register',
    '/api/v1/auth/login',
    '/api/v1/auth/verify-email',
    '/api/v1/auth/password-reset/request',
    '/api/v1/auth/password-reset/confirm',
    '/api/v1/auth/logout',
  );

  it(
    'never cause a server error or an account, whatever the body',
    async () => {
      await fc.assert(
        fc.asyncProperty(endpoint, anyBodyText, randomHeaders, async (url, body, headers) => {
          const before = await counts();
          const { request, response } = await post(url, body, headers);
          expectWellFormedAnswer(request, response);
          const after = await counts();
          expect(after.users - before.users, describeRequest(request, response)).toBe(
            response.statusCode === 201 ? 1 : 0,
          );
          expect(after.sessions - before.sessions).toBe(
            response.statusCode === 200 && url.endsWith('/login') ? 1 : 0,
          );
        }),
        { numRuns: NUM_RUNS },
      );
    },
    PROPERTY_TIMEOUT_MS,
  );
});

describe('GET /agencies and friends under random query strings, paths and headers', () => {
  it(
    'answer a random query string with a list or a problem, never a server error',
    async () => {
      const listPath = fc.constantFrom('/api/v1/agencies', '/api/v1/regions', '/api/v1/officers');
      await fc.assert(
        fc.asyncProperty(listPath, queryString, randomHeaders, async (path, query, headers) => {
          const request: InjectOptions = { method: 'GET', url: `${path}?${query}`, headers };
          expectWellFormedAnswer(request, await context.app.inject(request));
        }),
        { numRuns: NUM_RUNS },
      );
    },
    PROPERTY_TIMEOUT_MS,
  );

  it(
    'answer a random agency code in the path with the agency or a problem, never a server error',
    async () => {
      const code = fc.oneof(
        adversarialString.map(percentEncode),
        rawUrlPiece,
        fc.constantFrom('35.78', 'kemenpanrb', '35.78%2Fdinas-uji', 'a'.repeat(250), '%2e%2e%2f%2e%2e'),
      );
      await fc.assert(
        fc.asyncProperty(code, async (segment) => {
          const request: InjectOptions = { method: 'GET', url: `/api/v1/agencies/${segment}` };
          expectWellFormedAnswer(request, await context.app.inject(request));
        }),
        { numRuns: NUM_RUNS },
      );
    },
    PROPERTY_TIMEOUT_MS,
  );
});

describe('known adversarial inputs', () => {
  it('refuses a body carrying a __proto__ key and pollutes no prototype', async () => {
    const valid = JSON.stringify(makeCitizenInput()).slice(1);
    const before = await counts();
    const { request, response } = await post(
      '/api/v1/auth/register',
      `{"__proto__":{"isAdmin":true},${valid}`,
    );
    expectWellFormedAnswer(request, response);
    expect(response.statusCode).toBe(400);
    expect(({} as { isAdmin?: boolean }).isAdmin).toBeUndefined();
    expect((await counts()).users).toBe(before.users);
  });

  it('refuses a constructor.prototype key as well', async () => {
    const valid = JSON.stringify(makeCitizenInput()).slice(1);
    const { request, response } = await post(
      '/api/v1/auth/register',
      `{"constructor":{"prototype":{"isAdmin":true}},${valid}`,
    );
    expectWellFormedAnswer(request, response);
    expect(response.statusCode).toBe(400);
    expect(({} as { isAdmin?: boolean }).isAdmin).toBeUndefined();
  });

  it.each([
    ['a NUL character in the search text', '/api/v1/agencies?q=%00', [400]],
    ['a NUL character in an agency code', '/api/v1/agencies/35.78%00', [400]],
    ['a path that is not valid UTF-8', '/api/v1/agencies/%ED%A0%80', [400]],
    ['an agency code longer than any code', `/api/v1/agencies/${'a'.repeat(250)}`, [400, 404]],
    ['a repeated query parameter', '/api/v1/agencies?limit=1&limit=2', [400]],
  ])('answers %s with a problem, not a server error', async (_case, url, expectedStatuses) => {
    const request: InjectOptions = { method: 'GET', url };
    const response = await context.app.inject(request);
    expectWellFormedAnswer(request, response);
    expect(expectedStatuses).toContain(response.statusCode);
  });

  it('refuses a body over the 1 MiB default limit with 413 before reading it', async () => {
    const { request, response } = await post(
      '/api/v1/auth/login',
      JSON.stringify({ email: 'a'.repeat(1_100_000) }),
    );
    expectWellFormedAnswer(request, response);
    expect(response.statusCode).toBe(413);
  });
});
