/**
 * The server-wide e-mail settings document (`PUT /api/v1/settings/email`): parse a full
 * document into the stored form (presented by http/presenters/settings.ts).
 */
import {
  defaultEmailSettings,
  type EmailSettings,
  type TlsSettings,
} from '../domain/email-settings.js';
import type { SecretBox } from '../domain/secrets.js';
import { parseAuth, suppliedSecrets } from './auth.js';
import { checkAuthEncryption, checkSecretStaysWithServers } from './credential-rules.js';
import {
  checkImplicitTls,
  EMAIL_FIELD_PARSERS,
  EMAIL_SETTINGS_KEYS,
  SCALAR_EMAIL_KEYS,
  type ScalarEmailKey,
  TLS_FIELD_PARSERS,
  TLS_KEYS,
} from './email-fields.js';
import { expectObject, hasKey, joinField, readKey, rejectUnknownKeys } from './fields.js';

/** What parsing needs besides the input: the document being replaced and the sealer. */
export interface EmailSettingsContext {
  /** The stored settings (null before the first PUT); only its password is used. */
  stored: EmailSettings | null;
  secrets: SecretBox;
}

/**
 * Parses a full settings document (a PUT replaces everything): absent fields take their
 * defaults, except the write-only secrets, which an absent value keeps — unless the servers
 * changed (`PASSWORD_REQUIRED`). Throws `InputError` naming the first bad field. A document
 * from GET (with `auth.passwordSet`) is valid input.
 */
export function parseEmailSettings(raw: unknown, ctx: EmailSettingsContext): EmailSettings {
  const object = expectObject(raw, '');
  rejectUnknownKeys(object, EMAIL_SETTINGS_KEYS, '');
  const settings = defaultEmailSettings();
  for (const key of SCALAR_EMAIL_KEYS) {
    if (hasKey(object, key)) setScalar(settings, key, readKey(object, key));
  }
  const rawAuth = hasKey(object, 'auth') ? readKey(object, 'auth') : {};
  settings.auth = parseAuth(rawAuth, 'auth', ctx.stored?.auth ?? null, ctx.secrets);
  if (hasKey(object, 'tls')) settings.tls = parseTlsSettings(readKey(object, 'tls'), 'tls');
  checkAuthEncryption(settings, 'auth');
  checkSecretStaysWithServers(settings, ctx.stored, suppliedSecrets(rawAuth), 'auth');
  return settings;
}

function setScalar<K extends ScalarEmailKey>(settings: EmailSettings, key: K, value: unknown): void {
  const parse = EMAIL_FIELD_PARSERS[key];
  settings[key] = parse(value, key);
}

/** Parses a full `tls` object at `field`: absent fields take their defaults. */
export function parseTlsSettings(raw: unknown, field: string): TlsSettings {
  const object = expectObject(raw, field);
  rejectUnknownKeys(object, TLS_KEYS, field);
  const tls = defaultEmailSettings().tls;
  for (const key of TLS_KEYS) {
    if (hasKey(object, key)) setTlsField(tls, key, readKey(object, key), joinField(field, key));
  }
  checkImplicitTls(tls.mode, tls.implicit, joinField(field, 'implicit'));
  return tls;
}

function setTlsField<K extends keyof TlsSettings>(tls: TlsSettings, key: K, value: unknown, field: string): void {
  const parse = TLS_FIELD_PARSERS[key];
  tls[key] = parse(value, field);
}
