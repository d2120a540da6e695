/**
 * The JSON body of `POST /api/v1/certificates` (API.md "Certificates"): shape checks and
 * base64 decoding, then dispatch to the matching ingest function. Kept apart from the route
 * so multipart uploads (which the route adds) end up in the same `CertificateUpload`.
 */
import { InputError } from '../domain/errors.js';
import { type CaIngestResult, type ClientIngestResult, ingestCaFile, ingestClientPkcs12, ingestClientX509 } from './ingest.js';

/** A validated upload, files decoded. */
export type CertificateUpload =
  | { kind: 'ca'; file: Buffer }
  | { kind: 'client'; format: 'x509'; certificate: Buffer; privateKey: Buffer; password: string }
  | { kind: 'client'; format: 'pkcs12'; container: Buffer; password: string };

/** A checked upload, ready for `toStoredCertificate`. */
export type IngestedUpload =
  | { kind: 'ca'; format: null; result: CaIngestResult }
  | { kind: 'client'; format: 'x509' | 'pkcs12'; result: ClientIngestResult };

function invalid(field: string | undefined, message: string): InputError {
  return new InputError('VALIDATION_FAILED', message, field);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Decodes a base64 field. Accepts line breaks, URL-safe base64, missing padding and a
 * `data:…;base64,` prefix (what a browser's FileReader.readAsDataURL gives).
 */
function base64Field(body: Record<string, unknown>, field: string): Buffer {
  const value = body[field];
  if (value === undefined || value === null) throw invalid(field, `"${field}" is required: the file's content, base64-encoded.`);
  if (typeof value !== 'string') throw invalid(field, `"${field}" must be a base64 string with the file's content.`);
  const text = value.replace(/^data:[^,]*;base64,/, '').replace(/\s+/g, '').replace(/-/g, '+').replace(/_/g, '/');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(text) || text.replace(/=+$/, '').length % 4 === 1) {
    throw invalid(field, `"${field}" is not valid base64. Send the file's bytes base64-encoded.`);
  }
  return Buffer.from(text, 'base64');
}

/** The password: optional (absent = empty, i.e. not encrypted), a string when given. */
function passwordField(body: Record<string, unknown>): string {
  const value = body['password'];
  if (value === undefined || value === null) return '';
  if (typeof value !== 'string') throw invalid('password', '"password" must be a string (empty when the key is not encrypted).');
  return value;
}

/**
 * Validates the body of `POST /api/v1/certificates`.
 * Throws InputError `VALIDATION_FAILED` with the offending field.
 */
export function parseCertificateUpload(body: unknown): CertificateUpload {
  if (!isRecord(body)) throw invalid(undefined, 'The body must be a JSON object with "kind" and the certificate files.');
  const kind = body['kind'];
  if (kind === 'ca') return { kind: 'ca', file: base64Field(body, 'file') };
  if (kind !== 'client') throw invalid('kind', '"kind" must be "ca" (a CA bundle) or "client" (a client certificate with its key).');
  const format = body['format'];
  if (format === 'x509') {
    return {
      kind: 'client',
      format: 'x509',
      certificate: base64Field(body, 'certificate'),
      privateKey: base64Field(body, 'privateKey'),
      password: passwordField(body),
    };
  }
  if (format === 'pkcs12') {
    return { kind: 'client', format: 'pkcs12', container: base64Field(body, 'container'), password: passwordField(body) };
  }
  throw invalid('format', '"format" must be "x509" (certificate and key files) or "pkcs12" (a .pfx/.p12 container).');
}

/** Checks an upload with the matching ingest function; `now` is the clock for the warnings. */
export function ingestUpload(upload: CertificateUpload, now: Date): IngestedUpload {
  if (upload.kind === 'ca') return { kind: 'ca', format: null, result: ingestCaFile(upload.file, now) };
  switch (upload.format) {
    case 'x509':
      return { kind: 'client', format: 'x509', result: ingestClientX509(upload.certificate, upload.privateKey, upload.password, now) };
    case 'pkcs12':
      return { kind: 'client', format: 'pkcs12', result: ingestClientPkcs12(upload.container, upload.password, now) };
  }
}
