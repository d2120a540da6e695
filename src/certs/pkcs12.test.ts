import { createPrivateKey, X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import forge from 'node-forge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../domain/errors.js';
import { exportPkcs12, makeTestPki, type Pkcs12ExportOptions, runOpenssl, runOpensslText, type TestIdentity, type TestPki } from './fixtures.test-helpers.js';
import { ingestClientPkcs12 } from './ingest.js';

const NON_ASCII = 'p@ss wörd';
let dir: string;
let pki: TestPki;
let otherRsa: TestIdentity;
let n = 0;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'herald-p12-'));
  pki = makeTestPki(dir);
  otherRsa = pki.issue({ name: 'other-rsa', commonName: 'Other RSA', keyType: 'rsa', extendedKeyUsage: ['clientAuth'] });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const p12 = (id: TestIdentity, options: Pkcs12ExportOptions): Buffer => exportPkcs12(id, join(dir, `c-${n++}.p12`), options);

/** What the PKCS#12 structure says about its encryption (to prove the fixture is what the test claims). */
const info = (file: Buffer, password: string): string =>
  runOpensslText(['pkcs12', '-info', '-noout', '-passin', `pass:${password}`, '-legacy'], file);

/**
 * A PKCS#12 made by node-forge (RSA only): `password` null = the "null password" Windows writes.
 * Forge re-encodes the certificates (the bytes differ from the input), so results are compared
 * by subject and key, not byte for byte.
 */
function forgeP12(keyPem: string, certPems: string[], password: string | null, options: { algorithm?: '3des' | 'aes256'; useMac?: boolean } = {}): Buffer {
  const asn1 = forge.pkcs12.toPkcs12Asn1(
    forge.pki.privateKeyFromPem(keyPem),
    certPems.map((c) => forge.pki.certificateFromPem(c)),
    password,
    { algorithm: options.algorithm ?? '3des', useMac: options.useMac ?? true },
  );
  return Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary');
}

function expectRefused(run: () => unknown, code: string, field: string): InputError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    const e = error as InputError;
    expect({ code: e.code, field: e.field, message: e.message }).toEqual({ code, field, message: expect.stringMatching(/\.$/) });
    return e;
  }
  throw new Error(`expected ${code}`);
}

function expectOpened(id: TestIdentity, file: Buffer, password: string, chain: TestIdentity[] = []): void {
  const r = ingestClientPkcs12(file, password);
  expect(r.certificatePem).toBe(id.certPem + chain.map((c) => c.certPem).join(''));
  expect(r.certificates.map((c) => c.subject)).toEqual([id.subject, ...chain.map((c) => c.subject)]);
  expect(r.privateKeyPem).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
  expect(new X509Certificate(id.certPem).checkPrivateKey(createPrivateKey(r.privateKeyPem))).toBe(true);
  expect(r.warnings).toEqual([]);
}

describe('ingestClientPkcs12 accepts', () => {
  it('AES-256/PBKDF2 with SHA-256 MAC (OpenSSL 3 default)', () => {
    const file = p12(pki.client, { password: 'secret' });
    expect(info(file, 'secret')).toMatch(/PBES2, PBKDF2, AES-256-CBC/);
    expectOpened(pki.client, file, 'secret');
  });
  it('AES with the CA in it: leaf first, then chain', () => {
    expectOpened(pki.client, p12(pki.client, { password: 'secret', chain: [pki.ca] }), 'secret', [pki.ca]);
  });
  it('AES with a non-ASCII password (where node-forge fails)', () => {
    const file = p12(pki.client, { password: NON_ASCII });
    expect(() => forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(file.toString('binary')), NON_ASCII)).toThrow();
    expectOpened(pki.client, file, NON_ASCII);
  });
  it('3DES (PBE-SHA1-3DES, SHA-1 MAC)', () => {
    const file = p12(pki.client, { password: 'secret', encryption: '3des' });
    expect(info(file, 'secret')).toMatch(/pbeWithSHA1And3-KeyTripleDES-CBC/);
    expectOpened(pki.client, file, 'secret');
  });
  it('3DES with a non-ASCII password', () => {
    expectOpened(pki.client, p12(pki.client, { password: NON_ASCII, encryption: '3des' }), NON_ASCII);
  });
  it('legacy RC2-40 (openssl -legacy, older Windows)', () => {
    const file = p12(pki.client, { password: 'secret', encryption: 'rc2-40', chain: [pki.ca] });
    expect(info(file, 'secret')).toMatch(/pbeWithSHA1And40BitRC2-CBC/);
    expectOpened(pki.client, file, 'secret', [pki.ca]);
  });
  it('legacy RC2-40 with a non-ASCII password', () => {
    expectOpened(pki.client, p12(pki.client, { password: NON_ASCII, encryption: 'rc2-40' }), NON_ASCII);
  });
  it('an RSA key', () => {
    expectOpened(pki.clientRsa, p12(pki.clientRsa, { password: 'secret' }), 'secret');
  });
  it('empty password with a MAC (-passout pass:)', () => {
    expectOpened(pki.client, p12(pki.client, { password: '' }), '');
  });
  it('empty password, no MAC (-nomac)', () => {
    expectOpened(pki.client, p12(pki.client, { password: '', mac: 'none' }), '');
  });
  it('a password, no MAC', () => {
    expectOpened(pki.client, p12(pki.client, { password: 'secret', mac: 'none' }), 'secret');
  });
  it('no encryption and no MAC at all', () => {
    expectOpened(pki.client, p12(pki.client, { password: '', mac: 'none', encryption: 'none' }), '');
  });
  it('the "null" password (as some Windows versions write an empty one)', () => {
    const file = forgeP12(pki.clientRsa.keyPem, [pki.clientRsa.certPem], null);
    const r = ingestClientPkcs12(file, '');
    expect(r.certificates.map((c) => c.subject)).toEqual([pki.clientRsa.subject]);
    expect(new X509Certificate(pki.clientRsa.certPem).checkPrivateKey(createPrivateKey(r.privateKeyPem))).toBe(true);
  });
  it('a non-ASCII password as OpenSSL 1.0 encoded it (each UTF-8 byte widened)', () => {
    const legacyForm = Buffer.from(NON_ASCII, 'utf8').toString('latin1');
    const file = forgeP12(pki.clientRsa.keyPem, [pki.clientRsa.certPem], legacyForm, { algorithm: '3des' });
    expect(ingestClientPkcs12(file, NON_ASCII).certificates.map((c) => c.subject)).toEqual([pki.clientRsa.subject]);
  });
  it('the leaf is the certificate that fits the key, wherever it is in the container', () => {
    const file = forgeP12(pki.clientRsa.keyPem, [otherRsa.certPem, pki.clientRsa.certPem], 'secret', { algorithm: 'aes256' });
    const r = ingestClientPkcs12(file, 'secret');
    expect(r.certificates.map((c) => c.subject)).toEqual([pki.clientRsa.subject, otherRsa.subject]);
    expect(new X509Certificate(r.certificatePem).checkPrivateKey(createPrivateKey(r.privateKeyPem))).toBe(true);
  });
});

describe('ingestClientPkcs12 refuses', () => {
  it('CERT_UNREADABLE for garbage', () => {
    expectRefused(() => ingestClientPkcs12(Buffer.from('not a pfx at all'), 'x'), 'CERT_UNREADABLE', 'container');
  });
  it('CERT_UNREADABLE for an empty file', () => {
    expectRefused(() => ingestClientPkcs12(Buffer.alloc(0), ''), 'CERT_UNREADABLE', 'container');
  });
  it('CERT_UNREADABLE for a PEM certificate uploaded as PKCS#12', () => {
    expectRefused(() => ingestClientPkcs12(Buffer.from(pki.client.certPem), ''), 'CERT_UNREADABLE', 'container');
  });
  it('CERT_UNREADABLE for a DER certificate uploaded as PKCS#12', () => {
    expectRefused(() => ingestClientPkcs12(runOpenssl(['x509', '-in', pki.client.certPath, '-outform', 'DER']), ''), 'CERT_UNREADABLE', 'container');
  });
  it('WRONG_PASSWORD for AES and a wrong password', () => {
    expectRefused(() => ingestClientPkcs12(p12(pki.client, { password: NON_ASCII }), 'p@ss word'), 'WRONG_PASSWORD', 'password');
  });
  it('WRONG_PASSWORD for RC2-40 and a wrong password', () => {
    expectRefused(() => ingestClientPkcs12(p12(pki.client, { password: 'secret', encryption: 'rc2-40' }), 'Secret'), 'WRONG_PASSWORD', 'password');
  });
  it('WRONG_PASSWORD with an empty password for a protected container (asks for it)', () => {
    const e = expectRefused(() => ingestClientPkcs12(p12(pki.client, { password: 'secret' }), ''), 'WRONG_PASSWORD', 'password');
    expect(e.message).toContain('Enter the password');
  });
  it('WRONG_PASSWORD without a MAC (detected on decryption)', () => {
    expectRefused(() => ingestClientPkcs12(p12(pki.client, { password: 'secret', mac: 'none' }), 'other'), 'WRONG_PASSWORD', 'password');
  });
  it('NO_PRIVATE_KEY for a certificates-only container (-nokeys)', () => {
    expectRefused(() => ingestClientPkcs12(p12(pki.client, { password: 'x', contents: 'certs-only' }), 'x'), 'NO_PRIVATE_KEY', 'container');
  });
  it('NO_CERTIFICATE for a key-only container (-nocerts)', () => {
    expectRefused(() => ingestClientPkcs12(p12(pki.client, { password: 'x', contents: 'key-only' }), 'x'), 'NO_CERTIFICATE', 'container');
  });
  it('KEY_MISMATCH when the key fits none of the certificates', () => {
    const file = forgeP12(otherRsa.keyPem, [pki.clientRsa.certPem], 'secret');
    expectRefused(() => ingestClientPkcs12(file, 'secret'), 'KEY_MISMATCH', 'container');
  });
});
