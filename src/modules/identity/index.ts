export { agencySeedVersion, importAgencies, seedAgencies } from './agencies.seed.ts';
export { countAccounts, ensureInitialAdmin } from './bootstrap.ts';
export * from './identity.contracts.ts';
export { IdentityErrors } from './identity.errors.ts';
export { identityRoutes } from './identity.routes.ts';
export { type Scope, Scopes } from './identity.scopes.ts';
export {
  type AgencyRef,
  actorReachesAgency,
  createCitizenByOperator,
  createOfficer,
  findAgencies,
  findCitizenIdByEmail,
  findCitizenProfile,
  findNotificationContacts,
  findUserContact,
  getAgency,
  type IdentityContext,
  listAgencies,
  listOfficersToNotify,
  resolveSessionToken,
  setPasswordByOperator,
} from './identity.service.ts';
export { checkNik, maskNik } from './nik.ts';
