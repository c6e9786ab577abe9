import fastifyFormbody from '@fastify/formbody';
import type { FastifyError, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor } from '../../platform/http/auth.ts';
import { AppError, toProblem } from '../../platform/http/errors.ts';
import { pickLanguage } from '../../platform/http/i18n.ts';
import { classify } from '../../platform/http/problem-handler.ts';
import { Scopes } from '../identity/index.ts';
import {
  ApiKeyView,
  CreateApiKey,
  IssuedApiKey,
  ReporterContact,
  ServiceRequestsQuery,
} from './open311.contracts.ts';
import { Open311Errors } from './open311.errors.ts';
import { type Format, requireFormat, sendOpen311, splitFormat } from './open311.format.ts';
import * as service from './open311.service.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The Open311 API key that authenticated this request, if any. */
    open311Key: service.AuthenticatedKey | undefined;
  }
}

/** The format of an error: the one the path asked for, JSON when it asked for none we know. */
function formatOfUrl(url: string): Format {
  const path = url.split('?')[0] ?? '';
  return splitFormat(path.slice(path.lastIndexOf('/') + 1)).format ?? 'json';
}

function sendError(request: FastifyRequest, reply: FastifyReply, error: AppError) {
  const language = pickLanguage(request.headers['accept-language']);
  const problem = toProblem(error, language, String(request.id));
  const details = (problem.errors ?? []).map((field) => `${field.field}: ${field.message}`);
  const description = details.length ? `${problem.title} ${details.join('; ')}` : problem.title;
  if (error.headers) void reply.headers(error.headers);
  return sendOpen311(
    reply,
    formatOfUrl(request.url),
    'errors',
    [{ code: problem.status, description }],
    problem.status,
  );
}

/**
 * Open311 GeoReport v2 under /open311/v2. Every route is `auth: 'public'` for the platform's
 * session auth: GeoReport authenticates with its own `api_key` parameter, required (403 otherwise)
 * to POST and optional on reads, where it only lets a client see the `rahasia` reports it posted.
 */
export const open311Routes: FastifyPluginAsync<{ context: service.Open311Context }> = async (
  fastify,
  { context },
) => {
  // Form bodies only here: the rest of the API speaks JSON.
  await fastify.register(fastifyFormbody, { bodyLimit: 64 * 1024 });
  fastify.decorateRequest('open311Key', undefined);
  fastify.setErrorHandler((error: FastifyError, request, reply) =>
    sendError(request, reply, classify(error, request, pickLanguage(request.headers['accept-language']))),
  );
  fastify.setNotFoundHandler((request, reply) =>
    sendError(request, reply, new AppError(Open311Errors.OPEN311_NOT_FOUND)),
  );

  /** Authenticates `api_key` from the form (POST) or the query (reads), when one is sent or required. */
  const withApiKey =
    (required: boolean) =>
    async (request: FastifyRequest): Promise<void> => {
      const fromBody = (request.body as Record<string, unknown> | undefined)?.api_key;
      const fromQuery = (request.query as Record<string, unknown> | undefined)?.api_key;
      const key = fromBody ?? fromQuery;
      if (key === undefined && !required) return;
      request.open311Key = await service.authenticateApiKey(context, key);
    };

  const readLimit = {
    max: (request: FastifyRequest) =>
      (request.open311Key?.rateLimitPerMinute ?? context.rateLimitPerMinute) * 5,
    timeWindow: '1 minute',
    hook: 'preHandler' as const,
    keyGenerator: (request: FastifyRequest) =>
      request.open311Key ? `open311-key:${request.open311Key.id}` : `open311-ip:${request.ip}`,
  };
  const readConfig = { auth: 'public' as const, rateLimit: readLimit };
  const hidden = { hide: true };

  fastify.get('/:file', {
    config: readConfig,
    schema: hidden,
    preHandler: withApiKey(false),
    handler: async (request, reply) => {
      const { name, format } = requireFormat((request.params as { file: string }).file);
      if (name === 'discovery') return sendOpen311(reply, format, 'discovery', service.discovery(context));
      if (name === 'services') {
        return sendOpen311(reply, format, 'services', await service.listServices(context));
      }
      if (name === 'requests') {
        const query = ServiceRequestsQuery.safeParse(request.query);
        if (!query.success) {
          throw new AppError(Open311Errors.OPEN311_INVALID, {
            fields: query.error.issues.map((issue) => ({
              field: issue.path.map(String).join('.') || 'query',
              code: issue.code,
              message: issue.message,
            })),
          });
        }
        const { items, total } = await service.listServiceRequests(context, query.data);
        void reply.header('x-total-count', String(total));
        return sendOpen311(reply, format, 'service_requests', items);
      }
      throw new AppError(Open311Errors.OPEN311_NOT_FOUND);
    },
  });

  fastify.get('/services/:file', {
    config: readConfig,
    schema: hidden,
    preHandler: withApiKey(false),
    handler: async (request, reply) => {
      const { name, format } = requireFormat((request.params as { file: string }).file);
      return sendOpen311(
        reply,
        format,
        'service_definition',
        await service.getServiceDefinition(context, name),
      );
    },
  });

  fastify.get('/requests/:file', {
    config: readConfig,
    schema: hidden,
    preHandler: withApiKey(false),
    handler: async (request, reply) => {
      const { name, format } = requireFormat((request.params as { file: string }).file);
      const items = await service.getServiceRequest(context, {
        serviceRequestId: name,
        apiKey: request.open311Key,
      });
      return sendOpen311(reply, format, 'service_requests', items);
    },
  });

  fastify.get('/tokens/:file', {
    config: readConfig,
    schema: hidden,
    preHandler: withApiKey(false),
    handler: async (request, reply) => {
      const { name, format } = requireFormat((request.params as { file: string }).file);
      return sendOpen311(reply, format, 'service_requests', await service.getToken(context, name));
    },
  });

  fastify.post('/:file', {
    config: {
      auth: 'public',
      // Per key, after the key is known: one app's burst does not starve another.
      rateLimit: {
        max: (request: FastifyRequest) =>
          request.open311Key?.rateLimitPerMinute ?? context.rateLimitPerMinute,
        timeWindow: '1 minute',
        hook: 'preHandler',
        keyGenerator: (request: FastifyRequest) => `open311-key:${request.open311Key?.id ?? request.ip}`,
      },
    },
    schema: hidden,
    preHandler: async (request) => {
      // The path first: a POST to an unknown resource is 404 whatever its key.
      const { name } = requireFormat((request.params as { file: string }).file);
      if (name !== 'requests') throw new AppError(Open311Errors.OPEN311_NOT_FOUND);
      await withApiKey(true)(request);
    },
    handler: async (request, reply) => {
      const { format } = requireFormat((request.params as { file: string }).file);
      const body = request.body;
      const form =
        body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
      const result = await service.postServiceRequest(context, {
        apiKey: request.open311Key!,
        form,
        requestId: request.id,
      });
      return sendOpen311(
        reply,
        format,
        'service_requests',
        [{ token: result.token, service_notice: result.serviceNotice }],
        201,
      );
    },
  });
};

/** Under /api/v1: keys (issue, list, revoke) and, for handling officers, a reporter's contact. */
export const apiKeyRoutes: FastifyPluginAsync<{ context: service.Open311Context }> = async (
  fastify,
  { context },
) => {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const auth = { scopes: [Scopes.apikeysManage] };

  app.get('/open311/api-keys', {
    config: { auth },
    schema: {
      tags: ['open311'],
      summary: 'Open311 API keys of agency systems and civic apps (never the key itself)',
      response: { 200: z.object({ items: z.array(ApiKeyView) }) },
    },
    handler: async () => ({ items: await service.listApiKeys(context) }),
  });

  app.post('/open311/api-keys', {
    config: { auth },
    schema: {
      tags: ['open311'],
      summary: 'Issue an Open311 API key; the key is in this answer only',
      body: CreateApiKey,
      response: { 201: IssuedApiKey },
    },
    handler: async (request, reply) => {
      const issued = await service.issueApiKey(context, {
        operator: requireActor(request),
        input: request.body,
        requestId: request.id,
      });
      return reply.status(201).send(issued);
    },
  });

  app.post('/open311/api-keys/:id/revoke', {
    config: { auth },
    schema: {
      tags: ['open311'],
      summary: 'Revoke an Open311 API key at once (its requests stay)',
      params: z.strictObject({ id: z.string().max(100) }),
      response: { 200: ApiKeyView },
    },
    handler: async (request) =>
      service.revokeApiKey(context, {
        operator: requireActor(request),
        id: request.params.id,
        requestId: request.id,
      }),
  });

  app.get('/open311/requests/:trackingId/contact', {
    config: { auth: { scopes: [Scopes.complaintsHandle] } },
    schema: {
      tags: ['open311'],
      summary:
        'Contact details an Open311 client sent with a report, for the officers handling it; never for anonim reports; every read is audited',
      params: z.strictObject({ trackingId: z.string().max(40) }),
      response: { 200: ReporterContact },
    },
    handler: async (request) =>
      service.readReporterContact(context, {
        actor: requireActor(request),
        trackingId: request.params.trackingId,
        requestId: request.id,
      }),
  });
};
