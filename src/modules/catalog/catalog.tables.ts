import { sql } from 'drizzle-orm';
import {
  bigserial,
  customType,
  index,
  integer,
  jsonb,
  pgSchema,
  primaryKey,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import type { ServiceContent } from './catalog.contracts.ts';

export const catalogSchema = pgSchema('catalog');

const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

/**
 * A service of an agency. `draft` is what admins edit; citizens only ever see a published
 * version (`service_versions`), so editing never changes a form under a citizen's hands.
 */
export const services = catalogSchema.table(
  'services',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    slug: text('slug').notNull(),
    agencyId: uuid('agency_id').notNull(),
    /** The agency's tree path, copied for "within the admin's authority" checks. */
    agencyPath: text('agency_path').notNull(),
    regionCode: text('region_code'),
    draft: jsonb('draft').$type<ServiceContent>().notNull(),
    publishedVersion: integer('published_version'),
    /** Searchable text of the published version (name, summary, requirements, product). */
    searchText: text('search_text').notNull().default(''),
    lifeEvents: text('life_events').array().notNull().default(sql`'{}'::text[]`),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    draftChangedAt: timestamp('draft_changed_at', { withTimezone: true }).notNull().defaultNow(),
    publishedAt: timestamp('published_at', { withTimezone: true }),
    /** Set when an admin withdraws the service: out of the catalogue, no new applications. */
    withdrawnAt: timestamp('withdrawn_at', { withTimezone: true }),
    searchVector: tsvector('search_vector').generatedAlwaysAs(
      sql`to_tsvector('indonesian'::regconfig, search_text)`,
    ),
  },
  (table) => [
    uniqueIndex('services_agency_slug_key').on(table.agencyId, table.slug),
    index('services_agency_path_idx').on(sql`${table.agencyPath} text_pattern_ops`),
    index('services_region_idx').on(table.regionCode),
    index('services_search_idx').using('gin', table.searchVector),
    index('services_life_events_idx').using('gin', table.lifeEvents),
  ],
);

/** Every published version, never changed: applications keep the version they started with. */
export const serviceVersions = catalogSchema.table(
  'service_versions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    serviceId: uuid('service_id').notNull(),
    version: integer('version').notNull(),
    content: jsonb('content').$type<ServiceContent>().notNull(),
    publishedBy: uuid('published_by'),
    publishedAt: timestamp('published_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [uniqueIndex('service_versions_key').on(table.serviceId, table.version)],
);

/** A citizen's application. Its form values are personal data: stored encrypted as one JSON. */
export const applications = catalogSchema.table(
  'applications',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    referenceNumber: text('reference_number').notNull(),
    serviceId: uuid('service_id').notNull(),
    versionId: uuid('version_id').notNull(),
    version: integer('version').notNull(),
    citizenId: uuid('citizen_id').notNull(),
    agencyId: uuid('agency_id').notNull(),
    agencyPath: text('agency_path').notNull(),
    status: text('status', { enum: ['draf', 'diproses', 'dikembalikan', 'selesai', 'ditolak'] }).notNull(),
    state: text('state'),
    valuesCiphertext: text('values_ciphertext').notNull(),
    prefilled: text('prefilled').array().notNull().default(sql`'{}'::text[]`),
    returnNote: text('return_note'),
    submittedAt: timestamp('submitted_at', { withTimezone: true }),
    stateEnteredAt: timestamp('state_entered_at', { withTimezone: true }),
    stateDueAt: timestamp('state_due_at', { withTimezone: true }),
    dueAt: timestamp('due_at', { withTimezone: true }),
    returnedAt: timestamp('returned_at', { withTimezone: true }),
    completedAt: timestamp('completed_at', { withTimezone: true }),
    resultDocumentId: uuid('result_document_id'),
    /** The life-event bundle this application was filed in, if any. */
    bundleId: uuid('bundle_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [
    uniqueIndex('applications_reference_key').on(table.referenceNumber),
    index('applications_citizen_idx').on(table.citizenId, table.updatedAt),
    index('applications_queue_idx').on(table.status, table.stateDueAt),
    index('applications_agency_path_idx').on(sql`${table.agencyPath} text_pattern_ops`),
    index('applications_bundle_idx').on(table.bundleId),
  ],
);

/**
 * One row per application clock that ran out (`tahap`: the current step's limit, `layanan`: the
 * whole service's); the key is what makes the overdue job notify once per due date.
 */
export const applicationEscalations = catalogSchema.table(
  'application_escalations',
  {
    applicationId: uuid('application_id').notNull(),
    clock: text('clock', { enum: ['tahap', 'layanan'] }).notNull(),
    /** The step it concerned (for `tahap`), or '' for the whole service. */
    state: text('state').notNull(),
    dueAt: timestamp('due_at', { withTimezone: true }).notNull(),
    firedAt: timestamp('fired_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.applicationId, table.clock, table.state, table.dueAt] })],
);

/** A life-event bundle: one submission by a citizen that fans out to several agencies' services. */
export const bundles = catalogSchema.table(
  'bundles',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    referenceNumber: text('reference_number').notNull(),
    citizenId: uuid('citizen_id').notNull(),
    lifeEvent: text('life_event').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (table) => [
    uniqueIndex('bundles_reference_key').on(table.referenceNumber),
    index('bundles_citizen_idx').on(table.citizenId),
  ],
);

/** Documents a citizen uploaded for a requirement; bytes in the platform file store. */
export const uploads = catalogSchema.table(
  'uploads',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    applicationId: uuid('application_id').notNull(),
    requirement: text('requirement').notNull(),
    fileName: text('file_name').notNull(),
    mediaType: text('media_type').notNull(),
    size: integer('size').notNull(),
    sha256: text('sha256').notNull(),
    storageKey: text('storage_key').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index('uploads_application_idx').on(table.applicationId)],
);

/** The application's timeline. */
export const applicationEvents = catalogSchema.table(
  'application_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    applicationId: uuid('application_id').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    kind: text('kind').notNull(),
    fromState: text('from_state'),
    toState: text('to_state'),
    actorId: uuid('actor_id'),
    /** "pemohon", "sistem" or the officer's role. */
    actorRole: text('actor_role').notNull(),
    actorAgencyId: uuid('actor_agency_id'),
    note: text('note'),
  },
  (table) => [index('application_events_application_idx').on(table.applicationId, table.id)],
);

/** Result documents: what was issued, its PDF's hash and the agency's Ed25519 signature over both. */
export const issuedDocuments = catalogSchema.table('issued_documents', {
  id: uuid('id').primaryKey(),
  applicationId: uuid('application_id').notNull(),
  serviceId: uuid('service_id').notNull(),
  agencyId: uuid('agency_id').notNull(),
  /** The canonical JSON that was signed (it names the PDF's SHA-256). */
  payload: text('payload').notNull(),
  pdfSha256: text('pdf_sha256').notNull(),
  signature: text('signature').notNull(),
  keyId: text('key_id').notNull(),
  storageKey: text('storage_key').notNull(),
  issuedAt: timestamp('issued_at', { withTimezone: true }).notNull(),
});

/** One Ed25519 key pair per agency; the private key encrypted with the platform cipher. */
export const agencyKeys = catalogSchema.table(
  'agency_keys',
  {
    keyId: text('key_id').primaryKey(),
    agencyId: uuid('agency_id').notNull(),
    publicKey: text('public_key').notNull(),
    privateKeyCiphertext: text('private_key_ciphertext').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [uniqueIndex('agency_keys_agency_key').on(table.agencyId)],
);

/** Survei Kepuasan Masyarakat: one response per completed application, 9 scores 1–4; no identity. */
export const surveyResponses = catalogSchema.table(
  'survey_responses',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    applicationId: uuid('application_id').notNull(),
    serviceId: uuid('service_id').notNull(),
    agencyPath: text('agency_path').notNull(),
    u1: smallint('u1').notNull(),
    u2: smallint('u2').notNull(),
    u3: smallint('u3').notNull(),
    u4: smallint('u4').notNull(),
    u5: smallint('u5').notNull(),
    u6: smallint('u6').notNull(),
    u7: smallint('u7').notNull(),
    u8: smallint('u8').notNull(),
    u9: smallint('u9').notNull(),
    respondedAt: timestamp('responded_at', { withTimezone: true }).notNull(),
  },
  (table) => [
    uniqueIndex('survey_responses_application_key').on(table.applicationId),
    index('survey_responses_service_idx').on(table.serviceId, table.respondedAt),
    index('survey_responses_agency_idx').on(sql`${table.agencyPath} text_pattern_ops`),
  ],
);
