import type { Problem } from './contracts.ts';
import { type Language, translate } from './i18n.ts';

/** An API answer other than 2xx, carrying the server's problem+json (already in the reader's language). */
export class ApiError extends Error {
  readonly problem: Problem;

  constructor(problem: Problem) {
    super(problem.title);
    this.name = 'ApiError';
    this.problem = problem;
  }

  get status(): number {
    return this.problem.status;
  }

  get code(): string {
    return this.problem.code;
  }
}

type ClientState = {
  language: Language;
  /** CSRF token of the cookie session; kept in memory only. */
  csrfToken: string | undefined;
  onSessionExpired: (() => void) | undefined;
};

const state: ClientState = { language: 'id', csrfToken: undefined, onSessionExpired: undefined };

export function setRequestLanguage(language: Language): void {
  state.language = language;
}

export function setCsrfToken(token: string | undefined): void {
  state.csrfToken = token;
}

/** Called when a request finds the session gone (401 UNAUTHENTICATED), e.g. after it expired. */
export function onSessionExpired(listener: (() => void) | undefined): void {
  state.onSessionExpired = listener;
}

const SAFE_METHODS = new Set(['GET', 'HEAD']);

function localProblem(code: 'NETWORK_ERROR' | 'UNEXPECTED_RESPONSE', status: number): Problem {
  return {
    type: `urn:terpadu:client:${code.toLowerCase()}`,
    title: translate(state.language, code === 'NETWORK_ERROR' ? 'error.network' : 'error.unexpected'),
    status,
    code,
  };
}

async function readProblem(response: Response): Promise<Problem> {
  const type = response.headers.get('content-type') ?? '';
  if (type.includes('json')) {
    try {
      const body = (await response.json()) as Partial<Problem>;
      if (typeof body.title === 'string' && typeof body.code === 'string') {
        return { type: body.type ?? '', status: response.status, ...body } as Problem;
      }
    } catch {
      // Fall through to a generic problem.
    }
  }
  return localProblem('UNEXPECTED_RESPONSE', response.status);
}

type RequestOptions = {
  /** Extra headers, e.g. Idempotency-Key. */
  headers?: Record<string, string>;
};

export async function request<T>(
  method: string,
  path: string,
  body?: unknown,
  options: RequestOptions = {},
): Promise<T> {
  const headers: Record<string, string> = {
    accept: 'application/json',
    'accept-language': state.language,
    ...options.headers,
  };
  // FormData sets its own multipart content type, boundary included.
  const isForm = body instanceof FormData;
  if (body !== undefined && !isForm) headers['content-type'] = 'application/json';
  if (!SAFE_METHODS.has(method) && state.csrfToken) headers['x-csrf-token'] = state.csrfToken;
  let response: Response;
  try {
    response = await fetch(`/api/v1${path}`, {
      method,
      headers,
      credentials: 'same-origin',
      ...(body === undefined ? {} : { body: isForm ? body : JSON.stringify(body) }),
    });
  } catch {
    throw new ApiError(localProblem('NETWORK_ERROR', 0));
  }
  if (!response.ok) {
    const problem = await readProblem(response);
    if (problem.code === 'UNAUTHENTICATED') state.onSessionExpired?.();
    throw new ApiError(problem);
  }
  if (response.status === 204) return undefined as T;
  const type = response.headers.get('content-type') ?? '';
  if (!type.includes('json')) return undefined as T;
  return (await response.json()) as T;
}

export const api = {
  get: <T>(path: string) => request<T>('GET', path),
  post: <T>(path: string, body?: unknown, options?: RequestOptions) =>
    request<T>('POST', path, body, options),
  put: <T>(path: string, body?: unknown) => request<T>('PUT', path, body),
  /** multipart/form-data, e.g. a file upload. */
  upload: <T>(path: string, form: FormData) => request<T>('POST', path, form),
};

/** The problem of any thrown value, so that every failure can be shown the same way. */
export function problemOf(error: unknown): Problem {
  if (error instanceof ApiError) return error.problem;
  return localProblem('UNEXPECTED_RESPONSE', 0);
}

/** Builds a query string, leaving out empty values. */
export function query(parameters: Record<string, string | number | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(parameters)) {
    if (value !== undefined && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}
