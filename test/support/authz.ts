import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { describe, expect, it } from 'vitest';
import { importAgencies, type Role } from '../../src/modules/identity/index.ts';
import { type Credentials, makeCitizen, makeOfficer, problem, type Session } from './factories.ts';
import type { TestContext } from './test-platform.ts';

/**
 * What the authorization tables of the modules share: the outcomes a caller can get, the run of
 * a table (every row against every caller), the check that a table covers the documented routes,
 * and the callers signed in for it.
 */

export type Outcome = { status: number; code?: string };
export const UNAUTHENTICATED: Outcome = { status: 401, code: 'UNAUTHENTICATED' };
export const FORBIDDEN: Outcome = { status: 403, code: 'FORBIDDEN' };
export const status = (code: number): Outcome => ({ status: code });

/** The same outcome for every caller, e.g. on a public route. */
export function everyone<C extends string>(callers: readonly C[], outcome: Outcome): Record<C, Outcome> {
  return Object.fromEntries(callers.map((caller) => [caller, outcome])) as Record<C, Outcome>;
}

/** Any signed-in caller gets `outcome`; the anonymous one is asked to log in. */
export function signedIn<C extends string>(
  callers: readonly C[],
  outcome: Outcome,
): Record<C | 'anonymous', Outcome> {
  return { ...everyone(callers, outcome), anonymous: UNAUTHENTICATED };
}

/** One row of a table: a route (and the variant where the target changes the answer) and what each caller gets. */
export type AuthzRow<C extends string> = { route: string; variant?: string; expected: Record<C, Outcome> };

/**
 * One test per row and caller: `send` makes the row's request as that caller; the status must be
 * the expected one and, where the table names an error code, the problem+json must carry it.
 */
export function describeAuthzTable<C extends string, R extends AuthzRow<C>>(
  rows: readonly R[],
  callers: readonly C[],
  send: (row: R, caller: C) => Promise<LightMyRequestResponse>,
): void {
  const describeOutcome = (outcome: Outcome) =>
    outcome.code ? `${outcome.status} ${outcome.code}` : String(outcome.status);
  describe.each(rows.map((row) => [row.variant ? `${row.route} (${row.variant})` : row.route, row] as const))(
    '%s',
    (_title, row) => {
      it.each(callers.map((caller) => [caller, describeOutcome(row.expected[caller])] as const))(
        '%s gets %s',
        async (caller) => {
          const expected = row.expected[caller];
          const response = await send(row, caller);
          expect(response.statusCode, response.body).toBe(expected.status);
          if (expected.code) {
            expect(response.headers['content-type']).toContain('application/problem+json');
            expect(problem(response).code).toBe(expected.code);
          }
        },
      );
    },
  );
}

/** Every operation of the OpenAPI document under /api/v1, as "METHOD /path" with its (one) tag. */
export async function documentedOperations(
  app: FastifyInstance,
): Promise<Array<{ route: string; tag: string | undefined }>> {
  const response = await app.inject({ method: 'GET', url: '/docs/json' });
  expect(response.statusCode).toBe(200);
  const paths = response.json().paths as Record<string, Record<string, { tags?: string[] }>>;
  return Object.entries(paths)
    .filter(([path]) => path.startsWith('/api/v1/'))
    .flatMap(([path, operations]) =>
      Object.entries(operations).map(([method, operation]) => ({
        route: `${method.toUpperCase()} ${path}`,
        tag: operation.tags?.[0],
      })),
    );
}

/** The table has a row for every documented route of `tags`, and no row for a route that does not exist. */
export async function expectRowForEveryRoute(
  app: FastifyInstance,
  tags: readonly string[],
  rows: ReadonlyArray<{ route: string }>,
): Promise<void> {
  const documented = (await documentedOperations(app))
    .filter((operation) => tags.includes(operation.tag ?? ''))
    .map((operation) => operation.route);
  const tabled = [...new Set(rows.map((row) => row.route))];
  expect(documented.length).toBeGreaterThan(0);
  expect(
    documented.filter((route) => !tabled.includes(route)),
    'routes without an authz row',
  ).toEqual([]);
  expect(
    tabled.filter((route) => !documented.includes(route)),
    'rows for routes that do not exist',
  ).toEqual([]);
}

export type OfficerPlace = { role: Role; agencyCode: string };

/** Officers made by an operator at these places, each logged in. */
export async function signInOfficers<A extends string>(
  context: TestContext,
  places: Record<A, OfficerPlace>,
): Promise<Record<A, Session & Credentials>> {
  const sessions = {} as Record<A, Session & Credentials>;
  for (const [name, place] of Object.entries(places) as Array<[A, OfficerPlace]>) {
    sessions[name] = await makeOfficer(context.app, context.platform, place.role, place.agencyCode);
  }
  return sessions;
}

// ---------------------------------------------------------------------------------------------
// The callers of the identity and admin tables

/** A unit of Pemerintah Kota Surabaya (35.78) that signInActors adds. */
export const TEST_UNIT = '35.78/dinas-uji';

/** Nobody, a citizen, an officer of each role around Surabaya and its unit, and an admin one regency over. */
export const ACTORS = [
  'anonymous',
  'warga',
  'adminNasional',
  'adminInstansi',
  'penghubung',
  'pengawas',
  'sysadmin',
  'adminInstansiSidoarjo',
] as const;
export type ActorName = (typeof ACTORS)[number];
export type SignedInActor = Exclude<ActorName, 'anonymous'>;

const OFFICER_PLACES: Record<Exclude<SignedInActor, 'warga'>, OfficerPlace> = {
  adminNasional: { role: 'admin-nasional', agencyCode: 'kemenpanrb' },
  adminInstansi: { role: 'admin-instansi', agencyCode: '35.78' },
  penghubung: { role: 'penghubung', agencyCode: TEST_UNIT },
  pengawas: { role: 'pengawas', agencyCode: TEST_UNIT },
  sysadmin: { role: 'sysadmin', agencyCode: 'komdigi' },
  adminInstansiSidoarjo: { role: 'admin-instansi', agencyCode: '35.15' },
};

/** Adds TEST_UNIT, then registers the citizen and makes the officers of ACTORS, each logged in. */
export async function signInActors(
  context: TestContext,
): Promise<Record<SignedInActor, Session & Credentials>> {
  await importAgencies(context.platform.database.db, {
    csv: `code,name,parent_code\ndinas-uji,Dinas Uji Kota Surabaya,35.78\n`,
    actor: 'system',
  });
  const warga = await makeCitizen(context.app);
  return { warga, ...(await signInOfficers(context, OFFICER_PLACES)) };
}
