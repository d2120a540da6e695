/**
 * Picks the leaf of a client upload (the certificate whose public key fits the private key)
 * and orders the rest as a chain, so the PEM Herald presents is leaf first, then issuers.
 */
import type { KeyObject, X509Certificate } from 'node:crypto';

/** The certificate of `certs` that belongs to `key`, or null. */
export function certificateForKey(certs: readonly X509Certificate[], key: KeyObject): X509Certificate | null {
  return certs.find((c) => fitsKey(c, key)) ?? null;
}

/** True when `key` is the private key of `cert` (OpenSSL's X509_check_private_key). */
export function fitsKey(cert: X509Certificate, key: KeyObject): boolean {
  try {
    return cert.checkPrivateKey(key);
  } catch {
    return false; // e.g. an EC key against an RSA certificate on some Node versions
  }
}

/**
 * `leaf` followed by the others, ordered issuer after subject as far as the names link up;
 * certificates outside the path follow in their original order.
 */
export function orderChain(leaf: X509Certificate, others: readonly X509Certificate[]): X509Certificate[] {
  const rest = others.filter((c) => c !== leaf);
  const ordered = [leaf];
  let current = leaf;
  for (;;) {
    const index = rest.findIndex((c) => current.checkIssued(c) && c.fingerprint256 !== current.fingerprint256);
    if (index < 0) break;
    const [issuer] = rest.splice(index, 1);
    if (!issuer) break;
    ordered.push(issuer);
    current = issuer;
  }
  return [...ordered, ...rest];
}
