/**
 * The RFC 7523 client assertion of Google's service-account flow: a JWT signed RS256 with the
 * key's private half. Written on node:crypto (a dozen lines) rather than pulling a JOSE
 * library for one signature.
 */
import crypto from 'node:crypto';

/** How long an assertion is valid (Google accepts at most one hour). */
export const ASSERTION_LIFETIME_SECONDS = 3600;

/** What the assertion says. */
export interface AssertionClaims {
  /** The service account (`client_email`). */
  issuer: string;
  /** The mailbox to act as (domain-wide delegation). */
  subject: string;
  scope: string;
  /** The token endpoint. */
  audience: string;
}

function base64url(data: string | Buffer): string {
  return Buffer.from(data).toString('base64url');
}

/** Signs the assertion at `now` with the PEM private key (and its id as `kid`, when known). */
export function signAssertion(claims: AssertionClaims, privateKeyPem: string, keyId: string | null, now: Date): string {
  const iat = Math.floor(now.getTime() / 1000);
  const header = { alg: 'RS256', typ: 'JWT', ...(keyId === null ? {} : { kid: keyId }) };
  const payload = { iss: claims.issuer, sub: claims.subject, scope: claims.scope, aud: claims.audience, iat, exp: iat + ASSERTION_LIFETIME_SECONDS };
  const signingInput = `${base64url(JSON.stringify(header))}.${base64url(JSON.stringify(payload))}`;
  const signature = crypto.sign('sha256', Buffer.from(signingInput), crypto.createPrivateKey(privateKeyPem));
  return `${signingInput}.${base64url(signature)}`;
}
