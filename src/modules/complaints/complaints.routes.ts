import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor } from '../../platform/http/auth.ts';
import { AppError, PlatformErrors } from '../../platform/http/errors.ts';
import { Scopes } from '../identity/index.ts';
import {
  Category,
  ComplaintAction,
  ComplaintView,
  PUBLIC_STATUS,
  PublicComplaint,
  PublicFeedQuery,
  QueueItem,
  QueueQuery,
  RateComplaint,
  RecordComplaint,
  type Status,
  SubmitComplaint,
  TrackingParams,
} from './complaints.contracts.ts';
import * as service from './complaints.service.ts';
import { duplicateRoutes } from './duplicates.routes.ts';

const Submitted = z.object({
  trackingId: z.string(),
  status: z.string(),
  publicStatus: z.string(),
  dueAt: z.string().describe('Verification due (end of the 3rd working day, WIB)'),
  submittedAt: z.string(),
});

/** What filing answers: the tracking ID and the verification deadline. */
function submitted(complaint: {
  trackingId: string;
  status: Status;
  verificationDueAt: Date | null;
  submittedAt: Date;
}) {
  return {
    trackingId: complaint.trackingId,
    status: complaint.status,
    publicStatus: PUBLIC_STATUS[complaint.status],
    dueAt: complaint.verificationDueAt!.toISOString(),
    submittedAt: complaint.submittedAt.toISOString(),
  };
}

const Page = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), total: z.number(), page: z.number(), pageSize: z.number() });

export const complaintRoutes: FastifyPluginAsync<{ context: service.ComplaintsContext }> = async (
  fastify,
  { context },
) => {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.post('/complaints', {
    config: { auth: { scopes: [Scopes.complaintsSubmit] } },
    schema: {
      tags: ['complaints'],
      summary: 'File a report (pengaduan, aspirasi or permintaan informasi)',
      description:
        'Send the same Idempotency-Key header again to get the same report back instead of a second one.',
      headers: z.object({ 'idempotency-key': z.string().optional() }),
      body: SubmitComplaint,
      response: { 201: Submitted, 200: Submitted },
    },
    handler: async (request, reply) => {
      const { complaint, isReplay } = await service.submitComplaint(context, {
        actor: requireActor(request),
        input: request.body,
        idempotencyKey: request.headers['idempotency-key'],
        requestId: request.id,
      });
      return reply.status(isReplay ? 200 : 201).send(submitted(complaint));
    },
  });

  app.post('/complaints/recorded', {
    config: { auth: { scopes: [Scopes.complaintsRecord] } },
    schema: {
      tags: ['complaints'],
      summary: 'Record a report received at a counter, by letter or by telephone, for a citizen account',
      body: RecordComplaint,
      response: { 201: Submitted },
    },
    handler: async (request, reply) => {
      const complaint = await service.recordComplaint(context, {
        actor: requireActor(request),
        input: request.body,
        requestId: request.id,
      });
      return reply.status(201).send(submitted(complaint));
    },
  });

  app.get('/complaints/:trackingId', {
    config: { auth: { scopes: [Scopes.complaintsSubmit, Scopes.complaintsRead], anyOf: true } },
    schema: {
      tags: ['complaints'],
      summary:
        'A report as its reporter or the officers handling or overseeing it see it (404 for anyone else)',
      params: TrackingParams,
      response: { 200: ComplaintView },
    },
    handler: async (request) =>
      service.getComplaint(context, { actor: requireActor(request), trackingId: request.params.trackingId }),
  });

  app.post('/complaints/:trackingId/actions', {
    config: { auth: { scopes: [Scopes.complaintsSubmit, Scopes.complaintsHandle], anyOf: true } },
    schema: {
      tags: ['complaints'],
      summary:
        'Take an action: verify/disposition, postpone, archive, forward to a unit, follow up, reply, confirm…',
      description:
        'The allowed actions depend on the report state and the caller’s standing; see allowedActions in the report. 403 for the wrong role, 409 for the wrong state.',
      params: TrackingParams,
      body: ComplaintAction,
      response: { 200: ComplaintView },
    },
    handler: async (request) =>
      service.actOnComplaint(context, {
        actor: requireActor(request),
        trackingId: request.params.trackingId,
        action: request.body,
        requestId: request.id,
      }),
  });

  app.post('/complaints/:trackingId/rating', {
    config: { auth: { scopes: [Scopes.complaintsSubmit] } },
    schema: {
      tags: ['complaints'],
      summary: 'Rate the handling of your resolved report (1–5), once',
      params: TrackingParams,
      body: RateComplaint,
      response: { 200: ComplaintView },
    },
    handler: async (request) =>
      service.rateComplaint(context, {
        actor: requireActor(request),
        trackingId: request.params.trackingId,
        ...request.body,
        requestId: request.id,
      }),
  });

  app.get('/complaints/:trackingId/reporter', {
    config: { auth: { scopes: [Scopes.complaintsHandle] } },
    schema: {
      tags: ['complaints'],
      summary: 'Reporter contact for handling officers; never for anonim reports; every read is audited',
      params: TrackingParams,
      response: { 200: z.object({ name: z.string().nullable(), email: z.string().nullable() }) },
    },
    handler: async (request) =>
      service.getReporterIdentity(context, {
        actor: requireActor(request),
        trackingId: request.params.trackingId,
        requestId: request.id,
      }),
  });

  app.post('/complaints/:trackingId/attachments', {
    config: { auth: { scopes: [Scopes.complaintsSubmit, Scopes.complaintsHandle], anyOf: true } },
    schema: {
      tags: ['complaints'],
      summary: 'Attach a JPEG or PNG photo or a PDF (multipart/form-data, field "file")',
      description:
        'The type is read from the content, not the name; photos are re-encoded without EXIF/GPS metadata. Visible to the reporter and the officers handling the report, never public.',
      consumes: ['multipart/form-data'],
      params: TrackingParams,
      response: { 201: ComplaintView.shape.attachments.element },
    },
    handler: async (request, reply) => {
      const file = await request.file();
      if (!file)
        throw new AppError(PlatformErrors.VALIDATION_FAILED, {
          fields: [{ field: 'file', code: 'required' }],
        });
      const bytes = await file.toBuffer();
      const attachment = await service.addAttachment(context, {
        actor: requireActor(request),
        trackingId: request.params.trackingId,
        fileName: file.filename,
        bytes,
        requestId: request.id,
      });
      return reply.status(201).send(attachment);
    },
  });

  app.get('/complaints/:trackingId/attachments/:attachmentId', {
    config: { auth: { scopes: [Scopes.complaintsSubmit, Scopes.complaintsRead], anyOf: true } },
    schema: {
      tags: ['complaints'],
      summary: 'Download an attachment',
      params: TrackingParams.extend({ attachmentId: z.string().max(40) }),
    },
    handler: async (request, reply) => {
      const file = await service.openAttachment(context, {
        actor: requireActor(request),
        trackingId: request.params.trackingId,
        attachmentId: request.params.attachmentId,
      });
      return reply
        .type(file.mediaType)
        .header('content-length', file.size)
        .header('content-disposition', `attachment; filename="${encodeURIComponent(file.fileName)}"`)
        .header('content-security-policy', "default-src 'none'; sandbox")
        .header('cache-control', 'private, no-store')
        .send(file.stream);
    },
  });

  app.get('/complaints/queue', {
    config: { auth: { scopes: [Scopes.complaintsRead] } },
    schema: {
      tags: ['complaints'],
      summary: 'The officer’s work queue within their authority, with SLA badges',
      querystring: QueueQuery,
      response: { 200: Page(QueueItem) },
    },
    handler: async (request) =>
      service.listQueue(context, { actor: requireActor(request), query: request.query }),
  });

  app.get('/public/complaints', {
    config: { auth: 'public' },
    schema: {
      tags: ['public'],
      summary: 'Public feed of publik and anonim reports, with Indonesian full-text search',
      description:
        'Newest first, also when searching (`q` filters, it does not reorder). Matches are counted up to 1,000: ' +
        '`total` is exact when `totalExact` is true; otherwise more than `total` reports match. ' +
        '`hasMore` tells whether the next page has items.',
      querystring: PublicFeedQuery,
      response: {
        200: Page(
          z.object({
            trackingId: z.string(),
            kind: z.string(),
            title: z.string(),
            excerpt: z.string(),
            publicStatus: z.string(),
            categoryCode: z.string().nullable(),
            regionCode: z.string(),
            agency: z.string().nullable(),
            submittedAt: z.string(),
          }),
        ).extend({ totalExact: z.boolean(), hasMore: z.boolean() }),
      },
    },
    handler: async (request) => service.listPublicComplaints(context, request.query),
  });

  app.get('/public/complaints/:trackingId', {
    config: { auth: 'public' },
    schema: {
      tags: ['public'],
      summary: 'A public report by tracking ID (rahasia reports are never found here)',
      params: TrackingParams,
      response: { 200: PublicComplaint },
    },
    handler: async (request) =>
      service.getPublicComplaint(context, { trackingId: request.params.trackingId }),
  });

  app.get('/complaint-categories', {
    config: { auth: 'public' },
    schema: {
      tags: ['public'],
      summary: 'Report categories',
      response: { 200: z.object({ items: z.array(Category) }) },
    },
    handler: async () => ({ items: await service.listCategories(context) }),
  });

  await fastify.register(duplicateRoutes, { context });
};
