/**
 * The PKCS#12 key-derivation function (RFC 7292, appendix B.2), used for the PKCS#12 MAC and
 * the PKCS#12 PBE ciphers (3DES, RC2). Node's crypto does not offer it (OpenSSL keeps it
 * internal), so it is written out here; it is short and checked against files OpenSSL makes.
 *
 * The password is given as the exact bytes to hash: BMPString (UTF-16BE) with two trailing
 * zero bytes, or empty for a "null" password (what some Windows versions use for "no
 * password"). `pkcs12PasswordBytes` makes the usual form.
 */
import { createHash } from 'node:crypto';

/** Hashes the KDF can use, with their block sizes in bytes. */
const BLOCK_SIZE: Record<string, number> = { sha1: 64, sha224: 64, sha256: 64, sha384: 128, sha512: 128 };

/** Purpose byte of RFC 7292 B.3: 1 = cipher key, 2 = IV, 3 = MAC key. */
export type Pkcs12KeyPurpose = 1 | 2 | 3;

/** BMPString (UTF-16BE) of `text` followed by the two-byte terminator, as PKCS#12 hashes passwords. */
export function pkcs12PasswordBytes(text: string): Buffer {
  const utf16 = Buffer.from(text, 'utf16le').swap16();
  return Buffer.concat([utf16, Buffer.alloc(2)]);
}

function repeatTo(data: Buffer, length: number): Buffer {
  const out = Buffer.alloc(length);
  for (let i = 0; i < length; i++) out[i] = data[i % data.length] as number;
  return out;
}

/** Derives `length` bytes for `purpose` from the password bytes and salt (RFC 7292 B.2). */
export function pkcs12Kdf(hash: string, password: Buffer, salt: Buffer, purpose: Pkcs12KeyPurpose, iterations: number, length: number): Buffer {
  const v = BLOCK_SIZE[hash];
  if (v === undefined) throw new Error(`unsupported PKCS#12 KDF hash ${hash}`);
  if (!(iterations >= 1)) throw new Error('PKCS#12 KDF needs at least one iteration');
  const d = Buffer.alloc(v, purpose);
  const s = salt.length > 0 ? repeatTo(salt, v * Math.ceil(salt.length / v)) : Buffer.alloc(0);
  const p = password.length > 0 ? repeatTo(password, v * Math.ceil(password.length / v)) : Buffer.alloc(0);
  const i = Buffer.concat([s, p]);
  const chunks: Buffer[] = [];
  let produced = 0;
  while (produced < length) {
    let a = createHash(hash).update(d).update(i).digest();
    for (let r = 1; r < iterations; r++) a = createHash(hash).update(a).digest();
    chunks.push(a);
    produced += a.length;
    if (produced >= length) break;
    const b = repeatTo(a, v);
    // I_j = (I_j + B + 1) mod 2^(8v) for every v-byte block of I
    for (let j = 0; j < i.length; j += v) {
      let carry = 1;
      for (let k = v - 1; k >= 0; k--) {
        const sum = (i[j + k] as number) + (b[k] as number) + carry;
        i[j + k] = sum & 0xff;
        carry = sum >> 8;
      }
    }
  }
  return Buffer.concat(chunks).subarray(0, length);
}
