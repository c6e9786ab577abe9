import { z } from 'zod';

/** Cells counting fewer reports than this are shown as "<5" (see README.md: small counts). */
export const SUPPRESSION_THRESHOLD = 5;

const Month = z
  .string()
  .trim()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'YYYY-MM');

const Filters = z.strictObject({
  from: Month.optional().describe('First month of filing, YYYY-MM'),
  to: Month.optional().describe('Last month of filing, YYYY-MM'),
  regionCode: z
    .string()
    .trim()
    .regex(/^\d{2}(\.\d{2})?$/, 'province (35) or regency/city (35.78)')
    .optional(),
  agencyCode: z.string().trim().min(2).max(200).optional(),
});

const periodInOrder: [
  (query: { from?: string | undefined; to?: string | undefined }) => boolean,
  { message: string; path: string[] },
] = [
  (query) => !query.from || !query.to || query.from <= query.to,
  { message: 'from must not be after to', path: ['to'] },
];

/** Filters of every public statistic: period by month of filing, region (province or regency/city), agency. */
export const StatisticsQuery = Filters.refine(...periodInOrder);
export type StatisticsQuery = z.infer<typeof StatisticsQuery>;

export const STATISTICS_TABLES = [
  'status',
  'kind',
  'category',
  'agency',
  'region',
  'month',
  'league',
] as const;
export const StatisticsTable = z.enum(STATISTICS_TABLES);
export type StatisticsTable = z.infer<typeof StatisticsTable>;

export const TableQuery = Filters.extend({ format: z.enum(['json', 'csv']).default('json') }).refine(
  ...periodInOrder,
);

/** A count; null when it is suppressed (shown as "<5"). */
const Count = z.number().int().nullable();

export const BreakdownRow = z.object({ key: z.string(), label: z.string(), count: Count });
export type BreakdownRow = z.infer<typeof BreakdownRow>;

export const LeagueRow = z.object({
  agencyCode: z.string(),
  agencyName: z.string(),
  reports: Count,
  /** Percent of reports verified within 3 working days of filing (null: fewer than 5 to judge). */
  verifiedInTimePercent: z.number().nullable(),
  /** Percent of reports completed within their working-day limit, of those completed or past it. */
  completedInTimePercent: z.number().nullable(),
  medianDaysToVerify: z.number().nullable(),
  medianDaysToComplete: z.number().nullable(),
  bounces: Count,
  transfers: Count,
  reopened: Count,
  confirmed: Count,
  closedBySilence: Count,
  averageRating: z.number().nullable(),
});
export type LeagueRow = z.infer<typeof LeagueRow>;

export const StatisticsOverview = z.object({
  filters: z.object({
    from: z.string().nullable(),
    to: z.string().nullable(),
    regionCode: z.string().nullable(),
    agencyCode: z.string().nullable(),
  }),
  threshold: z.number(),
  total: Count,
  tables: z.object({
    status: z.array(BreakdownRow),
    kind: z.array(BreakdownRow),
    category: z.array(BreakdownRow),
    agency: z.array(BreakdownRow),
    region: z.array(BreakdownRow),
    month: z.array(BreakdownRow),
  }),
  league: z.array(LeagueRow),
  refreshedAt: z.string().nullable(),
});
export type StatisticsOverview = z.infer<typeof StatisticsOverview>;

export const ExportQuery = z
  .strictObject({
    format: z.enum(['csv', 'xlsx']).default('csv'),
    from: z.iso.date().optional().describe('Filed on or after (YYYY-MM-DD, WIB)'),
    to: z.iso.date().optional().describe('Filed on or before (YYYY-MM-DD, WIB)'),
  })
  .refine((query) => !query.from || !query.to || query.from <= query.to, {
    message: 'from must not be after to',
    path: ['to'],
  });
export type ExportQuery = z.infer<typeof ExportQuery>;
