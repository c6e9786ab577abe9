import { z } from 'zod';
import {
  ACTION_KINDS,
  LIFE_EVENTS,
  PREFILL_SOURCES,
  PROCESSING_ROLES,
  STANDARD_COMPONENTS,
  type StandardComponent,
} from './catalog-vocabulary.contracts.ts';

export * from './catalog-vocabulary.contracts.ts';

/**
 * The catalogue's shapes: a service's Standar Pelayanan, its application form and workflow (both
 * data), applications and the survey. Shared by routes, service and the web.
 */

/** Texts shown to citizens: Indonesian first, English optional (falls back to Indonesian). */
export const Text = z.strictObject({
  id: z.string().trim().min(1).max(4000),
  en: z.string().trim().max(4000).optional(),
});
export type Text = z.infer<typeof Text>;

export const Standard = z.strictObject(
  Object.fromEntries(STANDARD_COMPONENTS.map((key) => [key, Text.optional()])) as Record<
    StandardComponent,
    z.ZodOptional<typeof Text>
  >,
);
export type Standard = z.infer<typeof Standard>;

export const LifeEvent = z.enum(LIFE_EVENTS);
export type LifeEvent = z.infer<typeof LifeEvent>;

export const PrefillSource = z.enum(PREFILL_SOURCES);
export type PrefillSource = z.infer<typeof PrefillSource>;

const FieldName = z.string().regex(/^[a-z][a-zA-Z0-9]{0,39}$/, 'camelCase, starts with a letter');
const Key = z.string().regex(/^[a-z][a-z0-9-]{0,39}$/, 'lower-case letters, digits and dashes');

export const FormFieldUi = z.strictObject({
  label: Text,
  help: Text.optional(),
  /** The citizen's profile fact that fills this field; the citizen does not type it. */
  prefill: PrefillSource.optional(),
  widget: z.enum(['text', 'textarea', 'date', 'select', 'number']).optional(),
});
export type FormFieldUi = z.infer<typeof FormFieldUi>;

/**
 * The application form: a JSON Schema (draft-07, type object) for the values, and how to show
 * each field. The schema is checked with Ajv when the service is saved and published.
 */
export const FormDefinition = z.strictObject({
  schema: z.record(z.string(), z.unknown()),
  ui: z.strictObject({
    order: z.array(FieldName).max(60),
    fields: z.record(FieldName, FormFieldUi),
  }),
});
export type FormDefinition = z.infer<typeof FormDefinition>;

export const RequiredDocument = z.strictObject({
  key: Key,
  label: Text,
  help: Text.optional(),
  isRequired: z.boolean(),
});
export type RequiredDocument = z.infer<typeof RequiredDocument>;

export const ProcessingRole = z.enum(PROCESSING_ROLES);

export const WorkflowState = z.strictObject({
  key: Key,
  label: Text,
  /** Working days an application may stay in this state. */
  workingDays: z.number().int().min(1).max(365),
});

export const WorkflowAction = z.strictObject({
  key: Key,
  label: Text,
  from: Key,
  /** lanjut: move to `to`; kembalikan: back to the citizen for correction; terbitkan: issue the result; tolak: refuse. */
  kind: z.enum(ACTION_KINDS),
  to: Key.optional(),
  role: ProcessingRole,
});
export type WorkflowAction = z.infer<typeof WorkflowAction>;

export const Workflow = z.strictObject({
  initial: Key,
  states: z.array(WorkflowState).min(1).max(30),
  actions: z.array(WorkflowAction).min(1).max(100),
  /** Working days for the whole service, from submission to the result. */
  totalWorkingDays: z.number().int().min(1).max(365),
});
export type Workflow = z.infer<typeof Workflow>;

export const DocumentTemplate = z.strictObject({
  title: Text,
  /** Form fields printed on the result, in order. */
  fields: z.array(FieldName).max(30),
  /** The field whose value names the holder on the verification page (shown masked). */
  holderField: FieldName.optional(),
  footer: Text.optional(),
});
export type DocumentTemplate = z.infer<typeof DocumentTemplate>;

export const ServiceContent = z.strictObject({
  name: z.string().trim().min(3).max(200),
  nameEn: z.string().trim().max(200).optional(),
  summary: z.string().trim().max(2000).default(''),
  lifeEvents: z.array(LifeEvent).max(5).default([]),
  costRupiah: z.number().int().min(0).max(1_000_000_000).default(0),
  standard: Standard,
  form: FormDefinition,
  documents: z.array(RequiredDocument).max(30),
  workflow: Workflow,
  template: DocumentTemplate,
});
export type ServiceContent = z.infer<typeof ServiceContent>;
export type ServiceContentInput = z.input<typeof ServiceContent>;

export const ServiceSlug = z
  .string()
  .trim()
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/)
  .max(80);

export const CreateService = z.strictObject({
  agencyCode: z.string().trim().min(2).max(200),
  slug: ServiceSlug,
  content: ServiceContent,
});
export type CreateService = z.infer<typeof CreateService>;

export const UpdateService = z.strictObject({ content: ServiceContent });

/** One problem found in a service's draft (what stops publishing). */
export const DraftIssue = z.object({ field: z.string(), code: z.string(), message: z.string() });
export type DraftIssue = z.infer<typeof DraftIssue>;

export const AdminService = z.object({
  id: z.string(),
  slug: z.string(),
  agency: z.object({ code: z.string(), name: z.string() }),
  /** withdrawn: published once, then taken out of the catalogue by an admin (publishing again restores it). */
  status: z.enum(['draft', 'published', 'withdrawn']),
  publishedVersion: z.number().nullable(),
  withdrawnAt: z.string().nullable(),
  hasUnpublishedChanges: z.boolean(),
  content: ServiceContent,
  missingComponents: z.array(z.enum(STANDARD_COMPONENTS)),
  issues: z.array(DraftIssue),
  updatedAt: z.string(),
});
export type AdminService = z.infer<typeof AdminService>;

export const Satisfaction = z.object({
  respondents: z.number(),
  /** 25 × the mean of the 9 element averages, rounded once to 2 decimals; null without respondents. */
  ikm: z.number().nullable(),
  grade: z.enum(['A', 'B', 'C', 'D']).nullable(),
  gradeLabel: z.string().nullable(),
  /** Each element's average score (1–4), rounded to 2 decimals for display. */
  elements: z.array(z.number().nullable()),
  period: z.string().nullable(),
});
export type Satisfaction = z.infer<typeof Satisfaction>;

export const PublicServiceSummary = z.object({
  id: z.string(),
  slug: z.string(),
  name: z.string(),
  nameEn: z.string().nullable(),
  summary: z.string(),
  agency: z.object({ code: z.string(), name: z.string() }),
  regionCode: z.string().nullable(),
  lifeEvents: z.array(LifeEvent),
  version: z.number(),
  costRupiah: z.number(),
  totalWorkingDays: z.number(),
  standard: Standard,
  satisfaction: Satisfaction,
});
export type PublicServiceSummary = z.infer<typeof PublicServiceSummary>;

export const PublicService = PublicServiceSummary.extend({
  form: FormDefinition,
  documents: z.array(RequiredDocument),
  steps: z.array(z.object({ key: z.string(), label: Text, workingDays: z.number() })),
});
export type PublicService = z.infer<typeof PublicService>;

export const PublicServicesQuery = z.strictObject({
  q: z.string().trim().max(200).optional(),
  agency: z.string().trim().max(200).optional(),
  region: z
    .string()
    .trim()
    .regex(/^\d{2}(\.\d{2})?$/)
    .optional(),
  lifeEvent: LifeEvent.optional(),
  page: z.coerce.number().int().min(1).max(1000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});

export const APPLICATION_STATUSES = ['draf', 'diproses', 'dikembalikan', 'selesai', 'ditolak'] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];

export const ApplicationValues = z.record(
  z.string().max(40),
  z.union([z.string().max(4000), z.number(), z.boolean(), z.null()]),
);
export type ApplicationValues = z.infer<typeof ApplicationValues>;

export const StartApplication = z.strictObject({ serviceId: z.uuid() });
export const SaveDraft = z.strictObject({ values: ApplicationValues });
export const ApplicationActionInput = z.strictObject({
  action: Key,
  note: z.string().trim().max(2000).optional(),
});
export const SurveyInput = z.strictObject({
  /** U1–U9: persyaratan, prosedur, waktu, biaya, produk, kompetensi, perilaku, pengaduan, sarana. */
  scores: z.array(z.number().int().min(1).max(4)).length(9),
});

export const ApplicationView = z.object({
  referenceNumber: z.string(),
  status: z.enum(APPLICATION_STATUSES),
  service: z.object({ id: z.string(), slug: z.string(), name: z.string(), agency: z.string() }),
  version: z.number(),
  form: FormDefinition,
  documents: z.array(RequiredDocument),
  values: ApplicationValues,
  prefilled: z.array(z.string()),
  uploads: z.array(
    z.object({
      id: z.string(),
      requirement: z.string(),
      fileName: z.string(),
      mediaType: z.string(),
      size: z.number(),
    }),
  ),
  state: z.object({ key: z.string(), label: Text }).nullable(),
  allowedActions: z.array(z.object({ key: z.string(), label: Text, kind: z.enum(ACTION_KINDS) })),
  dueAt: z.string().nullable(),
  stateDueAt: z.string().nullable(),
  isOverdue: z.boolean(),
  submittedAt: z.string().nullable(),
  completedAt: z.string().nullable(),
  returnNote: z.string().nullable(),
  resultDocumentId: z.string().nullable(),
  canSurvey: z.boolean(),
  timeline: z.array(
    z.object({
      at: z.string(),
      kind: z.string(),
      fromState: z.string().nullable(),
      toState: z.string().nullable(),
      actor: z.string(),
      note: z.string().nullable(),
    }),
  ),
});
export type ApplicationView = z.infer<typeof ApplicationView>;

export const ApplicationSummary = z.object({
  referenceNumber: z.string(),
  status: z.enum(APPLICATION_STATUSES),
  serviceName: z.string(),
  agency: z.string(),
  state: z.string().nullable(),
  stateLabel: z.string().nullable(),
  submittedAt: z.string().nullable(),
  updatedAt: z.string(),
  stateDueAt: z.string().nullable(),
  dueAt: z.string().nullable(),
  /** Working days left on the current step (negative when overdue); null when not with an officer. */
  workingDaysLeft: z.number().nullable(),
  isOverdue: z.boolean(),
});
export type ApplicationSummary = z.infer<typeof ApplicationSummary>;

export const Verification = z.object({
  documentId: z.string(),
  isAuthentic: z.boolean(),
  /** When a file was checked: whether it is byte for byte the issued PDF. */
  fileMatches: z.boolean().nullable(),
  issued: z
    .object({
      documentNumber: z.string(),
      title: z.string(),
      service: z.string(),
      agency: z.string(),
      holder: z.string().nullable(),
      issuedAt: z.string(),
      pdfSha256: z.string(),
      keyId: z.string(),
      publicKey: z.string(),
      signature: z.string(),
      payload: z.string(),
    })
    .nullable(),
});
export type Verification = z.infer<typeof Verification>;

/** The file a service exports to: one JSON document, versioned by `format`. */
export const ServiceExport = z.strictObject({
  format: z.literal('terpadu.service/v1'),
  exportedAt: z.string(),
  source: z.strictObject({ agencyCode: z.string(), slug: z.string(), version: z.number().nullable() }),
  service: ServiceContent,
});
export type ServiceExport = z.infer<typeof ServiceExport>;

export const ImportService = z.strictObject({
  agencyCode: z.string().trim().min(2).max(200),
  slug: ServiceSlug,
  file: ServiceExport,
});

export const StartBundle = z.strictObject({
  lifeEvent: LifeEvent,
  serviceIds: z.array(z.uuid()).min(2).max(6),
});

export const BundleView = z.object({
  referenceNumber: z.string(),
  lifeEvent: LifeEvent,
  /** draf while any part is a draft; dikembalikan when any was sent back; selesai when all are done. */
  status: z.enum(['draf', 'diproses', 'dikembalikan', 'selesai']),
  /** The union of the parts' form fields (a field of the same name is asked once). */
  form: FormDefinition,
  values: ApplicationValues,
  prefilled: z.array(z.string()),
  applications: z.array(ApplicationSummary),
});
export type BundleView = z.infer<typeof BundleView>;

export const BundleSummary = z.object({
  referenceNumber: z.string(),
  lifeEvent: LifeEvent,
  status: BundleView.shape.status,
  createdAt: z.string(),
  applications: z.array(
    z.object({ referenceNumber: z.string(), serviceName: z.string(), status: z.enum(APPLICATION_STATUSES) }),
  ),
});
export type BundleSummary = z.infer<typeof BundleSummary>;
