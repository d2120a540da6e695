/**
 * The `auth` object: ESMTP credentials with the write-only password (API.md). A string sets
 * the password (sealed at once), an absent one keeps the stored one, null clears it; output
 * only says `passwordSet` (http/presenters/settings.ts).
 */
import type { AuthSettings } from '../domain/email-settings.js';
import { InputError } from '../domain/errors.js';
import type { SecretBox } from '../domain/secrets.js';
import { expectBoolean, expectLine, expectObject, hasKey, joinField, readKey, rejectUnknownKeys, VALIDATION_FAILED } from './fields.js';

/** Keys accepted in `auth` input (`passwordSet` is what GET returns; it is ignored). */
export const AUTH_KEYS = ['enabled', 'username', 'password', 'passwordSet'] as const;

/** Longest password accepted (a guard, far above real use). */
export const MAX_PASSWORD_LENGTH = 1024;

/**
 * Parses an `auth` object at `field`. `stored` is the auth this document replaces (the
 * stored settings' or the stored policy's), whose password an absent `password` keeps.
 * Enabled authentication needs a user name and a password.
 */
export function parseAuth(raw: unknown, field: string, stored: AuthSettings | null, secrets: SecretBox): AuthSettings {
  const object = expectObject(raw, field);
  rejectUnknownKeys(object, AUTH_KEYS, field);
  const enabled = hasKey(object, 'enabled') ? expectBoolean(readKey(object, 'enabled'), joinField(field, 'enabled')) : false;
  const username = hasKey(object, 'username')
    ? expectLine(readKey(object, 'username'), joinField(field, 'username'), 256).trim()
    : '';
  if (hasKey(object, 'passwordSet')) expectBoolean(readKey(object, 'passwordSet'), joinField(field, 'passwordSet'));
  const password = parsePassword(object, joinField(field, 'password'), stored, secrets);
  if (enabled && username === '') {
    throw new InputError(
      VALIDATION_FAILED,
      'Enter the user name for SMTP authentication, or turn authentication off.',
      joinField(field, 'username'),
    );
  }
  if (enabled && password === null) {
    throw new InputError(
      VALIDATION_FAILED,
      'Enter the password for SMTP authentication (none is stored), or turn authentication off.',
      joinField(field, 'password'),
    );
  }
  return { enabled, username, password };
}

function parsePassword(
  object: Record<string, unknown>,
  field: string,
  stored: AuthSettings | null,
  secrets: SecretBox,
): AuthSettings['password'] {
  if (!hasKey(object, 'password')) return stored?.password ?? null;
  const value = readKey(object, 'password');
  if (value === null) return null;
  if (typeof value !== 'string') {
    throw new InputError(VALIDATION_FAILED, 'The password must be a string, or null to remove it.', field);
  }
  if (value.length > MAX_PASSWORD_LENGTH) {
    throw new InputError(VALIDATION_FAILED, `The password is too long (at most ${MAX_PASSWORD_LENGTH} characters).`, field);
  }
  return secrets.seal(value);
}
