import { createPrivateKey, X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../domain/errors.js';
import { exportKey, type KeyExportOptions, makeTestPki, runOpenssl, type TestIdentity, type TestPki } from './fixtures.test-helpers.js';
import { ingestClientX509 } from './ingest.js';

const PASSWORD = 'p@ss wörd';
let dir: string;
let pki: TestPki;
let n = 0;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'herald-x509-'));
  pki = makeTestPki(dir);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const key = (id: TestIdentity, options: KeyExportOptions): Buffer => exportKey(id, join(dir, `key-${n++}`), options);
const certDer = (id: TestIdentity): Buffer => runOpenssl(['x509', '-in', id.certPath, '-outform', 'DER']);

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

/** The result must hold the identity's certificate and the same key, unencrypted PKCS#8. */
function expectIngested(id: TestIdentity, certificate: Buffer, privateKey: Buffer, password: string): void {
  const r = ingestClientX509(certificate, privateKey, password);
  expect(r.certificatePem.startsWith(id.certPem)).toBe(true);
  expect(r.privateKeyPem).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
  expect(new X509Certificate(id.certPem).checkPrivateKey(createPrivateKey(r.privateKeyPem))).toBe(true);
  expect(r.certificates[0]?.subject).toBe(id.subject);
  expect(r.warnings).toEqual([]);
}

describe('ingestClientX509 accepts the certificate as', () => {
  it('PEM', () => expectIngested(pki.client, Buffer.from(pki.client.certPem), Buffer.from(pki.client.keyPem), ''));
  it('DER', () => expectIngested(pki.client, certDer(pki.client), Buffer.from(pki.client.keyPem), ''));
  it('PEM followed by its chain; leaf first, then chain', () => {
    const r = ingestClientX509(Buffer.from(pki.client.certPem + pki.ca.certPem), Buffer.from(pki.client.keyPem), '');
    expect(r.certificatePem).toBe(pki.client.certPem + pki.ca.certPem);
    expect(r.certificates.map((c) => c.subject)).toEqual([pki.client.subject, pki.ca.subject]);
  });
  it('chain before the leaf: reordered leaf first', () => {
    const r = ingestClientX509(Buffer.from(pki.ca.certPem + pki.client.certPem), Buffer.from(pki.client.keyPem), '');
    expect(r.certificatePem).toBe(pki.client.certPem + pki.ca.certPem);
  });
});

describe('ingestClientX509 accepts the key as', () => {
  const cases: Array<[string, () => TestIdentity, KeyExportOptions]> = [
    ['PKCS#8 PEM, plain', () => pki.client, { format: 'pkcs8', encoding: 'pem' }],
    ['PKCS#8 DER, plain', () => pki.client, { format: 'pkcs8', encoding: 'der' }],
    ['PKCS#8 PEM, encrypted PBES2 AES-256', () => pki.client, { format: 'pkcs8', encoding: 'pem', encryption: 'aes', password: PASSWORD }],
    ['PKCS#8 DER, encrypted PBES2 AES-256', () => pki.client, { format: 'pkcs8', encoding: 'der', encryption: 'aes', password: PASSWORD }],
    ['PKCS#8 PEM, encrypted PBES1 3DES', () => pki.client, { format: 'pkcs8', encoding: 'pem', encryption: '3des', password: PASSWORD }],
    ['PKCS#8 DER, encrypted PBES1 3DES', () => pki.client, { format: 'pkcs8', encoding: 'der', encryption: '3des', password: 'ascii-secret' }],
    ['PKCS#1 RSA PEM, plain', () => pki.clientRsa, { format: 'traditional', encoding: 'pem' }],
    ['PKCS#1 RSA DER, plain', () => pki.clientRsa, { format: 'traditional', encoding: 'der' }],
    ['PKCS#1 RSA PEM, legacy encryption DES-EDE3-CBC', () => pki.clientRsa, { format: 'traditional', encoding: 'pem', encryption: '3des', password: PASSWORD }],
    ['PKCS#1 RSA PEM, legacy encryption AES-256-CBC', () => pki.clientRsa, { format: 'traditional', encoding: 'pem', encryption: 'aes', password: PASSWORD }],
    ['SEC1 EC PEM, plain', () => pki.client, { format: 'traditional', encoding: 'pem' }],
    ['SEC1 EC DER, plain', () => pki.client, { format: 'traditional', encoding: 'der' }],
    ['SEC1 EC PEM, legacy encryption DES-EDE3-CBC', () => pki.client, { format: 'traditional', encoding: 'pem', encryption: '3des', password: 'ascii-secret' }],
    ['SEC1 EC PEM, legacy encryption AES-256-CBC', () => pki.client, { format: 'traditional', encoding: 'pem', encryption: 'aes', password: PASSWORD }],
  ];
  for (const [name, id, options] of cases) {
    it(name, () => {
      const identity = id();
      const data = key(identity, options);
      if (options.encoding === 'pem' && options.encryption && options.format === 'traditional') expect(data.toString()).toContain('Proc-Type: 4,ENCRYPTED');
      if (options.encoding === 'pem' && options.encryption && options.format === 'pkcs8') expect(data.toString()).toContain('BEGIN ENCRYPTED PRIVATE KEY');
      expectIngested(identity, Buffer.from(identity.certPem), data, options.password ?? '');
    });
  }

  it('SEC1 with an EC PARAMETERS block first (openssl ecparam -genkey)', () => {
    const params = runOpenssl(['ecparam', '-name', 'prime256v1']).toString();
    const sec1 = key(pki.client, { format: 'traditional', encoding: 'pem' }).toString();
    expectIngested(pki.client, Buffer.from(pki.client.certPem), Buffer.from(params + sec1), '');
  });

  it('a PEM file holding certificate and key together, CRLF', () => {
    const both = (pki.client.certPem + pki.client.keyPem).replace(/\n/g, '\r\n');
    expectIngested(pki.client, Buffer.from(both), Buffer.from(both), '');
  });

  it('a plain key when a password is given anyway', () => {
    expectIngested(pki.client, Buffer.from(pki.client.certPem), Buffer.from(pki.client.keyPem), 'unused');
  });
});

describe('ingestClientX509 refuses', () => {
  it('CERT_UNREADABLE for a certificate file that is not one', () => {
    expectRefused(() => ingestClientX509(Buffer.from('nope'), Buffer.from(pki.client.keyPem), ''), 'CERT_UNREADABLE', 'certificate');
  });
  it('CERT_UNREADABLE for a key uploaded as the certificate', () => {
    expectRefused(() => ingestClientX509(Buffer.from(pki.client.keyPem), Buffer.from(pki.client.keyPem), ''), 'CERT_UNREADABLE', 'certificate');
  });
  it('NO_PRIVATE_KEY for an empty key file', () => {
    expectRefused(() => ingestClientX509(Buffer.from(pki.client.certPem), Buffer.alloc(0), ''), 'NO_PRIVATE_KEY', 'privateKey');
  });
  it('NO_PRIVATE_KEY for a PEM key file with only a certificate', () => {
    const e = expectRefused(() => ingestClientX509(Buffer.from(pki.client.certPem), Buffer.from(pki.client.certPem), ''), 'NO_PRIVATE_KEY', 'privateKey');
    expect(e.message).toContain('CERTIFICATE');
  });
  it('NO_PRIVATE_KEY for a DER certificate as the key file', () => {
    expectRefused(() => ingestClientX509(Buffer.from(pki.client.certPem), certDer(pki.client), ''), 'NO_PRIVATE_KEY', 'privateKey');
  });
  it('KEY_UNREADABLE for garbage as the key', () => {
    expectRefused(() => ingestClientX509(Buffer.from(pki.client.certPem), Buffer.from([0x30, 0x03, 0x02, 0x01, 0x07]), ''), 'KEY_UNREADABLE', 'privateKey');
  });
  it('KEY_UNREADABLE for a damaged PEM key', () => {
    const broken = pki.client.keyPem.replace(/\n[A-Za-z0-9+/]{64}\n/, '\nAAAA\n');
    expectRefused(() => ingestClientX509(Buffer.from(pki.client.certPem), Buffer.from(broken), ''), 'KEY_UNREADABLE', 'privateKey');
  });
  for (const [name, options] of [
    ['PKCS#8 with PBES2 DES-CBC', { format: 'pkcs8', encoding: 'pem', encryption: 'des', password: 'x' }],
    ['PKCS#8 DER with PBES2 DES-CBC', { format: 'pkcs8', encoding: 'der', encryption: 'des', password: 'x' }],
    ['PKCS#8 with PBES1 MD5-DES', { format: 'pkcs8', encoding: 'pem', encryption: 'md5-des', password: 'x' }],
    ['legacy PEM with DES-CBC', { format: 'traditional', encoding: 'pem', encryption: 'des', password: 'x' }],
  ] as const) {
    it(`KEY_UNREADABLE saying "re-export with AES or 3DES" for ${name}`, () => {
      const data = key(pki.client, options);
      const e = expectRefused(() => ingestClientX509(Buffer.from(pki.client.certPem), data, 'x'), 'KEY_UNREADABLE', 'privateKey');
      expect(e.message).toMatch(/Re-export the key with AES or 3DES/);
    });
  }
  it('WRONG_PASSWORD for an encrypted PKCS#8 key and a wrong password', () => {
    const data = key(pki.client, { format: 'pkcs8', encoding: 'pem', encryption: 'aes', password: PASSWORD });
    expectRefused(() => ingestClientX509(Buffer.from(pki.client.certPem), data, 'p@ss word'), 'WRONG_PASSWORD', 'password');
  });
  it('WRONG_PASSWORD for an encrypted key and an empty password (asks for it)', () => {
    const data = key(pki.client, { format: 'pkcs8', encoding: 'der', encryption: '3des', password: 'secret' });
    const e = expectRefused(() => ingestClientX509(Buffer.from(pki.client.certPem), data, ''), 'WRONG_PASSWORD', 'password');
    expect(e.message).toContain('Enter the password');
  });
  it('WRONG_PASSWORD for a legacy-encrypted PEM key and a wrong password', () => {
    const data = key(pki.clientRsa, { format: 'traditional', encoding: 'pem', encryption: 'aes', password: 'secret' });
    expectRefused(() => ingestClientX509(Buffer.from(pki.clientRsa.certPem), data, 'Secret'), 'WRONG_PASSWORD', 'password');
  });
  it('KEY_MISMATCH for another EC key', () => {
    expectRefused(() => ingestClientX509(Buffer.from(pki.client.certPem), Buffer.from(pki.server.keyPem), ''), 'KEY_MISMATCH', 'privateKey');
  });
  it('KEY_MISMATCH for an EC key with an RSA certificate', () => {
    expectRefused(() => ingestClientX509(Buffer.from(pki.clientRsa.certPem), Buffer.from(pki.client.keyPem), ''), 'KEY_MISMATCH', 'privateKey');
  });
  it('KEY_MISMATCH when only the chain is there, not the leaf', () => {
    expectRefused(() => ingestClientX509(Buffer.from(pki.ca.certPem), Buffer.from(pki.client.keyPem), ''), 'KEY_MISMATCH', 'privateKey');
  });
});

describe('client warnings', () => {
  it('NO_CLIENT_AUTH_USAGE for a certificate whose EKU lacks clientAuth', () => {
    const r = ingestClientX509(Buffer.from(pki.server.certPem), Buffer.from(pki.server.keyPem), '');
    expect(r.warnings).toEqual(['NO_CLIENT_AUTH_USAGE']);
  });
  it('no NO_CLIENT_AUTH_USAGE without an EKU extension', () => {
    const plain = pki.issue({ name: 'no-eku', commonName: 'No EKU' });
    expect(ingestClientX509(Buffer.from(plain.certPem), Buffer.from(plain.keyPem), '').warnings).toEqual([]);
  });
  it('EXPIRED for an expired client certificate, and metadata per certificate', () => {
    const old = pki.issue({ name: 'old-client', commonName: 'Old', extendedKeyUsage: ['clientAuth'], notBefore: new Date('2019-01-01T00:00:00Z'), notAfter: new Date('2020-01-01T00:00:00Z') });
    const r = ingestClientX509(Buffer.from(old.certPem + pki.ca.certPem), readFileSync(old.keyPath), '');
    expect(r.warnings).toEqual(['EXPIRED']);
    expect(r.certificates.map((c) => [c.subject, c.notAfter])).toEqual([
      ['CN=Old, O=Herald Test', '2020-01-01T00:00:00.000Z'],
      [pki.ca.subject, expect.any(String)],
    ]);
  });
});
