export { seedCategories } from './categories.seed.ts';
export * from './complaints.contracts.ts';
export { ComplaintErrors } from './complaints.errors.ts';
export {
  checkReporterIdentityReadable,
  findPublicRecords,
  listCategories,
  listPublicRecords,
  type PublicRecord,
  receivePartnerComplaint,
} from './complaints.partners.ts';
export { complaintRoutes } from './complaints.routes.ts';
export { type ComplaintsContext, runComplaintClocks } from './complaints.service.ts';
export * from './duplicates.contracts.ts';
