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
export {
  type ComplaintChange,
  type ComplaintListener,
  listRoutedComplaintsForTraining,
  onComplaintChange,
} from './complaints.hooks.ts';
export {
  checkReporterIdentityReadable,
  findPublicRecords,
  listPublicRecords,
  type PublicRecord,
  receivePartnerComplaint,
} from './complaints.partners.ts';
export { complaintRoutes } from './complaints.routes.ts';
export {
  actOnComplaint,
  type ComplaintsContext,
  getComplaint,
  listCategories,
  runComplaintClocks,
} from './complaints.service.ts';
export * from './duplicates.contracts.ts';
export { refreshDuplicatePairs } from './duplicates.service.ts';
export { type ScaleSeedOptions, seedScaleReports } from './scale-seed.ts';
