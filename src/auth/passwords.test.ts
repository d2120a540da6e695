import { describe, expect, it } from 'vitest';
import { BEARER_TOKEN_PREFIX, hashPassword, hashToken, newBearerToken, newToken, safeEqual, tokenHashesEqual, verifyPassword } from './passwords.js';

describe('passwords', () => {
  it('hashes with scrypt and verifies', async () => {
    const hash = await hashPassword('correct horse');
    expect(hash).toMatch(/^scrypt\$16384\$8\$1\$/);
    expect(hash).not.toContain('correct horse');
    expect(await verifyPassword('correct horse', hash)).toBe(true);
    expect(await verifyPassword('wrong horse', hash)).toBe(false);
    expect(await verifyPassword('x', 'garbage')).toBe(false);
  });

  it('makes 256-bit tokens stored as SHA-256', () => {
    const token = newToken();
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    expect(hashToken(token)).toMatch(/^[0-9a-f]{64}$/);
    expect(newToken()).not.toBe(token);
    expect(safeEqual(token, token)).toBe(true);
    expect(safeEqual(token, newToken())).toBe(false);
    expect(tokenHashesEqual(hashToken(token), hashToken(token))).toBe(true);
    expect(tokenHashesEqual(hashToken(token), hashToken(newToken()))).toBe(false);
    expect(tokenHashesEqual(hashToken(token), '')).toBe(false);
  });

  it('starts bearer tokens with the prefix, never with a dash a command line would take for an option', () => {
    const tokens = Array.from({ length: 500 }, newBearerToken);
    for (const token of tokens) {
      expect(token.startsWith(BEARER_TOKEN_PREFIX)).toBe(true);
      expect(Buffer.from(token.slice(BEARER_TOKEN_PREFIX.length), 'base64url')).toHaveLength(32);
    }
    expect(new Set(tokens).size).toBe(tokens.length);
  });
});
