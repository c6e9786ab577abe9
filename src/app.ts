import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyHelmet from '@fastify/helmet';
import fastifyMultipart from '@fastify/multipart';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { adminRoutes } from './modules/admin/index.ts';
import { type CatalogContext, catalogRoutes } from './modules/catalog/index.ts';
import { type ComplaintsContext, complaintRoutes } from './modules/complaints/index.ts';
import { type IdentityContext, identityRoutes, resolveSessionToken } from './modules/identity/index.ts';
import { type InsightsContext, insightsRoutes } from './modules/insights/index.ts';
import { notificationRoutes } from './modules/notifications/index.ts';
import { apiKeyRoutes, type Open311Context, open311Routes } from './modules/open311/index.ts';
import { type StatisticsContext, statisticsRoutes } from './modules/statistics/index.ts';
import { registerAuth } from './platform/http/auth.ts';
import { AppError, PlatformErrors } from './platform/http/errors.ts';
import { pickLanguage } from './platform/http/i18n.ts';
import { registerProblemHandler, sendProblem } from './platform/http/problem-handler.ts';
import { rateLimitStore } from './platform/http/rate-limit-store.ts';
import type { Platform } from './platform/platform.ts';
import { regionRoutes } from './platform/regions/regions.routes.ts';

const INCOMING_REQUEST_ID = /^[A-Za-z0-9._-]{8,64}$/;

export function createIdentityContext(platform: Platform): IdentityContext {
  const { config } = platform;
  return {
    db: platform.database.db,
    cipher: platform.cipher,
    settings: {
      sessionTtlHours: config.sessionTtlHours,
      loginMaxFailures: config.loginMaxFailures,
      loginLockMinutes: config.loginLockMinutes,
      publicUrl: config.publicUrl,
    },
    onEmailQueued: () => platform.outbox.kick(),
  };
}

export function createComplaintsContext(platform: Platform): ComplaintsContext {
  return {
    db: platform.database.db,
    files: platform.files,
    limits: { attachmentsPerReport: platform.config.attachmentsPerReport },
    identity: createIdentityContext(platform),
    calendar: platform.calendar,
    now: () => platform.clock.now(),
    publicUrl: platform.config.publicUrl,
    onEmailQueued: () => platform.outbox.kick(),
  };
}

export function createOpen311Context(platform: Platform): Open311Context {
  return {
    complaints: createComplaintsContext(platform),
    cipher: platform.cipher,
    publicUrl: platform.config.publicUrl,
    rateLimitPerMinute: platform.config.open311RateLimitPerMinute,
  };
}

export function createCatalogContext(platform: Platform): CatalogContext {
  return {
    db: platform.database.db,
    cipher: platform.cipher,
    files: platform.files,
    identity: createIdentityContext(platform),
    calendar: platform.calendar,
    now: () => platform.clock.now(),
    publicUrl: platform.config.publicUrl,
    onEmailQueued: () => platform.outbox.kick(),
  };
}

export function createInsightsContext(platform: Platform): InsightsContext {
  const { config } = platform;
  return {
    db: platform.database.db,
    modelsDir: path.join(config.dataDir, 'models'),
    complaints: createComplaintsContext(platform),
    identity: createIdentityContext(platform),
    autoDisposition: {
      isEnabled: config.routing.isAutoDispositionEnabled,
      minConfidence: config.routing.autoDispositionMinConfidence,
    },
    now: () => platform.clock.now(),
  };
}

export function createStatisticsContext(platform: Platform): StatisticsContext {
  return {
    db: platform.database.db,
    identity: createIdentityContext(platform),
    calendar: platform.calendar,
    now: () => platform.clock.now(),
  };
}

export type BuildAppOptions = {
  /** Pino logger options; tests pass false. */
  logger?: boolean | object;
};

/** The whole service as one Fastify instance; `serve` listens on it, tests inject into it. */
export async function buildApp(platform: Platform, options: BuildAppOptions = {}): Promise<FastifyInstance> {
  const { config, database } = platform;
  const app = Fastify({
    logger:
      options.logger ??
      ({
        level: config.logLevel,
        redact: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'],
      } as object),
    bodyLimit: config.bodyLimitBytes,
    trustProxy: config.trustProxy,
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
    routerOptions: { maxParamLength: 200 },
    // Errors met before routing (an undecodable URL, an over-long parameter) are problems too.
    frameworkErrors: (error, request, reply) => {
      const code =
        (error.statusCode ?? 500) < 500 ? PlatformErrors.MALFORMED_REQUEST : PlatformErrors.INTERNAL;
      return sendProblem(reply, new AppError(code), pickLanguage(request.headers['accept-language']));
    },
  });
  // An incoming id is kept only when it is harmless to log; otherwise a fresh one is made.
  app.addHook('onRequest', async (request, reply) => {
    if (!INCOMING_REQUEST_ID.test(String(request.id))) (request as { id: string }).id = randomUUID();
    void reply.header('x-request-id', request.id);
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerProblemHandler(app);

  await app.register(fastifyHelmet, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
        formAction: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        // Plain-HTTP installs on a LAN address must still load their own scripts.
        upgradeInsecureRequests: null,
      },
    },
    // Leave HSTS to the TLS-terminating proxy; on plain-HTTP installs it would lock users out.
    strictTransportSecurity: false,
  });
  await app.register(fastifyCookie);
  await app.register(fastifyMultipart, {
    limits: { fileSize: config.attachmentMaxBytes, files: 1, fields: 5, parts: 6, fieldSize: 1024 },
  });
  await app.register(fastifyRateLimit, { global: false, ...(await rateLimitStore(app, config.redisUrl)) });
  await app.register(fastifySwagger, {
    openapi: {
      info: {
        title: 'Terpadu API',
        description:
          'Platform e-government terpadu / integrated e-government platform. Errors are application/problem+json.',
        version: '1',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer' },
          session: { type: 'apiKey', in: 'cookie', name: 'terpadu_session' },
        },
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, {
    routePrefix: '/docs',
    staticCSP: true,
    // No third-party validator badge (it sends the document's address away), no framing, and no
    // upgrade-insecure-requests, which breaks the page on plain-HTTP LAN installs.
    uiConfig: { validatorUrl: null },
    transformStaticCSP: (header) =>
      header
        .replace(' validator.swagger.io', '')
        .replace("frame-ancestors 'self'", "frame-ancestors 'none'")
        .replace(/\s*upgrade-insecure-requests;?/, ''),
  });

  const identityContext = createIdentityContext(platform);
  registerAuth(app, (token, via) => resolveSessionToken(identityContext, token, via));

  app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));
  app.get('/readyz', { schema: { hide: true } }, async (_request, _reply) => {
    try {
      await database.ping();
      return { status: 'ready', database: database.kind };
    } catch {
      throw new AppError(PlatformErrors.UNAVAILABLE);
    }
  });

  await app.register(
    async (api) => {
      await api.register(identityRoutes, {
        context: identityContext,
        loginRateLimitPerMinute: config.loginRateLimitPerMinute,
      });
      await api.register(regionRoutes, { db: database.db });
      await api.register(adminRoutes, { db: database.db, calendar: platform.calendar });
      await api.register(complaintRoutes, { context: createComplaintsContext(platform) });
      await api.register(notificationRoutes, { db: database.db });
      await api.register(apiKeyRoutes, { context: createOpen311Context(platform) });
      await api.register(catalogRoutes, { context: createCatalogContext(platform) });
      await api.register(insightsRoutes, { context: createInsightsContext(platform) });
      await api.register(statisticsRoutes, { context: createStatisticsContext(platform) });
    },
    { prefix: '/api/v1' },
  );
  await app.register(open311Routes, { prefix: '/open311/v2', context: createOpen311Context(platform) });

  // Files are looked up per request, so a rebuilt front end is served without a restart.
  const indexHtml = path.join(config.webDistDir, 'index.html');
  await app.register(fastifyStatic, { root: config.webDistDir, wildcard: true, index: false });
  // With a wildcard route @fastify/static answers "/" (the folder itself) with 403: it is a page.
  app.get('/', (_request, reply) => reply.callNotFound());
  app.setNotFoundHandler((request, reply) => {
    const language = pickLanguage(request.headers['accept-language']);
    const isPage =
      request.method === 'GET' &&
      !request.url.startsWith('/api/') &&
      !request.url.startsWith('/open311/') &&
      (request.headers.accept ?? '').includes('text/html');
    if (isPage && existsSync(indexHtml)) return reply.type('text/html').sendFile('index.html');
    return sendProblem(reply, new AppError(PlatformErrors.NOT_FOUND), language);
  });

  return app;
}
