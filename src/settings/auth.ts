/**
 * The `auth` object: ESMTP credentials with write-only secrets (API.md). A string sets a
 * secret (sealed at once), an absent one keeps the stored one, null clears it; output only
 * says `passwordSet` / `clientSecretSet` / `serviceAccountKeySet` (http/presenters/settings.ts).
 */
import {
  defaultOAuth2Settings,
  type AuthMechanism,
  type AuthSettings,
  type OAuth2Provider,
  type OAuth2Settings,
  type SealedSecret,
} from '../domain/email-settings.js';
import { InputError } from '../domain/errors.js';
import type { SecretBox } from '../domain/secrets.js';
import { readServiceAccountKey } from './service-account-key.js';
import {
  expectBoolean,
  expectLine,
  expectObject,
  expectOneOf,
  hasKey,
  isJsonObject,
  joinField,
  type JsonObject,
  readKey,
  rejectUnknownKeys,
  VALIDATION_FAILED,
} from './fields.js';

/** Keys accepted in `auth` input (`passwordSet` is what GET returns; it is ignored). */
export const AUTH_KEYS = ['enabled', 'mechanism', 'username', 'password', 'passwordSet', 'allowUnencrypted', 'oauth2'] as const;

/** Keys accepted in `auth.oauth2` input (the `…Set` flags are what GET returns; ignored). */
export const OAUTH2_KEYS = [
  'provider',
  'tenant',
  'clientId',
  'clientSecret',
  'clientSecretSet',
  'serviceAccountKey',
  'serviceAccountKeySet',
  'tokenUrl',
  'scope',
] as const;

/** The mechanisms (API.md). */
export const AUTH_MECHANISMS: readonly AuthMechanism[] = ['password', 'oauth2'];
/** The OAuth 2.0 providers (API.md). */
export const OAUTH2_PROVIDERS: readonly OAuth2Provider[] = ['microsoft', 'google', 'generic'];

/** Longest password or client secret accepted (a guard, far above real use). */
export const MAX_PASSWORD_LENGTH = 1024;
/** Longest service account key accepted (a Google JSON key is about 2.3 KB). */
export const MAX_SERVICE_ACCOUNT_KEY_LENGTH = 16_384;

/**
 * Parses an `auth` object at `field`. `stored` is the auth this document replaces (the
 * stored settings' or the stored policy's), whose secrets absent values keep.
 * Enabled authentication needs a user name and the secret its mechanism uses.
 */
export function parseAuth(raw: unknown, field: string, stored: AuthSettings | null, secrets: SecretBox): AuthSettings {
  const object = expectObject(raw, field);
  rejectUnknownKeys(object, AUTH_KEYS, field);
  const enabled = hasKey(object, 'enabled') ? expectBoolean(readKey(object, 'enabled'), joinField(field, 'enabled')) : false;
  const mechanism = hasKey(object, 'mechanism')
    ? expectOneOf(readKey(object, 'mechanism'), joinField(field, 'mechanism'), AUTH_MECHANISMS)
    : 'password';
  const username = hasKey(object, 'username')
    ? expectLine(readKey(object, 'username'), joinField(field, 'username'), 256).trim()
    : '';
  if (hasKey(object, 'passwordSet')) expectBoolean(readKey(object, 'passwordSet'), joinField(field, 'passwordSet'));
  const allowUnencrypted = hasKey(object, 'allowUnencrypted')
    ? expectBoolean(readKey(object, 'allowUnencrypted'), joinField(field, 'allowUnencrypted'))
    : false;
  const password = parseSecret(object, 'password', joinField(field, 'password'), stored?.password ?? null, secrets, 'password');
  const oauth2Raw = hasKey(object, 'oauth2') ? readKey(object, 'oauth2') : {};
  const oauth2 = parseOAuth2(oauth2Raw === null ? {} : oauth2Raw, joinField(field, 'oauth2'), stored?.oauth2 ?? null, secrets);
  const auth: AuthSettings = { enabled, mechanism, username, password, allowUnencrypted };
  // Stored only when it says something: password-only documents stay as they were.
  if (mechanism === 'oauth2' || !isDefaultOAuth2(oauth2)) auth.oauth2 = oauth2;
  if (enabled) checkComplete(auth, oauth2, field);
  return auth;
}

function isDefaultOAuth2(oauth2: OAuth2Settings): boolean {
  return JSON.stringify(oauth2) === JSON.stringify(defaultOAuth2Settings());
}

function missing(field: string, message: string): InputError {
  return new InputError(VALIDATION_FAILED, message, field, 400, { kind: 'required' });
}

/** Enabled auth must be usable: the user name and what its mechanism needs. */
function checkComplete(auth: AuthSettings, oauth2: OAuth2Settings, field: string): void {
  if (auth.username === '') {
    const what = auth.mechanism === 'oauth2' ? 'the mailbox Herald sends as (the XOAUTH2 user)' : 'the user name for SMTP authentication';
    throw missing(joinField(field, 'username'), `Enter ${what}, or turn authentication off.`);
  }
  if (auth.mechanism === 'password') {
    if (auth.password === null) {
      throw missing(joinField(field, 'password'), 'Enter the password for SMTP authentication (none is stored), or turn authentication off.');
    }
    return;
  }
  const at = (key: string): string => joinField(joinField(field, 'oauth2'), key);
  switch (oauth2.provider) {
    case 'microsoft':
      if (oauth2.tenant === null && oauth2.tokenUrl === null) {
        throw missing(at('tenant'), 'Enter the Microsoft Entra tenant (e.g. corp.onmicrosoft.com or its id).');
      }
      if (oauth2.clientId === '') throw missing(at('clientId'), 'Enter the application (client) id of the app registration.');
      if (oauth2.clientSecret === null) throw missing(at('clientSecret'), 'Enter the client secret of the app registration (none is stored).');
      return;
    case 'generic':
      if (oauth2.tokenUrl === null) throw missing(at('tokenUrl'), 'Enter the token endpoint (https://…) of the OAuth 2.0 server.');
      if (oauth2.clientId === '') throw missing(at('clientId'), 'Enter the client id.');
      if (oauth2.clientSecret === null) throw missing(at('clientSecret'), 'Enter the client secret (none is stored).');
      return;
    case 'google':
      if (oauth2.serviceAccountKey === null) {
        throw missing(at('serviceAccountKey'), "Upload the service account's JSON key (none is stored).");
      }
      return;
  }
}

/** Parses `auth.oauth2`: absent fields take their defaults, absent secrets keep the stored ones. */
function parseOAuth2(raw: unknown, field: string, stored: OAuth2Settings | null, secrets: SecretBox): OAuth2Settings {
  const object = expectObject(raw, field);
  rejectUnknownKeys(object, OAUTH2_KEYS, field);
  const oauth2 = defaultOAuth2Settings();
  if (hasKey(object, 'provider')) oauth2.provider = expectOneOf(readKey(object, 'provider'), joinField(field, 'provider'), OAUTH2_PROVIDERS);
  oauth2.tenant = optionalLine(object, 'tenant', field, 256);
  oauth2.clientId = optionalLine(object, 'clientId', field, 256) ?? '';
  oauth2.scope = optionalLine(object, 'scope', field, 1024);
  oauth2.tokenUrl = parseTokenUrl(object, field);
  for (const flag of ['clientSecretSet', 'serviceAccountKeySet'] as const) {
    if (hasKey(object, flag)) expectBoolean(readKey(object, flag), joinField(field, flag));
  }
  oauth2.clientSecret = parseSecret(object, 'clientSecret', joinField(field, 'clientSecret'), stored?.clientSecret ?? null, secrets, 'client secret');
  oauth2.serviceAccountKey = parseServiceAccountKey(object, joinField(field, 'serviceAccountKey'), stored?.serviceAccountKey ?? null, secrets);
  return oauth2;
}

/** A trimmed single line; absent, null or empty → null. */
function optionalLine(object: JsonObject, key: string, prefix: string, maxLength: number): string | null {
  if (!hasKey(object, key)) return null;
  const value = readKey(object, key);
  if (value === null) return null;
  const text = expectLine(value, joinField(prefix, key), maxLength).trim();
  return text === '' ? null : text;
}

/** `tokenUrl`: null, or an absolute https URL (tokens and secrets never travel in clear). */
function parseTokenUrl(object: JsonObject, prefix: string): string | null {
  const field = joinField(prefix, 'tokenUrl');
  const text = optionalLine(object, 'tokenUrl', prefix, 2048);
  if (text === null) return null;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new InputError(VALIDATION_FAILED, `"${text}" is not a URL; enter the token endpoint as https://host/path.`, field);
  }
  if (url.protocol !== 'https:') {
    throw new InputError(VALIDATION_FAILED, 'The token endpoint must be an https:// URL: the client secret and the token never travel in clear.', field);
  }
  if (url.username !== '' || url.password !== '') {
    throw new InputError(VALIDATION_FAILED, 'The token endpoint must not carry a user name or password in the URL.', field);
  }
  return url.toString();
}

/** A write-only secret: a string sets it, absent keeps `stored`, null clears it. */
function parseSecret(
  object: JsonObject,
  key: string,
  field: string,
  stored: SealedSecret | null,
  secrets: SecretBox,
  what: string,
): SealedSecret | null {
  if (!hasKey(object, key)) return stored;
  const value = readKey(object, key);
  if (value === null) return null;
  if (typeof value !== 'string') {
    throw new InputError(VALIDATION_FAILED, `The ${what} must be a string, or null to remove it.`, field);
  }
  if (value.length > MAX_PASSWORD_LENGTH) {
    throw new InputError(VALIDATION_FAILED, `The ${what} is too long (at most ${MAX_PASSWORD_LENGTH} characters).`, field);
  }
  return secrets.seal(value);
}

/** `serviceAccountKey`: the JSON key file as text (or the parsed object); checked, then sealed. */
function parseServiceAccountKey(object: JsonObject, field: string, stored: SealedSecret | null, secrets: SecretBox): SealedSecret | null {
  const key = 'serviceAccountKey';
  if (!hasKey(object, key)) return stored;
  const value = readKey(object, key);
  if (value === null) return null;
  const text = isJsonObject(value) ? JSON.stringify(value) : value;
  if (typeof text !== 'string') {
    throw new InputError(VALIDATION_FAILED, "The service account key must be the JSON key file's content, or null to remove it.", field);
  }
  if (text.length > MAX_SERVICE_ACCOUNT_KEY_LENGTH) {
    throw new InputError(VALIDATION_FAILED, `The service account key is too long (at most ${MAX_SERVICE_ACCOUNT_KEY_LENGTH} characters).`, field);
  }
  const read = readServiceAccountKey(text);
  if (!read.ok) throw new InputError(VALIDATION_FAILED, read.problem, field);
  return secrets.seal(text);
}

/** Which write-only secrets a raw `auth` input carries (a string, i.e. typed again now). */
export interface SuppliedSecrets {
  password: boolean;
  clientSecret: boolean;
  serviceAccountKey: boolean;
}

/** Reads which secrets an `auth` input gives; anything else (absent, null, junk) counts as not given. */
export function suppliedSecrets(raw: unknown): SuppliedSecrets {
  const auth = isJsonObject(raw) ? raw : {};
  const oauth2Raw = readKey(auth, 'oauth2');
  const oauth2 = isJsonObject(oauth2Raw) ? oauth2Raw : {};
  const key = readKey(oauth2, 'serviceAccountKey');
  return {
    password: typeof readKey(auth, 'password') === 'string',
    clientSecret: typeof readKey(oauth2, 'clientSecret') === 'string',
    serviceAccountKey: typeof key === 'string' || isJsonObject(key),
  };
}
