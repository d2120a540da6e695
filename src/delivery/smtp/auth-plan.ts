/**
 * Pure: what to do about AUTH once the final EHLO is in. Credentials are sent only on an
 * encrypted connection unless the admin allowed otherwise (Postfix's
 * `smtp_sasl_security_options = noplaintext`), AUTH enabled means AUTH is mandatory, and the
 * mechanism is the first one Herald prefers that the server offers.
 */
import type { Reason } from '../../domain/reason.js';

/** Password mechanisms Herald uses, in order of preference (API.md). */
export const PASSWORD_MECHANISMS = ['PLAIN', 'LOGIN', 'CRAM-MD5'] as const;

/** A password mechanism. */
export type PasswordMechanism = (typeof PASSWORD_MECHANISMS)[number];

/** The facts the decision needs. */
export interface AuthFacts {
  enabled: boolean;
  /** XOAUTH2 with an access token instead of a password. */
  oauth: boolean;
  allowUnencrypted: boolean;
  /** The session runs inside TLS. */
  encrypted: boolean;
  /** This is the opportunistic fallback connection after a failed handshake. */
  fallback: boolean;
  /** Mechanisms the final EHLO advertised (upper case). */
  offered: readonly string[];
}

/** The decision. */
export type AuthPlan =
  | { kind: 'skip' }
  | { kind: 'refuse'; reason: Extract<Reason, 'AUTH_REQUIRES_TLS' | 'AUTH_NOT_OFFERED'>; detail: string }
  | { kind: 'password'; mechanism: PasswordMechanism }
  | { kind: 'xoauth2' };

/** Decides AUTH for one session. */
export function planAuth(facts: AuthFacts): AuthPlan {
  if (!facts.enabled) return { kind: 'skip' };
  if (!facts.encrypted && !facts.allowUnencrypted) {
    const why = facts.fallback
      ? 'The TLS handshake failed, and credentials are not sent over the unencrypted fallback connection.'
      : 'The server did not offer STARTTLS (or something between removed it), and credentials are not sent over an unencrypted connection.';
    return { kind: 'refuse', reason: 'AUTH_REQUIRES_TLS', detail: `${why} Use TLS, or allow unencrypted authentication if this network is trusted.` };
  }
  const where = facts.encrypted ? '' : ' on this unencrypted connection';
  const what = facts.offered.length === 0 ? 'no AUTH at all' : `only ${facts.offered.join(', ')}`;
  if (facts.oauth) {
    if (facts.offered.includes('XOAUTH2')) return { kind: 'xoauth2' };
    return { kind: 'refuse', reason: 'AUTH_NOT_OFFERED', detail: `XOAUTH2 is needed, but the server offers ${what}${where}.` };
  }
  const mechanism = PASSWORD_MECHANISMS.find((m) => facts.offered.includes(m));
  if (mechanism === undefined) return { kind: 'refuse', reason: 'AUTH_NOT_OFFERED', detail: `The server offers ${what}${where}.` };
  return { kind: 'password', mechanism };
}
