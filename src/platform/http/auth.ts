import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError, PlatformErrors } from './errors.ts';

/** Who is making a request, as every module sees it. */
export type Actor = {
  userId: string;
  kind: 'warga' | 'petugas';
  role: string | null;
  agencyId: string | null;
  /** The officer's agency path (see identity.agencies.path); null for citizens. */
  agencyPath: string | null;
  /** Officers whose authority is not limited to one agency's subtree. */
  hasNationalScope: boolean;
  scopes: ReadonlySet<string>;
  sessionId: string;
  csrfToken: string;
  via: 'cookie' | 'bearer';
};

/**
 * Every route states who may call it: anyone, holders of all the listed scopes, or (anyOf) of at
 * least one of them, e.g. a report read by its citizen reporter or by an officer.
 */
export type RouteAuth = 'public' | { scopes: readonly string[]; anyOf?: boolean };

declare module 'fastify' {
  interface FastifyContextConfig {
    auth?: RouteAuth;
  }
  interface FastifyRequest {
    actor: Actor | undefined;
  }
}

export const SESSION_COOKIE = 'terpadu_session';
export const CSRF_HEADER = 'x-csrf-token';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export function requireActor(request: FastifyRequest): Actor {
  if (!request.actor) throw new AppError(PlatformErrors.UNAUTHENTICATED);
  return request.actor;
}

function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (!header) return undefined;
  const match = /^Bearer\s+([A-Za-z0-9._~-]{20,200})$/i.exec(header);
  return match?.[1];
}

function sameToken(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * Authenticates every request (bearer token first, then the session cookie), enforces the route's
 * scopes and, for cookie sessions, the CSRF header on state-changing requests. Registering a route
 * under /api or /open311 without `config.auth` fails at start-up.
 */
export function registerAuth(
  app: FastifyInstance,
  resolveToken: (token: string, via: Actor['via']) => Promise<Actor | undefined>,
): void {
  app.decorateRequest('actor', undefined);
  app.addHook('onRoute', (route) => {
    const isApi = route.url.startsWith('/api/') || route.url.startsWith('/open311/');
    if (isApi && !route.config?.auth) {
      throw new Error(`Route ${route.method} ${route.url} does not declare config.auth`);
    }
  });
  app.addHook('onRequest', async (request) => {
    const auth = request.routeOptions.config?.auth;
    if (!auth) return;
    const isSafe = SAFE_METHODS.has(request.method);
    const bearer = bearerToken(request);
    const cookie = request.cookies?.[SESSION_COOKIE];
    if (bearer) {
      request.actor = await resolveToken(bearer, 'bearer');
      if (!request.actor && auth !== 'public') throw new AppError(PlatformErrors.UNAUTHENTICATED);
    } else if (cookie && (auth !== 'public' || isSafe)) {
      request.actor = await resolveToken(cookie, 'cookie');
    }
    if (auth === 'public') return;
    const actor = request.actor;
    if (!actor) throw new AppError(PlatformErrors.UNAUTHENTICATED);
    if (actor.via === 'cookie' && !isSafe) {
      const header = request.headers[CSRF_HEADER];
      if (typeof header !== 'string' || !sameToken(header, actor.csrfToken)) {
        throw new AppError(PlatformErrors.CSRF_TOKEN_INVALID);
      }
    }
    const holds = (scope: string) => actor.scopes.has(scope);
    const permitted = auth.anyOf ? auth.scopes.some(holds) : auth.scopes.every(holds);
    if (!permitted) throw new AppError(PlatformErrors.FORBIDDEN);
  });
}
