import {
  bigserial,
  boolean,
  doublePrecision,
  index,
  jsonb,
  pgSchema,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import type { ModelMetadata, SuggestedLabel } from './insights.contracts.ts';

export const insightsSchema = pgSchema('insights');

/** Trained routing models known to the platform; the files live in DATA_DIR/models/<kind>/<version>/. */
export const models = insightsSchema.table(
  'models',
  {
    kind: text('kind', { enum: ['agency', 'category'] }).notNull(),
    version: text('version').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    createdBy: uuid('created_by'),
    metadata: jsonb('metadata').$type<ModelMetadata>().notNull(),
  },
  (table) => [primaryKey({ columns: [table.kind, table.version] })],
);

/** Every switch of the active model, in order: the latest row per kind is the active one. */
export const activations = insightsSchema.table(
  'activations',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    kind: text('kind', { enum: ['agency', 'category'] }).notNull(),
    version: text('version').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    actorId: uuid('actor_id'),
    reason: text('reason', { enum: ['activate', 'rollback', 'retrain', 'install'] }).notNull(),
  },
  (table) => [index('activations_kind_idx').on(table.kind, table.id)],
);

/**
 * What the verifying officer was shown for a report (first showing), and what was then decided:
 * the basis of "routing accuracy over time".
 */
export const suggestions = insightsSchema.table(
  'suggestions',
  {
    trackingId: text('tracking_id').primaryKey(),
    agencyModelVersion: text('agency_model_version'),
    categoryModelVersion: text('category_model_version'),
    agencies: jsonb('agencies').$type<SuggestedLabel[]>().notNull(),
    categories: jsonb('categories').$type<SuggestedLabel[]>().notNull(),
    topConfidence: doublePrecision('top_confidence'),
    shownAt: timestamp('shown_at', { withTimezone: true }).notNull(),
    /** The agency (or unit) the report was finally routed to, by agency code. */
    routedTo: text('routed_to'),
    routedAt: timestamp('routed_at', { withTimezone: true }),
    /** Top suggestion = where it went; null until routed. */
    isFollowed: boolean('is_followed'),
    isInTop3: boolean('is_in_top3'),
    isAutomatic: boolean('is_automatic').notNull().default(false),
  },
  (table) => [index('suggestions_routed_idx').on(table.routedAt)],
);
