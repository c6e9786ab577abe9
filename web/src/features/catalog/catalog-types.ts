/** The catalogue's API shapes (types from the server's Zod contracts) and its fixed vocabulary. */
import type {
  AdminService,
  ApplicationSummary,
  ApplicationValues,
  ApplicationView,
  BundleSummary,
  BundleView,
  DocumentTemplate,
  FormDefinition,
  FormFieldUi,
  PublicService,
  PublicServiceSummary,
  RequiredDocument,
  Satisfaction,
  ServiceContent,
  ServiceExport,
  Text,
  Verification,
  Workflow,
  WorkflowAction,
} from '../../../../src/modules/catalog/catalog.contracts.ts';

export type { LifeEvent, PrefillSource } from '../../../../src/modules/catalog/catalog.contracts.ts';
export { starterWorkflow } from '../../../../src/modules/catalog/catalog-starter.contracts.ts';
export type { StandardComponent } from '../../../../src/modules/catalog/catalog-vocabulary.contracts.ts';
export {
  ACTION_KINDS,
  COMPONENT_LABELS,
  DELIVERY_COMPONENTS,
  LIFE_EVENTS,
  PREFILL_SOURCES,
  PROCESSING_ROLES,
  STANDARD_COMPONENTS,
  SURVEY_ELEMENTS,
} from '../../../../src/modules/catalog/catalog-vocabulary.contracts.ts';

export type {
  AdminService,
  ApplicationSummary,
  ApplicationValues,
  ApplicationView,
  BundleSummary,
  BundleView,
  DocumentTemplate,
  FormDefinition,
  FormFieldUi,
  PublicService,
  PublicServiceSummary,
  RequiredDocument,
  Satisfaction,
  ServiceContent,
  ServiceExport,
  Text,
  Verification,
  Workflow,
  WorkflowAction,
};
export type Page<T> = { items: T[]; total: number; page: number; pageSize: number };
