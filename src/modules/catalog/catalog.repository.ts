import { type AnyColumn, and, asc, desc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import type { Database } from '../../platform/db/database.ts';
import {
  agencyKeys,
  applicationEscalations,
  applicationEvents,
  applications,
  bundles,
  issuedDocuments,
  services,
  serviceVersions,
  surveyResponses,
  uploads,
} from './catalog.tables.ts';

export type ServiceRow = typeof services.$inferSelect;
export type VersionRow = typeof serviceVersions.$inferSelect;
export type ApplicationRow = typeof applications.$inferSelect;
export type UploadRow = typeof uploads.$inferSelect;
export type EventRow = typeof applicationEvents.$inferSelect;
export type IssuedDocumentRow = typeof issuedDocuments.$inferSelect;
export type AgencyKeyRow = typeof agencyKeys.$inferSelect;

/** path = p or within p's subtree. */
function inSubtree(column: AnyColumn, path: string): SQL {
  return sql`(${column} = ${path} or ${column} like ${`${path}>%`})`;
}

export async function findServiceById(db: Database, id: string): Promise<ServiceRow | undefined> {
  const [row] = await db.select().from(services).where(eq(services.id, id));
  return row;
}

/** Services an admin manages: those of agencies in `paths`' subtrees (all, for national roles). Always limited. */
export async function listServicesForAdmin(db: Database, options: { path: string | null }) {
  const query = db.select().from(services);
  return (options.path ? query.where(inSubtree(services.agencyPath, options.path)) : query)
    .orderBy(desc(services.updatedAt))
    .limit(500);
}

export async function findVersion(db: Database, serviceId: string, version: number) {
  const [row] = await db
    .select()
    .from(serviceVersions)
    .where(and(eq(serviceVersions.serviceId, serviceId), eq(serviceVersions.version, version)));
  return row;
}

export async function findVersionById(db: Database, id: string): Promise<VersionRow | undefined> {
  const [row] = await db.select().from(serviceVersions).where(eq(serviceVersions.id, id));
  return row;
}

export async function findVersionsByIds(db: Database, ids: string[]): Promise<Map<string, VersionRow>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .select()
    .from(serviceVersions)
    .where(inArray(serviceVersions.id, [...new Set(ids)]));
  return new Map(rows.map((row) => [row.id, row]));
}

/**
 * Published services matching the filters, best match first when searching; each with its
 * published version. Paginated.
 */
export async function searchPublishedServices(
  db: Database,
  options: {
    text?: string | undefined;
    agencyPath?: string | undefined;
    region?: string | undefined;
    lifeEvent?: string | undefined;
    limit: number;
    offset: number;
  },
) {
  const conditions: SQL[] = [
    sql`${services.publishedVersion} is not null`,
    sql`${services.withdrawnAt} is null`,
  ];
  const query = options.text ? sql`websearch_to_tsquery('indonesian', ${options.text})` : undefined;
  if (query) conditions.push(sql`${services.searchVector} @@ ${query}`);
  if (options.agencyPath) conditions.push(inSubtree(services.agencyPath, options.agencyPath));
  if (options.region)
    conditions.push(
      sql`(${services.regionCode} = ${options.region} or ${services.regionCode} like ${`${options.region}.%`})`,
    );
  if (options.lifeEvent) conditions.push(sql`${options.lifeEvent} = any(${services.lifeEvents})`);
  const where = and(...conditions);
  // Only the columns a listing shows: the admin's draft and the search vector stay in the database.
  const [[count], rows] = await Promise.all([
    db.select({ total: sql<number>`count(*)::int` }).from(services).where(where),
    db
      .select({
        service: {
          id: services.id,
          slug: services.slug,
          agencyId: services.agencyId,
          regionCode: services.regionCode,
        },
        version: { version: serviceVersions.version, content: serviceVersions.content },
      })
      .from(services)
      .innerJoin(
        serviceVersions,
        and(
          eq(serviceVersions.serviceId, services.id),
          eq(serviceVersions.version, services.publishedVersion),
        ),
      )
      .where(where)
      .orderBy(
        ...(query ? [desc(sql`ts_rank(${services.searchVector}, ${query})`)] : []),
        asc(services.slug),
        asc(services.id),
      )
      .limit(options.limit)
      .offset(options.offset),
  ]);
  return { rows, total: count?.total ?? 0 };
}

export async function findApplicationByReference(db: Database, referenceNumber: string) {
  const [row] = await db.select().from(applications).where(eq(applications.referenceNumber, referenceNumber));
  return row;
}

export async function listApplicationsOfCitizen(db: Database, citizenId: string) {
  return db
    .select()
    .from(applications)
    .where(eq(applications.citizenId, citizenId))
    .orderBy(desc(applications.updatedAt))
    .limit(200);
}

/** Applications with officers (diproses) within an agency subtree, oldest deadline first. Limited. */
export async function listApplicationsInProcess(
  db: Database,
  options: { path: string | null; limit: number },
) {
  const conditions = [eq(applications.status, 'diproses')];
  if (options.path) conditions.push(inSubtree(applications.agencyPath, options.path));
  return db
    .select()
    .from(applications)
    .where(and(...conditions))
    .orderBy(asc(applications.stateDueAt))
    .limit(options.limit);
}

export async function listUploads(db: Database, applicationId: string): Promise<UploadRow[]> {
  return db
    .select()
    .from(uploads)
    .where(eq(uploads.applicationId, applicationId))
    .orderBy(asc(uploads.createdAt));
}

export async function listEvents(db: Database, applicationId: string): Promise<EventRow[]> {
  return db
    .select()
    .from(applicationEvents)
    .where(eq(applicationEvents.applicationId, applicationId))
    .orderBy(asc(applicationEvents.id));
}

export async function findIssuedDocument(db: Database, id: string): Promise<IssuedDocumentRow | undefined> {
  const [row] = await db.select().from(issuedDocuments).where(eq(issuedDocuments.id, id));
  return row;
}

export async function findAgencyKey(db: Database, agencyId: string): Promise<AgencyKeyRow | undefined> {
  const [row] = await db.select().from(agencyKeys).where(eq(agencyKeys.agencyId, agencyId));
  return row;
}

export async function findAgencyKeyById(db: Database, keyId: string): Promise<AgencyKeyRow | undefined> {
  const [row] = await db.select().from(agencyKeys).where(eq(agencyKeys.keyId, keyId));
  return row;
}

export async function hasSurveyResponse(db: Database, applicationId: string): Promise<boolean> {
  const [row] = await db
    .select({ id: surveyResponses.id })
    .from(surveyResponses)
    .where(eq(surveyResponses.applicationId, applicationId));
  return Boolean(row);
}

const ELEMENT_SUMS = sql<string[]>`array[
  coalesce(sum(${surveyResponses.u1}), 0), coalesce(sum(${surveyResponses.u2}), 0), coalesce(sum(${surveyResponses.u3}), 0),
  coalesce(sum(${surveyResponses.u4}), 0), coalesce(sum(${surveyResponses.u5}), 0), coalesce(sum(${surveyResponses.u6}), 0),
  coalesce(sum(${surveyResponses.u7}), 0), coalesce(sum(${surveyResponses.u8}), 0), coalesce(sum(${surveyResponses.u9}), 0)
]::text[]`;

/** Respondents and per-element score sums, per service (for listing), optionally within a period. */
export async function surveyTotalsByService(
  db: Database,
  options: { serviceIds: string[]; from?: Date | undefined; to?: Date | undefined },
) {
  if (options.serviceIds.length === 0) return [];
  const conditions: SQL[] = [inArray(surveyResponses.serviceId, options.serviceIds)];
  if (options.from) conditions.push(sql`${surveyResponses.respondedAt} >= ${options.from.toISOString()}`);
  if (options.to) conditions.push(sql`${surveyResponses.respondedAt} < ${options.to.toISOString()}`);
  return db
    .select({
      serviceId: surveyResponses.serviceId,
      respondents: sql<number>`count(*)::int`,
      elementSums: ELEMENT_SUMS,
    })
    .from(surveyResponses)
    .where(and(...conditions))
    .groupBy(surveyResponses.serviceId);
}

/** Respondents and per-element sums for every service of an agency subtree (the unit's IKM). */
export async function surveyTotalsForAgency(
  db: Database,
  options: { path: string; from?: Date | undefined; to?: Date | undefined },
) {
  const conditions: SQL[] = [inSubtree(surveyResponses.agencyPath, options.path)];
  if (options.from) conditions.push(sql`${surveyResponses.respondedAt} >= ${options.from.toISOString()}`);
  if (options.to) conditions.push(sql`${surveyResponses.respondedAt} < ${options.to.toISOString()}`);
  const [row] = await db
    .select({ respondents: sql<number>`count(*)::int`, elementSums: ELEMENT_SUMS })
    .from(surveyResponses)
    .where(and(...conditions));
  return row ?? { respondents: 0, elementSums: [] };
}

export type BundleRow = typeof bundles.$inferSelect;

export async function findBundleByReference(db: Database, referenceNumber: string) {
  const [row] = await db.select().from(bundles).where(eq(bundles.referenceNumber, referenceNumber));
  return row;
}

/** A citizen's bundles, newest first; limited. */
export async function listBundlesOfCitizen(db: Database, citizenId: string): Promise<BundleRow[]> {
  return db
    .select()
    .from(bundles)
    .where(eq(bundles.citizenId, citizenId))
    .orderBy(desc(bundles.createdAt))
    .limit(50);
}

export async function listApplicationsOfBundle(db: Database, bundleId: string) {
  return db
    .select()
    .from(applications)
    .where(eq(applications.bundleId, bundleId))
    .orderBy(asc(applications.createdAt), asc(applications.id));
}

/**
 * Applications with officers whose step limit (`tahap`) or whole-service limit (`layanan`) ran out
 * before `now` and were not yet escalated for that due date; oldest first, limited.
 */
export async function findOverdueApplications(
  db: Database,
  clock: 'tahap' | 'layanan',
  now: Date,
  limit: number,
): Promise<ApplicationRow[]> {
  const due = clock === 'tahap' ? applications.stateDueAt : applications.dueAt;
  const state = clock === 'tahap' ? sql`${applications.state}` : sql`''`;
  return db
    .select()
    .from(applications)
    .where(
      and(
        eq(applications.status, 'diproses'),
        sql`${due} < ${now.toISOString()}`,
        sql`not exists (select 1 from ${applicationEscalations} e
          where e.application_id = ${applications.id} and e.clock = ${clock}
            and e.state = ${state} and e.due_at = ${due})`,
      ),
    )
    .orderBy(asc(due))
    .limit(limit);
}

/** Records an escalation; false when it was already recorded (another run or instance did it). */
export async function recordApplicationEscalation(
  db: Database,
  row: { applicationId: string; clock: 'tahap' | 'layanan'; state: string; dueAt: Date; firedAt: Date },
): Promise<boolean> {
  const inserted = await db.insert(applicationEscalations).values(row).onConflictDoNothing().returning();
  return inserted.length > 0;
}
