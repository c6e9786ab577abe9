export { aktaKelahiranService, jknBayiService, kartuKeluargaKelahiranService } from './akta-kelahiran.ts';
export * from './catalog.contracts.ts';
export { CatalogErrors } from './catalog.errors.ts';
export { catalogRoutes } from './catalog.routes.ts';
export {
  type CatalogContext,
  createService,
  ensurePublishedService,
  publishService,
  runApplicationClocks,
} from './catalog.service.ts';
