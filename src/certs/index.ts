/**
 * Certificates: ingest of CA files and client certificates in every format admins upload,
 * checks and metadata at upload, and the TLS material the SMTP engine presents. The HTTP route
 * uses `parseCertificateUpload` → `ingestUpload` → `toStoredCertificate`; the SMTP engine uses
 * `resolveTlsMaterial`.
 */
export { type CaIngestResult, type ClientIngestResult, ingestCaFile, ingestClientPkcs12, ingestClientX509 } from './ingest.js';
export { type CertificateUpload, type IngestedUpload, ingestUpload, parseCertificateUpload } from './upload.js';
export {
  type CertificateLookup,
  type CertificateSetting,
  CertificateUnavailableError,
  resolveTlsMaterial,
  type TlsMaterial,
  toStoredCertificate,
} from './tls-material.js';
export { EXPIRES_SOON_DAYS, formatDistinguishedName } from './metadata.js';
