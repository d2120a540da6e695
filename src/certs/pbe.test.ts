import forge from 'node-forge';
import { describe, expect, it } from 'vitest';
import { decodeDer } from './der.js';
import { iterationCount, MAX_PBE_ITERATIONS, UnsupportedPbeError } from './pbe.js';
import { pkcs12Kdf, pkcs12PasswordBytes } from './pkcs12-kdf.js';

describe('PKCS#12 KDF', () => {
  it('matches node-forge for key, IV and MAC purposes, long outputs and non-ASCII passwords', () => {
    const salt = Buffer.from('0a58cf64530d823f', 'hex');
    for (const [password, purpose, length] of [['smeg', 1, 24], ['smeg', 2, 8], ['queeg', 3, 20], ['p@ss wörd', 1, 70]] as const) {
      const ours = pkcs12Kdf('sha1', pkcs12PasswordBytes(password), salt, purpose, 1000, length);
      const theirs = forge.pkcs12.generateKey(password, forge.util.createBuffer(salt.toString('binary')), purpose, 1000, length);
      expect(ours.toString('hex')).toBe(forge.util.bytesToHex(theirs.getBytes()));
    }
  });
  it('RFC 7292 style vector: "smeg", 1 iteration (as published with OpenSSL tests)', () => {
    const key = pkcs12Kdf('sha1', pkcs12PasswordBytes('smeg'), Buffer.from('0a58cf64530d823f', 'hex'), 1, 1, 24);
    expect(key.toString('hex').toUpperCase()).toBe('8AAAE6297B6CB04642AB5B077851284EB7128F1A2A7FBCA3');
  });
});

describe('iteration cap', () => {
  it(`refuses more than ${MAX_PBE_ITERATIONS} iterations`, () => {
    expect(iterationCount(decodeDer(Buffer.from('020207d0', 'hex')))).toBe(2000);
    expect(() => iterationCount(decodeDer(Buffer.from('02031e8481', 'hex')))).toThrow(UnsupportedPbeError);
  });
});
