/**
 * The API's shapes, taken from the server's Zod contracts (types only: nothing of the server is
 * bundled). Convention 4: one schema, one name, shared by server and web.
 */
import type { z } from 'zod';
import type {
  ActionName,
  Category as CategorySchema,
  ComplaintAction,
  ComplaintKind,
  ComplaintView,
  Privacy,
  PublicComplaint as PublicComplaintSchema,
  PublicStatus,
  QueueItem as QueueItemSchema,
  QueueQuery,
  Status,
  SubmitComplaint,
  TimelineEntry as TimelineEntrySchema,
} from '../../src/modules/complaints/complaints.contracts.ts';
import type {
  AgencySummary,
  CreateOfficer,
  CreateUnit,
  CurrentUser,
  Officer,
  RegisterCitizen,
  Registered as RegisteredSchema,
  Role,
  SessionCreated as SessionCreatedSchema,
} from '../../src/modules/identity/identity.contracts.ts';
import type { AuditRecord } from '../../src/platform/audit/audit.ts';
import type { Problem } from '../../src/platform/http/errors.ts';

export type { AgencySummary, CreateOfficer, CreateUnit, CurrentUser, Officer, RegisterCitizen, Role };
export type Registered = z.infer<typeof RegisteredSchema>;
export type SessionCreated = z.infer<typeof SessionCreatedSchema>;

/** GET /api/v1/me: the current user and the CSRF token of a cookie session. */
export type Me = CurrentUser & { csrfToken: string };

export type LoginInput = { email: string; password: string } | { nik: string; password: string };

export type { Problem };

export type MailSummary = {
  id: string;
  recipient: string;
  subject: string;
  createdAt: string;
  sentAt: string | null;
  deliveredTo: string | null;
  lastError: string | null;
};
export type MailMessage = MailSummary & { bodyText: string };

/** GET /admin/audit: one entry of the chain, `at` as ISO text. */
export type AuditEntry = Omit<AuditRecord, 'at'> & { id: number; at: string };

export type Items<T> = { items: T[] };

/** A record keyed by Role, so a role added to the contracts fails the type check until listed here. */
const roleOrder: Record<Role, number> = {
  sysadmin: 0,
  'admin-nasional': 1,
  'admin-instansi': 2,
  penghubung: 3,
  pengawas: 4,
};
export const ROLE_LIST = (Object.keys(roleOrder) as Role[]).sort((a, b) => roleOrder[a] - roleOrder[b]);

// ---------------------------------------------------------------------------------------------
// Complaints (SP4N-LAPOR!)

export type {
  ActionName,
  ComplaintAction,
  ComplaintKind,
  ComplaintView,
  Privacy,
  PublicStatus,
  Status,
  SubmitComplaint,
};
export type Category = z.infer<typeof CategorySchema>;
export type PublicComplaint = z.infer<typeof PublicComplaintSchema>;
export type QueueItem = z.infer<typeof QueueItemSchema>;
export type QueueName = QueueQuery['queue'];
export type TimelineEntry = z.infer<typeof TimelineEntrySchema>;
export type Attachment = ComplaintView['attachments'][number];
export type ArchiveReason = Extract<ComplaintAction, { action: 'arsipkan' }>['reason'];

/** POST /complaints → 201 (or 200 when the Idempotency-Key was seen before). */
export type ComplaintSubmitted = {
  trackingId: string;
  status: Status;
  publicStatus: PublicStatus;
  dueAt: string;
  submittedAt: string;
};

/** GET /public/complaints: one report of the public feed. */
export type PublicFeedItem = {
  trackingId: string;
  kind: ComplaintKind;
  title: string;
  excerpt: string;
  publicStatus: PublicStatus;
  categoryCode: string | null;
  regionCode: string;
  agency: string | null;
  submittedAt: string;
};

export type PageOf<T> = { items: T[]; total: number; page: number; pageSize: number };

/** GET /public/complaints: counted up to 1,000; past that `totalExact` is false (more than `total`). */
export type PublicFeedPage = PageOf<PublicFeedItem> & { totalExact: boolean; hasMore: boolean };

/** GET /regions: a Kemendagri area (level 1 province … 4 village). */
export type Region = { code: string; name: string; level: number; parentCode: string | null };

// Public statistics
import type {
  BreakdownRow as BreakdownRowSchema,
  StatisticsOverview as StatisticsOverviewSchema,
} from '../../src/modules/statistics/statistics.contracts.ts';

export type BreakdownRow = z.infer<typeof BreakdownRowSchema>;
export type StatisticsOverview = z.infer<typeof StatisticsOverviewSchema>;
