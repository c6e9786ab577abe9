import type { Role } from './identity.contracts.ts';

/** Scopes a route can require. Roles are bundles of them; agency limits are checked by services. */
export const Scopes = {
  self: 'self',
  agenciesManage: 'agencies:manage',
  officersRead: 'officers:read',
  officersManage: 'officers:manage',
  tokensManage: 'tokens:manage',
  auditRead: 'audit:read',
  mailboxRead: 'mailbox:read',
  calendarManage: 'calendar:manage',
  /** Citizens: file reports, follow their own. */
  complaintsSubmit: 'complaints:submit',
  /** Officers: record a report received at a counter, by letter or by telephone. */
  complaintsRecord: 'complaints:record',
  /** Officers who act on reports (which ones, and how, the complaint rules decide). */
  complaintsHandle: 'complaints:handle',
  /** Officers who read reports within their scope, including oversight. */
  complaintsRead: 'complaints:read',
  categoriesManage: 'categories:manage',
  /** Issue and revoke the Open311 API keys of agency systems and civic apps. */
  apikeysManage: 'apikeys:manage',
  /** Agency admins: write and publish their agencies' services (catalog). */
  catalogManage: 'catalog:manage',
  /** Citizens: apply for services, follow their applications, answer the satisfaction survey. */
  applicationsSubmit: 'applications:submit',
  /** Officers who work applications (which steps, the service's workflow decides). */
  applicationsProcess: 'applications:process',
  /** Routing models: list, activate, roll back; routing accuracy. */
  insightsManage: 'insights:manage',
} as const;
export type Scope = (typeof Scopes)[keyof typeof Scopes];

const CITIZEN_SCOPES: Scope[] = [Scopes.self, Scopes.complaintsSubmit, Scopes.applicationsSubmit];

/** Least privilege: the system administrator runs the platform but handles no reports. */
export const ROLE_SCOPES: Record<Role, Scope[]> = {
  sysadmin: [
    Scopes.self,
    Scopes.agenciesManage,
    Scopes.officersRead,
    Scopes.officersManage,
    Scopes.tokensManage,
    Scopes.auditRead,
    Scopes.mailboxRead,
    Scopes.calendarManage,
    Scopes.categoriesManage,
    Scopes.apikeysManage,
    Scopes.insightsManage,
  ],
  'admin-nasional': [
    Scopes.self,
    Scopes.agenciesManage,
    Scopes.officersRead,
    Scopes.officersManage,
    Scopes.tokensManage,
    Scopes.calendarManage,
    Scopes.categoriesManage,
    Scopes.complaintsRead,
    Scopes.complaintsHandle,
    Scopes.complaintsRecord,
    Scopes.apikeysManage,
    Scopes.catalogManage,
    Scopes.applicationsProcess,
    Scopes.insightsManage,
  ],
  'admin-instansi': [
    Scopes.self,
    Scopes.agenciesManage,
    Scopes.officersRead,
    Scopes.officersManage,
    Scopes.tokensManage,
    Scopes.complaintsRead,
    Scopes.complaintsHandle,
    Scopes.complaintsRecord,
    Scopes.catalogManage,
    Scopes.applicationsProcess,
  ],
  penghubung: [
    Scopes.self,
    Scopes.officersRead,
    Scopes.complaintsRead,
    Scopes.complaintsHandle,
    Scopes.complaintsRecord,
    Scopes.applicationsProcess,
  ],
  // Oversight reads reports in its scope; the platform-wide audit trail stays with the system administrator.
  pengawas: [Scopes.self, Scopes.officersRead, Scopes.complaintsRead],
};

export function scopesFor(role: Role | null): Scope[] {
  return role ? ROLE_SCOPES[role] : CITIZEN_SCOPES;
}

const BELOW: Record<Role, Role[]> = {
  sysadmin: ['sysadmin', 'admin-nasional', 'admin-instansi', 'penghubung', 'pengawas'],
  'admin-nasional': ['admin-nasional', 'admin-instansi', 'penghubung', 'pengawas'],
  'admin-instansi': ['admin-instansi', 'penghubung', 'pengawas'],
  penghubung: [],
  pengawas: [],
};

/**
 * Roles an actor may grant: never one above their own, and never one holding a scope the actor
 * lacks, so a new scope cannot be passed on by accident. The system administrator, who sets up
 * the first admins, is the one exception (it handles no reports itself).
 */
export function grantableRoles(role: Role | null): Role[] {
  if (!role) return [];
  if (role === 'sysadmin') return BELOW.sysadmin;
  const held = new Set<Scope>(ROLE_SCOPES[role]);
  return BELOW[role].filter((candidate) => ROLE_SCOPES[candidate].every((scope) => held.has(scope)));
}

/**
 * National roles act on every agency; a pengawas of a central agency (Ombudsman, KemenPANRB)
 * oversees all of them; everyone else is limited to their own agency's subtree.
 */
export function hasNationalScope(role: Role | null, agencyKind: string | null): boolean {
  if (role === 'sysadmin' || role === 'admin-nasional') return true;
  return role === 'pengawas' && agencyKind === 'pusat';
}
