import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor, SESSION_COOKIE } from '../../platform/http/auth.ts';
import { AppError, fieldMessage } from '../../platform/http/errors.ts';
import { pickLanguage } from '../../platform/http/i18n.ts';
import {
  AgencySummary,
  ApiToken,
  CreateApiToken,
  CreateOfficer,
  CreateUnit,
  CurrentUser,
  ListAgenciesQuery,
  ListOfficersQuery,
  Login,
  Officer,
  OneTimeTokenInput,
  PasswordResetConfirm,
  PasswordResetRequest,
  RegisterCitizen,
  Registered,
  SessionCreated,
} from './identity.contracts.ts';
import { IdentityErrors } from './identity.errors.ts';
import { Scopes } from './identity.scopes.ts';
import * as service from './identity.service.ts';

const AgencyCodeParams = z.strictObject({
  code: z.string().min(1).max(200).describe('Agency code; encode "/" in unit codes as %2F'),
});

export const identityRoutes: FastifyPluginAsync<{
  context: service.IdentityContext;
  loginRateLimitPerMinute: number;
}> = async (fastify, { context, loginRateLimitPerMinute }) => {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const meta = (request: { id: string }) => ({ requestId: request.id });

  app.post('/auth/register', {
    config: { auth: 'public' },
    schema: {
      tags: ['auth'],
      summary: 'Register a citizen account (NIK, name, e-mail, password)',
      body: RegisterCitizen,
      response: { 201: Registered },
    },
    handler: async (request, reply) => {
      const created = await service.registerCitizen(context, { input: request.body, ...meta(request) });
      const language = pickLanguage(request.headers['accept-language']);
      const warnings = created.warnings.map((warning) => ({
        ...warning,
        message: fieldMessage(warning.code, language) ?? warning.code,
      }));
      return reply.status(201).send({ ...created, warnings, emailVerified: false });
    },
  });

  app.post('/auth/login', {
    config: {
      auth: 'public',
      rateLimit: { max: loginRateLimitPerMinute, timeWindow: '1 minute' },
    },
    schema: {
      tags: ['auth'],
      summary: 'Log in with e-mail or NIK; sets the session cookie and returns a bearer token',
      body: Login,
      response: { 200: SessionCreated },
    },
    handler: async (request, reply) => {
      const session = await service.login(context, { input: request.body, ...meta(request) });
      void reply.setCookie(SESSION_COOKIE, session.token, {
        httpOnly: true,
        sameSite: 'lax',
        secure: 'auto',
        path: '/',
        expires: session.expiresAt,
      });
      return { ...session, expiresAt: session.expiresAt.toISOString() };
    },
  });

  app.post('/auth/logout', {
    config: { auth: { scopes: [Scopes.self] } },
    schema: { tags: ['auth'], summary: 'End the current session', response: { 204: z.null() } },
    handler: async (request, reply) => {
      await service.logout(context, { actor: requireActor(request), ...meta(request) });
      void reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send(null);
    },
  });

  app.post('/auth/verify-email', {
    config: { auth: 'public' },
    schema: {
      tags: ['auth'],
      summary: 'Confirm an e-mail address with the token from the e-mailed link',
      body: OneTimeTokenInput,
    },
    handler: async (request) => {
      await service.verifyEmail(context, { token: request.body.token, ...meta(request) });
      return { verified: true };
    },
  });

  app.post('/auth/resend-verification', {
    config: { auth: { scopes: [Scopes.self] } },
    schema: {
      tags: ['auth'],
      summary: 'Send the verification e-mail again',
      response: { 202: z.object({ queued: z.boolean() }) },
    },
    handler: async (request, reply) => {
      await service.resendVerification(context, { actor: requireActor(request) });
      return reply.status(202).send({ queued: true });
    },
  });

  app.post('/auth/password-reset/request', {
    config: { auth: 'public', rateLimit: { max: loginRateLimitPerMinute, timeWindow: '1 minute' } },
    schema: {
      tags: ['auth'],
      summary:
        'E-mail a password reset link (the answer is the same whether or not the address has an account)',
      body: PasswordResetRequest,
      response: { 202: z.object({ queued: z.boolean() }) },
    },
    handler: async (request, reply) => {
      await service.requestPasswordReset(context, { email: request.body.email });
      return reply.status(202).send({ queued: true });
    },
  });

  app.post('/auth/password-reset/confirm', {
    config: { auth: 'public' },
    schema: {
      tags: ['auth'],
      summary: 'Choose a new password with the token from the e-mailed link',
      body: PasswordResetConfirm,
    },
    handler: async (request) => {
      await service.resetPassword(context, { ...request.body, ...meta(request) });
      return { reset: true };
    },
  });

  app.get('/me', {
    config: { auth: { scopes: [Scopes.self] } },
    schema: {
      tags: ['auth'],
      summary: 'The logged-in user, with the CSRF token for cookie sessions',
      response: { 200: CurrentUser.extend({ csrfToken: z.string() }) },
    },
    handler: async (request) => {
      const actor = requireActor(request);
      return { ...(await service.getCurrentUser(context, { actor })), csrfToken: actor.csrfToken };
    },
  });

  app.get('/agencies', {
    config: { auth: 'public' },
    schema: {
      tags: ['agencies'],
      summary: 'Agencies: central, provincial, regency/city governments and their units',
      querystring: ListAgenciesQuery,
      response: { 200: z.object({ items: z.array(AgencySummary) }) },
    },
    handler: async (request) => ({ items: await service.listAgencies(context, request.query) }),
  });

  app.get('/agencies/:code', {
    config: { auth: 'public' },
    schema: {
      tags: ['agencies'],
      summary: 'One agency by code',
      params: AgencyCodeParams,
      response: { 200: AgencySummary },
    },
    handler: async (request) => service.agencySummary(await service.getAgency(context, request.params)),
  });

  app.post('/agencies', {
    config: { auth: { scopes: [Scopes.agenciesManage] } },
    schema: {
      tags: ['agencies'],
      summary: 'Create a unit (OPD) under an agency within your authority',
      body: CreateUnit,
      response: { 201: AgencySummary },
    },
    handler: async (request, reply) => {
      const created = await service.createUnit(context, {
        actor: requireActor(request),
        input: request.body,
        ...meta(request),
      });
      return reply.status(201).send(created);
    },
  });

  app.get('/officers', {
    config: { auth: { scopes: [Scopes.officersRead] } },
    schema: {
      tags: ['officers'],
      summary: 'Officers of the agencies within your authority',
      querystring: ListOfficersQuery,
      response: { 200: z.object({ items: z.array(Officer) }) },
    },
    handler: async (request) => ({
      items: await service.listOfficers(context, { actor: requireActor(request), ...request.query }),
    }),
  });

  app.post('/officers', {
    config: { auth: { scopes: [Scopes.officersManage] } },
    schema: {
      tags: ['officers'],
      summary: 'Create an officer account in an agency within your authority',
      body: CreateOfficer,
      response: {
        201: z.object({ id: z.string(), email: z.string(), role: z.string(), agencyCode: z.string() }),
      },
    },
    handler: async (request, reply) => {
      const created = await service.createOfficer(context, {
        actor: requireActor(request),
        input: request.body,
        ...meta(request),
      });
      return reply.status(201).send(created);
    },
  });

  app.get('/tokens', {
    config: { auth: { scopes: [Scopes.tokensManage] } },
    schema: {
      tags: ['tokens'],
      summary: 'Machine tokens of agency systems within your authority (never the secret)',
      response: { 200: z.object({ items: z.array(ApiToken) }) },
    },
    handler: async (request) => ({
      items: await service.listApiTokens(context, { actor: requireActor(request) }),
    }),
  });

  app.post('/tokens', {
    config: { auth: { scopes: [Scopes.tokensManage] } },
    schema: {
      tags: ['tokens'],
      summary: 'Issue a bearer token for an agency system; the secret is shown once',
      body: CreateApiToken,
      response: { 201: ApiToken.omit({ createdAt: true, revoked: true }).extend({ token: z.string() }) },
    },
    handler: async (request, reply) => {
      const created = await service.createApiToken(context, {
        actor: requireActor(request),
        ...request.body,
        ...meta(request),
      });
      return reply.status(201).send(created);
    },
  });

  app.delete('/tokens/:id', {
    config: { auth: { scopes: [Scopes.tokensManage] } },
    schema: {
      tags: ['tokens'],
      summary: 'Revoke a machine token',
      params: z.strictObject({ id: z.string().max(100) }),
      response: { 204: z.null() },
    },
    handler: async (request, reply) => {
      if (!z.uuid().safeParse(request.params.id).success)
        throw new AppError(IdentityErrors.API_TOKEN_NOT_FOUND);
      await service.revokeApiToken(context, {
        actor: requireActor(request),
        id: request.params.id,
        ...meta(request),
      });
      return reply.status(204).send(null);
    },
  });
};
