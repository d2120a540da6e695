/**
 * Password-based decryption of the PKCS#12 and PKCS#8 algorithm identifiers found inside a
 * PKCS#12 container: PKCS#12 PBE (3DES, 2-key 3DES, RC2-128, RC2-40) and PBES2 (PBKDF2 with
 * AES-128/192/256-CBC or 3DES-CBC).
 *
 * Why the password comes in two forms: PKCS#12 PBE and the MAC hash the password as BMPString
 * (UTF-16BE), whereas PBES2/PBKDF2 takes its UTF-8 bytes (that is what OpenSSL does). node-forge
 * uses one JavaScript string for both, so an AES container with a non-ASCII password fails in
 * forge; here each algorithm gets its own encoding.
 *
 * Node does AES, 3DES and PBKDF2; node-forge only RC2 (OpenSSL 3 moved RC2 to its legacy
 * provider, which Node does not load).
 */
import { createDecipheriv, pbkdf2Sync } from 'node:crypto';
import { createRequire } from 'node:module';
import { type Asn1Node, child, isUniversal, octets, oid, smallInt, Tag } from './der.js';
import { type KdfBudget, pbkdf2Work, pkcs12KdfWork, PRF_HASH } from './kdf-budget.js';
import { pkcs12Kdf } from './pkcs12-kdf.js';

/** A password in the two encodings PKCS#12 needs. */
export interface PbePassword {
  /** BMPString with terminator (PKCS#12 PBE, MAC); empty = null password. */
  bmp: Buffer;
  /** UTF-8 bytes (PBES2). */
  utf8: Buffer;
}

/** The algorithm is not one Herald can decrypt; `name` says which. */
export class UnsupportedPbeError extends Error {
  override readonly name = 'UnsupportedPbeError';
  constructor(readonly algorithm: string) {
    super(`unsupported encryption ${algorithm}`);
  }
}

/** Decryption failed (bad padding): almost always a wrong password. */
export class PbeDecryptError extends Error {
  override readonly name = 'PbeDecryptError';
}

const PKCS12_PBE: Record<string, { name: string; cipher: 'des-ede3-cbc' | 'des-ede-cbc' | 'rc2'; keyLength: number; rc2Bits?: number }> = {
  '1.2.840.113549.1.12.1.3': { name: 'PBE-SHA1-3DES', cipher: 'des-ede3-cbc', keyLength: 24 },
  '1.2.840.113549.1.12.1.4': { name: 'PBE-SHA1-2DES', cipher: 'des-ede-cbc', keyLength: 16 },
  '1.2.840.113549.1.12.1.5': { name: 'PBE-SHA1-RC2-128', cipher: 'rc2', keyLength: 16, rc2Bits: 128 },
  '1.2.840.113549.1.12.1.6': { name: 'PBE-SHA1-RC2-40', cipher: 'rc2', keyLength: 5, rc2Bits: 40 },
};

const PBES2 = '1.2.840.113549.1.5.13';
const PBKDF2 = '1.2.840.113549.1.5.12';

const PBES2_CIPHERS: Record<string, { cipher: string; keyLength: number }> = {
  '2.16.840.1.101.3.4.1.2': { cipher: 'aes-128-cbc', keyLength: 16 },
  '2.16.840.1.101.3.4.1.22': { cipher: 'aes-192-cbc', keyLength: 24 },
  '2.16.840.1.101.3.4.1.42': { cipher: 'aes-256-cbc', keyLength: 32 },
  '1.2.840.113549.3.7': { cipher: 'des-ede3-cbc', keyLength: 24 },
};


/**
 * Highest iteration count accepted (PBKDF2, PKCS#12 KDF, MAC). Real exports use 2,000–600,000;
 * the cap keeps a crafted upload from pinning the CPU.
 */
export const MAX_PBE_ITERATIONS = 1_000_000;

/** An iteration count, refused above MAX_PBE_ITERATIONS. */
export function iterationCount(node: Asn1Node): number {
  const count = smallInt(node);
  if (count > MAX_PBE_ITERATIONS) throw new UnsupportedPbeError(`an iteration count of ${count} (more than ${MAX_PBE_ITERATIONS})`);
  return count;
}

function nodeDecrypt(cipher: string, key: Buffer, iv: Buffer, data: Buffer): Buffer {
  try {
    const decipher = createDecipheriv(cipher, key, iv);
    return Buffer.concat([decipher.update(data), decipher.final()]);
  } catch {
    throw new PbeDecryptError('decryption failed');
  }
}

type Forge = typeof import('node-forge');
let loadedForge: Forge | undefined;

/**
 * node-forge, loaded on first use: only RC2 (containers from old exporters) needs it, and
 * loading it builds ~2 MiB of tables and code in the server's heap that would otherwise sit
 * there for good, counted in its peak memory (bench/notes.md, memory).
 */
function forge(): Forge {
  loadedForge ??= createRequire(import.meta.url)('node-forge') as Forge;
  return loadedForge;
}

function rc2Decrypt(bits: number, key: Buffer, iv: Buffer, data: Buffer): Buffer {
  const { rc2, util } = forge();
  const decipher = rc2.createDecryptionCipher(util.createBuffer(key.toString('binary')), bits);
  decipher.start(util.createBuffer(iv.toString('binary')));
  decipher.update(util.createBuffer(data.toString('binary')));
  if (!decipher.finish()) throw new PbeDecryptError('decryption failed');
  return Buffer.from(decipher.output.getBytes(), 'binary');
}

function decryptPkcs12Pbe(algOid: string, params: Asn1Node, data: Buffer, password: PbePassword, budget: KdfBudget): Buffer {
  const spec = PKCS12_PBE[algOid];
  if (!spec) throw new UnsupportedPbeError(algOid.endsWith('.1') || algOid.endsWith('.2') ? 'RC4' : algOid);
  const salt = octets(child(params, 0, 'PBE salt'));
  const iterations = iterationCount(child(params, 1, 'PBE iterations'));
  budget.charge(pkcs12KdfWork(iterations, 'sha1', spec.keyLength) + pkcs12KdfWork(iterations, 'sha1', 8));
  const key = pkcs12Kdf('sha1', password.bmp, salt, 1, iterations, spec.keyLength);
  const iv = pkcs12Kdf('sha1', password.bmp, salt, 2, iterations, 8);
  return spec.cipher === 'rc2' ? rc2Decrypt(spec.rc2Bits ?? 128, key, iv, data) : nodeDecrypt(spec.cipher, key, iv, data);
}

function decryptPbes2(params: Asn1Node, data: Buffer, password: PbePassword, budget: KdfBudget): Buffer {
  const kdf = child(params, 0, 'PBES2 key derivation');
  const scheme = child(params, 1, 'PBES2 encryption scheme');
  const kdfOid = oid(child(kdf, 0, 'PBES2 KDF'));
  if (kdfOid !== PBKDF2) throw new UnsupportedPbeError(kdfOid === '1.3.6.1.4.1.11591.4.11' ? 'scrypt' : kdfOid);
  const kdfParams = child(kdf, 1, 'PBKDF2 parameters');
  const salt = octets(child(kdfParams, 0, 'PBKDF2 salt'));
  const iterations = iterationCount(child(kdfParams, 1, 'PBKDF2 iterations'));
  let hash = 'sha1';
  for (const extra of kdfParams.children.slice(2)) {
    if (isUniversal(extra, Tag.SEQUENCE)) {
      const prfOid = oid(child(extra, 0, 'PBKDF2 PRF'));
      const prf = PRF_HASH[prfOid];
      if (!prf) throw new UnsupportedPbeError(`PBKDF2 PRF ${prfOid}`);
      hash = prf;
    }
  }
  const schemeOid = oid(child(scheme, 0, 'PBES2 cipher'));
  const cipher = PBES2_CIPHERS[schemeOid];
  if (!cipher) throw new UnsupportedPbeError(schemeOid === '1.3.14.3.2.7' ? 'DES-CBC' : schemeOid === '1.2.840.113549.3.2' ? 'RC2-CBC' : schemeOid);
  const iv = octets(child(scheme, 1, 'PBES2 IV'));
  budget.charge(pbkdf2Work(iterations, hash, cipher.keyLength));
  const key = pbkdf2Sync(password.utf8, salt, iterations, cipher.keyLength, hash);
  return nodeDecrypt(cipher.cipher, key, iv, data);
}

/**
 * Decrypts `data` with the algorithm identifier `algId` (SEQUENCE { OID, params }), charging
 * the key derivation to `budget` before it runs.
 * Throws UnsupportedPbeError (algorithm unknown or dropped), PbeDecryptError (bad padding) or
 * KdfBudgetExceeded.
 */
export function decryptPbe(algId: Asn1Node, data: Buffer, password: PbePassword, budget: KdfBudget): Buffer {
  const algOid = oid(child(algId, 0, 'encryption algorithm'));
  const params = child(algId, 1, 'encryption parameters');
  if (algOid === PBES2) return decryptPbes2(params, data, password, budget);
  if (algOid.startsWith('1.2.840.113549.1.12.1.')) return decryptPkcs12Pbe(algOid, params, data, password, budget);
  const names: Record<string, string> = {
    '1.2.840.113549.1.5.3': 'PBE-MD5-DES',
    '1.2.840.113549.1.5.10': 'PBE-SHA1-DES',
    '1.2.840.113549.1.5.6': 'PBE-MD5-RC2-64',
    '1.2.840.113549.1.5.11': 'PBE-SHA1-RC2-64',
  };
  throw new UnsupportedPbeError(names[algOid] ?? algOid);
}
