import { randomBytes } from 'node:crypto';
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { createIdentityContext } from '../../src/app.ts';
import { createOfficer, type Role } from '../../src/modules/identity/index.ts';
import type { Platform } from '../../src/platform/platform.ts';

let serial = Math.floor(Math.random() * 5000);

/** A structurally valid NIK registered in Karang Pilang, Surabaya (35.78.01), unique per call. */
export function makeNik(options: { day?: number; month?: number; year?: number } = {}): string {
  serial += 1;
  const day = String(options.day ?? 12).padStart(2, '0');
  const month = String(options.month ?? 5).padStart(2, '0');
  const year = String(options.year ?? 90).padStart(2, '0');
  return `357801${day}${month}${year}${String((serial % 9999) + 1).padStart(4, '0')}`;
}

export function makeEmail(prefix = 'warga'): string {
  return `${prefix}.${randomBytes(5).toString('hex')}@example.id`;
}

export type Credentials = { email: string; password: string };
export type Session = { token: string; csrfToken: string; userId: string };

export function makeCitizenInput(overrides: Record<string, unknown> = {}) {
  return {
    nik: makeNik(),
    name: 'Siti Rahayu',
    email: makeEmail(),
    password: 'kata-sandi-aman-1',
    ...overrides,
  };
}

export async function registerCitizen(app: FastifyInstance, overrides: Record<string, unknown> = {}) {
  const input = makeCitizenInput(overrides);
  const response = await app.inject({ method: 'POST', url: '/api/v1/auth/register', payload: input });
  if (response.statusCode !== 201)
    throw new Error(`register failed: ${response.statusCode} ${response.body}`);
  return { input, body: response.json() as { id: string; nikMasked: string } };
}

export async function login(app: FastifyInstance, credentials: Credentials): Promise<Session> {
  // Only the two log-in fields: callers pass richer objects (registration input, sessions).
  const payload = { email: credentials.email, password: credentials.password };
  const response = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload });
  if (response.statusCode !== 200) throw new Error(`login failed: ${response.statusCode} ${response.body}`);
  const body = response.json() as { token: string; csrfToken: string; user: { id: string } };
  return { token: body.token, csrfToken: body.csrfToken, userId: body.user.id };
}

export async function makeCitizen(app: FastifyInstance): Promise<Session & Credentials & { nik: string }> {
  const { input } = await registerCitizen(app);
  return { ...(await login(app, input)), email: input.email, password: input.password, nik: input.nik };
}

/** An officer made the way an operator does (`terpadu users create --role`), then logged in. */
export async function makeOfficer(
  app: FastifyInstance,
  platform: Platform,
  role: Role,
  agencyCode: string,
): Promise<Session & Credentials> {
  const credentials = { email: makeEmail(role), password: 'kata-sandi-petugas-1' };
  await createOfficer(createIdentityContext(platform), {
    actor: 'system',
    input: { ...credentials, name: `Petugas ${role}`, role, agencyCode },
  });
  return { ...(await login(app, credentials)), ...credentials };
}

/** Requests as a bearer-token client (no CSRF needed). */
export function asBearer(session: { token: string }) {
  return { authorization: `Bearer ${session.token}` };
}

export function problem(response: LightMyRequestResponse) {
  return response.json() as {
    status: number;
    code: string;
    title: string;
    errors?: Array<{ field: string; code: string; message: string }>;
  };
}
