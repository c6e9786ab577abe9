import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor } from '../../platform/http/auth.ts';
import { onComplaintChange } from '../complaints/index.ts';
import { Scopes } from '../identity/index.ts';
import {
  AccuracyReport,
  ActivateModel,
  ModelKind,
  ModelList,
  ModelView,
  SuggestionsView,
} from './insights.contracts.ts';
import * as service from './insights.service.ts';

const KindParams = z.strictObject({ kind: ModelKind });
const TrackingParams = z.strictObject({ trackingId: z.string().min(1).max(40) });

export const insightsRoutes: FastifyPluginAsync<{ context: service.InsightsContext }> = async (
  fastify,
  { context },
) => {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  // Suggestions are recorded at filing and compared with the routing decided later.
  const stopListening = onComplaintChange(context.db, (change) =>
    service.handleComplaintChange(context, change),
  );
  app.addHook('onClose', async () => stopListening());

  app.get('/insights/suggestions/:trackingId', {
    config: { auth: { scopes: [Scopes.complaintsHandle] } },
    schema: {
      tags: ['insights'],
      summary:
        'Top-3 agencies and categories suggested for a report, with confidence and the words behind them',
      params: TrackingParams,
      response: { 200: SuggestionsView },
    },
    handler: async (request) =>
      service.getSuggestions(context, {
        actor: requireActor(request),
        trackingId: request.params.trackingId,
      }),
  });

  app.get('/insights/models', {
    config: { auth: { scopes: [Scopes.insightsManage] } },
    schema: {
      tags: ['insights'],
      summary: 'Routing models with their training data and evaluation (which is active)',
      response: { 200: ModelList },
    },
    handler: async () => ({ models: await service.listModels(context) }),
  });

  app.post('/insights/models/:kind/activate', {
    config: { auth: { scopes: [Scopes.insightsManage] } },
    schema: {
      tags: ['insights'],
      summary:
        'Make a model version active (refused, keeping the active one, if its files are missing or corrupt)',
      params: KindParams,
      body: ActivateModel,
      response: { 200: ModelView },
    },
    handler: async (request) => {
      const actor = requireActor(request);
      return service.activateModel(context, {
        actorId: actor.userId,
        actorRole: actor.role,
        kind: request.params.kind,
        version: request.body.version,
        requestId: request.id,
      });
    },
  });

  app.post('/insights/models/:kind/rollback', {
    config: { auth: { scopes: [Scopes.insightsManage] } },
    schema: {
      tags: ['insights'],
      summary: 'Return to the model that was active before the current one',
      params: KindParams,
      response: { 200: ModelView },
    },
    handler: async (request) => {
      const actor = requireActor(request);
      return service.rollbackModel(context, {
        actorId: actor.userId,
        actorRole: actor.role,
        kind: request.params.kind,
        requestId: request.id,
      });
    },
  });

  app.get('/insights/accuracy', {
    config: { auth: { scopes: [Scopes.insightsManage] } },
    schema: {
      tags: ['insights'],
      summary: 'Routing accuracy over time: routed reports per week whose top suggestion was followed',
      response: { 200: AccuracyReport },
    },
    handler: async () => service.getRoutingAccuracy(context),
  });
};
