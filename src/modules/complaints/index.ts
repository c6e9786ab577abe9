export { seedCategories } from './categories.seed.ts';
export * from './complaints.contracts.ts';
export { ComplaintErrors } from './complaints.errors.ts';
export {
  type ComplaintFactSource,
  type ExportedComplaint,
  type ExportedEvent,
  listComplaintsForExport,
  scanComplaintFacts,
} from './complaints.facts.ts';
export { listCategories as listCategoryRows } from './complaints.repository.ts';
export { complaintRoutes } from './complaints.routes.ts';
export { type ComplaintsContext, runComplaintClocks } from './complaints.service.ts';
export { type ScaleSeedOptions, seedScaleReports } from './scale-seed.ts';
