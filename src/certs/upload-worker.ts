/**
 * The worker thread that checks certificate uploads (upload-checker.ts): password-based key
 * derivation (PKCS#12 MAC and safes, encrypted PKCS#8) runs here, never on the event loop that
 * answers ingest and /healthz.
 */
import { parentPort } from 'node:worker_threads';
import { InputError } from '../domain/errors.js';
import { type CertificateUpload, ingestUpload } from './upload.js';
import type { CheckReply, CheckRequest } from './upload-checker.js';

/** A Buffer again (structured clone turns Buffers into plain Uint8Arrays). */
function buffer(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

function revive(upload: CertificateUpload): CertificateUpload {
  if (upload.kind === 'ca') return { kind: 'ca', file: buffer(upload.file) };
  if (upload.format === 'x509') return { ...upload, certificate: buffer(upload.certificate), privateKey: buffer(upload.privateKey) };
  return { ...upload, container: buffer(upload.container) };
}

function check(request: CheckRequest): CheckReply {
  try {
    return { id: request.id, ok: true, result: ingestUpload(revive(request.upload), new Date(request.now)) };
  } catch (error) {
    if (error instanceof InputError) {
      return { id: request.id, ok: false, error: { code: error.code, message: error.message, field: error.field, status: error.status } };
    }
    return { id: request.id, ok: false, crash: error instanceof Error ? error.message : String(error) };
  }
}

parentPort?.on('message', (request: CheckRequest) => parentPort?.postMessage(check(request)));
