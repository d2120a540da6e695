/**
 * A per-application policy (`PUT /api/v1/policies/{applicationId}`): any subset of the e-mail
 * settings and of the rules. Present fields (even null, where null is a value) override the
 * server defaults; absent ones inherit them (see effective.ts). Every present field is judged
 * by the same parsers as the server settings, with paths prefixed `email.` / `rules.`.
 */
import type { EmailSettings, TlsSettings } from '../domain/email-settings.js';
import { defaultRules } from '../domain/rules.js';
import { checkAuthEncryption, checkSecretStaysWithServers } from './credential-rules.js';
import { effectivePolicy } from './effective.js';
import { InputError } from '../domain/errors.js';
import type { Policy, PolicyEmailOverrides, PolicyRulesOverrides } from '../domain/policy.js';
import type { SecretBox } from '../domain/secrets.js';
import { parseAuth, suppliedSecrets } from './auth.js';
import {
  checkImplicitTls,
  EMAIL_FIELD_PARSERS,
  EMAIL_SETTINGS_KEYS,
  NULLABLE_EMAIL_FIELDS,
  SCALAR_EMAIL_KEYS,
  type ScalarEmailKey,
  TLS_FIELD_PARSERS,
  TLS_KEYS,
} from './email-fields.js';
import { expectLine, expectObject, hasKey, isJsonObject, joinField, type JsonObject, readKey, rejectUnknownKeys, VALIDATION_FAILED } from './fields.js';
import { parseEventTypes, parseGrouping, parseSeverities, RULES_KEYS } from './rules.js';

/** What parsing a policy needs besides the body. */
export interface PolicyContext {
  /** From the URL path. */
  applicationId: string;
  /** The policy this PUT replaces, or null; its createdAt and auth password carry over. */
  stored: Policy | null;
  secrets: SecretBox;
  now: Date;
  /**
   * The stored server defaults: with them, enabled auth is checked on the merged settings
   * (credentials never in clear by configuration; a kept secret never goes to new servers).
   */
  defaults?: EmailSettings;
}

/** Top-level keys accepted; `applicationId`, `createdAt`, `updatedAt` are what GET returns (read-only). */
export const POLICY_KEYS = ['name', 'email', 'rules', 'applicationId', 'createdAt', 'updatedAt'] as const;

/** Longest policy name and application id. */
export const MAX_POLICY_NAME_LENGTH = 200;

/**
 * Parses a policy body. The name defaults to the application id. A policy that overrides
 * `servers` must give `auth` too: credentials never follow a server change silently.
 */
export function parsePolicy(raw: unknown, ctx: PolicyContext): Policy {
  const applicationId = expectLine(ctx.applicationId, 'applicationId', MAX_POLICY_NAME_LENGTH);
  if (applicationId.trim() === '') {
    throw new InputError(VALIDATION_FAILED, 'The application id must not be empty.', 'applicationId');
  }
  const object = expectObject(raw, '');
  rejectUnknownKeys(object, POLICY_KEYS, '');
  const givenId = readKey(object, 'applicationId');
  if (givenId !== undefined && givenId !== applicationId) {
    throw new InputError(
      VALIDATION_FAILED,
      `The body is for application "${String(givenId)}" but the address is for "${applicationId}"; they must match.`,
      'applicationId',
    );
  }
  const name = hasKey(object, 'name') ? expectLine(readKey(object, 'name'), 'name', MAX_POLICY_NAME_LENGTH).trim() : '';
  const policy: Policy = {
    applicationId,
    name: name === '' ? applicationId : name,
    email: hasKey(object, 'email') ? parseEmailOverrides(readKey(object, 'email'), ctx) : {},
    rules: hasKey(object, 'rules') ? parseRulesOverrides(readKey(object, 'rules')) : {},
    createdAt: ctx.stored?.createdAt ?? ctx.now,
    updatedAt: ctx.now,
  };
  if (ctx.defaults !== undefined) checkPolicyCredentials(policy, ctx.stored, ctx.defaults, readKey(object, 'email'));
  return policy;
}

/**
 * The credential rules on the merged settings of a policy that sets its own `auth` or TLS
 * mode: no auth in clear by configuration, and a secret kept from the stored policy must be
 * typed again when where it goes (servers, port, TLS, token endpoint) changed.
 */
function checkPolicyCredentials(policy: Policy, stored: Policy | null, defaults: EmailSettings, rawEmail: unknown): void {
  if (policy.email.auth === undefined && policy.email.tls?.mode === undefined) return;
  const next = effectivePolicy(defaults, defaultRules(), policy).email;
  checkAuthEncryption(next, 'email.auth');
  if (policy.email.auth === undefined) return;
  const previous = stored === null ? null : effectivePolicy(defaults, defaultRules(), stored).email;
  const rawAuth = isJsonObject(rawEmail) ? readKey(rawEmail, 'auth') : undefined;
  checkSecretStaysWithServers(next, previous, suppliedSecrets(rawAuth), 'email.auth');
}

function rejectNull(value: unknown, field: string, nullable: boolean): void {
  if (value === null && !nullable) {
    throw new InputError(
      VALIDATION_FAILED,
      `"${field}" cannot be null; leave it out to inherit the server default.`,
      field,
    );
  }
}

function parseEmailOverrides(raw: unknown, ctx: PolicyContext): PolicyEmailOverrides {
  const object = expectObject(raw, 'email');
  rejectUnknownKeys(object, EMAIL_SETTINGS_KEYS, 'email');
  const overrides: PolicyEmailOverrides = {};
  for (const key of SCALAR_EMAIL_KEYS) {
    if (hasKey(object, key)) setScalarOverride(overrides, key, readKey(object, key));
  }
  if (hasKey(object, 'auth')) {
    const value = readKey(object, 'auth');
    rejectNull(value, 'email.auth', false);
    overrides.auth = parseAuth(value, 'email.auth', ctx.stored?.email.auth ?? null, ctx.secrets);
  }
  if (hasKey(object, 'tls')) {
    const value = readKey(object, 'tls');
    rejectNull(value, 'email.tls', false);
    const tls = parseTlsOverrides(value, 'email.tls');
    if (Object.keys(tls).length > 0) overrides.tls = tls;
  }
  if (overrides.servers !== undefined && overrides.auth === undefined) {
    throw new InputError(
      VALIDATION_FAILED,
      'A policy that sets its own servers must also set "auth" (use {"enabled": false} for none): credentials never follow a server change silently.',
      'email.auth',
    );
  }
  return overrides;
}

function setScalarOverride<K extends ScalarEmailKey>(overrides: PolicyEmailOverrides, key: K, value: unknown): void {
  const field = `email.${key}`;
  rejectNull(value, field, NULLABLE_EMAIL_FIELDS.includes(key));
  const parsed: PolicyEmailOverrides[K] = EMAIL_FIELD_PARSERS[key](value, field);
  overrides[key] = parsed;
}

/** A partial `tls` object: each present field on its own. */
function parseTlsOverrides(raw: unknown, field: string): Partial<TlsSettings> {
  const object = expectObject(raw, field);
  rejectUnknownKeys(object, TLS_KEYS, field);
  const tls: Partial<TlsSettings> = {};
  for (const key of TLS_KEYS) {
    if (hasKey(object, key)) setTlsOverride(tls, key, object, field);
  }
  if (tls.implicit === true) {
    if (tls.mode === undefined) {
      throw new InputError(
        VALIDATION_FAILED,
        'A policy that turns on implicit TLS must also set tls.mode to "required" (an inherited mode may change later).',
        joinField(field, 'implicit'),
      );
    }
    checkImplicitTls(tls.mode, true, joinField(field, 'implicit'));
  }
  return tls;
}

function setTlsOverride<K extends keyof TlsSettings>(tls: Partial<TlsSettings>, key: K, object: JsonObject, prefix: string): void {
  const field = joinField(prefix, key);
  const value = readKey(object, key);
  rejectNull(value, field, NULLABLE_EMAIL_FIELDS.includes(`tls.${key}`));
  tls[key] = TLS_FIELD_PARSERS[key](value, field);
}

function parseRulesOverrides(raw: unknown): PolicyRulesOverrides {
  const object = expectObject(raw, 'rules');
  rejectUnknownKeys(object, RULES_KEYS, 'rules');
  const rules: PolicyRulesOverrides = {};
  if (hasKey(object, 'severities')) rules.severities = parseSeverities(readKey(object, 'severities'), 'rules.severities');
  if (hasKey(object, 'eventTypes')) rules.eventTypes = parseEventTypes(readKey(object, 'eventTypes'), 'rules.eventTypes');
  if (hasKey(object, 'grouping')) {
    const value = readKey(object, 'grouping');
    rejectNull(value, 'rules.grouping', false);
    rules.grouping = parseGrouping(value, 'rules.grouping');
  }
  return rules;
}
