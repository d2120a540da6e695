/**
 * Reads the certificates of an uploaded file whatever its form: PEM (one or many blocks,
 * BOM, CRLF, text around them), DER (one certificate or several concatenated), or PKCS#7
 * (`.p7b`) in PEM or DER. Node's `tls` would silently accept DER or PKCS#7 as `ca` and then
 * fail every verification, so everything is parsed here and later re-emitted as PEM.
 */
import { X509Certificate } from 'node:crypto';
import { InputError } from '../domain/errors.js';
import { Asn1Error, decodeDer, decodeDerSequence, isUniversal, Tag } from './der.js';
import { looksLikePem, pemBlocks } from './pem.js';
import { looksLikePkcs7, pkcs7Certificates } from './pkcs7.js';

const CERT_LABELS = new Set(['CERTIFICATE', 'X509 CERTIFICATE', 'TRUSTED CERTIFICATE']);
const PKCS7_LABELS = new Set(['PKCS7', 'CMS', 'PKCS #7 SIGNED DATA']);

function unreadable(field: string, message: string): InputError {
  return new InputError('CERT_UNREADABLE', message, field);
}

/** Parses one DER certificate; the `TRUSTED CERTIFICATE` form carries trust data after it, which is dropped. */
function parseDerCertificate(der: Buffer, field: string, where: string): X509Certificate {
  try {
    const first = decodeDerSequence(der)[0];
    return new X509Certificate(first ? first.raw : der);
  } catch {
    throw unreadable(field, `${where} is not a valid X.509 certificate. Export the certificate again (PEM or DER) and upload that file.`);
  }
}

function fromPkcs7(der: Buffer, field: string): X509Certificate[] {
  let ders: Buffer[];
  try {
    ders = pkcs7Certificates(der);
  } catch {
    throw unreadable(field, 'The PKCS#7 (.p7b) data could not be read. Export the certificates again as PKCS#7 or PEM and upload that file.');
  }
  return ders.map((d, i) => parseDerCertificate(d, field, `Certificate ${i + 1} in the PKCS#7 data`));
}

/** True when the DER looks like a PKCS#12 PFX (SEQUENCE { INTEGER 3, SEQUENCE … }), for a helpful message. */
export function looksLikePkcs12(der: Buffer): boolean {
  try {
    const pfx = decodeDer(der);
    const version = pfx.children[0];
    return isUniversal(pfx, Tag.SEQUENCE) && isUniversal(version, Tag.INTEGER) && version.content.length === 1 && version.content[0] === 3 && isUniversal(pfx.children[1], Tag.SEQUENCE);
  } catch {
    return false;
  }
}

function fromPem(data: Buffer, field: string): X509Certificate[] {
  const blocks = pemBlocks(data);
  const certs: X509Certificate[] = [];
  blocks.forEach((block, i) => {
    if (CERT_LABELS.has(block.label)) certs.push(parseDerCertificate(block.der, field, `PEM block ${i + 1} (${block.label})`));
    else if (PKCS7_LABELS.has(block.label)) certs.push(...fromPkcs7(block.der, field));
  });
  if (certs.length === 0) {
    const labels = [...new Set(blocks.map((b) => b.label))];
    const found = labels.length > 0 ? `only ${labels.join(', ')} blocks` : 'no complete PEM block';
    throw unreadable(field, `The file contains ${found} and no certificate. Upload a file with a "BEGIN CERTIFICATE" or "BEGIN PKCS7" block, a DER certificate or a .p7b file.`);
  }
  return certs;
}

function fromDer(data: Buffer, field: string): X509Certificate[] {
  if (looksLikePkcs7(data)) return fromPkcs7(data, field);
  if (looksLikePkcs12(data)) {
    throw unreadable(field, 'This is a PKCS#12 (.pfx/.p12) container, not a certificate file. Upload it as a client certificate in PKCS#12 format, or export the certificates alone (PEM, DER or .p7b).');
  }
  let elements;
  try {
    elements = decodeDerSequence(data);
  } catch (error) {
    if (!(error instanceof Asn1Error)) throw error;
    throw unreadable(field, 'The file is neither PEM text nor a DER certificate or PKCS#7 file. Upload the certificate as PEM, DER (.cer/.crt) or PKCS#7 (.p7b).');
  }
  return elements.map((el, i) => parseDerCertificate(el.raw, field, elements.length > 1 ? `DER certificate ${i + 1}` : 'The DER data'));
}

/**
 * Every certificate in `data`, in file order, duplicates (same SHA-256 fingerprint) removed.
 * Throws `InputError('CERT_UNREADABLE', …, field)` when the file holds no readable certificate.
 */
export function readCertificates(data: Buffer, field: string): X509Certificate[] {
  if (data.length === 0) throw unreadable(field, 'The file is empty. Upload a certificate file (PEM, DER or PKCS#7).');
  const certs = looksLikePem(data) ? fromPem(data, field) : fromDer(data, field);
  const seen = new Set<string>();
  return certs.filter((c) => {
    if (seen.has(c.fingerprint256)) return false;
    seen.add(c.fingerprint256);
    return true;
  });
}
