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
} as const;
export type Scope = (typeof Scopes)[keyof typeof Scopes];

const CITIZEN_SCOPES: Scope[] = [Scopes.self];

export const ROLE_SCOPES: Record<Role, Scope[]> = {
  sysadmin: Object.values(Scopes),
  'admin-nasional': [Scopes.self, Scopes.agenciesManage, Scopes.officersRead, Scopes.officersManage],
  'admin-instansi': [
    Scopes.self,
    Scopes.agenciesManage,
    Scopes.officersRead,
    Scopes.officersManage,
    Scopes.tokensManage,
  ],
  penghubung: [Scopes.self, Scopes.officersRead],
  pengawas: [Scopes.self, Scopes.officersRead, Scopes.auditRead],
};

export function scopesFor(role: Role | null): Scope[] {
  return role ? ROLE_SCOPES[role] : CITIZEN_SCOPES;
}

/** Roles an actor may grant: never one above their own. */
export function grantableRoles(role: Role | null): Role[] {
  switch (role) {
    case 'sysadmin':
      return ['sysadmin', 'admin-nasional', 'admin-instansi', 'penghubung', 'pengawas'];
    case 'admin-nasional':
      return ['admin-nasional', 'admin-instansi', 'penghubung', 'pengawas'];
    case 'admin-instansi':
      return ['admin-instansi', 'penghubung', 'pengawas'];
    default:
      return [];
  }
}

/**
 * National roles act on every agency; a pengawas of a central agency (Ombudsman, KemenPANRB)
 * oversees all of them; everyone else is limited to their own agency's subtree.
 */
export function hasNationalScope(role: Role | null, agencyKind: string | null): boolean {
  if (role === 'sysadmin' || role === 'admin-nasional') return true;
  return role === 'pengawas' && agencyKind === 'pusat';
}
