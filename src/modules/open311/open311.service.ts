import { createHash, randomBytes } from 'node:crypto';
import { appendAudit } from '../../platform/audit/audit.ts';
import type { PersonalDataCipher } from '../../platform/crypto/personal-data.ts';
import type { Database } from '../../platform/db/database.ts';
import type { Actor } from '../../platform/http/auth.ts';
import { AppError, type FieldError } from '../../platform/http/errors.ts';
import { findRegion } from '../../platform/regions/regions.ts';
import {
  ComplaintErrors,
  type ComplaintsContext,
  checkReporterIdentityReadable,
  findPublicRecords,
  listCategories,
  listPublicRecords,
  type PublicRecord,
  receivePartnerComplaint,
  STATUSES,
  type Status,
  SubmitComplaint,
} from '../complaints/index.ts';
import {
  type ApiKeyView,
  type CreateApiKey,
  PostServiceRequest,
  type ServiceRequestsQuery,
} from './open311.contracts.ts';
import { Open311Errors } from './open311.errors.ts';
import type { Open311Value } from './open311.format.ts';
import * as repository from './open311.repository.ts';
import { ATTRIBUTE_CODES, groupOf, keywordsOf, SERVICE_ATTRIBUTES } from './open311.services.ts';

export type Open311Context = {
  complaints: ComplaintsContext;
  cipher: PersonalDataCipher;
  publicUrl: string;
  /** Requests per minute per API key unless the key says otherwise. */
  rateLimitPerMinute: number;
};

/** Who issues or revokes a key: an officer through the API, or the operator at the console. */
export type KeyOperator = Actor | 'system';

type Meta = { requestId?: string | undefined };

const DAY = 86_400_000;
/** The spec's default window and the longest one a query may span. */
const WINDOW_DAYS = 90;

// ---------------------------------------------------------------------------------------------
// API keys

function hashKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

function toView(row: repository.ApiKeyRow): ApiKeyView {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    regionCode: row.regionCode,
    rateLimitPerMinute: row.rateLimitPerMinute,
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
  };
}

async function checkRegion(context: Open311Context, code: string, field: string) {
  const region = await findRegion(context.complaints.db, code);
  if (!region || region.level < 2) {
    throw new AppError(ComplaintErrors.REGION_UNKNOWN, { fields: [{ field, code: 'REGION_UNKNOWN' }] });
  }
}

function auditKey(
  db: Database,
  entry: {
    operator: KeyOperator;
    event: 'created' | 'revoked';
    keyId: string;
    details?: Record<string, unknown>;
  } & Meta,
) {
  const { operator } = entry;
  return appendAudit(db, {
    actorId: operator === 'system' ? null : operator.userId,
    actorRole: operator === 'system' ? 'system' : operator.role,
    action: `open311_api_key.${entry.event}`,
    targetType: 'open311_api_key',
    targetId: entry.keyId,
    requestId: entry.requestId,
    ...(entry.details ? { details: entry.details } : {}),
  });
}

/** Issues a key; the key itself is in the answer only, the database keeps its SHA-256. */
export async function issueApiKey(
  context: Open311Context,
  options: { operator: KeyOperator; input: CreateApiKey } & Meta,
): Promise<ApiKeyView & { key: string }> {
  const { input, operator } = options;
  if (input.regionCode) await checkRegion(context, input.regionCode, 'regionCode');
  const key = `o311_${randomBytes(24).toString('base64url')}`;
  const row = await context.complaints.db.transaction(async (tx) => {
    const created = await repository.insertApiKey(tx, {
      name: input.name,
      prefix: key.slice(0, 10),
      keyHash: hashKey(key),
      regionCode: input.regionCode ?? null,
      rateLimitPerMinute: input.rateLimitPerMinute ?? null,
      createdBy: operator === 'system' ? null : operator.userId,
    });
    await auditKey(tx, {
      operator,
      event: 'created',
      keyId: created.id,
      requestId: options.requestId,
      details: { name: input.name },
    });
    return created;
  });
  return { ...toView(row), key };
}

export async function listApiKeys(context: Open311Context): Promise<ApiKeyView[]> {
  return (await repository.listApiKeys(context.complaints.db)).map(toView);
}

/** Revokes a key at once; revoking a revoked key changes nothing. */
export async function revokeApiKey(
  context: Open311Context,
  options: { operator: KeyOperator; id: string } & Meta,
): Promise<ApiKeyView> {
  const { operator } = options;
  const found = /^[0-9a-f-]{36}$/i.test(options.id)
    ? await repository.findApiKeyById(context.complaints.db, options.id)
    : undefined;
  if (!found) throw new AppError(Open311Errors.API_KEY_NOT_FOUND);
  if (found.revokedAt) return toView(found);
  const revokedAt = new Date();
  await context.complaints.db.transaction(async (tx) => {
    await repository.revokeApiKey(tx, found.id, revokedAt);
    await auditKey(tx, { operator, event: 'revoked', keyId: found.id, requestId: options.requestId });
  });
  return toView({ ...found, revokedAt });
}

export type AuthenticatedKey = Pick<
  repository.ApiKeyRow,
  'id' | 'name' | 'regionCode' | 'rateLimitPerMinute'
>;

/** The key's record when it is known and not revoked; 403 in every other case, missing included. */
export async function authenticateApiKey(context: Open311Context, key: unknown): Promise<AuthenticatedKey> {
  if (typeof key !== 'string' || !/^[A-Za-z0-9_-]{10,200}$/.test(key)) {
    throw new AppError(Open311Errors.OPEN311_API_KEY_INVALID);
  }
  const row = await repository.findApiKeyByHash(context.complaints.db, hashKey(key));
  if (!row || row.revokedAt) throw new AppError(Open311Errors.OPEN311_API_KEY_INVALID);
  await repository.markApiKeyUsed(context.complaints.db, row.id, new Date());
  return {
    id: row.id,
    name: row.name,
    regionCode: row.regionCode,
    rateLimitPerMinute: row.rateLimitPerMinute,
  };
}

// ---------------------------------------------------------------------------------------------
// Discovery and services

/** When this implementation's endpoint last changed, as discovery reports it. */
const CHANGESET = '2026-11-25T00:00:00+07:00';

export function discovery(context: Open311Context) {
  return {
    changeset: CHANGESET,
    contact: `Administrator Terpadu — ${context.publicUrl}`,
    key_service: `Kunci API diterbitkan oleh administrator di ${context.publicUrl}/admin/kunci-api / API keys are issued by administrators`,
    endpoints: [
      {
        specification: 'http://wiki.open311.org/GeoReport_v2',
        url: `${context.publicUrl}/open311/v2`,
        changeset: CHANGESET,
        type: 'production',
        formats: ['text/xml', 'application/json'],
      },
    ],
  };
}

export async function listServices(context: Open311Context) {
  const categories = await listCategories(context.complaints);
  return categories.map((category) => ({
    service_code: category.code,
    service_name: category.name,
    description: category.isOversight
      ? `${category.name} / ${category.nameEn}. Berkadar pengawasan: diselesaikan dalam 60 hari kerja / oversight complaint: 60 working days.`
      : `${category.name} / ${category.nameEn}`,
    metadata: true,
    // A token comes back at once; GET tokens/{token} gives the service_request_id.
    type: 'batch',
    keywords: keywordsOf(category),
    group: groupOf(category.code),
  }));
}

async function findService(context: Open311Context, serviceCode: string) {
  const categories = await listCategories(context.complaints);
  return categories.find((category) => category.code === serviceCode);
}

export async function getServiceDefinition(context: Open311Context, serviceCode: string) {
  if (!(await findService(context, serviceCode))) throw new AppError(Open311Errors.OPEN311_SERVICE_NOT_FOUND);
  return { service_code: serviceCode, attributes: SERVICE_ATTRIBUTES };
}

// ---------------------------------------------------------------------------------------------
// POST requests

const ATTRIBUTE_FIELD = /^attribute\[([^\]]{1,60})\](\[\])?$/;

function invalid(fields: FieldError[]): AppError {
  return new AppError(Open311Errors.OPEN311_INVALID, { fields });
}

function zodFields(
  issues: ReadonlyArray<{ path: PropertyKey[]; code: string; message: string }>,
): FieldError[] {
  return issues.map((issue) => ({
    field: issue.path.map(String).join('.') || 'body',
    code: issue.code,
    message: issue.message,
  }));
}

/** The title SP4N-LAPOR! needs: the description's first sentence, cut at a word, 10–200 characters. */
export function titleFrom(description: string, serviceName: string): string {
  const firstSentence = description.split(/(?<=[.!?])\s|\n/)[0]?.trim() ?? '';
  let title =
    firstSentence.length > 120 ? `${firstSentence.slice(0, 117).replace(/\s+\S*$/, '')}…` : firstSentence;
  if (title.length < 10) title = `${serviceName}: ${title}`.slice(0, 200);
  return title;
}

const ANONYMOUS = 'anonim';

/**
 * Files an Open311 request as a report in the same verification flow as any other. The reporter
 * has no Terpadu account: their contact details are kept encrypted beside the token (never for
 * `anonim` reports) and the Open311 API never returns them.
 */
export async function postServiceRequest(
  context: Open311Context,
  options: { apiKey: AuthenticatedKey; form: Record<string, unknown> } & Meta,
): Promise<{ token: string; serviceNotice: string }> {
  const base: Record<string, unknown> = {};
  const attributes: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(options.form)) {
    const match = ATTRIBUTE_FIELD.exec(name);
    if (match) attributes[match[1]!] = value;
    else base[name] = value;
  }
  const parsed = PostServiceRequest.safeParse(base);
  if (!parsed.success) throw invalid(zodFields(parsed.error.issues));
  const form = parsed.data;
  const service = await findService(context, form.service_code);
  if (!service) throw new AppError(Open311Errors.OPEN311_SERVICE_NOT_FOUND);

  const known = new Set<string>(Object.values(ATTRIBUTE_CODES));
  const unknownAttributes = Object.keys(attributes).filter((code) => !known.has(code));
  if (unknownAttributes.length) {
    throw invalid(
      unknownAttributes.map((code) => ({
        field: `attribute[${code}]`,
        code: 'unknown_attribute',
        message: 'Atribut tidak dikenal / unknown attribute',
      })),
    );
  }
  const attribute = (code: string) => {
    const value = attributes[code];
    if (value === undefined || value === '') return undefined;
    if (typeof value !== 'string')
      throw invalid([
        { field: `attribute[${code}]`, code: 'invalid_type', message: 'Satu nilai saja / a single value' },
      ]);
    return value.trim();
  };
  const regionCode = attribute(ATTRIBUTE_CODES.region) ?? form.jurisdiction_id ?? options.apiKey.regionCode;
  if (!regionCode) {
    throw invalid([
      {
        field: 'jurisdiction_id',
        code: 'required',
        message:
          'Sebutkan wilayah: jurisdiction_id atau attribute[wilayah] (kode Kemendagri) / name the region',
      },
    ]);
  }
  const candidate = {
    kind: attribute(ATTRIBUTE_CODES.kind) ?? 'pengaduan',
    privacy: attribute(ATTRIBUTE_CODES.privacy) ?? 'publik',
    title: attribute(ATTRIBUTE_CODES.title) ?? titleFrom(form.description, service.name),
    description: form.description,
    regionCode,
    categoryCode: service.code,
    ...(form.lat !== undefined && form.long !== undefined ? { lat: form.lat, lng: form.long } : {}),
    ...(form.address_string ? { address: form.address_string } : {}),
  };
  const input = SubmitComplaint.safeParse(candidate);
  if (!input.success) {
    const names: Record<string, string> = {
      kind: `attribute[${ATTRIBUTE_CODES.kind}]`,
      privacy: `attribute[${ATTRIBUTE_CODES.privacy}]`,
      title: `attribute[${ATTRIBUTE_CODES.title}]`,
      regionCode: 'jurisdiction_id',
      address: 'address_string',
      lat: 'lat',
      lng: 'long',
    };
    throw invalid(
      zodFields(input.error.issues).map((field) => ({ ...field, field: names[field.field] ?? field.field })),
    );
  }
  const isAnonymous = input.data.privacy === ANONYMOUS;
  const contact = Object.fromEntries(
    (['email', 'first_name', 'last_name', 'phone', 'device_id', 'account_id'] as const).flatMap((name) =>
      form[name] ? [[name, form[name]]] : [],
    ),
  );
  const token = randomBytes(18).toString('base64url');
  const created = await (async () => {
    try {
      return await receiveOpen311Report(context, options, input.data);
    } catch (error) {
      if (error instanceof AppError && error.code === ComplaintErrors.REGION_UNKNOWN) {
        throw invalid([
          {
            field: 'jurisdiction_id',
            code: 'REGION_UNKNOWN',
            message: 'Kode wilayah Kemendagri tidak dikenal / unknown region code',
          },
        ]);
      }
      throw error;
    }
  })();
  await repository.insertRequest(context.complaints.db, {
    token,
    trackingId: created.trackingId,
    apiKeyId: options.apiKey.id,
    // Data minimisation: an anonymous reporter's details have no one who may read them.
    contact:
      !isAnonymous && Object.keys(contact).length ? context.cipher.encrypt(JSON.stringify(contact)) : null,
    addressId: form.address_id ?? null,
    mediaUrl: form.media_url ?? null,
  });
  return {
    token,
    serviceNotice:
      'Laporan diterima dan menunggu verifikasi (paling lambat 3 hari kerja). / Received; awaiting verification (within 3 working days).',
  };
}

function receiveOpen311Report(
  context: Open311Context,
  options: { apiKey: AuthenticatedKey } & Meta,
  input: SubmitComplaint,
) {
  return receivePartnerComplaint(context.complaints, {
    input,
    channel: 'open311',
    partner: { id: options.apiKey.id, name: options.apiKey.name },
    requestId: options.requestId,
  });
}

export async function getToken(context: Open311Context, token: string) {
  const row = /^[A-Za-z0-9_-]{10,64}$/.test(token)
    ? await repository.findRequestByToken(context.complaints.db, token)
    : undefined;
  if (!row) throw new AppError(Open311Errors.OPEN311_TOKEN_NOT_FOUND);
  return [{ service_request_id: row.trackingId, token: row.token }];
}

// ---------------------------------------------------------------------------------------------
// GET requests

/**
 * Open311 knows open and closed. A report is closed once its follow-up is posted (`selesai`, the
 * public "Terdisposisi Selesai"), confirmed, closed by silence or archived; the fine state goes to
 * status_notes. A reopened report is open again.
 */
const CLOSED: readonly Status[] = ['selesai', 'ditutup', 'ditutup_tanpa_konfirmasi', 'diarsipkan'];
const OPEN: readonly Status[] = STATUSES.filter((status) => !CLOSED.includes(status));

/** ISO 8601 with the offset of WIB (UTC+7), the zone of the platform's working-day calendar. */
export function isoWib(date: Date): string {
  return `${new Date(date.getTime() + 7 * 3_600_000).toISOString().slice(0, 19)}+07:00`;
}

/** Two decimals of a degree: about 1.1 km, enough to place a report, too coarse to find a house. */
function coarsen(value: number | null): number | null {
  return value === null ? null : Math.round(value * 100) / 100;
}

function toServiceRequest(
  record: PublicRecord,
  extra: repository.RequestRow | undefined,
  serviceNames: Map<string, string>,
): Record<string, Open311Value> {
  const isAnonymous = record.privacy === ANONYMOUS;
  return {
    service_request_id: record.trackingId,
    status: CLOSED.includes(record.status) ? 'closed' : 'open',
    status_notes: `${record.publicStatus} (${record.status})`,
    service_name: record.categoryCode ? (serviceNames.get(record.categoryCode) ?? null) : null,
    service_code: record.categoryCode,
    description: record.description,
    agency_responsible: record.agency?.name ?? null,
    service_notice: null,
    requested_datetime: isoWib(record.submittedAt),
    updated_datetime: isoWib(record.updatedAt),
    expected_datetime: record.expectedAt ? isoWib(record.expectedAt) : null,
    address: isAnonymous ? null : record.address,
    address_id: isAnonymous ? null : (extra?.addressId ?? null),
    zipcode: null,
    lat: isAnonymous ? coarsen(record.lat) : record.lat,
    long: isAnonymous ? coarsen(record.lng) : record.lng,
    media_url: isAnonymous ? null : (extra?.mediaUrl ?? null),
  };
}

async function present(context: Open311Context, records: PublicRecord[]) {
  const [extras, categories] = await Promise.all([
    repository.findRequestsByTrackingIds(
      context.complaints.db,
      records.map((record) => record.trackingId),
    ),
    listCategories(context.complaints),
  ]);
  const byTrackingId = new Map(extras.map((row) => [row.trackingId, row]));
  const serviceNames = new Map(categories.map((category) => [category.code, category.name]));
  return records.map((record) => toServiceRequest(record, byTrackingId.get(record.trackingId), serviceNames));
}

function listOf(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean);
}

function parseDate(value: string | undefined, field: string): Date | undefined {
  if (!value) return undefined;
  const date = new Date(/^\d{4}-\d{2}-\d{2}$/.test(value) ? `${value}T00:00:00+07:00` : value);
  if (Number.isNaN(date.getTime())) throw invalid([{ field, code: 'invalid_format', message: 'ISO 8601' }]);
  return date;
}

/**
 * GET requests: public reports only (`rahasia` never), newest first. `service_request_id`
 * overrides every other filter, as the spec says; otherwise the window is the last 90 days
 * unless start_date/end_date say otherwise, and may not span more than 90 days.
 */
export async function listServiceRequests(
  context: Open311Context,
  query: ServiceRequestsQuery,
): Promise<{ items: Array<Record<string, Open311Value>>; total: number }> {
  const ids = listOf(query.service_request_id).map((id) => id.toUpperCase());
  if (ids.length > 0) {
    if (ids.length > 200) throw invalid([{ field: 'service_request_id', code: 'too_big', message: '≤ 200' }]);
    const records = await findPublicRecords(context.complaints, { trackingIds: ids });
    return { items: await present(context, records), total: records.length };
  }
  const now = context.complaints.now();
  const start = parseDate(query.start_date, 'start_date');
  const end = parseDate(query.end_date, 'end_date');
  const to = end ?? (start ? new Date(start.getTime() + WINDOW_DAYS * DAY) : now);
  const from = start ?? new Date(to.getTime() - WINDOW_DAYS * DAY);
  if (from > to) throw invalid([{ field: 'end_date', code: 'too_small', message: 'end_date < start_date' }]);
  if (to.getTime() - from.getTime() > WINDOW_DAYS * DAY) {
    throw invalid([
      { field: 'end_date', code: 'too_big', message: 'Rentang maksimal 90 hari / at most 90 days' },
    ]);
  }
  const statusNames = listOf(query.status).map((status) => status.toLowerCase());
  if (statusNames.some((status) => status !== 'open' && status !== 'closed')) {
    throw invalid([{ field: 'status', code: 'invalid_value', message: 'open | closed' }]);
  }
  const statuses =
    statusNames.length === 1 ? (statusNames[0] === 'open' ? [...OPEN] : [...CLOSED]) : undefined;
  const jurisdiction = query.jurisdiction_id;
  if (jurisdiction && !/^\d{2}(\.\d{2}(\.\d{2}(\.\d{4})?)?)?$/.test(jurisdiction)) {
    throw invalid([
      { field: 'jurisdiction_id', code: 'invalid_format', message: 'Kode wilayah Kemendagri / region code' },
    ]);
  }
  const { items, total } = await listPublicRecords(context.complaints, {
    categoryCodes: listOf(query.service_code),
    statuses,
    regionPrefix: jurisdiction,
    from,
    // end_date is inclusive.
    to: new Date(to.getTime() + 1),
    limit: query.page_size,
    offset: (query.page - 1) * query.page_size,
  });
  return { items: await present(context, items), total };
}

/**
 * One request. A `rahasia` report is shown only to the API key that posted it (the reporter's
 * own app following its report); to everyone else it does not exist.
 */
export async function getServiceRequest(
  context: Open311Context,
  options: { serviceRequestId: string; apiKey: AuthenticatedKey | undefined },
) {
  const id = options.serviceRequestId.trim().toUpperCase();
  if (!/^[0-9A-Z]{5}-[0-9A-Z]{5}$/.test(id)) throw new AppError(Open311Errors.OPEN311_REQUEST_NOT_FOUND);
  let confidentialAllowed: string[] = [];
  if (options.apiKey) {
    const [posted] = await repository.findRequestsByTrackingIds(context.complaints.db, [id]);
    if (posted?.apiKeyId === options.apiKey.id) confidentialAllowed = [id];
  }
  const records = await findPublicRecords(context.complaints, { trackingIds: [id], confidentialAllowed });
  if (records.length === 0) throw new AppError(Open311Errors.OPEN311_REQUEST_NOT_FOUND);
  return present(context, records);
}

// ---------------------------------------------------------------------------------------------
// Reporter contact, for the officers handling a report (never through Open311 itself)

const CONTACT_FIELDS = ['email', 'first_name', 'last_name', 'phone', 'device_id', 'account_id'] as const;

/**
 * The contact details an Open311 client sent with a report, for the officers handling it, under
 * the complaint service's rule for reporter identity (handlers only; never for `anonim`). Every
 * read is audited, like `complaint.reporter_identity_read`.
 */
export async function readReporterContact(
  context: Open311Context,
  options: { actor: Actor; trackingId: string } & Meta,
): Promise<Record<(typeof CONTACT_FIELDS)[number], string | null>> {
  const trackingId = await checkReporterIdentityReadable(context.complaints, options);
  const [row] = await repository.findRequestsByTrackingIds(context.complaints.db, [trackingId]);
  if (!row) throw new AppError(Open311Errors.OPEN311_REQUEST_NOT_FOUND);
  const stored = row.contact
    ? (JSON.parse(context.cipher.decrypt(row.contact)) as Record<string, string>)
    : {};
  await appendAudit(context.complaints.db, {
    actorId: options.actor.userId,
    actorRole: options.actor.role,
    action: 'open311.reporter_contact_read',
    targetType: 'complaint',
    targetId: trackingId,
    requestId: options.requestId,
  });
  return Object.fromEntries(CONTACT_FIELDS.map((field) => [field, stored[field] ?? null])) as Record<
    (typeof CONTACT_FIELDS)[number],
    string | null
  >;
}
