import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createSecretBox, loadOrCreateMasterKey } from './secret-box.js';
import type { SealedSecret } from '../domain/email-settings.js';

describe('secret box', () => {
  const box = createSecretBox(randomBytes(32));

  it('round-trips and never contains the plaintext', () => {
    const sealed = box.seal('p@ss wörd');
    expect(sealed).not.toContain('p@ss');
    expect(sealed).not.toContain(Buffer.from('p@ss wörd').toString('base64'));
    expect(box.open(sealed)).toBe('p@ss wörd');
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
});

describe('master key file', () => {
  it('is created once with mode 0600 and reused', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'herald-key-'));
    const first = loadOrCreateMasterKey(null, dir);
    const second = loadOrCreateMasterKey(null, dir);
    expect(first.equals(second)).toBe(true);
    expect(first.length).toBe(32);
    expect(fs.statSync(path.join(dir, 'master.key')).mode & 0o777).toBe(0o600);
  });

  it('prefers the configured key', () => {
    const key = randomBytes(32);
    expect(loadOrCreateMasterKey(key, '/nonexistent')).toBe(key);
  });
});
