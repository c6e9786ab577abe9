import type { Language, Message } from './i18n.ts';

type ErrorDefinition = Message & { status: number };

const catalogue = new Map<string, ErrorDefinition>();

/**
 * Each module declares its error codes once, with HTTP status and a title in both languages.
 * Codes are stable: clients match on them.
 */
export function defineErrors<const T extends Record<string, ErrorDefinition>>(
  definitions: T,
): {
  [K in keyof T]: K;
} {
  const codes = {} as { [K in keyof T]: K };
  for (const [code, definition] of Object.entries(definitions)) {
    if (catalogue.has(code)) throw new Error(`Error code ${code} is defined twice`);
    catalogue.set(code, definition);
    (codes as Record<string, string>)[code] = code;
  }
  return codes;
}

export const PlatformErrors = defineErrors({
  VALIDATION_FAILED: {
    status: 400,
    id: 'Data yang dikirim tidak valid.',
    en: 'The submitted data is not valid.',
  },
  MALFORMED_REQUEST: {
    status: 400,
    id: 'Permintaan tidak dapat dibaca (format JSON atau header salah).',
    en: 'The request could not be read (malformed JSON or headers).',
  },
  UNAUTHENTICATED: { status: 401, id: 'Silakan masuk terlebih dahulu.', en: 'Please log in first.' },
  FORBIDDEN: {
    status: 403,
    id: 'Anda tidak berwenang melakukan tindakan ini.',
    en: 'You are not allowed to do this.',
  },
  CSRF_TOKEN_INVALID: {
    status: 403,
    id: 'Token keamanan formulir tidak valid. Muat ulang halaman lalu coba lagi.',
    en: 'The form security token is invalid. Reload the page and try again.',
  },
  NOT_FOUND: { status: 404, id: 'Data tidak ditemukan.', en: 'Not found.' },
  METHOD_NOT_ALLOWED: { status: 405, id: 'Metode tidak didukung.', en: 'Method not allowed.' },
  PAYLOAD_TOO_LARGE: {
    status: 413,
    id: 'Data yang dikirim terlalu besar.',
    en: 'The request body is too large.',
  },
  UNSUPPORTED_MEDIA_TYPE: {
    status: 415,
    id: 'Jenis konten tidak didukung; kirim application/json.',
    en: 'Unsupported content type; send application/json.',
  },
  RATE_LIMITED: {
    status: 429,
    id: 'Terlalu banyak permintaan. Coba lagi nanti.',
    en: 'Too many requests. Try again later.',
  },
  INTERNAL: {
    status: 500,
    id: 'Terjadi kesalahan pada server. Silakan coba lagi.',
    en: 'Something went wrong on the server. Please try again.',
  },
  UNAVAILABLE: {
    status: 503,
    id: 'Layanan sedang tidak tersedia.',
    en: 'The service is unavailable.',
  },
});

/** A problem with one field; `message` is filled in the reader's language when rendered. */
export type FieldError = { field: string; code: string; message?: string };

const fieldMessages = new Map<string, Message>();

/** Field-level codes (e.g. NIK_REGION_UNKNOWN) with their message in both languages. */
export function defineFieldMessages<const T extends Record<string, Message>>(
  messages: T,
): { [K in keyof T]: K } {
  const codes = {} as { [K in keyof T]: K };
  for (const [code, message] of Object.entries(messages)) {
    fieldMessages.set(code, message);
    (codes as Record<string, string>)[code] = code;
  }
  return codes;
}

export function fieldMessage(code: string, language: Language): string | undefined {
  return fieldMessages.get(code)?.[language];
}

export class AppError extends Error {
  readonly code: string;
  readonly detail: string | undefined;
  readonly fields: FieldError[] | undefined;
  readonly headers: Record<string, string> | undefined;

  constructor(
    code: string,
    options: {
      detail?: string;
      fields?: FieldError[];
      headers?: Record<string, string>;
      cause?: unknown;
    } = {},
  ) {
    super(options.detail ?? code, { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.detail = options.detail;
    this.fields = options.fields;
    this.headers = options.headers;
  }

  get status(): number {
    return catalogue.get(this.code)?.status ?? 500;
  }
}

/** A field error as a problem+json body carries it: its message filled in (toProblem). */
export type ProblemFieldError = Required<FieldError>;

/** RFC 9457 problem+json, as every error of the API is rendered. */
export type Problem = {
  type: string;
  title: string;
  status: number;
  code: string;
  detail?: string;
  instance?: string;
  requestId?: string;
  errors?: ProblemFieldError[];
};

export function errorTitle(code: string, language: Language): string {
  const definition = catalogue.get(code);
  return definition ? definition[language] : code;
}

export function toProblem(error: AppError, language: Language, requestId: string): Problem {
  const status = error.status;
  const problem: Problem = {
    type: `urn:terpadu:problem:${error.code.toLowerCase().replaceAll('_', '-')}`,
    title: errorTitle(error.code, language),
    status,
    code: error.code,
    requestId,
  };
  // 5xx never carry internals.
  if (error.detail && status < 500) problem.detail = error.detail;
  if (error.fields?.length) {
    problem.errors = error.fields.map((field) => ({
      field: field.field,
      code: field.code,
      message: field.message ?? fieldMessage(field.code, language) ?? field.code,
    }));
  }
  return problem;
}
