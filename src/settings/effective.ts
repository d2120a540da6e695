/**
 * Pure merge of the server defaults with an application's policy (API.md "Rules and
 * policies"), with provenance: which dotted paths came from the defaults. Called on every
 * read, never stored, so a policy follows later changes to the defaults.
 */
import type { EmailSettings, TlsSettings } from '../domain/email-settings.js';
import type { EffectivePolicy, Policy } from '../domain/policy.js';
import type { Rules } from '../domain/rules.js';
import { EMAIL_SETTINGS_KEYS, type ScalarEmailKey, TLS_KEYS } from './email-fields.js';

/**
 * Merges field by field: each scalar email field, each `tls.*` on its own, `auth` as a whole,
 * `rules.severities` as a whole and `rules.eventTypes` key by key. `inherited` lists the paths
 * taken from the defaults (`email.port`, `email.tls.mode`, `rules.eventTypes` when the policy
 * has no eventTypes, else `rules.eventTypes.<TYPE>` per inherited key); with no policy, all.
 *
 * One guard: implicit TLS only exists in `required` mode, so when the merged mode is not
 * `required` the effective `tls.implicit` is false even if the defaults say true (a policy
 * that switches to opportunistic must not inherit SMTPS). Its provenance is still reported.
 */
export function effectivePolicy(defaults: EmailSettings, rules: Rules, policy: Policy | null): EffectivePolicy {
  const inherited: string[] = [];
  const overrides = policy?.email ?? {};
  const email = cloneSettings(defaults);
  for (const key of EMAIL_SETTINGS_KEYS) {
    switch (key) {
      case 'auth':
        if (overrides.auth !== undefined) email.auth = { ...overrides.auth };
        else inherited.push('email.auth');
        break;
      case 'tls': {
        const tlsOverrides = overrides.tls ?? {};
        for (const tlsKey of TLS_KEYS) {
          if (tlsOverrides[tlsKey] !== undefined) mergeTls(email.tls, tlsOverrides, tlsKey);
          else inherited.push(`email.tls.${tlsKey}`);
        }
        break;
      }
      default:
        if (overrides[key] !== undefined) mergeScalar(email, overrides, key);
        else inherited.push(`email.${key}`);
    }
  }
  if (email.tls.mode !== 'required') email.tls.implicit = false;

  const ruleOverrides = policy?.rules ?? {};
  const severities = ruleOverrides.severities ?? rules.severities;
  if (ruleOverrides.severities === undefined) inherited.push('rules.severities');
  let eventTypes: Record<string, boolean>;
  if (ruleOverrides.eventTypes === undefined) {
    eventTypes = { ...rules.eventTypes };
    inherited.push('rules.eventTypes');
  } else {
    const own = ruleOverrides.eventTypes;
    const fromDefaults = Object.keys(rules.eventTypes).filter((type) => !Object.prototype.hasOwnProperty.call(own, type));
    eventTypes = Object.fromEntries([
      ...fromDefaults.map((type): [string, boolean] => [type, rules.eventTypes[type] === true]),
      ...Object.entries(own),
    ]);
    inherited.push(...fromDefaults.map((type) => `rules.eventTypes.${type}`));
  }
  const grouping = ruleOverrides.grouping ?? rules.grouping;
  if (ruleOverrides.grouping === undefined) inherited.push('rules.grouping');
  return { email, rules: { severities: [...severities], eventTypes, grouping: { ...grouping, by: [...grouping.by] } }, inherited };
}

function mergeScalar<K extends ScalarEmailKey>(email: EmailSettings, overrides: Policy['email'], key: K): void {
  const value = overrides[key] as EmailSettings[K] | undefined;
  if (value !== undefined) email[key] = Array.isArray(value) ? ([...value] as EmailSettings[K]) : value;
}

function mergeTls<K extends keyof TlsSettings>(tls: TlsSettings, overrides: Partial<TlsSettings>, key: K): void {
  const value = overrides[key];
  if (value !== undefined) tls[key] = value;
}

function cloneSettings(settings: EmailSettings): EmailSettings {
  return {
    ...settings,
    recipients: [...settings.recipients],
    servers: [...settings.servers],
    auth: { ...settings.auth },
    tls: { ...settings.tls },
  };
}
