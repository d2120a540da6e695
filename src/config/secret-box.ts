/**
 * AES-256-GCM secret box: seals secrets (SMTP passwords, private keys) before they are
 * stored, so neither the SQLite file nor a PostgreSQL dump contains them in clear.
 * Format: `v1.<iv b64>.<tag b64>.<ciphertext b64>` — versioned so the scheme can change.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { SealedSecret } from '../domain/email-settings.js';
import type { SecretBox } from '../domain/secrets.js';
import { ConfigError } from './config.js';

const IV_BYTES = 12;
const KEY_BYTES = 32;

/** Builds a SecretBox over a 32-byte key. */
export function createSecretBox(key: Buffer): SecretBox {
  if (key.length !== KEY_BYTES) throw new Error(`master key must be ${KEY_BYTES} bytes`);
  return {
    seal(plaintext: string): SealedSecret {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      const tag = cipher.getAuthTag();
      return `v1.${iv.toString('base64')}.${tag.toString('base64')}.${ciphertext.toString('base64')}` as SealedSecret;
    },
    open(sealed: SealedSecret): string {
      const [version, iv, tag, ciphertext] = sealed.split('.');
      if (version !== 'v1' || iv === undefined || tag === undefined || ciphertext === undefined) {
        throw new Error('not a sealed secret');
      }
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64'));
      decipher.setAuthTag(Buffer.from(tag, 'base64'));
      try {
        return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64')), decipher.final()]).toString('utf8');
      } catch {
        throw new Error('a stored secret cannot be opened with this master key (was HERALD_MASTER_KEY changed?)');
      }
    },
  };
}

/**
 * The master key: HERALD_MASTER_KEY when set, else `<dataDir>/master.key` (created 0600 on
 * first start). A key file with other permissions or size is refused, not silently replaced.
 */
export function loadOrCreateMasterKey(configured: Buffer | null, dataDir: string): Buffer {
  if (configured !== null) return configured;
  const file = path.join(dataDir, 'master.key');
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  try {
    const fd = fs.openSync(file, 'wx', 0o600);
    fs.writeSync(fd, randomBytes(KEY_BYTES).toString('base64') + '\n');
    fs.closeSync(fd);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const key = Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64');
  if (key.length !== KEY_BYTES) {
    throw new ConfigError(`${file} does not hold the base64 of 32 bytes; restore it from your backup (secrets stored under it cannot be read without it).`);
  }
  return key;
}
