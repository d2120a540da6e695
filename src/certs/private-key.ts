/**
 * Reads the private key of an X.509 upload: PKCS#8 (plain or encrypted with PBES2/AES or
 * PBES1/3DES), PKCS#1 RSA or SEC1 EC (plain or with legacy PEM encryption, `Proc-Type:
 * 4,ENCRYPTED`), as PEM or DER. Node (OpenSSL 3) does the decoding and decryption; this module
 * finds the key, tells encrypted from plain (so a failure can be called WRONG_PASSWORD) and
 * recognises the DES/RC2/MD5 encryptions OpenSSL 3 dropped, whose only fix is a re-export.
 */
import { createPrivateKey, type KeyObject } from 'node:crypto';
import { InputError } from '../domain/errors.js';
import { type Asn1Node, decodeDer, decodeDerSequence, isUniversal, oid, Tag } from './der.js';
import { KdfBudget, KdfBudgetExceeded, KDF_WORK_BUDGET, pkcs8DecryptionWork } from './kdf-budget.js';
import { looksLikePem, pemBlocks } from './pem.js';

const KEY_LABELS = new Set(['PRIVATE KEY', 'ENCRYPTED PRIVATE KEY', 'RSA PRIVATE KEY', 'EC PRIVATE KEY', 'DSA PRIVATE KEY']);

const PBES2 = '1.2.840.113549.1.5.13';

/** Key-encryption algorithms OpenSSL 3 only has in its legacy provider (which Node does not load). */
const DROPPED_OIDS: Record<string, string> = {
  '1.2.840.113549.1.5.1': 'PBE-MD2-DES',
  '1.2.840.113549.1.5.4': 'PBE-MD2-RC2-64',
  '1.2.840.113549.1.5.3': 'PBE-MD5-DES',
  '1.2.840.113549.1.5.6': 'PBE-MD5-RC2-64',
  '1.2.840.113549.1.5.10': 'PBE-SHA1-DES',
  '1.2.840.113549.1.5.11': 'PBE-SHA1-RC2-64',
  '1.2.840.113549.1.12.1.1': 'PBE-SHA1-RC4-128',
  '1.2.840.113549.1.12.1.2': 'PBE-SHA1-RC4-40',
  '1.2.840.113549.1.12.1.5': 'PBE-SHA1-RC2-128',
  '1.2.840.113549.1.12.1.6': 'PBE-SHA1-RC2-40',
  // PBES2 encryption schemes
  '1.3.14.3.2.7': 'DES-CBC',
  '1.2.840.113549.3.2': 'RC2-CBC',
};

/** Legacy PEM (`DEK-Info`) ciphers that OpenSSL 3 dropped. */
const DROPPED_PEM_CIPHER = /^(DES-CBC|DES-EDE-CBC|DESX-CBC|RC2-|BF-|CAST5?-|IDEA-|SEED-|RC4)/i;

function reexportMessage(algorithm: string): string {
  return `The key is encrypted with ${algorithm}, which current OpenSSL no longer supports. Re-export the key with AES or 3DES (for example \`openssl pkcs8 -topk8 -v2 aes-256-cbc\`) or without encryption, and upload it again.`;
}

/** The weak algorithm of an EncryptedPrivateKeyInfo that OpenSSL 3 dropped, or null. */
function droppedPkcs8Algorithm(encrypted: Asn1Node): string | null {
  try {
    const algId = encrypted.children[0];
    if (!algId) return null;
    const algOid = oid(algId.children[0] as Asn1Node);
    if (algOid === PBES2) {
      const scheme = algId.children[1]?.children[1];
      const schemeOid = scheme?.children[0];
      return schemeOid ? (DROPPED_OIDS[oid(schemeOid)] ?? null) : null;
    }
    return DROPPED_OIDS[algOid] ?? null;
  } catch {
    return null;
  }
}

/** True for an EncryptedPrivateKeyInfo: SEQUENCE { SEQUENCE { OID, … }, OCTET STRING }. */
function isEncryptedPkcs8(node: Asn1Node): boolean {
  const [algId, data] = node.children;
  return isUniversal(node, Tag.SEQUENCE) && node.children.length === 2 && isUniversal(algId, Tag.SEQUENCE) && isUniversal(algId.children[0], Tag.OID) && isUniversal(data, Tag.OCTET_STRING);
}

/** True for an X.509 certificate: SEQUENCE { SEQUENCE, SEQUENCE, BIT STRING }. */
function isCertificate(node: Asn1Node): boolean {
  const [tbs, alg, sig] = node.children;
  return node.children.length === 3 && isUniversal(tbs, Tag.SEQUENCE) && isUniversal(alg, Tag.SEQUENCE) && isUniversal(sig, Tag.BIT_STRING);
}

function noKey(message: string): InputError {
  return new InputError('NO_PRIVATE_KEY', message, 'privateKey');
}

function unreadable(message: string): InputError {
  return new InputError('KEY_UNREADABLE', message, 'privateKey');
}

function wrongPassword(password: string): InputError {
  return new InputError(
    'WRONG_PASSWORD',
    password === '' ? 'The private key is encrypted. Enter the password it was exported with.' : 'The password does not decrypt the private key. Check the password (it is case-sensitive) and try again.',
    'password',
  );
}

/**
 * Charges the decryption of an EncryptedPrivateKeyInfo to `budget` BEFORE OpenSSL sees it
 * (OpenSSL would run whatever iteration count the file names, on the calling thread).
 */
function chargeDecryption(encrypted: Asn1Node, budget: KdfBudget): void {
  const work = pkcs8DecryptionWork(encrypted);
  try {
    budget.charge(work);
  } catch (error) {
    if (!(error instanceof KdfBudgetExceeded)) throw error;
    throw unreadable(
      `The private key's encryption asks for more password-based key derivation than Herald allows for one upload (${Number.isFinite(work) ? Math.round(work).toLocaleString('en') : 'an unbounded amount of'} units, at most ${error.limit.toLocaleString('en')}). Export it again with the usual iteration count (e.g. \`openssl pkcs8 -topk8 -v2 aes-256-cbc -iter 2048\`) or without encryption.`,
    );
  }
}

/** Decrypts with Node; maps OpenSSL's failures to the API's codes. */
function decrypt(load: () => KeyObject, password: string): KeyObject {
  try {
    return load();
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_OSSL_EVP_UNSUPPORTED') {
      throw unreadable(reexportMessage('an algorithm (DES, RC2 or MD5 based)'));
    }
    throw wrongPassword(password);
  }
}

function fromPem(data: Buffer, password: string, budget: KdfBudget): KeyObject {
  const blocks = pemBlocks(data);
  const block = blocks.find((b) => KEY_LABELS.has(b.label));
  if (!block) {
    const labels = [...new Set(blocks.map((b) => b.label))];
    throw noKey(
      labels.length > 0
        ? `The key file contains ${labels.join(', ')} blocks but no private key. Upload the file with the "BEGIN PRIVATE KEY" block.`
        : 'The key file contains no private key. Upload the PEM or DER file with the private key.',
    );
  }
  if (block.label === 'ENCRYPTED PRIVATE KEY') {
    let encrypted: Asn1Node;
    try {
      encrypted = decodeDer(block.der);
    } catch {
      throw unreadable('The encrypted private key is damaged and cannot be read. Export the key again and upload it.');
    }
    const dropped = droppedPkcs8Algorithm(encrypted);
    if (dropped) throw unreadable(reexportMessage(dropped));
    chargeDecryption(encrypted, budget);
    return decrypt(() => createPrivateKey({ key: block.text, format: 'pem', passphrase: password }), password);
  }
  if (/ENCRYPTED/i.test(block.headers['Proc-Type'] ?? '')) {
    const cipher = (block.headers['DEK-Info'] ?? '').split(',')[0] ?? '';
    if (DROPPED_PEM_CIPHER.test(cipher)) throw unreadable(reexportMessage(cipher));
    return decrypt(() => createPrivateKey({ key: block.text, format: 'pem', passphrase: password }), password);
  }
  try {
    return createPrivateKey({ key: block.text, format: 'pem' });
  } catch {
    throw unreadable(`The "${block.label}" block could not be read as a private key. Export the key again (PKCS#8 or PKCS#1/SEC1) and upload it.`);
  }
}

function fromDer(data: Buffer, password: string, budget: KdfBudget): KeyObject {
  let node: Asn1Node;
  try {
    const first = decodeDerSequence(data)[0];
    if (!first) throw new Error('empty');
    node = first;
  } catch {
    throw unreadable('The key file is neither PEM text nor a DER private key. Upload the private key as PEM or DER (PKCS#8, PKCS#1 or SEC1).');
  }
  const der = Buffer.from(node.raw);
  if (isCertificate(node)) {
    throw noKey('The key file contains a certificate, not a private key. Upload the private key file.');
  }
  if (isEncryptedPkcs8(node)) {
    const dropped = droppedPkcs8Algorithm(node);
    if (dropped) throw unreadable(reexportMessage(dropped));
    chargeDecryption(node, budget);
    return decrypt(() => createPrivateKey({ key: der, format: 'der', type: 'pkcs8', passphrase: password }), password);
  }
  for (const type of ['pkcs8', 'pkcs1', 'sec1'] as const) {
    try {
      return createPrivateKey({ key: der, format: 'der', type });
    } catch {
      // try the next encoding
    }
  }
  throw unreadable('The DER data is not a private key Herald can read (PKCS#8, PKCS#1 RSA or SEC1 EC). Export the key again and upload it.');
}

/**
 * The private key in `data`, decrypted with `password` when it is encrypted.
 * Throws InputError: NO_PRIVATE_KEY (empty / no key in it), KEY_UNREADABLE (damaged, unknown
 * or dropped encryption, more key derivation than `budget` allows), WRONG_PASSWORD (encrypted
 * and the password does not open it).
 */
export function readPrivateKey(data: Buffer, password: string, budget: KdfBudget = new KdfBudget(KDF_WORK_BUDGET)): KeyObject {
  if (data.toString('latin1').trim().length === 0) {
    throw noKey('No private key was uploaded. Upload the private key that belongs to the certificate.');
  }
  return looksLikePem(data) ? fromPem(data, password, budget) : fromDer(data, password, budget);
}
