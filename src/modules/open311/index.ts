export * from './open311.contracts.ts';
export { Open311Errors } from './open311.errors.ts';
export { apiKeyRoutes, open311Routes } from './open311.routes.ts';
export {
  issueApiKey,
  listApiKeys,
  type Open311Context,
  revokeApiKey,
} from './open311.service.ts';
