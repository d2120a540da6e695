/**
 * Reads and checks the HTTPS listener's PEM files (HERALD_TLS_CERT / HERALD_TLS_KEY) at start,
 * so an unreadable file, a file that is not PEM or a key that does not fit the certificate
 * stops the server with one sentence naming the variable, instead of a stack trace.
 */
import fs from 'node:fs';
import tls from 'node:tls';
import { X509Certificate } from 'node:crypto';
import { ConfigError } from './config.js';

/** What node's HTTPS server takes. */
export interface HttpsMaterial {
  cert: Buffer;
  key: Buffer;
  minVersion: 'TLSv1.2';
}

function read(file: string, variable: string): Buffer {
  try {
    return fs.readFileSync(file);
  } catch (error) {
    const reason = error instanceof Error && 'code' in error ? String(error.code) : 'unreadable';
    throw new ConfigError(`${variable} names a file that cannot be read (${file}: ${reason}).`);
  }
}

/** Loads and validates the pair; throws ConfigError with one sentence. */
export function loadHttpsMaterial(files: { certFile: string; keyFile: string }): HttpsMaterial {
  const cert = read(files.certFile, 'HERALD_TLS_CERT');
  const key = read(files.keyFile, 'HERALD_TLS_KEY');
  try {
    new X509Certificate(cert);
  } catch {
    throw new ConfigError(`HERALD_TLS_CERT (${files.certFile}) is not a PEM certificate.`);
  }
  try {
    tls.createSecureContext({ cert, key, minVersion: 'TLSv1.2' });
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    const mismatch = /key values mismatch/i.test(detail);
    throw new ConfigError(
      mismatch
        ? `HERALD_TLS_KEY (${files.keyFile}) does not belong to the certificate in HERALD_TLS_CERT.`
        : `HERALD_TLS_KEY (${files.keyFile}) is not a usable unencrypted PEM private key (${detail}).`,
    );
  }
  return { cert, key, minVersion: 'TLSv1.2' };
}
