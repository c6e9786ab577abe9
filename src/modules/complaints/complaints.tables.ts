import { sql } from 'drizzle-orm';
import {
  bigserial,
  boolean,
  customType,
  doublePrecision,
  index,
  integer,
  pgSchema,
  primaryKey,
  real,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { CHANNELS, COMPLAINT_KINDS, PRIVACY_LEVELS, STATUSES } from './complaints.contracts.ts';

export const complaintsSchema = pgSchema('complaints');

const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

/** Sectors for classifying reports; admins add and rename them. */
export const categories = complaintsSchema.table('categories', {
  code: text('code').primaryKey(),
  name: text('name').notNull(),
  nameEn: text('name_en').notNull(),
  /** Reports in this sector are complaints "berkadar pengawasan" by default (60 working days). */
  isOversight: boolean('is_oversight').notNull().default(false),
  isActive: boolean('is_active').notNull().default(true),
});

/**
 * One report. It holds no identity of its reporter: that link lives in `reporters`, which only
 * the reporter's own look-ups and the notifier read.
 */
export const complaints = complaintsSchema.table(
  'complaints',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    trackingId: text('tracking_id').notNull(),
    kind: text('kind', { enum: COMPLAINT_KINDS }).notNull(),
    isOversight: boolean('is_oversight').notNull().default(false),
    title: text('title').notNull(),
    description: text('description').notNull(),
    privacy: text('privacy', { enum: PRIVACY_LEVELS }).notNull(),
    channel: text('channel', { enum: CHANNELS }).notNull(),
    status: text('status', { enum: STATUSES }).notNull(),
    categoryCode: text('category_code'),
    regionCode: text('region_code').notNull(),
    lat: doublePrecision('lat'),
    lng: doublePrecision('lng'),
    address: text('address'),
    suggestedAgencyId: uuid('suggested_agency_id'),
    /** Handling agency and unit with their tree paths, copied at disposition for scope checks. */
    agencyId: uuid('agency_id'),
    agencyPath: text('agency_path'),
    unitId: uuid('unit_id'),
    unitPath: text('unit_path'),
    recordedBy: uuid('recorded_by'),
    submittedAt: timestamp('submitted_at', { withTimezone: true }).notNull(),
    dispositionedAt: timestamp('dispositioned_at', { withTimezone: true }),
    planPostedAt: timestamp('plan_posted_at', { withTimezone: true }),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    verificationDueAt: timestamp('verification_due_at', { withTimezone: true }),
    planDueAt: timestamp('plan_due_at', { withTimezone: true }),
    completionDueAt: timestamp('completion_due_at', { withTimezone: true }),
    autoCloseDueAt: timestamp('auto_close_due_at', { withTimezone: true }),
    /** While waiting for the reporter: when the clock stopped, and the state to return to. */
    pausedAt: timestamp('paused_at', { withTimezone: true }),
    statusBeforePause: text('status_before_pause', { enum: STATUSES }),
    archiveReason: text('archive_reason'),
    reopenCount: integer('reopen_count').notNull().default(0),
    ratingScore: smallint('rating_score'),
    ratingComment: text('rating_comment'),
    overdueAt: timestamp('overdue_at', { withTimezone: true }),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    searchVector: tsvector('search_vector').generatedAlwaysAs(
      sql`to_tsvector('indonesian'::regconfig, title || ' ' || description)`,
    ),
  },
  (table) => [
    uniqueIndex('complaints_tracking_id_key').on(table.trackingId),
    index('complaints_status_idx').on(table.status, table.submittedAt),
    index('complaints_agency_path_idx').on(sql`${table.agencyPath} text_pattern_ops`),
    index('complaints_unit_path_idx').on(sql`${table.unitPath} text_pattern_ops`),
    index('complaints_region_idx').on(sql`${table.regionCode} text_pattern_ops`),
    index('complaints_submitted_idx').on(table.submittedAt),
    /** The statistics module picks up changed reports by this column (see complaints.facts.ts). */
    index('complaints_updated_idx').on(table.updatedAt),
    index('complaints_search_idx').using('gin', table.searchVector),
    /** Similar reports and duplicate groups look only at one regency's reports of a recent period. */
    index('complaints_regency_submitted_idx').on(sql`left(${table.regionCode}, 5)`, table.submittedAt),
  ],
);

/** Who reported (and who joined as co-reporter). Read only for the reporter and the notifier. */
export const reporters = complaintsSchema.table(
  'reporters',
  {
    complaintId: uuid('complaint_id').notNull(),
    userId: uuid('user_id').notNull(),
    isPrimary: boolean('is_primary').notNull().default(true),
    joinedAt: timestamp('joined_at', { withTimezone: true }).notNull().defaultNow(),
    /**
     * For a party brought in by a merge: the duplicate report they came from, so that undoing
     * the merge removes exactly them. Null for the filer and for citizens who joined themselves.
     */
    sourceComplaintId: uuid('source_complaint_id'),
  },
  (table) => [
    primaryKey({ columns: [table.complaintId, table.userId] }),
    index('reporters_user_idx').on(table.userId),
    index('reporters_source_idx').on(table.sourceComplaintId),
  ],
);

/**
 * A duplicate report merged into a primary one, and what the duplicate was before, so that the
 * merge can be undone. At most one merge per duplicate is in force (unmergedAt null).
 */
export const merges = complaintsSchema.table(
  'merges',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    primaryId: uuid('primary_id').notNull(),
    duplicateId: uuid('duplicate_id').notNull(),
    mergedAt: timestamp('merged_at', { withTimezone: true }).notNull(),
    mergedBy: uuid('merged_by').notNull(),
    note: text('note').notNull(),
    /** The duplicate's state before the merge, restored by an unmerge. */
    previousStatus: text('previous_status', { enum: STATUSES }).notNull(),
    previousArchiveReason: text('previous_archive_reason'),
    previousClosedAt: timestamp('previous_closed_at', { withTimezone: true }),
    unmergedAt: timestamp('unmerged_at', { withTimezone: true }),
    unmergedBy: uuid('unmerged_by'),
  },
  (table) => [
    uniqueIndex('merges_active_duplicate_key').on(table.duplicateId).where(sql`${table.unmergedAt} is null`),
    index('merges_primary_idx').on(table.primaryId),
  ],
);

/**
 * Near-duplicate candidates, stored so that officers' groups are a read, not a quadratic search:
 * two reports of one regency filed at most 90 days apart whose text score is at least the group
 * threshold (first_id < second_id). Kept whatever the reports' state: who may see a pair and
 * whether it is still open is decided when reading. Gone with either report.
 */
export const duplicatePairs = complaintsSchema.table(
  'duplicate_pairs',
  {
    firstId: uuid('first_id')
      .notNull()
      .references(() => complaints.id, { onDelete: 'cascade' }),
    secondId: uuid('second_id')
      .notNull()
      .references(() => complaints.id, { onDelete: 'cascade' }),
    score: real('score').notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.firstId, table.secondId] }),
    index('duplicate_pairs_second_idx').on(table.secondId),
  ],
);

/**
 * Reports whose pairs are still to be computed: filed, edited (title, description, region) or open
 * and public again. Filled by a trigger on complaints (migration), emptied by the pairs job and
 * before groups are read.
 */
export const duplicatePairQueue = complaintsSchema.table('duplicate_pair_queue', {
  complaintId: uuid('complaint_id')
    .primaryKey()
    .references(() => complaints.id, { onDelete: 'cascade' }),
  queuedAt: timestamp('queued_at', { withTimezone: true }).notNull().defaultNow(),
});

/** Every status change and message, in order: the timeline. */
export const events = complaintsSchema.table(
  'events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    complaintId: uuid('complaint_id').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    kind: text('kind').notNull(),
    fromStatus: text('from_status', { enum: STATUSES }),
    toStatus: text('to_status', { enum: STATUSES }),
    actorId: uuid('actor_id'),
    /** "pelapor", "sistem" or the officer's role. */
    actorRole: text('actor_role').notNull(),
    /** The agency the officer acted for; shown instead of a person's name. */
    actorAgencyId: uuid('actor_agency_id'),
    /** The agency the event concerns (a bounce or transfer counts against it). */
    agencyId: uuid('agency_id'),
    note: text('note'),
  },
  (table) => [
    index('events_complaint_idx').on(table.complaintId, table.id),
    index('events_kind_idx').on(table.kind),
  ],
);

/** Same Idempotency-Key from the same account → the same report. */
export const idempotencyKeys = complaintsSchema.table(
  'idempotency_keys',
  {
    actorId: uuid('actor_id').notNull(),
    key: text('key').notNull(),
    complaintId: uuid('complaint_id').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.actorId, table.key] })],
);

/** One row per clock that ran out; the unique key is what makes an escalation fire once. */
export const escalations = complaintsSchema.table(
  'escalations',
  {
    complaintId: uuid('complaint_id').notNull(),
    stage: text('stage', { enum: ['verifikasi', 'rencana', 'penyelesaian'] }).notNull(),
    /** Which due date ran out (a transfer restarts the clock and may escalate again). */
    dueAt: timestamp('due_at', { withTimezone: true }).notNull(),
    firedAt: timestamp('fired_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.complaintId, table.stage, table.dueAt] })],
);

/** Photos and PDFs attached by the reporter or the handling officers; the bytes live in the file store. */
export const attachments = complaintsSchema.table(
  'attachments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    complaintId: uuid('complaint_id').notNull(),
    /** Null for an anonymous reporter: only `reporters` links a person to a report. */
    uploadedBy: uuid('uploaded_by'),
    /** "pelapor" or the officer's role: shown instead of a person. */
    uploaderRole: text('uploader_role').notNull(),
    fileName: text('file_name').notNull(),
    mediaType: text('media_type').notNull(),
    size: integer('size').notNull(),
    sha256: text('sha256').notNull(),
    storageKey: text('storage_key').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [index('attachments_complaint_idx').on(table.complaintId)],
);
