import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor } from '../../platform/http/auth.ts';
import { Scopes } from '../identity/index.ts';
import { ComplaintView, TrackingParams } from './complaints.contracts.ts';
import type { ComplaintsContext } from './complaints.service.ts';
import {
  DuplicateGroupsPage,
  DuplicateGroupsQuery,
  Joined,
  MergeComplaints,
  SimilarReport,
  SimilarReportsQuery,
  UnmergeComplaint,
} from './duplicates.contracts.ts';
import * as service from './duplicates.service.ts';

/** Similar reports while writing, joining as co-reporter, and merging duplicates into one case. */
export const duplicateRoutes: FastifyPluginAsync<{ context: ComplaintsContext }> = async (
  fastify,
  { context },
) => {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.post('/complaints/similar', {
    config: { auth: { scopes: [Scopes.complaintsSubmit] } },
    schema: {
      tags: ['complaints'],
      summary:
        'Open public reports nearby that are like the one being written (to join instead of filing again)',
      description:
        'A POST so that the text being typed stays out of URLs and logs. Same regency, filed in the last 90 days, still being handled; rahasia reports are never returned, and no reporter is named.',
      body: SimilarReportsQuery,
      response: { 200: z.object({ items: z.array(SimilarReport) }) },
    },
    handler: async (request) => ({
      items: await service.findSimilarReports(context, { actor: requireActor(request), query: request.body }),
    }),
  });

  app.post('/complaints/:trackingId/co-reporters', {
    config: { auth: { scopes: [Scopes.complaintsSubmit] } },
    schema: {
      tags: ['complaints'],
      summary: 'Join an open public report as a co-reporter: receive its updates instead of filing it again',
      description:
        '409 OWN_REPORT for your own report, 409 ALREADY_JOINED the second time, 409 REPORT_CLOSED once it is resolved or closed; rahasia reports are not found.',
      params: TrackingParams,
      response: { 201: Joined },
    },
    handler: async (request, reply) => {
      const joined = await service.joinComplaint(context, {
        actor: requireActor(request),
        trackingId: request.params.trackingId,
        requestId: request.id,
      });
      return reply.status(201).send(joined);
    },
  });

  app.get('/complaints/duplicates', {
    config: { auth: { scopes: [Scopes.complaintsHandle] } },
    schema: {
      tags: ['complaints'],
      summary:
        'Groups of near-duplicate open reports within your reach, for merging (admins who verify or dispose)',
      querystring: DuplicateGroupsQuery,
      response: { 200: DuplicateGroupsPage },
    },
    handler: async (request) =>
      service.listDuplicateGroups(context, { actor: requireActor(request), query: request.query }),
  });

  app.post('/complaints/:trackingId/merge', {
    config: { auth: { scopes: [Scopes.complaintsHandle] } },
    schema: {
      tags: ['complaints'],
      summary:
        'Merge duplicates into this report: they are archived as duplikat and their reporters follow this one',
      description:
        'All or nothing. Refused for rahasia reports, closed or resolved reports, a report with itself, and reports outside your reach. Reversible with /unmerge.',
      params: TrackingParams,
      body: MergeComplaints,
      response: { 200: ComplaintView },
    },
    handler: async (request) =>
      service.mergeComplaints(context, {
        actor: requireActor(request),
        trackingId: request.params.trackingId,
        input: request.body,
        requestId: request.id,
      }),
  });

  app.post('/complaints/:trackingId/unmerge', {
    config: { auth: { scopes: [Scopes.complaintsHandle] } },
    schema: {
      tags: ['complaints'],
      summary: 'Undo the merge of this duplicate: it returns to the state it had',
      params: TrackingParams,
      body: UnmergeComplaint,
      response: { 200: ComplaintView },
    },
    handler: async (request) =>
      service.unmergeComplaint(context, {
        actor: requireActor(request),
        trackingId: request.params.trackingId,
        input: request.body,
        requestId: request.id,
      }),
  });
};
