/**
 * The request errors' codes (`{"error": {code, …}}` of API.md): a closed set, like the
 * delivery reasons. The server's InputError and error bodies accept only these (and the
 * reasons), and the console keys its sentences by this list (a `Record`), so a code added
 * here without a sentence in every language does not compile.
 *
 * The console (web/) imports it too: import nothing but domain files without imports of packages.
 */
import type { Reason } from './reason.js';

/** Every request error code the API answers with (API.md "Errors"), one entry each. */
export const REQUEST_ERROR_CODES = [
  'VALIDATION_FAILED',
  'INVALID_JSON',
  'UNSUPPORTED_MEDIA_TYPE',
  'BAD_REQUEST',
  'INTERNAL_ERROR',
  'INVALID_CREDENTIALS',
  'RATE_LIMITED',
  'UNAUTHORIZED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'PAYLOAD_TOO_LARGE',
  'INVALID_RECIPIENT',
  'INVALID_SERVER',
  'UNKNOWN_CERTIFICATE',
  'UNKNOWN_TEMPLATE_VARIABLE',
  'CERT_UNREADABLE',
  'KEY_UNREADABLE',
  'WRONG_PASSWORD',
  'PASSWORD_REQUIRED',
  'KEY_MISMATCH',
  'NO_PRIVATE_KEY',
  'NO_CERTIFICATE',
] as const;

/** One request error code. */
export type RequestErrorCode = (typeof REQUEST_ERROR_CODES)[number];

/** Every `error.code` the API answers: a request error or (tests, templates) a delivery reason. */
export type ErrorCode = RequestErrorCode | Reason;

/**
 * Structured parameters of a request error (`error.detail`, an extension of the error body):
 * enough for a client to word the sentence in its own language, e.g. "a whole number from 1
 * to 65535". Present only where the server knows them.
 */
export type ErrorDetail =
  /** A whole number from `min` to `max` is needed. */
  | { kind: 'range'; min: number; max: number }
  /** At most `max` characters. */
  | { kind: 'maxLength'; max: number }
  /** One line, without control characters. */
  | { kind: 'singleLine' }
  /** A value is needed here. */
  | { kind: 'required' };

/** Every `detail.kind`, for the OpenAPI document (the compiler checks each is a kind above). */
export const ERROR_DETAIL_KINDS = ['range', 'maxLength', 'singleLine', 'required'] as const satisfies ReadonlyArray<ErrorDetail['kind']>;

/** Narrowing for codes read from outside (the API). */
export function isRequestErrorCode(code: string): code is RequestErrorCode {
  return (REQUEST_ERROR_CODES as readonly string[]).includes(code);
}
