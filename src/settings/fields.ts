/**
 * Small type checks for untrusted JSON, each failing with an `InputError` that names the
 * field. Shared by every settings parser so messages and codes stay uniform.
 */
import { InputError } from '../domain/errors.js';
import { CONTROL_CHARACTERS } from '../domain/text.js';

/** The code for a field of the wrong type or out of range (API.md). */
export const VALIDATION_FAILED = 'VALIDATION_FAILED';

/** A JSON object (not null, not an array). */
export type JsonObject = Record<string, unknown>;

/** True for a plain JSON object, so callers can read its keys safely. */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Joins a JSON path prefix and a key: `joinField('email', 'port')` → `email.port`. */
export function joinField(prefix: string, key: string): string {
  return prefix === '' ? key : `${prefix}.${key}`;
}

/** Own-property check that ignores the prototype (`__proto__` in input is just a key). */
export function hasKey(object: JsonObject, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(object, key) && object[key] !== undefined;
}

/** Reads an own property (never from the prototype chain). */
export function readKey(object: JsonObject, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(object, key) ? object[key] : undefined;
}

/** Requires a JSON object; `field` names it in the error ('' = the request body). */
export function expectObject(value: unknown, field: string): JsonObject {
  if (!isJsonObject(value)) {
    const what = field === '' ? 'The request body' : `"${field}"`;
    throw new InputError(VALIDATION_FAILED, `${what} must be a JSON object.`, field || undefined);
  }
  return value;
}

/**
 * Refuses keys outside `allowed`, so a typo (`"recipent"`) is an error instead of a silently
 * ignored setting.
 */
export function rejectUnknownKeys(object: JsonObject, allowed: readonly string[], prefix: string): void {
  for (const key of Object.keys(object)) {
    if (!allowed.includes(key)) {
      const where = prefix === '' ? '' : ` in "${prefix}"`;
      throw new InputError(
        VALIDATION_FAILED,
        `Unknown field "${key}"${where}; the allowed fields are: ${allowed.join(', ')}.`,
        joinField(prefix, key),
      );
    }
  }
}

/** Requires a boolean. */
export function expectBoolean(value: unknown, field: string): boolean {
  if (typeof value !== 'boolean') {
    throw new InputError(VALIDATION_FAILED, `"${field}" must be true or false.`, field);
  }
  return value;
}

/** Requires a string. */
export function expectString(value: unknown, field: string): string {
  if (typeof value !== 'string') {
    throw new InputError(VALIDATION_FAILED, `"${field}" must be a string.`, field);
  }
  return value;
}

/** Requires an integer in [min, max]. */
export function expectInteger(value: unknown, field: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw new InputError(VALIDATION_FAILED, `"${field}" must be a whole number from ${min} to ${max}.`, field, 400, { kind: 'range', min, max });
  }
  return value;
}

/** Requires one of the listed strings. */
export function expectOneOf<T extends string>(value: unknown, field: string, allowed: readonly T[]): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    const list = allowed.map((a) => `"${a}"`).join(', ');
    throw new InputError(VALIDATION_FAILED, `"${field}" must be one of ${list}.`, field);
  }
  return value as T;
}


/** Requires a one-line text without control characters. */
export function expectLine(value: unknown, field: string, maxLength: number): string {
  const text = expectString(value, field);
  if (CONTROL_CHARACTERS.test(text)) {
    throw new InputError(
      VALIDATION_FAILED,
      `"${field}" must be a single line without control characters (line breaks, tabs).`,
      field,
      400,
      { kind: 'singleLine' },
    );
  }
  if (text.length > maxLength) {
    throw new InputError(VALIDATION_FAILED, `"${field}" is too long (at most ${maxLength} characters).`, field, 400, { kind: 'maxLength', max: maxLength });
  }
  return text;
}
