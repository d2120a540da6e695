import type { ErrorCode, ErrorDetail } from './error-codes.js';

/**
 * A refusal of bad input: becomes a 400 (or the given status) with the API's error body
 * `{"error": {code, message, field}}`. Pure modules throw it; the HTTP layer presents it.
 */
export class InputError extends Error {
  override readonly name = 'InputError';

  constructor(
    /** UPPER_SNAKE_CASE code from API.md, e.g. `INVALID_RECIPIENT` (the closed list of error-codes.ts). */
    readonly code: ErrorCode,
    /** A sentence a person can act on. Never contains a secret. */
    message: string,
    /** JSON path of the offending field, e.g. `recipients[2]` or `tls.implicit`. */
    readonly field?: string,
    /** HTTP status; 400 unless a route needs another (413, 409 …). */
    readonly status: number = 400,
    /** Structured parameters (limits) so a client can word the error in its own language. */
    readonly detail?: ErrorDetail,
  ) {
    super(message);
  }
}

/** A 404 with the contract's code: `what` names the missing thing (`Policy "kes"`). */
export function notFound(what: string): InputError {
  return new InputError('NOT_FOUND', `${what} does not exist.`, undefined, 404);
}

/** `value`, or the 404 of `notFound(what)` when there is none (a lookup by id). */
export function orNotFound<T>(value: T | null, what: string): T {
  if (value === null) throw notFound(what);
  return value;
}

/** A 409 with the contract's code. */
export function conflict(message: string, field?: string): InputError {
  return new InputError('CONFLICT', message, field, 409);
}
