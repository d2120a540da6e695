/**
 * The three ways an admin uploads certificates (API.md "Certificates"), each checked at
 * upload: a CA bundle, a client certificate as X.509 + key, a client certificate as PKCS#12.
 * Results are normalised (PEM with LF, one block per certificate; the key as unencrypted
 * PKCS#8 PEM for the caller to seal) so that nothing downstream has to know the formats.
 */
import type { KeyObject, X509Certificate } from 'node:crypto';
import type { CertificateInfo, CertificateWarning } from '../domain/certificate.js';
import { InputError } from '../domain/errors.js';
import { readCertificates } from './certificate-reader.js';
import { certificateForKey, orderChain } from './chain.js';
import { certificateInfo, uploadWarnings } from './metadata.js';
import { openPkcs12 } from './pkcs12.js';
import { readPrivateKey } from './private-key.js';

/** A checked CA bundle. */
export interface CaIngestResult {
  /** Every certificate as PEM, one block each, LF line ends — what Node's `tls` `ca` takes. */
  certificatePem: string;
  certificates: CertificateInfo[];
  warnings: CertificateWarning[];
}

/** A checked client certificate with its key. */
export interface ClientIngestResult {
  /** The leaf first, then its chain, as PEM. */
  certificatePem: string;
  /** UNENCRYPTED PKCS#8 PEM: the caller must seal it before storing. */
  privateKeyPem: string;
  /** One per certificate, in `certificatePem` order. */
  certificates: CertificateInfo[];
  warnings: CertificateWarning[];
}

function pemOf(certs: readonly X509Certificate[]): string {
  return certs.map((c) => (c.toString().endsWith('\n') ? c.toString() : `${c.toString()}\n`)).join('');
}

/**
 * Checks a CA file (PEM with one or many certificates, DER, PKCS#7 in PEM or DER) and
 * normalises it to a PEM bundle. `now` is the clock for the validity warnings.
 * Throws InputError `CERT_UNREADABLE` (field `file`).
 */
export function ingestCaFile(file: Buffer, now: Date = new Date()): CaIngestResult {
  const certs = readCertificates(file, 'file');
  return {
    certificatePem: pemOf(certs),
    certificates: certs.map(certificateInfo),
    warnings: uploadWarnings(certs, now, false),
  };
}

function clientResult(certs: readonly X509Certificate[], key: KeyObject, keyField: string, now: Date): ClientIngestResult {
  const leaf = certificateForKey(certs, key);
  if (!leaf) {
    throw new InputError(
      'KEY_MISMATCH',
      certs.length === 1
        ? 'The private key does not belong to the certificate. Upload the key that was generated with this certificate.'
        : `The private key belongs to none of the ${certs.length} certificates. Upload the key that was generated with the client certificate.`,
      keyField,
    );
  }
  const ordered = orderChain(leaf, certs);
  return {
    certificatePem: pemOf(ordered),
    privateKeyPem: key.export({ type: 'pkcs8', format: 'pem' }).toString(),
    certificates: ordered.map(certificateInfo),
    warnings: uploadWarnings(ordered, now, true),
  };
}

/**
 * Checks a client certificate uploaded as X.509: the certificate (PEM or DER, optionally
 * followed by its chain, in any order) and the private key (PKCS#8, PKCS#1, SEC1; PEM or
 * DER; plain or encrypted with `password`). The leaf is the certificate the key fits.
 * Throws InputError: CERT_UNREADABLE (`certificate`), NO_PRIVATE_KEY / KEY_UNREADABLE /
 * KEY_MISMATCH (`privateKey`), WRONG_PASSWORD (`password`).
 */
export function ingestClientX509(certificate: Buffer, privateKey: Buffer, password: string, now: Date = new Date()): ClientIngestResult {
  const certs = readCertificates(certificate, 'certificate');
  const key = readPrivateKey(privateKey, password);
  return clientResult(certs, key, 'privateKey', now);
}

/**
 * Checks a client certificate uploaded as PKCS#12 (AES/PBKDF2, 3DES, RC2-40; with or without
 * MAC; empty or non-ASCII password). The leaf is the certificate the key fits; the other
 * certificates become its chain.
 * Throws InputError: CERT_UNREADABLE (`container`), WRONG_PASSWORD (`password`),
 * NO_PRIVATE_KEY / NO_CERTIFICATE / KEY_MISMATCH / KEY_UNREADABLE (`container`).
 */
export function ingestClientPkcs12(container: Buffer, password: string, now: Date = new Date()): ClientIngestResult {
  if (container.length === 0) {
    throw new InputError('CERT_UNREADABLE', 'The PKCS#12 file is empty. Upload the .pfx/.p12 file.', 'container');
  }
  const { certificates, keys } = openPkcs12(container, password);
  const [firstKey] = keys;
  if (!firstKey) {
    throw new InputError('NO_PRIVATE_KEY', 'The PKCS#12 container holds no private key. Export the certificate again and choose to include the private key.', 'container');
  }
  if (certificates.length === 0) {
    throw new InputError('NO_CERTIFICATE', 'The PKCS#12 container holds only a private key and no certificate. Export it again with the certificate included.', 'container');
  }
  const key = keys.find((k) => certificateForKey(certificates, k) !== null) ?? firstKey;
  return clientResult(certificates, key, 'container', now);
}
