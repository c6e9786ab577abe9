import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError, type FieldError, PlatformErrors, toProblem } from './errors.ts';
import { type Language, pickLanguage } from './i18n.ts';

type ZodLikeIssue = {
  code: string;
  message?: string;
  minimum?: number | bigint;
  maximum?: number | bigint;
  origin?: string;
  expected?: string;
  keys?: string[];
  format?: string;
};

function describeIssue(issue: ZodLikeIssue, language: Language): string {
  const id = language === 'id';
  switch (issue.code) {
    case 'invalid_type':
      return issue.message?.includes('received undefined')
        ? id
          ? 'Wajib diisi.'
          : 'Required.'
        : id
          ? `Jenis data salah (seharusnya ${issue.expected}).`
          : `Wrong type (expected ${issue.expected}).`;
    case 'too_small':
      return issue.origin === 'string'
        ? id
          ? `Minimal ${issue.minimum} karakter.`
          : `At least ${issue.minimum} characters.`
        : id
          ? `Minimal ${issue.minimum}.`
          : `At least ${issue.minimum}.`;
    case 'too_big':
      return issue.origin === 'string'
        ? id
          ? `Maksimal ${issue.maximum} karakter.`
          : `At most ${issue.maximum} characters.`
        : id
          ? `Maksimal ${issue.maximum}.`
          : `At most ${issue.maximum}.`;
    case 'invalid_format':
      if (issue.format === 'email') return id ? 'Alamat email tidak valid.' : 'Not a valid e-mail address.';
      return id ? 'Format tidak valid.' : 'Invalid format.';
    case 'unrecognized_keys':
      return id
        ? `Kolom tidak dikenal: ${(issue.keys ?? []).join(', ')}.`
        : `Unknown field(s): ${(issue.keys ?? []).join(', ')}.`;
    case 'invalid_value':
      return id ? 'Nilai tidak diizinkan.' : 'Value not allowed.';
    case 'invalid_union':
      return id ? 'Isian tidak sesuai dengan bentuk yang diterima.' : 'Does not match any accepted shape.';
    default:
      return id ? 'Isian tidak valid.' : 'Invalid value.';
  }
}

/** fastify-type-provider-zod reports each zod issue as {keyword, instancePath, message, params}. */
type ValidationEntry = {
  keyword: string;
  instancePath: string;
  message?: string;
  params?: Record<string, unknown>;
};

function issuesToFields(entries: ValidationEntry[], language: Language, location: string): FieldError[] {
  return entries.map((entry) => {
    const issue = { ...(entry.params ?? {}), code: entry.keyword, message: entry.message } as ZodLikeIssue;
    const path = entry.instancePath.replace(/^\//, '').replaceAll('/', '.');
    return { field: path || location, code: entry.keyword, message: describeIssue(issue, language) };
  });
}

/** PostgreSQL refuses U+0000 in text (SQLSTATE 22021): that is the client's bad input, not a fault. */
function isTextTheDatabaseCannotStore(error: unknown): boolean {
  let current = error;
  for (let depth = 0; current && depth < 5; depth += 1) {
    if ((current as { code?: unknown }).code === '22021') return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

const CONNECTION_ERRORS = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND']);

/**
 * The database is out of reach: refused or cut connections, a terminated backend (SQLSTATE class
 * 08, 57P01-57P03). The client did nothing wrong and may retry: 503, not 500.
 */
function isDatabaseUnreachable(error: unknown): boolean {
  let current = error;
  for (let depth = 0; current && depth < 5; depth += 1) {
    const code = (current as { code?: unknown }).code;
    const message = String((current as { message?: unknown }).message ?? '');
    if (typeof code === 'string' && (CONNECTION_ERRORS.has(code) || /^08|^57P0[123]$/.test(code)))
      return true;
    if (/Connection terminated|connection timeout|Client has encountered a connection error/i.test(message))
      return true;
    current = (current as { cause?: unknown }).cause;
  }
  return false;
}

function rootCause(error: unknown): string {
  let current = error;
  for (let depth = 0; (current as { cause?: unknown })?.cause && depth < 5; depth += 1)
    current = (current as { cause?: unknown }).cause;
  return String((current as { message?: unknown })?.message ?? current);
}

/** Any error as the AppError it stands for (also used by protocols with their own error bodies, e.g. Open311). */
export function classify(error: FastifyError, request: FastifyRequest, language: Language): AppError {
  if (error instanceof AppError) return error;
  if (isTextTheDatabaseCannotStore(error)) return new AppError(PlatformErrors.VALIDATION_FAILED);
  if (isDatabaseUnreachable(error)) {
    // Not the whole error: the failed query's parameters may hold personal data or token hashes.
    request.log.warn({ reason: rootCause(error) }, 'database unreachable');
    return new AppError(PlatformErrors.UNAVAILABLE, { headers: { 'retry-after': '5' } });
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    const location = (error as { validationContext?: string }).validationContext ?? 'body';
    return new AppError(PlatformErrors.VALIDATION_FAILED, {
      fields: issuesToFields(error.validation as unknown as ValidationEntry[], language, location),
    });
  }
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new AppError(PlatformErrors.PAYLOAD_TOO_LARGE);
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new AppError(PlatformErrors.UNSUPPORTED_MEDIA_TYPE);
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new AppError(PlatformErrors.MALFORMED_REQUEST);
  }
  const status = error.statusCode ?? 500;
  if (status === 429) return new AppError(PlatformErrors.RATE_LIMITED);
  if (status === 413) return new AppError(PlatformErrors.PAYLOAD_TOO_LARGE);
  if (status === 406 || status === 415) return new AppError(PlatformErrors.UNSUPPORTED_MEDIA_TYPE);
  if (status === 404) return new AppError(PlatformErrors.NOT_FOUND);
  if (status >= 400 && status < 500) return new AppError(PlatformErrors.MALFORMED_REQUEST);
  request.log.error({ err: error }, 'unhandled error');
  return new AppError(PlatformErrors.INTERNAL);
}

export function sendProblem(reply: FastifyReply, error: AppError, language: Language) {
  const problem = toProblem(error, language, String(reply.request.id));
  if (error.headers) void reply.headers(error.headers);
  return reply.status(problem.status).type('application/problem+json').send(JSON.stringify(problem));
}

/** One place turns every error into RFC 9457 problem+json; 5xx bodies carry no internals. */
export function registerProblemHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const language = pickLanguage(request.headers['accept-language']);
    const appError = classify(error, request, language);
    if (appError.status >= 500 && error instanceof AppError)
      request.log.error({ err: error }, 'server error');
    return sendProblem(reply, appError, language);
  });
}
