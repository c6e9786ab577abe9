import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireActor } from '../../platform/http/auth.ts';
import { AppError, PlatformErrors } from '../../platform/http/errors.ts';
import { Scopes } from '../identity/index.ts';
import {
  AdminService,
  ApplicationActionInput,
  ApplicationSummary,
  ApplicationView,
  BundleSummary,
  BundleView,
  CreateService,
  ImportService,
  PublicService,
  PublicServiceSummary,
  PublicServicesQuery,
  Satisfaction,
  SaveDraft,
  ServiceExport,
  StartApplication,
  StartBundle,
  SurveyInput,
  UpdateService,
  Verification,
} from './catalog.contracts.ts';
import * as service from './catalog.service.ts';

const ServiceParams = z.strictObject({ serviceId: z.uuid() });
const ReferenceParams = z.strictObject({ reference: z.string().min(5).max(40) });
const DocumentParams = z.strictObject({ documentId: z.string().min(1).max(80) });
const PeriodQuery = z.strictObject({
  period: z
    .string()
    .regex(/^\d{4}(-Q[1-4]|-(0[1-9]|1[0-2]))?$/)
    .optional(),
});
const Items = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item) });

/** Reads the one file of a multipart request (field "file"); 400 when there is none. */
async function uploadedFile(request: {
  file: () => Promise<{ filename: string; toBuffer(): Promise<Buffer> } | undefined>;
}) {
  const file = await request.file();
  if (!file)
    throw new AppError(PlatformErrors.VALIDATION_FAILED, { fields: [{ field: 'file', code: 'required' }] });
  return { fileName: file.filename, bytes: await file.toBuffer() };
}

export const catalogRoutes: FastifyPluginAsync<{ context: service.CatalogContext }> = async (
  fastify,
  { context },
) => {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const manage = { auth: { scopes: [Scopes.catalogManage] } };
  const citizen = { auth: { scopes: [Scopes.applicationsSubmit] } };
  const citizenOrOfficer = {
    auth: { scopes: [Scopes.applicationsSubmit, Scopes.applicationsProcess], anyOf: true },
  };

  // --- Agency admins: services -------------------------------------------------------------

  app.get('/catalog/services', {
    config: manage,
    schema: {
      tags: ['catalog'],
      summary: 'Services of the agencies within the admin’s authority (drafts and published)',
      response: { 200: Items(AdminService) },
    },
    handler: async (request) => ({
      items: await service.listManagedServices(context, { actor: requireActor(request) }),
    }),
  });

  app.post('/catalog/services', {
    config: manage,
    schema: {
      tags: ['catalog'],
      summary:
        'Create a service draft: Standar Pelayanan, form (JSON Schema + UI), documents, workflow, result template',
      body: CreateService,
      response: { 201: AdminService },
    },
    handler: async (request, reply) =>
      reply.status(201).send(
        await service.createService(context, {
          actor: requireActor(request),
          input: request.body,
          requestId: request.id,
        }),
      ),
  });

  app.get('/catalog/services/:serviceId', {
    config: manage,
    schema: {
      tags: ['catalog'],
      summary: 'A service draft with its missing standard components and what stops publishing',
      params: ServiceParams,
      response: { 200: AdminService },
    },
    handler: async (request) =>
      service.getManagedService(context, {
        actor: requireActor(request),
        serviceId: request.params.serviceId,
      }),
  });

  app.put('/catalog/services/:serviceId', {
    config: manage,
    schema: {
      tags: ['catalog'],
      summary: 'Replace the draft (published versions and applications in flight are not changed)',
      params: ServiceParams,
      body: UpdateService,
      response: { 200: AdminService },
    },
    handler: async (request) =>
      service.updateService(context, {
        actor: requireActor(request),
        serviceId: request.params.serviceId,
        content: request.body.content,
        requestId: request.id,
      }),
  });

  app.post('/catalog/services/:serviceId/publish', {
    config: manage,
    schema: {
      tags: ['catalog'],
      summary:
        'Publish the draft as the next version (422 listing each missing delivery component or workflow/form problem)',
      params: ServiceParams,
      response: { 200: AdminService },
    },
    handler: async (request) =>
      service.publishService(context, {
        actor: requireActor(request),
        serviceId: request.params.serviceId,
        requestId: request.id,
      }),
  });

  app.post('/catalog/services/:serviceId/withdraw', {
    config: manage,
    schema: {
      tags: ['catalog'],
      summary:
        'Withdraw a published service: out of the public catalogue, new applications refused (409); applications in flight continue',
      params: ServiceParams,
      response: { 200: AdminService },
    },
    handler: async (request) =>
      service.withdrawService(context, {
        actor: requireActor(request),
        serviceId: request.params.serviceId,
        requestId: request.id,
      }),
  });

  app.get('/catalog/services/:serviceId/export', {
    config: manage,
    schema: {
      tags: ['catalog'],
      summary: 'The service (standard, form, workflow, template) as one versioned JSON file',
      params: ServiceParams,
      response: { 200: ServiceExport },
    },
    handler: async (request, reply) => {
      const file = await service.exportService(context, {
        actor: requireActor(request),
        serviceId: request.params.serviceId,
      });
      return reply
        .header('content-disposition', `attachment; filename="${file.source.slug}.terpadu-service.json"`)
        .send(file);
    },
  });

  app.post('/catalog/services/import', {
    config: manage,
    schema: {
      tags: ['catalog'],
      summary: 'Import an exported service file as an editable draft of an agency',
      body: ImportService,
      response: { 201: AdminService },
    },
    handler: async (request, reply) =>
      reply.status(201).send(
        await service.importService(context, {
          actor: requireActor(request),
          agencyCode: request.body.agencyCode,
          slug: request.body.slug,
          file: request.body.file,
          requestId: request.id,
        }),
      ),
  });

  // --- Public catalogue --------------------------------------------------------------------

  app.get('/public/services', {
    config: { auth: 'public' },
    schema: {
      tags: ['public-catalog'],
      summary:
        'Published services with their Standar Pelayanan: Indonesian full-text search, by agency, region, life event',
      querystring: PublicServicesQuery,
      response: {
        200: z.object({
          items: z.array(PublicServiceSummary),
          total: z.number(),
          page: z.number(),
          pageSize: z.number(),
        }),
      },
    },
    handler: async (request) => service.listPublicServices(context, request.query),
  });

  app.get('/public/services/:serviceId', {
    config: { auth: 'public' },
    schema: {
      tags: ['public-catalog'],
      summary: 'A published service: standard, requirements, form, steps, time, cost and satisfaction index',
      params: ServiceParams,
      response: { 200: PublicService },
    },
    handler: async (request) => service.getPublicService(context, { serviceId: request.params.serviceId }),
  });

  app.get('/public/services/:serviceId/satisfaction', {
    config: { auth: 'public' },
    schema: {
      tags: ['public-catalog'],
      summary:
        'IKM (Survei Kepuasan Masyarakat) of a service for a period (YYYY, YYYY-Qn, YYYY-MM) with respondents',
      params: ServiceParams,
      querystring: PeriodQuery,
      response: { 200: Satisfaction },
    },
    handler: async (request) =>
      service.getSatisfaction(context, { serviceId: request.params.serviceId, period: request.query.period }),
  });

  app.get('/public/agencies/:agencyCode/satisfaction', {
    config: { auth: 'public' },
    schema: {
      tags: ['public-catalog'],
      summary: 'IKM of an agency (unit) over all its services and its sub-units, for a period',
      params: z.strictObject({ agencyCode: z.string().min(2).max(200) }),
      querystring: PeriodQuery,
      response: { 200: Satisfaction },
    },
    handler: async (request) =>
      service.getSatisfaction(context, {
        agencyCode: request.params.agencyCode,
        period: request.query.period,
      }),
  });

  app.get('/public/documents/:documentId/verification', {
    config: { auth: 'public' },
    schema: {
      tags: ['public-catalog'],
      summary:
        'Whether a result document is authentic: what was issued, and the agency’s Ed25519 signature check',
      params: DocumentParams,
      response: { 200: Verification },
    },
    handler: async (request) => service.verifyDocument(context, { documentId: request.params.documentId }),
  });

  app.post('/public/documents/:documentId/verification', {
    config: { auth: 'public' },
    schema: {
      tags: ['public-catalog'],
      summary: 'Check a copy: upload the PDF (multipart, field "file"); a changed file is not authentic',
      consumes: ['multipart/form-data'],
      params: DocumentParams,
      response: { 200: Verification },
    },
    handler: async (request) => {
      const { bytes } = await uploadedFile(request);
      return service.verifyDocument(context, { documentId: request.params.documentId, file: bytes });
    },
  });

  // --- Applications ------------------------------------------------------------------------

  app.post('/applications', {
    config: citizen,
    schema: {
      tags: ['applications'],
      summary: 'Start an application (a draft prefilled from the citizen’s profile) for a published service',
      body: StartApplication,
      response: { 201: ApplicationView },
    },
    handler: async (request, reply) =>
      reply.status(201).send(
        await service.startApplication(context, {
          actor: requireActor(request),
          serviceId: request.body.serviceId,
          requestId: request.id,
        }),
      ),
  });

  app.get('/applications', {
    config: citizen,
    schema: {
      tags: ['applications'],
      summary: 'The citizen’s own applications',
      response: { 200: Items(ApplicationSummary) },
    },
    handler: async (request) => ({
      items: await service.listMyApplications(context, { actor: requireActor(request) }),
    }),
  });

  app.post('/applications/bundles', {
    config: citizen,
    schema: {
      tags: ['applications'],
      summary:
        'Start a life-event bundle: one draft per service (each published for that event), filled and sent together',
      body: StartBundle,
      response: { 201: BundleView },
    },
    handler: async (request, reply) =>
      reply.status(201).send(
        await service.startBundle(context, {
          actor: requireActor(request),
          lifeEvent: request.body.lifeEvent,
          serviceIds: request.body.serviceIds,
          requestId: request.id,
        }),
      ),
  });

  app.get('/applications/bundles', {
    config: citizen,
    schema: {
      tags: ['applications'],
      summary: 'The citizen’s own life-event bundles, each with its applications’ statuses',
      response: { 200: Items(BundleSummary) },
    },
    handler: async (request) => ({
      items: await service.listMyBundles(context, { actor: requireActor(request) }),
    }),
  });

  app.get('/applications/bundles/:reference', {
    config: citizen,
    schema: {
      tags: ['applications'],
      summary: 'A bundle with its combined form and each application’s own status',
      params: ReferenceParams,
      response: { 200: BundleView },
    },
    handler: async (request) =>
      service.getBundle(context, { actor: requireActor(request), reference: request.params.reference }),
  });

  app.put('/applications/bundles/:reference/draft', {
    config: citizen,
    schema: {
      tags: ['applications'],
      summary: 'Save the shared values into every draft of the bundle (all or none)',
      params: ReferenceParams,
      body: SaveDraft,
      response: { 200: BundleView },
    },
    handler: async (request) =>
      service.saveBundleDraft(context, {
        actor: requireActor(request),
        reference: request.params.reference,
        values: request.body.values,
        requestId: request.id,
      }),
  });

  app.post('/applications/bundles/:reference/submit', {
    config: citizen,
    schema: {
      tags: ['applications'],
      summary: 'Submit every application of the bundle at once (each gap named; all or none)',
      params: ReferenceParams,
      response: { 200: BundleView },
    },
    handler: async (request) =>
      service.submitBundle(context, {
        actor: requireActor(request),
        reference: request.params.reference,
        requestId: request.id,
      }),
  });

  app.get('/applications/queue', {
    config: { auth: { scopes: [Scopes.applicationsProcess] } },
    schema: {
      tags: ['applications'],
      summary: 'The officer’s queue: applications at a step their role acts on, with working-day badges',
      response: { 200: Items(ApplicationSummary) },
    },
    handler: async (request) => ({
      items: await service.listQueue(context, { actor: requireActor(request) }),
    }),
  });

  app.get('/applications/:reference', {
    config: citizenOrOfficer,
    schema: {
      tags: ['applications'],
      summary:
        'An application as its citizen or the officers of its agency see it (reads by officers are audited)',
      params: ReferenceParams,
      response: { 200: ApplicationView },
    },
    handler: async (request) =>
      service.getApplication(context, {
        actor: requireActor(request),
        reference: request.params.reference,
        requestId: request.id,
      }),
  });

  app.put('/applications/:reference/draft', {
    config: citizen,
    schema: {
      tags: ['applications'],
      summary: 'Save the draft (autosave); invalid values are refused and the saved draft stays',
      params: ReferenceParams,
      body: SaveDraft,
      response: { 200: ApplicationView },
    },
    handler: async (request) =>
      service.saveDraft(context, {
        actor: requireActor(request),
        reference: request.params.reference,
        values: request.body.values,
        requestId: request.id,
      }),
  });

  app.post('/applications/:reference/documents', {
    config: citizen,
    schema: {
      tags: ['applications'],
      summary: 'Upload a required document (multipart, field "file"; JPEG, PNG or PDF by content)',
      consumes: ['multipart/form-data'],
      params: ReferenceParams,
      querystring: z.strictObject({ requirement: z.string().min(1).max(40) }),
      response: { 201: ApplicationView },
    },
    handler: async (request, reply) => {
      const { fileName, bytes } = await uploadedFile(request);
      return reply.status(201).send(
        await service.addUpload(context, {
          actor: requireActor(request),
          reference: request.params.reference,
          requirement: request.query.requirement,
          fileName,
          bytes,
          requestId: request.id,
        }),
      );
    },
  });

  app.get('/applications/:reference/documents/:uploadId', {
    config: citizenOrOfficer,
    schema: {
      tags: ['applications'],
      summary: 'Download an uploaded document',
      params: ReferenceParams.extend({ uploadId: z.uuid() }),
    },
    handler: async (request, reply) => {
      const file = await service.openUpload(context, {
        actor: requireActor(request),
        reference: request.params.reference,
        uploadId: request.params.uploadId,
        requestId: request.id,
      });
      return reply
        .type(file.mediaType)
        .header('content-disposition', `attachment; filename="${encodeURIComponent(file.fileName)}"`)
        .header('content-security-policy', "default-src 'none'; sandbox")
        .header('cache-control', 'private, no-store')
        .send(file.stream);
    },
  });

  app.post('/applications/:reference/submit', {
    config: citizen,
    schema: {
      tags: ['applications'],
      summary: 'Submit (or resubmit after a correction); incomplete: 400 listing each gap, the draft kept',
      params: ReferenceParams,
      response: { 200: ApplicationView },
    },
    handler: async (request) =>
      service.submitApplication(context, {
        actor: requireActor(request),
        reference: request.params.reference,
        requestId: request.id,
      }),
  });

  app.post('/applications/:reference/actions', {
    config: { auth: { scopes: [Scopes.applicationsProcess] } },
    schema: {
      tags: ['applications'],
      summary:
        'An officer’s workflow action (403 for a role the step does not name, 409 for an action not open now)',
      params: ReferenceParams,
      body: ApplicationActionInput,
      response: { 200: ApplicationView },
    },
    handler: async (request) =>
      service.actOnApplication(context, {
        actor: requireActor(request),
        reference: request.params.reference,
        action: request.body.action,
        note: request.body.note,
        requestId: request.id,
      }),
  });

  app.get('/applications/:reference/result', {
    config: citizen,
    schema: {
      tags: ['applications'],
      summary: 'Download the signed result document (PDF)',
      params: ReferenceParams,
    },
    handler: async (request, reply) => {
      const file = await service.openResult(context, {
        actor: requireActor(request),
        reference: request.params.reference,
      });
      return reply
        .type('application/pdf')
        .header('content-disposition', `attachment; filename="${file.fileName}"`)
        .header('cache-control', 'private, no-store')
        .send(file.stream);
    },
  });

  app.post('/applications/:reference/survey', {
    config: citizen,
    schema: {
      tags: ['applications'],
      summary: 'Answer the Survei Kepuasan Masyarakat (9 elements, 1–4) once the service is complete',
      params: ReferenceParams,
      body: SurveyInput,
      response: { 201: Satisfaction },
    },
    handler: async (request, reply) =>
      reply.status(201).send(
        await service.submitSurvey(context, {
          actor: requireActor(request),
          reference: request.params.reference,
          scores: request.body.scores,
          requestId: request.id,
        }),
      ),
  });
};
