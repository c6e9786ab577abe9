import { randomBytes, randomUUID } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { appendAudit } from '../../platform/audit/audit.ts';
import type { CalendarStore, WorkingCalendar } from '../../platform/calendar/calendar.ts';
import type { PersonalDataCipher } from '../../platform/crypto/personal-data.ts';
import type { Database } from '../../platform/db/database.ts';
import {
  canonicalJson,
  generateSigningKey,
  renderResultPdf,
  sha256Hex,
  signPayload,
  verifyPayload,
} from '../../platform/documents/signed-document.ts';
import { displayFileName, type FileStore, sanitiseUpload } from '../../platform/files/files.ts';
import type { Actor } from '../../platform/http/auth.ts';
import { AppError, type FieldError, PlatformErrors } from '../../platform/http/errors.ts';
import { type Notification, notifyUsers } from '../../platform/notify/notifications.ts';
import {
  actorReachesAgency,
  findAgencies,
  findCitizenProfile,
  findUserContact,
  getAgency,
  type IdentityContext,
  listOfficersToNotify,
} from '../identity/index.ts';
import {
  type AdminService,
  type ApplicationSummary,
  type ApplicationValues,
  type ApplicationView,
  type BundleSummary,
  type BundleView,
  type CreateService,
  DELIVERY_COMPONENTS,
  type DraftIssue,
  type PrefillSource,
  type PublicService,
  type PublicServiceSummary,
  type Satisfaction,
  type ServiceContent,
  type ServiceExport,
  STANDARD_COMPONENTS,
  type StandardComponent,
  type Verification,
} from './catalog.contracts.ts';
import { CatalogErrors } from './catalog.errors.ts';
import { checkFormDefinition, validateValues } from './catalog.forms.ts';
import * as repository from './catalog.repository.ts';
import {
  agencyKeys,
  applicationEvents,
  applications,
  bundles,
  issuedDocuments,
  services,
  serviceVersions,
  surveyResponses,
  uploads,
} from './catalog.tables.ts';
import { actionsFrom, stateOf, validateWorkflow } from './catalog.workflow.ts';
import { computeIkm, GRADE_LABELS } from './ikm.ts';

export type CatalogContext = {
  db: Database;
  cipher: PersonalDataCipher;
  files: FileStore;
  identity: IdentityContext;
  calendar: CalendarStore;
  now: () => Date;
  publicUrl: string;
  onEmailQueued: () => void;
};

type Meta = { requestId?: string | undefined };

// ---------------------------------------------------------------------------------------------
// Services: drafts, checks, publishing

/** Standard components not yet written (all 14 are shown; the six delivery ones block publishing). */
export function missingComponents(content: ServiceContent): StandardComponent[] {
  return STANDARD_COMPONENTS.filter((key) => !content.standard[key]?.id.trim());
}

/** Everything that stops a draft from being published, as field-level issues. */
export function draftIssues(content: ServiceContent): DraftIssue[] {
  const issues: DraftIssue[] = [];
  const missing = new Set(missingComponents(content));
  for (const key of DELIVERY_COMPONENTS) {
    if (missing.has(key))
      issues.push({
        field: `standard.${key}`,
        code: 'COMPONENT_MISSING',
        message: `Komponen penyampaian pelayanan "${key}" wajib diisi sebelum terbit.`,
      });
  }
  issues.push(...checkFormDefinition(content.form, content.documents));
  issues.push(...validateWorkflow(content.workflow));
  const properties = Object.keys((content.form.schema as { properties?: object }).properties ?? {});
  content.template.fields.forEach((field, index) => {
    if (!properties.includes(field))
      issues.push({
        field: `template.fields.${index}`,
        code: 'UNKNOWN_FIELD',
        message: `Dokumen hasil mencetak isian "${field}" yang tidak ada di formulir.`,
      });
  });
  if (content.template.holderField && !properties.includes(content.template.holderField))
    issues.push({
      field: 'template.holderField',
      code: 'UNKNOWN_FIELD',
      message: `Isian pemegang "${content.template.holderField}" tidak ada di formulir.`,
    });
  return issues;
}

async function reachableAgency(context: CatalogContext, actor: Actor, code: string) {
  const agency = await getAgency(context.identity, { code }).catch(() => {
    throw new AppError(CatalogErrors.CATALOG_AGENCY_UNKNOWN, {
      fields: [{ field: 'agencyCode', code: 'unknown' }],
    });
  });
  if (!actorReachesAgency(actor, agency)) throw new AppError(CatalogErrors.AGENCY_OUT_OF_REACH);
  return agency;
}

/** The service if the admin's authority reaches it; 404 otherwise. */
async function loadManagedService(context: CatalogContext, actor: Actor, serviceId: string) {
  const service = await repository.findServiceById(context.db, serviceId);
  if (!service || !actorReachesAgency(actor, { path: service.agencyPath }))
    throw new AppError(CatalogErrors.SERVICE_NOT_FOUND);
  return service;
}

/** A new service of an agency, in the agency's region, with only a draft. */
function newServiceRow(
  slug: string,
  agency: { id: string; path: string; regionCode: string | null },
  content: ServiceContent,
  now: Date,
) {
  return {
    slug,
    agencyId: agency.id,
    agencyPath: agency.path,
    regionCode: agency.regionCode,
    draft: content,
    createdAt: now,
    updatedAt: now,
    draftChangedAt: now,
  };
}

async function adminView(context: CatalogContext, service: repository.ServiceRow): Promise<AdminService> {
  const agency = (await findAgencies(context.identity, [service.agencyId])).get(service.agencyId);
  return {
    id: service.id,
    slug: service.slug,
    agency: { code: agency?.code ?? '', name: agency?.name ?? '' },
    status: service.withdrawnAt ? 'withdrawn' : service.publishedVersion ? 'published' : 'draft',
    publishedVersion: service.publishedVersion,
    withdrawnAt: service.withdrawnAt?.toISOString() ?? null,
    hasUnpublishedChanges: !service.publishedAt || service.draftChangedAt > service.publishedAt,
    content: service.draft,
    missingComponents: missingComponents(service.draft),
    issues: draftIssues(service.draft),
    updatedAt: service.updatedAt.toISOString(),
  };
}

async function insertService(
  context: CatalogContext,
  options: {
    actor: Actor;
    agencyCode: string;
    slug: string;
    content: ServiceContent;
    auditAction: string;
  } & Meta,
) {
  const agency = await reachableAgency(context, options.actor, options.agencyCode);
  const now = context.now();
  const service = await context.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(services)
      .values(newServiceRow(options.slug, agency, options.content, now))
      .onConflictDoNothing()
      .returning();
    if (!row)
      throw new AppError(CatalogErrors.SERVICE_SLUG_TAKEN, { fields: [{ field: 'slug', code: 'taken' }] });
    await appendAudit(tx, {
      actorId: options.actor.userId,
      actorRole: options.actor.role,
      action: options.auditAction,
      targetType: 'service',
      targetId: row.id,
      requestId: options.requestId,
      details: { agency: agency.code, slug: options.slug },
    });
    return row;
  });
  return adminView(context, service);
}

export async function createService(
  context: CatalogContext,
  options: { actor: Actor; input: CreateService } & Meta,
) {
  return insertService(context, {
    actor: options.actor,
    agencyCode: options.input.agencyCode,
    slug: options.input.slug,
    content: options.input.content,
    auditAction: 'service.created',
    requestId: options.requestId,
  });
}

export async function listManagedServices(context: CatalogContext, options: { actor: Actor }) {
  const rows = await repository.listServicesForAdmin(context.db, {
    path: options.actor.hasNationalScope ? null : (options.actor.agencyPath ?? '\u0000'),
  });
  return Promise.all(rows.map((row) => adminView(context, row)));
}

export async function getManagedService(
  context: CatalogContext,
  options: { actor: Actor; serviceId: string },
) {
  return adminView(context, await loadManagedService(context, options.actor, options.serviceId));
}

export async function updateService(
  context: CatalogContext,
  options: { actor: Actor; serviceId: string; content: ServiceContent } & Meta,
) {
  const service = await loadManagedService(context, options.actor, options.serviceId);
  const now = context.now();
  const updated = await context.db.transaction(async (tx) => {
    const [row] = await tx
      .update(services)
      .set({ draft: options.content, updatedAt: now, draftChangedAt: now })
      .where(eq(services.id, service.id))
      .returning();
    await appendAudit(tx, {
      actorId: options.actor.userId,
      actorRole: options.actor.role,
      action: 'service.draft_saved',
      targetType: 'service',
      targetId: service.id,
      requestId: options.requestId,
    });
    return row!;
  });
  return adminView(context, updated);
}

function searchTextOf(content: ServiceContent, agencyName: string): string {
  return [
    content.name,
    content.nameEn ?? '',
    content.summary,
    agencyName,
    content.standard.persyaratan?.id ?? '',
    content.standard.produk?.id ?? '',
    ...content.documents.map((document) => document.label.id),
  ].join(' ');
}

/** Publishes the draft as the next version; refuses (422, with each issue) when it is incomplete. */
export async function publishService(
  context: CatalogContext,
  options: { actor: Actor; serviceId: string } & Meta,
) {
  const service = await loadManagedService(context, options.actor, options.serviceId);
  const issues = draftIssues(service.draft);
  if (issues.length > 0)
    throw new AppError(CatalogErrors.SERVICE_NOT_PUBLISHABLE, {
      fields: issues.map((issue) => ({ field: issue.field, code: issue.code, message: issue.message })),
    });
  const agency = (await findAgencies(context.identity, [service.agencyId])).get(service.agencyId);
  const now = context.now();
  const published = await context.db.transaction(async (tx) => {
    const version = (service.publishedVersion ?? 0) + 1;
    await tx.insert(serviceVersions).values({
      serviceId: service.id,
      version,
      content: service.draft,
      publishedBy: options.actor.userId,
      publishedAt: now,
    });
    // The guard makes two simultaneous publications of one draft end as one version and a 409.
    const [row] = await tx
      .update(services)
      .set({
        publishedVersion: version,
        publishedAt: now,
        withdrawnAt: null,
        updatedAt: now,
        searchText: searchTextOf(service.draft, agency?.name ?? ''),
        lifeEvents: service.draft.lifeEvents,
      })
      .where(
        and(
          eq(services.id, service.id),
          service.publishedVersion === null
            ? sql`${services.publishedVersion} is null`
            : eq(services.publishedVersion, service.publishedVersion),
        ),
      )
      .returning();
    if (!row) throw new AppError(CatalogErrors.SERVICE_SLUG_TAKEN);
    await appendAudit(tx, {
      actorId: options.actor.userId,
      actorRole: options.actor.role,
      action: 'service.published',
      targetType: 'service',
      targetId: service.id,
      requestId: options.requestId,
      details: { version },
    });
    return row;
  });
  return adminView(context, published);
}

/**
 * Takes a published service out of the catalogue: it is no longer listed or shown, new
 * applications (and drafts not yet sent) are refused with SERVICE_WITHDRAWN, and applications
 * already submitted go on through their workflow. Publishing again brings it back.
 */
export async function withdrawService(
  context: CatalogContext,
  options: { actor: Actor; serviceId: string } & Meta,
) {
  const service = await loadManagedService(context, options.actor, options.serviceId);
  if (!service.publishedVersion) throw new AppError(CatalogErrors.SERVICE_NOT_PUBLISHED);
  if (service.withdrawnAt) return adminView(context, service);
  const now = context.now();
  const withdrawn = await context.db.transaction(async (tx) => {
    const [row] = await tx
      .update(services)
      .set({ withdrawnAt: now, updatedAt: now })
      .where(and(eq(services.id, service.id), sql`${services.withdrawnAt} is null`))
      .returning();
    if (!row) throw new AppError(CatalogErrors.SERVICE_WITHDRAWN);
    await appendAudit(tx, {
      actorId: options.actor.userId,
      actorRole: options.actor.role,
      action: 'service.withdrawn',
      targetType: 'service',
      targetId: service.id,
      requestId: options.requestId,
      details: { version: service.publishedVersion },
    });
    return row;
  });
  return adminView(context, withdrawn);
}

export async function exportService(
  context: CatalogContext,
  options: { actor: Actor; serviceId: string },
): Promise<ServiceExport> {
  const service = await loadManagedService(context, options.actor, options.serviceId);
  const agency = (await findAgencies(context.identity, [service.agencyId])).get(service.agencyId);
  return {
    format: 'terpadu.service/v1',
    exportedAt: context.now().toISOString(),
    source: { agencyCode: agency?.code ?? '', slug: service.slug, version: service.publishedVersion },
    service: service.draft,
  };
}

/** An exported service as a new, editable draft of another agency. */
export async function importService(
  context: CatalogContext,
  options: { actor: Actor; agencyCode: string; slug: string; file: ServiceExport } & Meta,
) {
  return insertService(context, {
    actor: options.actor,
    agencyCode: options.agencyCode,
    slug: options.slug,
    content: options.file.service,
    auditAction: 'service.imported',
    requestId: options.requestId,
  });
}

// ---------------------------------------------------------------------------------------------
// Public catalogue and satisfaction

/** A period as YYYY, YYYY-Qn or YYYY-MM, in WIB; undefined for all time. */
export function periodRange(period: string | undefined): { from: Date; to: Date } | undefined {
  if (!period) return undefined;
  const wib = (year: number, month: number) => new Date(Date.UTC(year, month, 1) - 7 * 3_600_000);
  let match = /^(\d{4})$/.exec(period);
  if (match) return { from: wib(Number(match[1]), 0), to: wib(Number(match[1]) + 1, 0) };
  match = /^(\d{4})-Q([1-4])$/.exec(period);
  if (match) {
    const start = (Number(match[2]) - 1) * 3;
    return { from: wib(Number(match[1]), start), to: wib(Number(match[1]), start + 3) };
  }
  match = /^(\d{4})-(0[1-9]|1[0-2])$/.exec(period);
  if (match) {
    const month = Number(match[2]) - 1;
    return { from: wib(Number(match[1]), month), to: wib(Number(match[1]), month + 1) };
  }
  throw new AppError(PlatformErrors.VALIDATION_FAILED, { fields: [{ field: 'period', code: 'format' }] });
}

function satisfactionOf(
  totals: { respondents: number; elementSums: readonly (string | number)[] } | undefined,
  period: string | undefined,
): Satisfaction {
  const result =
    totals && totals.respondents > 0
      ? computeIkm({ respondents: totals.respondents, elementSums: totals.elementSums.map(Number) })
      : undefined;
  return {
    respondents: result?.respondents ?? 0,
    ikm: result?.ikm ?? null,
    grade: result?.grade ?? null,
    gradeLabel: result ? GRADE_LABELS[result.grade].id : null,
    elements: result?.elementAverages ?? new Array(9).fill(null),
    period: period ?? null,
  };
}

function publicSummary(
  service: Pick<repository.ServiceRow, 'id' | 'slug' | 'regionCode'>,
  version: Pick<repository.VersionRow, 'version' | 'content'>,
  agency: { code: string; name: string },
  satisfaction: Satisfaction,
): PublicServiceSummary {
  const content = version.content;
  return {
    id: service.id,
    slug: service.slug,
    name: content.name,
    nameEn: content.nameEn ?? null,
    summary: content.summary,
    agency,
    regionCode: service.regionCode,
    lifeEvents: content.lifeEvents,
    version: version.version,
    costRupiah: content.costRupiah,
    totalWorkingDays: content.workflow.totalWorkingDays,
    standard: content.standard,
    satisfaction,
  };
}

export async function listPublicServices(
  context: CatalogContext,
  query: {
    q?: string | undefined;
    agency?: string | undefined;
    region?: string | undefined;
    lifeEvent?: string | undefined;
    page: number;
    pageSize: number;
  },
) {
  let agencyPath: string | undefined;
  if (query.agency) {
    const agency = await getAgency(context.identity, { code: query.agency }).catch(() => undefined);
    if (!agency) return { items: [], total: 0, page: query.page, pageSize: query.pageSize };
    agencyPath = agency.path;
  }
  const { rows, total } = await repository.searchPublishedServices(context.db, {
    text: query.q || undefined,
    agencyPath,
    region: query.region,
    lifeEvent: query.lifeEvent,
    limit: query.pageSize,
    offset: (query.page - 1) * query.pageSize,
  });
  // Independent reads: on a server pool they overlap (the embedded database runs them in turn).
  const [agencies, totals] = await Promise.all([
    findAgencies(
      context.identity,
      rows.map((row) => row.service.agencyId),
    ),
    repository.surveyTotalsByService(context.db, { serviceIds: rows.map((row) => row.service.id) }),
  ]);
  const items = rows.map((row) => {
    const agency = agencies.get(row.service.agencyId);
    return publicSummary(
      row.service,
      row.version,
      { code: agency?.code ?? '', name: agency?.name ?? '' },
      satisfactionOf(
        totals.find((total) => total.serviceId === row.service.id),
        undefined,
      ),
    );
  });
  return { items, total, page: query.page, pageSize: query.pageSize };
}

async function publishedOrThrow(context: CatalogContext, serviceId: string) {
  const service = await repository.findServiceById(context.db, serviceId);
  if (!service) throw new AppError(CatalogErrors.SERVICE_NOT_FOUND);
  if (!service.publishedVersion) throw new AppError(CatalogErrors.SERVICE_NOT_PUBLISHED);
  if (service.withdrawnAt) throw new AppError(CatalogErrors.SERVICE_WITHDRAWN);
  const version = await repository.findVersion(context.db, service.id, service.publishedVersion);
  return { service, version: version! };
}

export async function getPublicService(
  context: CatalogContext,
  options: { serviceId: string },
): Promise<PublicService> {
  const service = await repository.findServiceById(context.db, options.serviceId);
  // A draft, or a withdrawn service, is not part of the public catalogue.
  if (!service?.publishedVersion || service.withdrawnAt) throw new AppError(CatalogErrors.SERVICE_NOT_FOUND);
  const { version } = await publishedOrThrow(context, service.id);
  const agency = (await findAgencies(context.identity, [service.agencyId])).get(service.agencyId);
  const [totals] = await repository.surveyTotalsByService(context.db, { serviceIds: [service.id] });
  const content = version.content;
  return {
    ...publicSummary(
      service,
      version,
      { code: agency?.code ?? '', name: agency?.name ?? '' },
      satisfactionOf(totals, undefined),
    ),
    form: content.form,
    documents: content.documents,
    steps: content.workflow.states.map((state) => ({
      key: state.key,
      label: state.label,
      workingDays: state.workingDays,
    })),
  };
}

/** IKM of one service, or of an agency (unit) with its subtree, for a period or all time. */
export async function getSatisfaction(
  context: CatalogContext,
  options: { serviceId?: string | undefined; agencyCode?: string | undefined; period?: string | undefined },
): Promise<Satisfaction> {
  const range = periodRange(options.period);
  if (options.serviceId) {
    const service = await repository.findServiceById(context.db, options.serviceId);
    if (!service?.publishedVersion || service.withdrawnAt)
      throw new AppError(CatalogErrors.SERVICE_NOT_FOUND);
    const [totals] = await repository.surveyTotalsByService(context.db, {
      serviceIds: [service.id],
      from: range?.from,
      to: range?.to,
    });
    return satisfactionOf(totals, options.period);
  }
  if (options.agencyCode) {
    const agency = await getAgency(context.identity, { code: options.agencyCode }).catch(() => undefined);
    if (!agency) throw new AppError(CatalogErrors.CATALOG_AGENCY_UNKNOWN);
    const totals = await repository.surveyTotalsForAgency(context.db, {
      path: agency.path,
      from: range?.from,
      to: range?.to,
    });
    return satisfactionOf(totals, options.period);
  }
  throw new AppError(PlatformErrors.VALIDATION_FAILED, { fields: [{ field: 'service', code: 'required' }] });
}

// ---------------------------------------------------------------------------------------------
// Applications

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** PMH-YYMM-XXXXXXXX: the month it was started and 40 random bits; safe to read aloud. */
function newReferenceNumber(now: Date): string {
  const bytes = randomBytes(5);
  let bits = 0n;
  for (const byte of bytes) bits = (bits << 8n) | BigInt(byte);
  let symbols = '';
  for (let index = 0; index < 8; index++) {
    symbols = CROCKFORD[Number(bits & 31n)]! + symbols;
    bits >>= 5n;
  }
  const stamp = now.toISOString().slice(2, 7).replace('-', '');
  return `PMH-${stamp}-${symbols}`;
}

function normaliseReference(reference: string): string {
  return reference.trim().toUpperCase();
}

function decryptValues(context: CatalogContext, application: repository.ApplicationRow): ApplicationValues {
  return JSON.parse(context.cipher.decrypt(application.valuesCiphertext)) as ApplicationValues;
}

function encryptValues(context: CatalogContext, values: ApplicationValues): string {
  return context.cipher.encrypt(JSON.stringify(values));
}

async function profileValues(context: CatalogContext, citizenId: string, content: ServiceContent) {
  const profile = await findCitizenProfile(context.identity, citizenId);
  const values: ApplicationValues = {};
  const prefilled: string[] = [];
  if (!profile) return { values, prefilled };
  const facts: Record<PrefillSource, string | null> = {
    name: profile.name,
    nik: profile.nik,
    email: profile.email,
    phone: profile.phone,
    birthDate: profile.birthDate,
    sex: profile.sex,
  };
  for (const name of content.form.ui.order) {
    const ui = content.form.ui.fields[name];
    const fact = ui?.prefill ? facts[ui.prefill] : null;
    if (fact) {
      values[name] = fact;
      prefilled.push(name);
    }
  }
  return { values, prefilled };
}

type Standing = 'pemohon' | 'petugas';

/** The application if the caller may see it (its citizen, or an officer within reach once submitted); 404 otherwise. */
async function loadApplication(context: CatalogContext, actor: Actor, reference: string) {
  const application = await repository.findApplicationByReference(context.db, normaliseReference(reference));
  if (!application) throw new AppError(CatalogErrors.APPLICATION_NOT_FOUND);
  let standing: Standing | undefined;
  if (actor.kind === 'warga') {
    if (application.citizenId === actor.userId) standing = 'pemohon';
  } else if (
    actor.scopes.has('applications:process') &&
    application.status !== 'draf' &&
    actorReachesAgency(actor, { path: application.agencyPath })
  ) {
    standing = 'petugas';
  }
  if (!standing) throw new AppError(CatalogErrors.APPLICATION_NOT_FOUND);
  const version = await repository.findVersionById(context.db, application.versionId);
  return { application, version: version!, standing };
}

const ROLE_LABELS: Record<string, string> = {
  pemohon: 'Pemohon',
  sistem: 'Sistem',
  'admin-instansi': 'Admin Instansi',
  penghubung: 'Pejabat Penghubung',
};

async function viewOf(
  context: CatalogContext,
  actor: Actor,
  loaded: { application: repository.ApplicationRow; version: repository.VersionRow; standing: Standing },
): Promise<ApplicationView> {
  const { application, version, standing } = loaded;
  const content = version.content;
  const [files, events, service] = await Promise.all([
    repository.listUploads(context.db, application.id),
    repository.listEvents(context.db, application.id),
    repository.findServiceById(context.db, application.serviceId),
  ]);
  const agencies = await findAgencies(context.identity, [
    application.agencyId,
    ...events.flatMap((event) => (event.actorAgencyId ? [event.actorAgencyId] : [])),
  ]);
  const state = application.state ? stateOf(content.workflow, application.state) : undefined;
  const allowed =
    standing === 'petugas' && application.status === 'diproses' && application.state
      ? actionsFrom(content.workflow, application.state).filter((action) => action.role === actor.role)
      : [];
  const now = context.now();
  const canSurvey =
    standing === 'pemohon' &&
    application.status === 'selesai' &&
    !(await repository.hasSurveyResponse(context.db, application.id));
  return {
    referenceNumber: application.referenceNumber,
    status: application.status,
    service: {
      id: application.serviceId,
      slug: service?.slug ?? '',
      name: content.name,
      agency: agencies.get(application.agencyId)?.name ?? '',
    },
    version: application.version,
    form: content.form,
    documents: content.documents,
    values: decryptValues(context, application),
    prefilled: application.prefilled,
    uploads: files.map((file) => ({
      id: file.id,
      requirement: file.requirement,
      fileName: file.fileName,
      mediaType: file.mediaType,
      size: file.size,
    })),
    state: state ? { key: state.key, label: state.label } : null,
    allowedActions: allowed.map((action) => ({ key: action.key, label: action.label, kind: action.kind })),
    dueAt: application.dueAt?.toISOString() ?? null,
    stateDueAt: application.stateDueAt?.toISOString() ?? null,
    isOverdue:
      application.status === 'diproses' && Boolean(application.stateDueAt && application.stateDueAt < now),
    submittedAt: application.submittedAt?.toISOString() ?? null,
    completedAt: application.completedAt?.toISOString() ?? null,
    returnNote: application.returnNote,
    resultDocumentId: application.resultDocumentId,
    canSurvey,
    timeline: events.map((event) => {
      const agency = event.actorAgencyId ? agencies.get(event.actorAgencyId) : undefined;
      const role = ROLE_LABELS[event.actorRole] ?? event.actorRole;
      return {
        at: event.at.toISOString(),
        kind: event.kind,
        fromState: event.fromState,
        toState: event.toState,
        actor: agency ? `${role} — ${agency.name}` : role,
        note: event.note,
      };
    }),
  };
}

/** A citizen's draft of a published version, with its first event, in `tx` (on its own or a bundle's part). */
async function insertDraft(
  tx: Transaction,
  context: CatalogContext,
  draft: {
    service: repository.ServiceRow;
    version: repository.VersionRow;
    values: ApplicationValues;
    prefilled: string[];
    citizenId: string;
    now: Date;
    bundle?: { id: string; note: string };
  },
) {
  const { service, version, citizenId, now } = draft;
  const [row] = await tx
    .insert(applications)
    .values({
      referenceNumber: newReferenceNumber(now),
      serviceId: service.id,
      versionId: version.id,
      version: version.version,
      citizenId,
      agencyId: service.agencyId,
      agencyPath: service.agencyPath,
      status: 'draf',
      valuesCiphertext: encryptValues(context, draft.values),
      prefilled: draft.prefilled,
      ...(draft.bundle ? { bundleId: draft.bundle.id } : {}),
      createdAt: now,
      updatedAt: now,
    })
    .returning();
  await tx.insert(applicationEvents).values({
    applicationId: row!.id,
    at: now,
    kind: 'draf_dibuat',
    actorId: citizenId,
    actorRole: 'pemohon',
    ...(draft.bundle ? { note: draft.bundle.note } : {}),
  });
  return row!;
}

export async function startApplication(
  context: CatalogContext,
  options: { actor: Actor; serviceId: string } & Meta,
) {
  const { service, version } = await publishedOrThrow(context, options.serviceId);
  const { values, prefilled } = await profileValues(context, options.actor.userId, version.content);
  const now = context.now();
  const application = await context.db.transaction(async (tx) => {
    const row = await insertDraft(tx, context, {
      service,
      version,
      values,
      prefilled,
      citizenId: options.actor.userId,
      now,
    });
    await appendAudit(tx, {
      actorId: options.actor.userId,
      actorRole: null,
      action: 'application.started',
      targetType: 'application',
      targetId: row.id,
      requestId: options.requestId,
      details: { service: service.id, version: version.version },
    });
    return row;
  });
  return viewOf(context, options.actor, { application, version, standing: 'pemohon' });
}

function assertEditable(application: repository.ApplicationRow) {
  if (application.status !== 'draf' && application.status !== 'dikembalikan')
    throw new AppError(CatalogErrors.APPLICATION_NOT_EDITABLE);
}

function asCitizen(loaded: { standing: Standing }) {
  if (loaded.standing !== 'pemohon') throw new AppError(CatalogErrors.APPLICATION_NOT_FOUND);
}

/** Values as the citizen typed them, with the profile's facts put back in their fields. */
function withPrefilled(values: ApplicationValues, stored: ApplicationValues, prefilled: readonly string[]) {
  const merged = { ...values };
  for (const name of prefilled) if (stored[name] !== undefined) merged[name] = stored[name]!;
  return merged;
}

/** Saves the draft (autosave). Values of the wrong type or unknown fields: 400, and the saved draft stays. */
export async function saveDraft(
  context: CatalogContext,
  options: { actor: Actor; reference: string; values: ApplicationValues } & Meta,
) {
  const loaded = await loadApplication(context, options.actor, options.reference);
  asCitizen(loaded);
  assertEditable(loaded.application);
  const stored = decryptValues(context, loaded.application);
  const values = withPrefilled(options.values, stored, loaded.application.prefilled);
  const errors = validateValues(loaded.version.id, loaded.version.content.form, values, { isPartial: true });
  if (errors.length > 0) throw new AppError(CatalogErrors.APPLICATION_VALUES_INVALID, { fields: errors });
  const [row] = await context.db
    .update(applications)
    .set({ valuesCiphertext: encryptValues(context, values), updatedAt: context.now() })
    .where(
      and(eq(applications.id, loaded.application.id), eq(applications.status, loaded.application.status)),
    )
    .returning();
  if (!row) throw new AppError(CatalogErrors.APPLICATION_CHANGED);
  return viewOf(context, options.actor, { ...loaded, application: row });
}

export async function addUpload(
  context: CatalogContext,
  options: {
    actor: Actor;
    reference: string;
    requirement: string;
    fileName: string | undefined;
    bytes: Buffer;
  } & Meta,
) {
  const loaded = await loadApplication(context, options.actor, options.reference);
  asCitizen(loaded);
  assertEditable(loaded.application);
  if (!loaded.version.content.documents.some((document) => document.key === options.requirement))
    throw new AppError(CatalogErrors.DOCUMENT_REQUIREMENT_UNKNOWN, {
      fields: [{ field: 'requirement', code: 'unknown' }],
    });
  const clean = await sanitiseUpload(options.bytes);
  const stored = await context.files.put(clean.bytes);
  const now = context.now();
  let replaced: repository.UploadRow[] = [];
  try {
    await context.db.transaction(async (tx) => {
      // One file per requirement: a new upload replaces the previous one.
      replaced = await tx
        .delete(uploads)
        .where(
          and(eq(uploads.applicationId, loaded.application.id), eq(uploads.requirement, options.requirement)),
        )
        .returning();
      await tx.insert(uploads).values({
        applicationId: loaded.application.id,
        requirement: options.requirement,
        fileName: displayFileName(options.fileName, clean.mediaType),
        mediaType: clean.mediaType,
        size: stored.size,
        sha256: stored.sha256,
        storageKey: stored.key,
        createdAt: now,
      });
      await tx.update(applications).set({ updatedAt: now }).where(eq(applications.id, loaded.application.id));
      await appendAudit(tx, {
        actorId: options.actor.userId,
        actorRole: null,
        action: 'application.document_uploaded',
        targetType: 'application',
        targetId: loaded.application.id,
        requestId: options.requestId,
        details: { requirement: options.requirement, mediaType: clean.mediaType, size: stored.size },
      });
    });
  } catch (error) {
    await context.files.remove(stored.key);
    throw error;
  }
  for (const old of replaced) await context.files.remove(old.storageKey);
  return viewOf(context, options.actor, loaded);
}

export async function openUpload(
  context: CatalogContext,
  options: { actor: Actor; reference: string; uploadId: string } & Meta,
) {
  const loaded = await loadApplication(context, options.actor, options.reference);
  const file = (await repository.listUploads(context.db, loaded.application.id)).find(
    (upload) => upload.id === options.uploadId,
  );
  if (!file) throw new AppError(CatalogErrors.UPLOAD_NOT_FOUND);
  if (loaded.standing === 'petugas')
    await appendAudit(context.db, {
      actorId: options.actor.userId,
      actorRole: options.actor.role,
      action: 'application.document_read',
      targetType: 'application',
      targetId: loaded.application.id,
      requestId: options.requestId,
      details: { upload: file.id },
    });
  return { ...file, stream: context.files.read(file.storageKey) };
}

/** Sends the application (first time, or again after a correction). Incomplete: 400 with each gap, draft kept. */
type Loaded = { application: repository.ApplicationRow; version: repository.VersionRow; standing: Standing };
type Transaction = Parameters<Parameters<Database['transaction']>[0]>[0];

/** What stops an application from being sent: each missing or invalid value and each missing document. */
async function submissionGaps(context: CatalogContext, loaded: Loaded): Promise<FieldError[]> {
  const { application, version } = loaded;
  // A draft not yet sent is a new application: a withdrawn service takes none. A correction of an
  // application already in flight is still accepted.
  if (application.status === 'draf') {
    const service = await repository.findServiceById(context.db, application.serviceId);
    if (service?.withdrawnAt) throw new AppError(CatalogErrors.SERVICE_WITHDRAWN);
  }
  const content = version.content;
  const values = decryptValues(context, application);
  const errors: FieldError[] = validateValues(version.id, content.form, values, { isPartial: false });
  const files = await repository.listUploads(context.db, application.id);
  for (const document of content.documents) {
    if (document.isRequired && !files.some((file) => file.requirement === document.key))
      errors.push({
        field: `documents.${document.key}`,
        code: 'required',
        message: `Dokumen "${document.label.id}" belum diunggah.`,
      });
  }
  return errors;
}

const WIB_DATE = new Intl.DateTimeFormat('id-ID', { dateStyle: 'long', timeZone: 'Asia/Jakarta' });

/**
 * The officers who act on a step: those of the roles its actions name, on the application's
 * agency or above it in the tree (a unit's penghubung, the regency's admin-instansi).
 */
async function officersOfStep(
  context: CatalogContext,
  application: repository.ApplicationRow,
  content: ServiceContent,
  stateKey: string,
  message: { title: string; body: string },
  extraRoles: Array<'admin-instansi' | 'penghubung'> = [],
): Promise<Notification[]> {
  const roles = [
    ...new Set([...actionsFrom(content.workflow, stateKey).map((action) => action.role), ...extraRoles]),
  ];
  if (roles.length === 0) return [];
  const officers = await listOfficersToNotify(context.identity, {
    roles,
    agencyPath: application.agencyPath,
  });
  return officers.map((officer) => ({
    userId: officer.id,
    email: officer.email,
    ...message,
    link: `/petugas/permohonan/${application.referenceNumber}`,
  }));
}

/** The citizen's notice of a change to their application (in app, and by e-mail when known). */
async function citizenNotice(
  context: CatalogContext,
  application: repository.ApplicationRow,
  content: ServiceContent,
  title: string,
): Promise<Notification> {
  const contact = await findUserContact(context.identity, application.citizenId);
  return {
    userId: application.citizenId,
    email: contact?.email,
    title,
    body: `${content.name} — ${application.referenceNumber}`,
    link: `/permohonan/${application.referenceNumber}`,
  };
}

/** Who hears of a submission: the officers of the step it goes to (new work) and the citizen. */
async function submissionNotices(context: CatalogContext, loaded: Loaded): Promise<Notification[]> {
  const { application, version } = loaded;
  const content = version.content;
  const isResubmission = application.status === 'dikembalikan';
  const stateKey = isResubmission ? application.state! : content.workflow.initial;
  const state = stateOf(content.workflow, stateKey);
  return [
    ...(await officersOfStep(context, application, content, stateKey, {
      title: `Permohonan ${isResubmission ? 'diperbaiki' : 'baru'}: ${application.referenceNumber}`,
      body: `${content.name} menunggu tahap "${state?.label.id ?? stateKey}".`,
    })),
    await citizenNotice(
      context,
      application,
      content,
      isResubmission ? 'Perbaikan permohonan Anda diterima' : 'Permohonan Anda diterima dan sedang diproses',
    ),
  ];
}

/** Sends a complete application to its first step (or back to its step after a correction), in `tx`. */
async function writeSubmission(
  tx: Transaction,
  loaded: Loaded,
  options: {
    actor: Actor;
    calendar: WorkingCalendar;
    now: Date;
    notices: Notification[];
    publicUrl: string;
  } & Meta,
) {
  const { application, version } = loaded;
  const { calendar, now } = options;
  const content = version.content;
  const isResubmission = application.status === 'dikembalikan';
  const stateKey = isResubmission ? application.state! : content.workflow.initial;
  const state = stateOf(content.workflow, stateKey)!;
  // While the application was with the citizen the whole-service clock stood still.
  const dueAt = isResubmission
    ? calendar.addWorkingDays(
        application.dueAt!,
        calendar.workingDaysBetween(application.returnedAt ?? now, now),
      )
    : calendar.addWorkingDays(now, content.workflow.totalWorkingDays);
  const [row] = await tx
    .update(applications)
    .set({
      status: 'diproses',
      state: stateKey,
      submittedAt: application.submittedAt ?? now,
      stateEnteredAt: now,
      stateDueAt: calendar.addWorkingDays(now, state.workingDays),
      dueAt,
      returnNote: null,
      returnedAt: null,
      updatedAt: now,
    })
    .where(and(eq(applications.id, application.id), eq(applications.status, application.status)))
    .returning();
  if (!row) throw new AppError(CatalogErrors.APPLICATION_CHANGED);
  await tx.insert(applicationEvents).values({
    applicationId: application.id,
    at: now,
    kind: isResubmission ? 'dikirim_ulang' : 'diajukan',
    toState: stateKey,
    actorId: options.actor.userId,
    actorRole: 'pemohon',
  });
  await appendAudit(tx, {
    actorId: options.actor.userId,
    actorRole: null,
    action: isResubmission ? 'application.resubmitted' : 'application.submitted',
    targetType: 'application',
    targetId: application.id,
    requestId: options.requestId,
  });
  await notifyUsers(tx, options.notices, { publicUrl: options.publicUrl });
  return row;
}

/** Sends the application (first time, or again after a correction). Incomplete: 400 with each gap, draft kept. */
export async function submitApplication(
  context: CatalogContext,
  options: { actor: Actor; reference: string } & Meta,
) {
  const loaded = await loadApplication(context, options.actor, options.reference);
  asCitizen(loaded);
  assertEditable(loaded.application);
  const errors = await submissionGaps(context, loaded);
  if (errors.length > 0) throw new AppError(CatalogErrors.APPLICATION_INCOMPLETE, { fields: errors });
  const calendar = await context.calendar.current();
  const now = context.now();
  const notices = await submissionNotices(context, loaded);
  const updated = await context.db.transaction((tx) =>
    writeSubmission(tx, loaded, {
      actor: options.actor,
      calendar,
      now,
      notices,
      publicUrl: context.publicUrl,
      requestId: options.requestId,
    }),
  );
  setImmediate(context.onEmailQueued);
  return viewOf(context, options.actor, { ...loaded, application: updated });
}

async function ensureAgencyKey(context: CatalogContext, agencyId: string) {
  const existing = await repository.findAgencyKey(context.db, agencyId);
  if (existing) return existing;
  const key = generateSigningKey(context.cipher);
  await context.db
    .insert(agencyKeys)
    .values({ ...key, agencyId })
    .onConflictDoNothing();
  return (await repository.findAgencyKey(context.db, agencyId))!;
}

function maskName(name: string): string {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .map((word) => `${word[0]}${'*'.repeat(Math.max(word.length - 1, 2))}`)
    .join(' ');
}

function formatValue(value: ApplicationValues[string] | undefined): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'boolean') return value ? 'Ya' : 'Tidak';
  return String(value);
}

/** Renders, stores and signs the result; the caller records it in its transaction. */
async function issueResult(
  context: CatalogContext,
  application: repository.ApplicationRow,
  content: ServiceContent,
  now: Date,
) {
  const documentId = randomUUID();
  const agency = (await findAgencies(context.identity, [application.agencyId])).get(application.agencyId);
  const key = await ensureAgencyKey(context, application.agencyId);
  const values = decryptValues(context, application);
  const rows = content.template.fields.map((field) => ({
    label: content.form.ui.fields[field]?.label.id ?? field,
    value: formatValue(values[field]),
  }));
  const documentNumber = application.referenceNumber;
  const verificationUrl = `${context.publicUrl}/verify/${documentId}`;
  const issuedAtText = new Intl.DateTimeFormat('id-ID', {
    dateStyle: 'long',
    timeZone: 'Asia/Jakarta',
  }).format(now);
  const pdf = await renderResultPdf({
    title: content.template.title.id,
    agencyName: agency?.name ?? '',
    documentNumber,
    rows,
    issuedAtText,
    footer: content.template.footer?.id,
    verificationUrl,
  });
  const pdfSha256 = sha256Hex(pdf);
  const holder = content.template.holderField ? formatValue(values[content.template.holderField]) : '';
  const payload = canonicalJson({
    v: 1,
    documentId,
    documentNumber,
    title: content.template.title.id,
    service: content.name,
    agency: { code: agency?.code ?? '', name: agency?.name ?? '' },
    holder: holder ? maskName(holder) : null,
    issuedAt: now.toISOString(),
    pdfSha256,
    keyId: key.keyId,
  });
  const signature = signPayload(context.cipher, key, payload);
  const stored = await context.files.put(pdf);
  return { documentId, payload, pdfSha256, signature, keyId: key.keyId, storageKey: stored.key };
}

/** An officer's action on a submitted application, as its workflow version allows for their role. */
export async function actOnApplication(
  context: CatalogContext,
  options: { actor: Actor; reference: string; action: string; note?: string | undefined } & Meta,
) {
  const loaded = await loadApplication(context, options.actor, options.reference);
  const { application, version } = loaded;
  if (loaded.standing !== 'petugas') throw new AppError(CatalogErrors.APPLICATION_ACTION_FORBIDDEN);
  const workflow = version.content.workflow;
  const action =
    application.status === 'diproses' && application.state
      ? actionsFrom(workflow, application.state).find((candidate) => candidate.key === options.action)
      : undefined;
  if (!action) throw new AppError(CatalogErrors.APPLICATION_ACTION_NOT_AVAILABLE);
  if (action.role !== options.actor.role) throw new AppError(CatalogErrors.APPLICATION_ACTION_FORBIDDEN);
  if ((action.kind === 'kembalikan' || action.kind === 'tolak') && !options.note)
    throw new AppError(CatalogErrors.NOTE_REQUIRED, { fields: [{ field: 'note', code: 'required' }] });
  const calendar = await context.calendar.current();
  const now = context.now();
  const issued =
    action.kind === 'terbitkan' ? await issueResult(context, application, version.content, now) : undefined;
  // Read before the transaction: the embedded database has one connection, which the transaction holds.
  const titles = {
    lanjut: `Permohonan Anda masuk tahap "${action.to ? (stateOf(workflow, action.to)?.label.id ?? action.to) : ''}"`,
    kembalikan: 'Permohonan Anda perlu diperbaiki',
    tolak: 'Permohonan Anda ditolak',
    terbitkan: 'Permohonan Anda selesai: dokumen hasil terbit',
  } as const;
  const notices = [
    await citizenNotice(context, application, version.content, titles[action.kind]),
    ...(action.kind === 'lanjut'
      ? await officersOfStep(context, application, version.content, action.to!, {
          title: `Permohonan menunggu Anda: ${application.referenceNumber}`,
          body: `${version.content.name} menunggu tahap "${stateOf(workflow, action.to!)?.label.id ?? action.to}".`,
        })
      : []),
  ];
  let changes: Partial<repository.ApplicationRow> = { updatedAt: now };
  let toState: string | null = application.state;
  switch (action.kind) {
    case 'lanjut': {
      const next = stateOf(workflow, action.to!)!;
      toState = next.key;
      changes = {
        ...changes,
        state: next.key,
        stateEnteredAt: now,
        stateDueAt: calendar.addWorkingDays(now, next.workingDays),
      };
      break;
    }
    case 'kembalikan':
      changes = {
        ...changes,
        status: 'dikembalikan',
        returnNote: options.note ?? null,
        returnedAt: now,
        stateDueAt: null,
      };
      break;
    case 'tolak':
      changes = { ...changes, status: 'ditolak', completedAt: now, stateDueAt: null };
      break;
    case 'terbitkan':
      changes = {
        ...changes,
        status: 'selesai',
        completedAt: now,
        stateDueAt: null,
        resultDocumentId: issued!.documentId,
      };
      break;
  }
  try {
    const updated = await context.db.transaction(async (tx) => {
      const [row] = await tx
        .update(applications)
        .set(changes)
        .where(
          and(
            eq(applications.id, application.id),
            eq(applications.status, 'diproses'),
            eq(applications.state, application.state!),
          ),
        )
        .returning();
      if (!row) throw new AppError(CatalogErrors.APPLICATION_CHANGED);
      if (issued)
        await tx.insert(issuedDocuments).values({
          id: issued.documentId,
          applicationId: application.id,
          serviceId: application.serviceId,
          agencyId: application.agencyId,
          payload: issued.payload,
          pdfSha256: issued.pdfSha256,
          signature: issued.signature,
          keyId: issued.keyId,
          storageKey: issued.storageKey,
          issuedAt: now,
        });
      await tx.insert(applicationEvents).values({
        applicationId: application.id,
        at: now,
        kind: action.kind,
        fromState: application.state,
        toState,
        actorId: options.actor.userId,
        actorRole: options.actor.role ?? 'petugas',
        actorAgencyId: options.actor.agencyId,
        note: options.note ?? null,
      });
      await appendAudit(tx, {
        actorId: options.actor.userId,
        actorRole: options.actor.role,
        action: `application.${action.kind}`,
        targetType: 'application',
        targetId: application.id,
        requestId: options.requestId,
        details: { action: action.key, from: application.state, to: toState },
      });
      if (await notifyUsers(tx, notices, { publicUrl: context.publicUrl }))
        setImmediate(context.onEmailQueued);
      return row;
    });
    return viewOf(context, options.actor, { ...loaded, application: updated });
  } catch (error) {
    if (issued) await context.files.remove(issued.storageKey);
    throw error;
  }
}

export async function getApplication(
  context: CatalogContext,
  options: { actor: Actor; reference: string } & Meta,
): Promise<ApplicationView> {
  const loaded = await loadApplication(context, options.actor, options.reference);
  if (loaded.standing === 'petugas')
    await appendAudit(context.db, {
      actorId: options.actor.userId,
      actorRole: options.actor.role,
      action: 'application.read',
      targetType: 'application',
      targetId: loaded.application.id,
      requestId: options.requestId,
    });
  return viewOf(context, options.actor, loaded);
}

async function summaries(
  context: CatalogContext,
  rows: repository.ApplicationRow[],
): Promise<Array<ApplicationSummary & { roles: string[] }>> {
  const versions = await repository.findVersionsByIds(
    context.db,
    rows.map((row) => row.versionId),
  );
  const agencies = await findAgencies(
    context.identity,
    rows.map((row) => row.agencyId),
  );
  const calendar = await context.calendar.current();
  const now = context.now();
  return rows.map((row) => {
    const content = versions.get(row.versionId)!.content;
    const state = row.state ? stateOf(content.workflow, row.state) : undefined;
    const withOfficers = row.status === 'diproses' && row.stateDueAt;
    const left = withOfficers
      ? row.stateDueAt! >= now
        ? calendar.workingDaysBetween(now, row.stateDueAt!)
        : -calendar.workingDaysBetween(row.stateDueAt!, now)
      : null;
    return {
      referenceNumber: row.referenceNumber,
      status: row.status,
      serviceName: content.name,
      agency: agencies.get(row.agencyId)?.name ?? '',
      state: row.state,
      stateLabel: state?.label.id ?? null,
      submittedAt: row.submittedAt?.toISOString() ?? null,
      updatedAt: row.updatedAt.toISOString(),
      stateDueAt: row.stateDueAt?.toISOString() ?? null,
      dueAt: row.dueAt?.toISOString() ?? null,
      workingDaysLeft: left,
      isOverdue: Boolean(withOfficers && row.stateDueAt! < now),
      roles: row.state
        ? [...new Set(actionsFrom(content.workflow, row.state).map((action) => action.role as string))]
        : [],
    };
  });
}

export async function listMyApplications(context: CatalogContext, options: { actor: Actor }) {
  const rows = await repository.listApplicationsOfCitizen(context.db, options.actor.userId);
  return (await summaries(context, rows)).map(({ roles: _roles, ...summary }) => summary);
}

/** The officer's queue: submitted applications within reach whose current step their role acts on. */
export async function listQueue(context: CatalogContext, options: { actor: Actor }) {
  const rows = await repository.listApplicationsInProcess(context.db, {
    path: options.actor.hasNationalScope ? null : (options.actor.agencyPath ?? '\u0000'),
    limit: 500,
  });
  return (await summaries(context, rows))
    .filter((summary) => summary.roles.includes(options.actor.role ?? ''))
    .map(({ roles: _roles, ...summary }) => summary);
}

export async function openResult(context: CatalogContext, options: { actor: Actor; reference: string }) {
  const loaded = await loadApplication(context, options.actor, options.reference);
  const documentId = loaded.application.resultDocumentId;
  const document = documentId ? await repository.findIssuedDocument(context.db, documentId) : undefined;
  if (!document) throw new AppError(CatalogErrors.RESULT_NOT_FOUND);
  const file = context.files.read(document.storageKey);
  return { fileName: `${loaded.application.referenceNumber}.pdf`, stream: file };
}

export async function submitSurvey(
  context: CatalogContext,
  options: { actor: Actor; reference: string; scores: number[] } & Meta,
) {
  const loaded = await loadApplication(context, options.actor, options.reference);
  asCitizen(loaded);
  if (loaded.application.status !== 'selesai') throw new AppError(CatalogErrors.SURVEY_NOT_OPEN);
  const s = options.scores;
  const inserted = await context.db
    .insert(surveyResponses)
    .values({
      applicationId: loaded.application.id,
      serviceId: loaded.application.serviceId,
      agencyPath: loaded.application.agencyPath,
      u1: s[0]!,
      u2: s[1]!,
      u3: s[2]!,
      u4: s[3]!,
      u5: s[4]!,
      u6: s[5]!,
      u7: s[6]!,
      u8: s[7]!,
      u9: s[8]!,
      respondedAt: context.now(),
    })
    .onConflictDoNothing()
    .returning();
  if (inserted.length === 0) throw new AppError(CatalogErrors.SURVEY_NOT_OPEN);
  return getSatisfaction(context, { serviceId: loaded.application.serviceId });
}

// ---------------------------------------------------------------------------------------------
// Verification of result documents

/**
 * Whether a result document is authentic: its record exists, its payload carries a valid
 * signature of the issuing agency's key, and (when a file is given) the file is byte for byte the
 * PDF the payload names. An unknown id is simply not authentic.
 */
export async function verifyDocument(
  context: CatalogContext,
  options: { documentId: string; file?: Buffer | undefined },
): Promise<Verification> {
  const isUuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(options.documentId);
  const document = isUuid ? await repository.findIssuedDocument(context.db, options.documentId) : undefined;
  if (!document) throw new AppError(CatalogErrors.RESULT_NOT_FOUND);
  const key = await repository.findAgencyKeyById(context.db, document.keyId);
  let payload: Record<string, unknown> = {};
  try {
    payload = JSON.parse(document.payload) as Record<string, unknown>;
  } catch {
    payload = {};
  }
  const isSigned = Boolean(key) && verifyPayload(key!.publicKey, document.payload, document.signature);
  const isConsistent =
    payload.documentId === document.id &&
    payload.pdfSha256 === document.pdfSha256 &&
    payload.keyId === document.keyId;
  const fileMatches = options.file ? sha256Hex(options.file) === payload.pdfSha256 : null;
  const agency = payload.agency as { name?: string } | undefined;
  return {
    documentId: document.id,
    isAuthentic: isSigned && isConsistent && fileMatches !== false,
    fileMatches,
    issued: {
      documentNumber: String(payload.documentNumber ?? ''),
      title: String(payload.title ?? ''),
      service: String(payload.service ?? ''),
      agency: String(agency?.name ?? ''),
      holder: typeof payload.holder === 'string' ? payload.holder : null,
      issuedAt: String(payload.issuedAt ?? document.issuedAt.toISOString()),
      pdfSha256: String(payload.pdfSha256 ?? ''),
      keyId: document.keyId,
      publicKey: key?.publicKey ?? '',
      signature: document.signature,
      payload: document.payload,
    },
  };
}

/**
 * Creates and publishes a service for an agency unless it exists (by agency and slug): for seeding
 * demo or reference services from the command line. Returns the service id.
 */
export async function ensurePublishedService(
  context: CatalogContext,
  options: { agencyCode: string; slug: string; content: ServiceContent },
): Promise<string> {
  const agency = await getAgency(context.identity, { code: options.agencyCode });
  const issues = draftIssues(options.content);
  if (issues.length > 0)
    throw new Error(`seed service ${options.slug} is not publishable: ${issues[0]?.message}`);
  const now = context.now();
  return context.db.transaction(async (tx) => {
    await tx
      .insert(services)
      .values(newServiceRow(options.slug, agency, options.content, now))
      .onConflictDoNothing();
    const [service] = await tx
      .select()
      .from(services)
      .where(and(eq(services.agencyId, agency.id), eq(services.slug, options.slug)));
    if (!service) throw new Error('seed service vanished');
    if (service.publishedVersion) return service.id;
    await tx
      .insert(serviceVersions)
      .values({ serviceId: service.id, version: 1, content: service.draft, publishedAt: now });
    await tx
      .update(services)
      .set({
        publishedVersion: 1,
        publishedAt: now,
        searchText: searchTextOf(service.draft, agency.name),
        lifeEvents: service.draft.lifeEvents,
      })
      .where(eq(services.id, service.id));
    await appendAudit(tx, {
      actorId: null,
      actorRole: 'system',
      action: 'service.published',
      targetType: 'service',
      targetId: service.id,
      details: { version: 1, seeded: true },
    });
    return service.id;
  });
}

// ---------------------------------------------------------------------------------------------
// Life-event bundles: one submission, several agencies' services, each tracked on its own

function bundleStatus(parts: readonly repository.ApplicationRow[]): BundleView['status'] {
  if (parts.some((part) => part.status === 'draf')) return 'draf';
  if (parts.some((part) => part.status === 'dikembalikan')) return 'dikembalikan';
  if (parts.every((part) => part.status === 'selesai' || part.status === 'ditolak')) return 'selesai';
  return 'diproses';
}

/** The parts' forms as one: the first definition of each field name is the one asked. */
function combinedForm(parts: readonly Loaded[]): ServiceContent['form'] {
  const properties: Record<string, unknown> = {};
  const required = new Set<string>();
  const order: string[] = [];
  const fields: ServiceContent['form']['ui']['fields'] = {};
  for (const { version } of parts) {
    const form = version.content.form;
    const schema = form.schema as { properties?: Record<string, unknown>; required?: string[] };
    for (const name of form.ui.order) {
      if (!(name in properties)) {
        properties[name] = schema.properties?.[name];
        fields[name] = form.ui.fields[name]!;
        order.push(name);
      }
    }
    for (const name of schema.required ?? []) required.add(name);
  }
  return { schema: { type: 'object', properties, required: [...required] }, ui: { order, fields } };
}

async function loadBundle(context: CatalogContext, actor: Actor, reference: string) {
  const bundle = await repository.findBundleByReference(context.db, normaliseReference(reference));
  if (!bundle || bundle.citizenId !== actor.userId) throw new AppError(CatalogErrors.APPLICATION_NOT_FOUND);
  const rows = await repository.listApplicationsOfBundle(context.db, bundle.id);
  const versions = await repository.findVersionsByIds(
    context.db,
    rows.map((row) => row.versionId),
  );
  const parts: Loaded[] = rows.map((application) => ({
    application,
    version: versions.get(application.versionId)!,
    standing: 'pemohon',
  }));
  return { bundle, parts };
}

async function bundleView(
  context: CatalogContext,
  loaded: { bundle: repository.BundleRow; parts: Loaded[] },
): Promise<BundleView> {
  const values: ApplicationValues = {};
  const prefilled = new Set<string>();
  for (const part of loaded.parts) {
    Object.assign(values, decryptValues(context, part.application));
    for (const name of part.application.prefilled) prefilled.add(name);
  }
  const rows = loaded.parts.map((part) => part.application);
  return {
    referenceNumber: loaded.bundle.referenceNumber,
    lifeEvent: loaded.bundle.lifeEvent as BundleView['lifeEvent'],
    status: bundleStatus(rows),
    form: combinedForm(loaded.parts),
    values,
    prefilled: [...prefilled],
    applications: (await summaries(context, rows)).map(({ roles: _roles, ...summary }) => summary),
  };
}

/** Starts one draft per service of a life event, together; every service must be published for that event. */
export async function startBundle(
  context: CatalogContext,
  options: { actor: Actor; lifeEvent: BundleView['lifeEvent']; serviceIds: string[] } & Meta,
) {
  const ids = [...new Set(options.serviceIds)];
  const chosen: Array<{
    service: repository.ServiceRow;
    version: repository.VersionRow;
    values: ApplicationValues;
    prefilled: string[];
  }> = [];
  for (const [index, serviceId] of ids.entries()) {
    const service = await repository.findServiceById(context.db, serviceId);
    const version =
      service?.publishedVersion && !service.withdrawnAt
        ? await repository.findVersion(context.db, service.id, service.publishedVersion)
        : undefined;
    if (!service || !version?.content.lifeEvents.includes(options.lifeEvent))
      throw new AppError(CatalogErrors.BUNDLE_SERVICE_INVALID, {
        fields: [{ field: `serviceIds.${index}`, code: 'not_in_life_event' }],
      });
    chosen.push({
      service,
      version,
      ...(await profileValues(context, options.actor.userId, version.content)),
    });
  }
  const now = context.now();
  const bundle = await context.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(bundles)
      .values({
        referenceNumber: newReferenceNumber(now).replace(/^PMH/, 'PMB'),
        citizenId: options.actor.userId,
        lifeEvent: options.lifeEvent,
        createdAt: now,
      })
      .returning();
    for (const part of chosen) {
      await insertDraft(tx, context, {
        ...part,
        citizenId: options.actor.userId,
        now,
        bundle: { id: row!.id, note: `Paket ${options.lifeEvent}` },
      });
    }
    await appendAudit(tx, {
      actorId: options.actor.userId,
      actorRole: null,
      action: 'bundle.started',
      targetType: 'bundle',
      targetId: row!.id,
      requestId: options.requestId,
      details: { lifeEvent: options.lifeEvent, services: ids },
    });
    return row!;
  });
  return bundleView(context, await loadBundle(context, options.actor, bundle.referenceNumber));
}

/** The citizen's bundles with each part's status (each part is also in their applications list). */
export async function listMyBundles(
  context: CatalogContext,
  options: { actor: Actor },
): Promise<BundleSummary[]> {
  const rows = await repository.listBundlesOfCitizen(context.db, options.actor.userId);
  return Promise.all(
    rows.map(async (bundle) => {
      const parts = await repository.listApplicationsOfBundle(context.db, bundle.id);
      const versions = await repository.findVersionsByIds(
        context.db,
        parts.map((part) => part.versionId),
      );
      return {
        referenceNumber: bundle.referenceNumber,
        lifeEvent: bundle.lifeEvent as BundleSummary['lifeEvent'],
        status: bundleStatus(parts),
        createdAt: bundle.createdAt.toISOString(),
        applications: parts.map((part) => ({
          referenceNumber: part.referenceNumber,
          serviceName: versions.get(part.versionId)?.content.name ?? '',
          status: part.status,
        })),
      };
    }),
  );
}

export async function getBundle(context: CatalogContext, options: { actor: Actor; reference: string }) {
  return bundleView(context, await loadBundle(context, options.actor, options.reference));
}

/** Saves the shared values into every draft part (each takes the fields its form asks); all or nothing. */
export async function saveBundleDraft(
  context: CatalogContext,
  options: { actor: Actor; reference: string; values: ApplicationValues } & Meta,
) {
  const loaded = await loadBundle(context, options.actor, options.reference);
  const editable = loaded.parts.filter(
    (part) => part.application.status === 'draf' || part.application.status === 'dikembalikan',
  );
  if (editable.length === 0) throw new AppError(CatalogErrors.APPLICATION_NOT_EDITABLE);
  const known = new Set(Object.keys(combinedForm(loaded.parts).ui.fields));
  const unknown = Object.keys(options.values).filter((name) => !known.has(name));
  const errors: FieldError[] = unknown.map((name) => ({
    field: `values.${name}`,
    code: 'unknown_field',
    message: 'unknown field',
  }));
  const updates = editable.map((part) => {
    const stored = decryptValues(context, part.application);
    const own = new Set(part.version.content.form.ui.order);
    const values = withPrefilled(
      { ...stored, ...Object.fromEntries(Object.entries(options.values).filter(([name]) => own.has(name))) },
      stored,
      part.application.prefilled,
    );
    errors.push(...validateValues(part.version.id, part.version.content.form, values, { isPartial: true }));
    return { part, values };
  });
  if (errors.length > 0)
    throw new AppError(CatalogErrors.APPLICATION_VALUES_INVALID, {
      fields: [...new Map(errors.map((error) => [error.field, error])).values()],
    });
  const now = context.now();
  await context.db.transaction(async (tx) => {
    for (const { part, values } of updates) {
      const [row] = await tx
        .update(applications)
        .set({ valuesCiphertext: encryptValues(context, values), updatedAt: now })
        .where(
          and(eq(applications.id, part.application.id), eq(applications.status, part.application.status)),
        )
        .returning();
      if (!row) throw new AppError(CatalogErrors.APPLICATION_CHANGED);
    }
  });
  return getBundle(context, options);
}

/**
 * One submission for the whole bundle: every draft part is checked first (each gap named with its
 * application's reference), then all are sent in one transaction, or none.
 */
export async function submitBundle(
  context: CatalogContext,
  options: { actor: Actor; reference: string } & Meta,
) {
  const loaded = await loadBundle(context, options.actor, options.reference);
  const editable = loaded.parts.filter(
    (part) => part.application.status === 'draf' || part.application.status === 'dikembalikan',
  );
  if (editable.length === 0) throw new AppError(CatalogErrors.APPLICATION_NOT_EDITABLE);
  const errors: FieldError[] = [];
  for (const part of editable) {
    for (const gap of await submissionGaps(context, part))
      errors.push({ ...gap, field: `${part.application.referenceNumber}.${gap.field}` });
  }
  if (errors.length > 0) throw new AppError(CatalogErrors.APPLICATION_INCOMPLETE, { fields: errors });
  const calendar = await context.calendar.current();
  const now = context.now();
  const notices = await Promise.all(editable.map((part) => submissionNotices(context, part)));
  await context.db.transaction(async (tx) => {
    for (const [index, part] of editable.entries())
      await writeSubmission(tx, part, {
        actor: options.actor,
        calendar,
        now,
        notices: notices[index]!,
        publicUrl: context.publicUrl,
        requestId: options.requestId,
      });
  });
  setImmediate(context.onEmailQueued);
  return getBundle(context, options);
}

// ---------------------------------------------------------------------------------------------
// Clocks: the scheduled job flags applications whose step (or whole service) ran over its limit

/**
 * Escalates each application whose current step's working-day limit (`tahap`) or the whole
 * service's limit (`layanan`) has passed: once per clock and due date (a unique row in
 * `application_escalations`), with a timeline entry, an audit entry and a notice to the officers
 * who act on the step (and the agency's admin-instansi for the whole-service limit). Idempotent:
 * a second run, or a second instance, escalates nothing again.
 */
export async function runApplicationClocks(
  context: CatalogContext,
  options: { batchSize?: number } = {},
): Promise<{ escalated: number }> {
  const now = context.now();
  const limit = options.batchSize ?? 200;
  let escalated = 0;
  let queuedAny = false;
  for (const clock of ['tahap', 'layanan'] as const) {
    const rows = await repository.findOverdueApplications(context.db, clock, now, limit);
    const versions = await repository.findVersionsByIds(
      context.db,
      rows.map((row) => row.versionId),
    );
    for (const application of rows) {
      const content = versions.get(application.versionId)!.content;
      const due = (clock === 'tahap' ? application.stateDueAt : application.dueAt)!;
      const step = application.state ? stateOf(content.workflow, application.state) : undefined;
      const what =
        clock === 'tahap'
          ? `Batas tahap "${step?.label.id ?? application.state}" (${WIB_DATE.format(due)}) terlampaui`
          : `Batas seluruh layanan (${WIB_DATE.format(due)}) terlampaui`;
      const recipients = await officersOfStep(
        context,
        application,
        content,
        application.state ?? content.workflow.initial,
        { title: `Terlambat: ${application.referenceNumber}`, body: `${content.name}: ${what}.` },
        clock === 'layanan' ? ['admin-instansi'] : [],
      );
      const queued = await context.db.transaction(async (tx) => {
        const isNew = await repository.recordApplicationEscalation(tx, {
          applicationId: application.id,
          clock,
          state: clock === 'tahap' ? (application.state ?? '') : '',
          dueAt: due,
          firedAt: now,
        });
        if (!isNew) return false;
        await tx.insert(applicationEvents).values({
          applicationId: application.id,
          at: now,
          kind: 'terlambat',
          fromState: application.state,
          toState: application.state,
          actorRole: 'sistem',
          note: what,
        });
        await appendAudit(tx, {
          actorRole: 'system',
          action: 'application.overdue',
          targetType: 'application',
          targetId: application.id,
          details: { clock, state: application.state, dueAt: due.toISOString() },
        });
        escalated += 1;
        return notifyUsers(tx, recipients, { publicUrl: context.publicUrl });
      });
      queuedAny ||= queued;
    }
  }
  if (queuedAny) context.onEmailQueued();
  return { escalated };
}
