import { createCipheriv, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SealedSecret } from '../domain/email-settings.js';
import { ConfigError } from './config.js';
import { loadMasterKeys, readKeyFile, writeKeyFile } from './master-key.js';
import { createSecretBox, masterKeyId } from './secret-box.js';

/** What the first version wrote: `v1.<iv>.<tag>.<ciphertext>`, no key id. */
function sealV1(key: Buffer, plaintext: string, tagBytes = 16): SealedSecret {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: tagBytes });
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return `v1.${iv.toString('base64')}.${cipher.getAuthTag().toString('base64')}.${ciphertext.toString('base64')}` as SealedSecret;
}

describe('secret box', () => {
  const key = randomBytes(32);
  const box = createSecretBox(key);

  it('round-trips, names its key, and never contains the plaintext', () => {
    const sealed = box.seal('p@ss wörd');
    expect(sealed).not.toContain('p@ss');
    expect(sealed).not.toContain(Buffer.from('p@ss wörd').toString('base64'));
    expect(sealed.startsWith(`v2.${masterKeyId(key)}.`)).toBe(true);
    expect(box.open(sealed)).toBe('p@ss wörd');
    expect(box.isCurrent(sealed)).toBe(true);
  });

  it('uses a fresh IV each time', () => {
    expect(box.seal('x')).not.toBe(box.seal('x'));
  });

  it('refuses a secret sealed under another key or tampered with', () => {
    const other = createSecretBox(randomBytes(32));
    expect(() => other.open(box.seal('secret'))).toThrow(/master key/);
    const sealed = box.seal('secret');
    const tampered = (sealed.slice(0, -2) + (sealed.endsWith('A') ? 'B=' : 'A=')) as SealedSecret;
    expect(() => box.open(tampered)).toThrow();
  });

  it('pins the GCM tag to 16 bytes: a truncated tag is refused, not checked', () => {
    const sealed = box.seal('secret');
    const [v, id, iv, tag, ct] = sealed.split('.') as [string, string, string, string, string];
    const short = [v, id, iv, Buffer.from(tag, 'base64').subarray(0, 4).toString('base64'), ct].join('.') as SealedSecret;
    expect(() => box.open(short)).toThrow();
    // A v1 value with a 4-byte tag (which an unpinned decipher would accept) does not open.
    expect(() => box.open(sealV1(key, 'secret', 4))).toThrow();
  });

  it('opens v1 values (no key id) with whichever configured key fits, and seals with the first key', () => {
    const [fresh, old] = [randomBytes(32), randomBytes(32)];
    const ring = createSecretBox([fresh, old]);
    expect(ring.open(sealV1(old, 'legacy'))).toBe('legacy');
    expect(ring.open(createSecretBox(old).seal('under old'))).toBe('under old');
    expect(ring.currentKeyId).toBe(masterKeyId(fresh));
    expect(ring.isCurrent(ring.seal('x'))).toBe(true);
    expect(ring.isCurrent(createSecretBox(old).seal('x'))).toBe(false);
    expect(ring.looksSealed(sealV1(old, 'x'))).toBe(true);
    expect(ring.looksSealed('v1.not sealed')).toBe(false);
    expect(() => createSecretBox(fresh).open(createSecretBox(old).seal('x'))).toThrow(/not configured/);
  });
});

describe('master key file', () => {
  const tempDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'herald-key-'));

  it('is created once with mode 0600 and reused', () => {
    const dir = tempDir();
    const first = loadMasterKeys(null, dir);
    const second = loadMasterKeys(null, dir);
    expect(first.keys[0]?.equals(second.keys[0] ?? Buffer.alloc(0))).toBe(true);
    expect(first.keys).toHaveLength(1);
    expect(first.file).toBe(path.join(dir, 'master.key'));
    expect(fs.statSync(path.join(dir, 'master.key')).mode & 0o777).toBe(0o600);
  });

  it('prefers the configured keys', () => {
    const key = randomBytes(32);
    expect(loadMasterKeys([key], '/nonexistent')).toEqual({ keys: [key], file: null });
  });

  it.each([0o640, 0o604, 0o644, 0o660])('refuses a key file with mode %s in one sentence', (mode) => {
    const dir = tempDir();
    loadMasterKeys(null, dir);
    fs.chmodSync(path.join(dir, 'master.key'), mode);
    expect(() => loadMasterKeys(null, dir)).toThrow(ConfigError);
    expect(() => loadMasterKeys(null, dir)).toThrow(/may be read by other users .*chmod 600/);
  });

  it('keeps several keys (a rotation under way), replaced atomically', () => {
    const file = path.join(tempDir(), 'master.key');
    const keys = [randomBytes(32), randomBytes(32)];
    writeKeyFile(file, keys);
    expect(readKeyFile(file).map((k) => k.toString('hex'))).toEqual(keys.map((k) => k.toString('hex')));
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(fs.readdirSync(path.dirname(file))).toEqual(['master.key']);
  });
});
