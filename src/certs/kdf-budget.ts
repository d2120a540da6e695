/**
 * A cap on the password-based key derivation one upload may cause. Iteration counts come from
 * the uploaded file, so without a cap a crafted PKCS#12 (many bags × a high count each) or
 * PKCS#8 key would pin a CPU for minutes. Every derivation is charged BEFORE it runs; the first
 * one over the budget stops the upload with a clear error (nothing expensive has run by then).
 *
 * Work is counted in PBKDF2-iteration equivalents (one HMAC block by OpenSSL): measured, the
 * hand-written PKCS#12 KDF costs about four of those per iteration (one hash object per
 * iteration, pkcs12-kdf.ts), and scrypt about one per N·r·p/2.
 */
import { type Asn1Node, child, isUniversal, oid, smallInt, Tag } from './der.js';

/** Most key-derivation work one upload may cause: about 4 s of one core (real exports need < 0.2 s). */
export const KDF_WORK_BUDGET = 4_000_000;

/** Cost of one iteration of the hand-written PKCS#12 KDF, in PBKDF2 iterations. */
export const PKCS12_KDF_ITERATION_COST = 4;

const DIGEST_BYTES: Record<string, number> = { sha1: 20, sha224: 28, sha256: 32, sha384: 48, sha512: 64 };

/** The upload asks for more derivation work than the budget. */
export class KdfBudgetExceeded extends Error {
  override readonly name = 'KdfBudgetExceeded';
  constructor(
    /** The work the upload asked for, up to the derivation that crossed the limit. */
    readonly requested: number,
    readonly limit: number,
  ) {
    super(`key derivation work ${requested} exceeds ${limit}`);
  }
}

/** The work left for one upload; `charge` before each derivation. */
export class KdfBudget {
  #spent = 0;

  constructor(readonly limit: number = KDF_WORK_BUDGET) {}

  /** Work charged so far. */
  get spent(): number {
    return this.#spent;
  }

  /** Takes `work` from the budget or throws KdfBudgetExceeded (then nothing is taken). */
  charge(work: number): void {
    const total = this.#spent + work;
    if (!Number.isFinite(total) || total > this.limit) throw new KdfBudgetExceeded(total, this.limit);
    this.#spent = total;
  }
}

function blocks(length: number, hash: string): number {
  return Math.max(1, Math.ceil(length / (DIGEST_BYTES[hash] ?? 20)));
}

/** Work of PBKDF2 deriving `keyLength` bytes. */
export function pbkdf2Work(iterations: number, hash: string, keyLength: number): number {
  return iterations * blocks(keyLength, hash);
}

/** Work of the hand-written PKCS#12 KDF deriving `length` bytes. */
export function pkcs12KdfWork(iterations: number, hash: string, length: number): number {
  return iterations * blocks(length, hash) * PKCS12_KDF_ITERATION_COST;
}

const PBES2 = '1.2.840.113549.1.5.13';
const PBKDF2 = '1.2.840.113549.1.5.12';
const SCRYPT = '1.3.6.1.4.1.11591.4.11';
/** PBKDF2 PRF OIDs → hash names (also used by pbe.ts). */
export const PRF_HASH: Readonly<Record<string, string>> = {
  '1.2.840.113549.2.7': 'sha1',
  '1.2.840.113549.2.8': 'sha224',
  '1.2.840.113549.2.9': 'sha256',
  '1.2.840.113549.2.10': 'sha384',
  '1.2.840.113549.2.11': 'sha512',
};

/** An INTEGER as a count; Infinity beyond 2^48 (no real parameter is that large). */
function count(node: Asn1Node): number {
  return isUniversal(node, Tag.INTEGER) && node.content.length > 6 ? Number.POSITIVE_INFINITY : smallInt(node);
}

/**
 * The work OpenSSL will do to decrypt an EncryptedPrivateKeyInfo (PKCS#8), read from its
 * algorithm parameters: PBES2 with PBKDF2 or scrypt, or PKCS#12 PBE (key and IV derivations,
 * native). 0 for schemes without iterations and for parameters that do not parse (OpenSSL
 * then refuses the key itself, cheaply).
 */
export function pkcs8DecryptionWork(encrypted: Asn1Node): number {
  try {
    const algId = child(encrypted, 0, 'key encryption algorithm');
    const algOid = oid(child(algId, 0, 'algorithm'));
    const params = algId.children[1];
    if (params === undefined) return 0;
    if (algOid.startsWith('1.2.840.113549.1.12.1.')) {
      // PKCS#12 PBE: salt, iterations; key (≤ 24 bytes) and IV (8 bytes) derivations with SHA-1.
      return count(child(params, 1, 'PBE iterations')) * 3;
    }
    if (algOid !== PBES2) return 0;
    const kdf = child(params, 0, 'PBES2 KDF');
    const kdfOid = oid(child(kdf, 0, 'KDF algorithm'));
    const kdfParams = child(kdf, 1, 'KDF parameters');
    if (kdfOid === SCRYPT) {
      const n = count(child(kdfParams, 1, 'scrypt N'));
      const r = count(child(kdfParams, 2, 'scrypt r'));
      const p = count(child(kdfParams, 3, 'scrypt p'));
      return (n * r * p) / 2;
    }
    if (kdfOid !== PBKDF2) return 0;
    const iterations = count(child(kdfParams, 1, 'PBKDF2 iterations'));
    let keyLength = 32;
    let hash = 'sha1';
    for (const extra of kdfParams.children.slice(2)) {
      if (isUniversal(extra, Tag.INTEGER)) keyLength = smallInt(extra);
      else if (isUniversal(extra, Tag.SEQUENCE)) hash = PRF_HASH[oid(child(extra, 0, 'PRF'))] ?? 'sha1';
    }
    return pbkdf2Work(iterations, hash, keyLength);
  } catch {
    return 0;
  }
}
