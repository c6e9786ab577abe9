import { describe, expect, it } from 'vitest';
import { ROLES } from './identity.contracts.ts';
import { grantableRoles, ROLE_SCOPES } from './identity.scopes.ts';

describe('who may grant which role', () => {
  it('never lets an officer other than the system administrator pass on a scope they lack', () => {
    for (const granter of ROLES.filter((role) => role !== 'sysadmin')) {
      const held = new Set(ROLE_SCOPES[granter]);
      for (const granted of grantableRoles(granter)) {
        expect(
          ROLE_SCOPES[granted].filter((scope) => !held.has(scope)),
          `${granter} → ${granted}`,
        ).toEqual([]);
      }
    }
  });

  it('lets admins staff their agencies: admin-nasional any agency role, admin-instansi the roles below it', () => {
    expect(grantableRoles('admin-nasional')).toEqual([
      'admin-nasional',
      'admin-instansi',
      'penghubung',
      'pengawas',
    ]);
    expect(grantableRoles('admin-instansi')).toEqual(['admin-instansi', 'penghubung', 'pengawas']);
    expect(grantableRoles('penghubung')).toEqual([]);
    expect(grantableRoles('pengawas')).toEqual([]);
    expect(grantableRoles(null)).toEqual([]);
    expect(grantableRoles('sysadmin')).toContain('admin-nasional');
  });
});
