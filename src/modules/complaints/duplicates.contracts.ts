import { z } from 'zod';
import { Note, RegionCode, Status } from './complaints.contracts.ts';

/**
 * Similar open public reports for a citizen who is writing one. Sent as a POST body: what is being
 * typed is the citizen's own words and must not end up in URLs or access logs.
 */
export const SimilarReportsQuery = z
  .strictObject({
    title: z.string().trim().max(200).default(''),
    description: z.string().trim().max(8000).default(''),
    regionCode: RegionCode,
  })
  .refine((query) => `${query.title} ${query.description}`.trim().length >= 8, {
    path: ['title'],
    message: 'Tulis sedikitnya 8 karakter judul atau isi / Write at least 8 characters of title or text',
  });
export type SimilarReportsQuery = z.infer<typeof SimilarReportsQuery>;

/** How close the other report is: same village (kelurahan), district (kecamatan) or regency. */
export const AREA_MATCHES = ['kelurahan', 'kecamatan', 'kabupaten'] as const;

export const SimilarReport = z.object({
  trackingId: z.string(),
  title: z.string(),
  excerpt: z.string(),
  publicStatus: z.string(),
  regionCode: z.string(),
  regionName: z.string().nullable(),
  submittedAt: z.string(),
  /** 0–1: how alike the texts are (title trigrams and shared stemmed words). */
  score: z.number(),
  sameArea: z.enum(AREA_MATCHES),
  /** How many citizens follow it (the filer, co-reporters, reporters of merged duplicates); never who. */
  reporterCount: z.number(),
  /** The caller filed it. */
  isYours: z.boolean(),
  /** The caller already joined it (or was brought in by a merge). */
  hasJoined: z.boolean(),
});
export type SimilarReport = z.infer<typeof SimilarReport>;

export const Joined = z.object({ trackingId: z.string(), reporterCount: z.number() });
export type Joined = z.infer<typeof Joined>;

export const MergeComplaints = z.strictObject({
  /** Tracking IDs of the duplicates to merge into the report of the path. */
  duplicates: z.array(z.string().trim().min(1).max(40)).min(1).max(20),
  note: Note,
});
export type MergeComplaints = z.infer<typeof MergeComplaints>;

export const UnmergeComplaint = z.strictObject({ note: Note });
export type UnmergeComplaint = z.infer<typeof UnmergeComplaint>;

export const DuplicateGroupsQuery = z.strictObject({
  /** Reports filed at most this many days apart count as one event. */
  windowDays: z.coerce.number().int().min(1).max(90).default(14),
  /** Only reports of this regency (or of the regency of this district or village code). */
  regionCode: RegionCode.optional(),
  /** Groups come best first, `GROUPS_PER_PAGE` a page. */
  page: z.coerce.number().int().min(1).max(1000).default(1),
});
export type DuplicateGroupsQuery = z.infer<typeof DuplicateGroupsQuery>;

export const DuplicateCandidate = z.object({
  trackingId: z.string(),
  title: z.string(),
  excerpt: z.string(),
  status: Status,
  publicStatus: z.string(),
  privacy: z.enum(['publik', 'anonim']),
  regionCode: z.string(),
  regionName: z.string().nullable(),
  agency: z.string().nullable(),
  submittedAt: z.string(),
  reporterCount: z.number(),
});
export type DuplicateCandidate = z.infer<typeof DuplicateCandidate>;

export const DuplicateGroup = z.object({
  /** The closest pair's score in the group, 0–1. */
  score: z.number(),
  /** The report to keep: the one furthest along in handling, then the oldest. */
  suggestedPrimary: z.string(),
  reports: z.array(DuplicateCandidate),
});
export type DuplicateGroup = z.infer<typeof DuplicateGroup>;

export const GROUPS_PER_PAGE = 50;

export const DuplicateGroupsPage = z.object({
  groups: z.array(DuplicateGroup),
  /** Groups found among all open public reports in reach (not only this page's). */
  total: z.number(),
  page: z.number(),
  pageSize: z.number(),
});
export type DuplicateGroupsPage = z.infer<typeof DuplicateGroupsPage>;
