/**
 * The console's HTTP client: JSON in and out, the session cookie sent same-origin, the CSRF
 * header on every non-GET request, and every error body turned into an {@link ApiError}.
 */

import type { ErrorDetail } from '../../../src/domain/error-codes';

/** The API's error body `{"error": {code, message, field, detail}}` as a throwable. */
export class ApiError extends Error {
  override readonly name = 'ApiError';

  constructor(
    /** HTTP status (0 when the server could not be reached). */
    readonly status: number,
    /** UPPER_SNAKE_CASE code, e.g. `INVALID_RECIPIENT`. */
    readonly code: string,
    message: string,
    /** JSON path of the offending field, e.g. `recipients[2]`. */
    readonly field: string | undefined,
    /** The limit the value broke, when the server names it (words the error in the console's language). */
    readonly detail?: ErrorDetail,
  ) {
    super(message);
  }
}

/** Narrowing for unknown catch values. */
export function isApiError(value: unknown): value is ApiError {
  return value instanceof ApiError;
}

type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

/** The `detail` of an error body when it is one this console knows, else undefined. */
function errorDetail(value: unknown): ErrorDetail | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const d = value as { kind?: unknown; min?: unknown; max?: unknown };
  const isNumber = (n: unknown): n is number => typeof n === 'number' && Number.isFinite(n);
  switch (d.kind) {
    case 'range':
      return isNumber(d.min) && isNumber(d.max) ? { kind: 'range', min: d.min, max: d.max } : undefined;
    case 'maxLength':
      return isNumber(d.max) ? { kind: 'maxLength', max: d.max } : undefined;
    case 'singleLine':
    case 'required':
      return { kind: d.kind };
    default:
      return undefined;
  }
}

/** Reads the standard error body, or describes a non-JSON failure. */
async function toApiError(response: Response): Promise<ApiError> {
  try {
    const body: unknown = await response.json();
    if (typeof body === 'object' && body !== null && 'error' in body) {
      const error = (body as { error: unknown }).error;
      if (typeof error === 'object' && error !== null) {
        const e = error as { code?: unknown; message?: unknown; field?: unknown; detail?: unknown };
        return new ApiError(
          response.status,
          typeof e.code === 'string' ? e.code : 'HTTP_' + String(response.status),
          typeof e.message === 'string' ? e.message : response.statusText,
          typeof e.field === 'string' ? e.field : undefined,
          errorDetail(e.detail),
        );
      }
    }
  } catch {
    // not JSON: fall through
  }
  return new ApiError(response.status, 'HTTP_' + String(response.status), response.statusText || 'Request failed', undefined);
}

/** A small typed fetch wrapper; one instance per signed-in session (holds its CSRF token). */
export class ApiClient {
  private csrfToken: string | null = null;

  /** Called with every 401 from a request made while signed in (session expired). */
  onUnauthorized: (() => void) | null = null;

  /** Remembers the CSRF token of the current session (null after sign-out). */
  setCsrfToken(token: string | null): void {
    this.csrfToken = token;
  }

  /** Sends one request; resolves with the parsed JSON body (undefined for 204). */
  async request<T>(method: Method, path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (method !== 'GET' && this.csrfToken !== null) headers['X-CSRF-Token'] = this.csrfToken;
    let response: Response;
    try {
      response = await fetch(path, {
        method,
        headers,
        credentials: 'same-origin',
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    } catch (cause) {
      throw new ApiError(0, 'NETWORK_ERROR', cause instanceof Error ? cause.message : 'Network error', undefined);
    }
    if (!response.ok) {
      const error = await toApiError(response);
      if (response.status === 401 && this.csrfToken !== null && !path.endsWith('/session')) this.onUnauthorized?.();
      throw error;
    }
    if (response.status === 204) return undefined as T;
    const text = await response.text();
    return (text === '' ? undefined : JSON.parse(text)) as T;
  }

  get<T>(path: string): Promise<T> {
    return this.request<T>('GET', path);
  }

  post<T>(path: string, body?: unknown): Promise<T> {
    return this.request<T>('POST', path, body ?? {});
  }

  put<T>(path: string, body: unknown): Promise<T> {
    return this.request<T>('PUT', path, body);
  }

  delete(path: string): Promise<void> {
    return this.request<void>('DELETE', path);
  }
}

/** Builds a query string from the non-empty values. */
export function query(params: Record<string, string | number | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text === '' ? '' : '?' + text;
}
