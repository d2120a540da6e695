/**
 * The bridge from stored certificates to a TLS handshake: the ONE function the SMTP engine
 * uses to get PEM strings for Node's/nodemailer's `tls` options, and the helper that turns an
 * ingest result into what the store keeps (key sealed).
 */
import type { CertificateKind, StoredCertificate } from '../domain/certificate.js';
import type { SealedSecret } from '../domain/email-settings.js';
import type { Reason } from '../domain/reason.js';
import type { SecretBox } from '../domain/secrets.js';
import type { CaIngestResult, ClientIngestResult } from './ingest.js';

/** PEM strings for the `tls` options of Node / nodemailer; absent = not configured. */
export interface TlsMaterial {
  ca?: string;
  cert?: string;
  key?: string;
}

/** Just the lookup `resolveTlsMaterial` needs (a `CertificateRepo` fits). */
export interface CertificateLookup {
  get(id: string): Promise<StoredCertificate | null>;
}

/** Which setting named the certificate. */
export type CertificateSetting = 'tls.serverCa' | 'tls.clientCertificate';

/**
 * A configured certificate cannot be used (deleted, wrong kind, key not decryptable). The
 * delivery pipeline reports it as reason `CERTIFICATE_UNAVAILABLE`; it is not retryable until
 * an admin changes the settings.
 */
export class CertificateUnavailableError extends Error {
  override readonly name = 'CertificateUnavailableError';
  /** The delivery reason this maps to. */
  readonly reason: Reason = 'CERTIFICATE_UNAVAILABLE';

  constructor(
    message: string,
    readonly setting: CertificateSetting,
    readonly certificateId: string,
  ) {
    super(message);
  }
}

async function load(certs: CertificateLookup, id: string, kind: CertificateKind, setting: CertificateSetting): Promise<StoredCertificate> {
  const stored = await certs.get(id);
  const what = kind === 'ca' ? 'CA certificate' : 'client certificate';
  if (!stored) {
    throw new CertificateUnavailableError(`The ${what} ${id} set in ${setting} no longer exists. Choose another one in the TLS settings.`, setting, id);
  }
  if (stored.kind !== kind) {
    throw new CertificateUnavailableError(`Certificate ${id} set in ${setting} is a ${stored.kind} certificate, not a ${what}. Choose a ${what} in the TLS settings.`, setting, id);
  }
  return stored;
}

/**
 * Resolves the certificate ids of the TLS settings into PEM material: `ca` from a CA bundle,
 * `cert` + `key` from a client certificate (the key unsealed). Null ids add nothing.
 * Throws CertificateUnavailableError when an id is missing, of the wrong kind or its key
 * cannot be unsealed; store errors propagate as they are.
 */
export async function resolveTlsMaterial(
  certs: CertificateLookup,
  secrets: SecretBox,
  ids: { serverCa: string | null; clientCertificate: string | null },
): Promise<TlsMaterial> {
  const material: TlsMaterial = {};
  if (ids.serverCa !== null) {
    material.ca = (await load(certs, ids.serverCa, 'ca', 'tls.serverCa')).certificatePem;
  }
  if (ids.clientCertificate !== null) {
    const id = ids.clientCertificate;
    const client = await load(certs, id, 'client', 'tls.clientCertificate');
    if (client.privateKeySealed === null) {
      throw new CertificateUnavailableError(`The client certificate ${id} has no stored private key. Upload it again.`, 'tls.clientCertificate', id);
    }
    try {
      material.key = secrets.open(client.privateKeySealed as SealedSecret);
    } catch {
      throw new CertificateUnavailableError(
        `The private key of client certificate ${id} cannot be decrypted (was the master key changed?). Upload the certificate again.`,
        'tls.clientCertificate',
        id,
      );
    }
    material.cert = client.certificatePem;
  }
  return material;
}

/**
 * Builds the stored form of a checked upload: metadata and PEM as ingested, the client key
 * sealed with `secrets` (never stored in the clear). `kind`/`format` must match the result
 * (`ca` with null, `client` with `x509`/`pkcs12`); a mismatch is a programming error.
 */
export function toStoredCertificate(
  id: string,
  kind: CertificateKind,
  format: 'x509' | 'pkcs12' | null,
  result: CaIngestResult | ClientIngestResult,
  secrets: SecretBox,
  now: Date,
): StoredCertificate {
  const key = 'privateKeyPem' in result ? result.privateKeyPem : null;
  if (kind === 'ca' ? format !== null || key !== null : format === null || key === null) {
    throw new Error(`toStoredCertificate: kind ${kind} does not go with format ${String(format)} and this result`);
  }
  return {
    id,
    kind,
    format,
    certificatePem: result.certificatePem,
    privateKeySealed: key === null ? null : secrets.seal(key),
    certificates: result.certificates,
    warnings: result.warnings,
    createdAt: now,
  };
}
