import type { AuthSettings, EmailSettings, TlsSettings } from './email-settings.js';
import type { Grouping, RateLimit } from './grouping.js';
import type { Rules } from './rules.js';

/**
 * The e-mail part of a policy: any subset of the settings. An absent field inherits the server
 * default (and follows later changes to it); a present one (even null) overrides. `tls` fields
 * merge one by one; `auth` is one unit.
 */
export interface PolicyEmailOverrides {
  recipients?: string[];
  servers?: string[];
  port?: number;
  useMx?: boolean;
  helo?: string | null;
  auth?: AuthSettings;
  tls?: Partial<TlsSettings>;
  sender?: string;
  subject?: string;
  body?: string;
  digestSubject?: string;
  digestBody?: string;
  rateLimit?: RateLimit;
}

/** The rules part of a policy: `severities` as a whole, `eventTypes` key by key. */
export interface PolicyRulesOverrides {
  severities?: Rules['severities'];
  eventTypes?: Record<string, boolean>;
  /** Overrides the server's grouping as a whole. */
  grouping?: Grouping;
}

/** A per-application policy as stored. */
export interface Policy {
  applicationId: string;
  name: string;
  email: PolicyEmailOverrides;
  rules: PolicyRulesOverrides;
  createdAt: Date;
  updatedAt: Date;
}

/** What a policy resolves to, with the dotted paths (`email.servers`, `rules.severities`, `email.tls.mode`) it inherited. */
export interface EffectivePolicy {
  email: EmailSettings;
  rules: Rules;
  inherited: string[];
}
