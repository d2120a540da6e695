/**
 * Settings documents as they leave the server (GET and PUT answers): the sealed password
 * becomes `passwordSet`, dates become RFC 3339 strings, and nothing shares arrays with the
 * stored document.
 */
import {
  allowsUnencryptedAuth,
  authMechanismOf,
  defaultOAuth2Settings,
  type AuthMechanism,
  type AuthSettings,
  type EmailSettings,
  type OAuth2Provider,
} from '../../domain/email-settings.js';
import type { EffectivePolicy, Policy, PolicyEmailOverrides, PolicyRulesOverrides } from '../../domain/policy.js';

/** `auth.oauth2` as the API shows it: never a secret, only whether one is stored. */
export interface PublicOAuth2Settings {
  provider: OAuth2Provider;
  tenant: string | null;
  clientId: string;
  clientSecretSet: boolean;
  serviceAccountKeySet: boolean;
  tokenUrl: string | null;
  scope: string | null;
}

/** `auth` as the API shows it: never a secret, only whether one is stored. */
export interface PublicAuthSettings {
  enabled: boolean;
  mechanism: AuthMechanism;
  username: string;
  passwordSet: boolean;
  allowUnencrypted: boolean;
  oauth2: PublicOAuth2Settings;
}

/** The settings as the API shows them: `auth` without the password. */
export type PublicEmailSettings = Omit<EmailSettings, 'auth'> & { auth: PublicAuthSettings };

/** The e-mail overrides as the API shows them: `auth` without the password. */
export type PublicPolicyEmailOverrides = Omit<PolicyEmailOverrides, 'auth'> & { auth?: PublicAuthSettings };

/** A policy as the API shows it: no secrets, dates as RFC 3339 strings. */
export interface PublicPolicy {
  applicationId: string;
  name: string;
  email: PublicPolicyEmailOverrides;
  rules: PolicyRulesOverrides;
  createdAt: string;
  updatedAt: string;
}

/** What leaves the server of an `auth` object: sealed secrets become `…Set` flags. */
export function presentAuth(auth: AuthSettings): PublicAuthSettings {
  const oauth2 = auth.oauth2 ?? defaultOAuth2Settings();
  return {
    enabled: auth.enabled,
    mechanism: authMechanismOf(auth),
    username: auth.username,
    passwordSet: auth.password !== null,
    allowUnencrypted: allowsUnencryptedAuth(auth),
    oauth2: {
      provider: oauth2.provider,
      tenant: oauth2.tenant,
      clientId: oauth2.clientId,
      clientSecretSet: oauth2.clientSecret !== null,
      serviceAccountKeySet: oauth2.serviceAccountKey !== null,
      tokenUrl: oauth2.tokenUrl,
      scope: oauth2.scope,
    },
  };
}

/** The server-wide settings (GET, PUT answer): never the sealed password. */
export function presentEmailSettings(settings: EmailSettings): PublicEmailSettings {
  return {
    recipients: [...settings.recipients],
    servers: [...settings.servers],
    port: settings.port,
    useMx: settings.useMx,
    helo: settings.helo,
    auth: presentAuth(settings.auth),
    tls: { ...settings.tls },
    sender: settings.sender,
    subject: settings.subject,
    body: settings.body,
    digestSubject: settings.digestSubject,
    digestBody: settings.digestBody,
    rateLimit: { ...settings.rateLimit },
  };
}

/** A policy: `auth` → `passwordSet`, dates as ISO strings, absent fields stay absent. */
export function presentPolicy(policy: Policy): PublicPolicy {
  const { auth, tls, ...rest } = policy.email;
  const email: PublicPolicyEmailOverrides = { ...rest };
  if (rest.recipients !== undefined) email.recipients = [...rest.recipients];
  if (rest.servers !== undefined) email.servers = [...rest.servers];
  if (auth !== undefined) email.auth = presentAuth(auth);
  if (tls !== undefined) email.tls = { ...tls };
  const rules: PolicyRulesOverrides = {};
  if (policy.rules.severities !== undefined) rules.severities = [...policy.rules.severities];
  if (policy.rules.eventTypes !== undefined) rules.eventTypes = { ...policy.rules.eventTypes };
  if (policy.rules.grouping !== undefined) rules.grouping = { ...policy.rules.grouping, by: [...policy.rules.grouping.by] };
  return {
    applicationId: policy.applicationId,
    name: policy.name,
    email,
    rules,
    createdAt: policy.createdAt.toISOString(),
    updatedAt: policy.updatedAt.toISOString(),
  };
}

/** `GET /api/v1/policies/{id}/effective`: the merged settings and which fields were inherited. */
export function presentEffectivePolicy(effective: EffectivePolicy) {
  return { email: presentEmailSettings(effective.email), rules: effective.rules, inherited: effective.inherited };
}
