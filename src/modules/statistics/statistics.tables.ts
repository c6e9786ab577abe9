import {
  boolean,
  date,
  index,
  integer,
  pgSchema,
  primaryKey,
  smallint,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';

export const statisticsSchema = pgSchema('statistics');

/**
 * What each report contributes to the statistics, derived from the complaints module's rows by
 * the refresh (statistics.service.ts). One row for the report's current agency (`isReport`), and
 * one more for each other agency that bounced or transferred it away (counted against that one).
 * Keys use '' for "none" so that they can sit in primary keys.
 */
export const reportFacts = statisticsSchema.table(
  'report_facts',
  {
    complaintId: uuid('complaint_id').notNull(),
    agencyKey: text('agency_key').notNull(),
    month: date('month').notNull(),
    regionKey: text('region_key').notNull(),
    categoryKey: text('category_key').notNull(),
    kind: text('kind').notNull(),
    status: text('status').notNull(),
    isReport: boolean('is_report').notNull(),
    isVerified: boolean('is_verified').notNull(),
    isVerifiedInTime: boolean('is_verified_in_time').notNull(),
    verifyDays: integer('verify_days'),
    /** Completed, or still open after its completion due date: the reports whose outcome is known. */
    isCompletionDue: boolean('is_completion_due').notNull(),
    isCompletedInTime: boolean('is_completed_in_time').notNull(),
    completeDays: integer('complete_days'),
    /** Open, not yet due: when this passes, the refresh looks at the report again. */
    openDueAt: timestamp('open_due_at', { withTimezone: true }),
    isReopened: boolean('is_reopened').notNull(),
    isConfirmed: boolean('is_confirmed').notNull(),
    isClosedBySilence: boolean('is_closed_by_silence').notNull(),
    rating: smallint('rating'),
    bounces: integer('bounces').notNull(),
    transfers: integer('transfers').notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.complaintId, table.agencyKey] }),
    index('report_facts_region_idx').on(table.regionKey, table.month),
    index('report_facts_open_due_idx').on(table.openDueAt),
  ],
);

/**
 * Sums of report_facts by month × agency × region, once per breakdown: dimension 'all' (value '')
 * carries every measure; 'status', 'kind' and 'category' carry the count per value. Maintained
 * with the facts in the same transaction: old contribution subtracted, new one added.
 */
export const rollup = statisticsSchema.table(
  'rollup',
  {
    dimension: text('dimension').notNull(),
    value: text('value').notNull(),
    month: date('month').notNull(),
    agencyKey: text('agency_key').notNull(),
    regionKey: text('region_key').notNull(),
    reports: integer('reports').notNull().default(0),
    verified: integer('verified').notNull().default(0),
    verifiedInTime: integer('verified_in_time').notNull().default(0),
    completionDue: integer('completion_due').notNull().default(0),
    completedInTime: integer('completed_in_time').notNull().default(0),
    reopened: integer('reopened').notNull().default(0),
    confirmed: integer('confirmed').notNull().default(0),
    closedBySilence: integer('closed_by_silence').notNull().default(0),
    ratings: integer('ratings').notNull().default(0),
    ratingSum: integer('rating_sum').notNull().default(0),
    bounces: integer('bounces').notNull().default(0),
    transfers: integer('transfers').notNull().default(0),
  },
  (table) => [
    primaryKey({ columns: [table.dimension, table.value, table.month, table.agencyKey, table.regionKey] }),
    index('rollup_agency_idx').on(table.agencyKey, table.dimension, table.month),
  ],
);

/** Working days to verify / to complete, counted per month × agency: the medians come from here. */
export const durations = statisticsSchema.table(
  'durations',
  {
    stage: text('stage', { enum: ['verifikasi', 'penyelesaian'] }).notNull(),
    month: date('month').notNull(),
    agencyKey: text('agency_key').notNull(),
    days: integer('days').notNull(),
    reports: integer('reports').notNull().default(0),
  },
  (table) => [primaryKey({ columns: [table.stage, table.agencyKey, table.month, table.days] })],
);

/** Where the last refresh got to (one row). */
export const refreshState = statisticsSchema.table('refresh_state', {
  id: smallint('id').primaryKey(),
  refreshedUntil: timestamp('refreshed_until', { withTimezone: true }).notNull(),
});
