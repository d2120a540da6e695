/**
 * What the API shows about a certificate (`CertificateInfo`) and the upload warnings.
 *
 * Distinguished names are written in RFC 4514 order — most specific first, `CN=mail, O=Corp, C=DE`
 * — with OpenSSL's short attribute names, `, ` between RDNs, ` + ` inside a multi-valued RDN
 * and RFC 2253 escaping of special characters (`\,`), as Node/OpenSSL print each RDN. The
 * API's example (`"issuer": "CN=Corp CA"`) is this form.
 */
import type { X509Certificate } from 'node:crypto';
import type { CertificateInfo, CertificateWarning } from '../domain/certificate.js';
import { child, decodeDer, isContext, time } from './der.js';

/** Certificates expiring in less than this many days get `EXPIRES_SOON`. */
export const EXPIRES_SOON_DAYS = 30;

const CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';
const ANY_EXTENDED_KEY_USAGE = '2.5.29.37.0';

/** Node's multi-line DN (encoding order, one RDN per line) as an RFC 4514 string. */
export function formatDistinguishedName(nodeMultiline: string): string {
  return nodeMultiline
    .split('\n')
    .filter((line) => line.length > 0)
    .reverse()
    .join(', ');
}

/** The validity period read from the DER (exact; Node 20's `validFrom` is a locale-ish string). */
export function validity(cert: X509Certificate): { notBefore: Date; notAfter: Date } {
  const tbs = child(decodeDer(cert.raw), 0, 'tbsCertificate');
  const offset = isContext(tbs.children[0], 0) ? 1 : 0;
  const period = child(tbs, offset + 3, 'validity');
  return { notBefore: time(child(period, 0, 'notBefore')), notAfter: time(child(period, 1, 'notAfter')) };
}

/** True when the certificate names itself as issuer and its own key verifies its signature. */
export function isSelfSigned(cert: X509Certificate): boolean {
  try {
    return cert.checkIssued(cert) && cert.verify(cert.publicKey);
  } catch {
    return false;
  }
}

/** The API's metadata of one certificate. */
export function certificateInfo(cert: X509Certificate): CertificateInfo {
  const { notBefore, notAfter } = validity(cert);
  return {
    subject: formatDistinguishedName(cert.subject),
    issuer: formatDistinguishedName(cert.issuer),
    serialNumber: cert.serialNumber.toUpperCase(),
    notBefore: notBefore.toISOString(),
    notAfter: notAfter.toISOString(),
    fingerprintSha256: cert.fingerprint256,
    selfSigned: isSelfSigned(cert),
  };
}

/** True when the certificate has an extended key usage extension that does not allow TLS client authentication. */
export function lacksClientAuth(cert: X509Certificate): boolean {
  // Node names the EKU list `keyUsage`; undefined when the extension is absent (= any use).
  const eku = cert.keyUsage as string[] | undefined;
  if (eku === undefined) return false;
  return !eku.includes(CLIENT_AUTH) && !eku.includes(ANY_EXTENDED_KEY_USAGE);
}

const WARNING_ORDER: readonly CertificateWarning[] = ['EXPIRED', 'NOT_YET_VALID', 'EXPIRES_SOON', 'NO_CLIENT_AUTH_USAGE'];

/**
 * The warnings of an upload, over EVERY certificate in it, de-duplicated and in a fixed order.
 * `forClient` adds `NO_CLIENT_AUTH_USAGE` (OpenSSL also refuses a chain whose intermediate
 * restricts EKU without clientAuth, so every certificate of a client upload is checked).
 */
export function uploadWarnings(certs: readonly X509Certificate[], now: Date, forClient: boolean): CertificateWarning[] {
  const found = new Set<CertificateWarning>();
  const soon = now.getTime() + EXPIRES_SOON_DAYS * 86_400_000;
  for (const cert of certs) {
    const { notBefore, notAfter } = validity(cert);
    if (notAfter.getTime() < now.getTime()) found.add('EXPIRED');
    else if (notAfter.getTime() < soon) found.add('EXPIRES_SOON');
    if (notBefore.getTime() > now.getTime()) found.add('NOT_YET_VALID');
    if (forClient && lacksClientAuth(cert)) found.add('NO_CLIENT_AUTH_USAGE');
  }
  return WARNING_ORDER.filter((w) => found.has(w));
}
