/**
 * AES-256-GCM secret box: seals secrets (SMTP passwords, private keys) before they are
 * stored, so neither the SQLite file nor a PostgreSQL dump contains them in clear.
 *
 * Format: `v2.<key id>.<iv b64>.<tag b64>.<ciphertext b64>`. The key id names the master key a
 * value was sealed under, so several keys can be configured at once while `herald admin
 * rotate-key` re-seals everything under a new one (the first key seals; every key opens).
 * `v1.<iv>.<tag>.<ciphertext>` (before key ids) is still opened by whichever key fits.
 * The GCM tag length is pinned to 16 bytes: a shortened tag is refused, not checked.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import type { SealedSecret } from '../domain/email-settings.js';
import type { SecretBox } from '../domain/secrets.js';

/** Bytes of a master key (AES-256). */
export const KEY_BYTES = 32;
const IV_BYTES = 12;
/** The GCM authentication tag length, pinned on both sides. */
export const TAG_BYTES = 16;

const B64 = '[A-Za-z0-9+/]*={0,2}';
/** A key id: 16 hex digits. */
const KEY_ID = '[0-9a-f]{16}';
const SEALED_V1 = new RegExp(`^v1\\.(${B64})\\.(${B64})\\.(${B64})$`);
const SEALED_V2 = new RegExp(`^v2\\.(${KEY_ID})\\.(${B64})\\.(${B64})\\.(${B64})$`);

/**
 * The id of a master key: the first 8 bytes of its SHA-256, in hex. Derived from the key, so
 * there is nothing to keep in step; it identifies a key without revealing it.
 */
export function masterKeyId(key: Buffer): string {
  return createHash('sha256').update('herald master key id\0').update(key).digest('hex').slice(0, 16);
}

/** A SecretBox over several master keys: the first seals, all of them open. */
export interface Keyring extends SecretBox {
  /** Id of the key new values are sealed under. */
  readonly currentKeyId: string;
  /** Ids of every configured key, the current one first. */
  readonly keyIds: readonly string[];
  /** True when `text` has the shape of a sealed value (any version); it may still not open. */
  looksSealed(text: string): boolean;
  /** True when `text` is a value sealed under the current key. */
  isCurrent(text: string): boolean;
}

/** Builds a keyring over one key or several (the first seals, every one opens). */
export function createSecretBox(keys: Buffer | readonly Buffer[]): Keyring {
  const list = Buffer.isBuffer(keys) ? [keys] : [...keys];
  const current = list[0];
  if (current === undefined) throw new Error('at least one master key is needed');
  for (const key of list) if (key.length !== KEY_BYTES) throw new Error(`master key must be ${KEY_BYTES} bytes`);
  const byId = new Map(list.map((key) => [masterKeyId(key), key] as const));
  const currentKeyId = masterKeyId(current);

  return {
    currentKeyId,
    keyIds: [...byId.keys()],
    seal(plaintext: string): SealedSecret {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', current, iv, { authTagLength: TAG_BYTES });
      const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      const tag = cipher.getAuthTag();
      return `v2.${currentKeyId}.${iv.toString('base64')}.${tag.toString('base64')}.${ciphertext.toString('base64')}` as SealedSecret;
    },
    open(sealed: SealedSecret): string {
      const v2 = SEALED_V2.exec(sealed);
      if (v2 !== null) {
        const [, keyId = '', iv = '', tag = '', ciphertext = ''] = v2;
        const key = byId.get(keyId);
        if (key === undefined) {
          throw new Error(`a stored secret was sealed under master key ${keyId}, which is not configured (was HERALD_MASTER_KEY or master.key changed?)`);
        }
        const opened = decrypt(key, iv, tag, ciphertext);
        if (opened === null) throw new Error(`a stored secret does not open with master key ${keyId} (damaged?)`);
        return opened;
      }
      const v1 = SEALED_V1.exec(sealed);
      if (v1 === null) throw new Error('not a sealed secret');
      const [, iv = '', tag = '', ciphertext = ''] = v1;
      for (const key of byId.values()) {
        const opened = decrypt(key, iv, tag, ciphertext);
        if (opened !== null) return opened;
      }
      throw new Error('a stored secret cannot be opened with any configured master key (was HERALD_MASTER_KEY changed?)');
    },
    looksSealed(text: string): boolean {
      return SEALED_V2.test(text) || SEALED_V1.test(text);
    },
    isCurrent(text: string): boolean {
      return SEALED_V2.exec(text)?.[1] === currentKeyId;
    },
  };
}

/** The plaintext, or null when the key does not fit or the value was tampered with. */
function decrypt(key: Buffer, iv: string, tag: string, ciphertext: string): string | null {
  const ivBytes = Buffer.from(iv, 'base64');
  const tagBytes = Buffer.from(tag, 'base64');
  if (ivBytes.length !== IV_BYTES || tagBytes.length !== TAG_BYTES) return null;
  const decipher = createDecipheriv('aes-256-gcm', key, ivBytes, { authTagLength: TAG_BYTES });
  decipher.setAuthTag(tagBytes);
  try {
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64')), decipher.final()]).toString('utf8');
  } catch {
    return null;
  }
}
