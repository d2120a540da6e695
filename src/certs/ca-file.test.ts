import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../domain/errors.js';
import { makeTestPki, runOpenssl, type TestIdentity, type TestPki } from './fixtures.test-helpers.js';
import { ingestCaFile } from './ingest.js';

let dir: string;
let pki: TestPki;
let intermediate: TestIdentity;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'herald-ca-'));
  pki = makeTestPki(dir);
  intermediate = pki.issue({ name: 'intermediate', commonName: 'Herald Test Intermediate', isCa: true });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const der = (id: TestIdentity): Buffer => runOpenssl(['x509', '-in', id.certPath, '-outform', 'DER']);
const p7b = (outform: 'PEM' | 'DER', ...ids: TestIdentity[]): Buffer =>
  runOpenssl(['crl2pkcs7', '-nocrl', ...ids.flatMap((id) => ['-certfile', id.certPath]), '-outform', outform]);

/** The one PEM block each certificate should come out as. */
const pemBlocksOf = (pem: string): string[] => pem.match(/-----BEGIN CERTIFICATE-----\n[\s\S]*?-----END CERTIFICATE-----\n/g) ?? [];

function expectRefused(run: () => unknown, code: string, field: string): InputError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    const e = error as InputError;
    expect({ code: e.code, field: e.field }).toEqual({ code, field });
    expect(e.message).toMatch(/\.$/);
    return e;
  }
  throw new Error(`expected ${code}`);
}

describe('ingestCaFile accepts', () => {
  it('PEM with one certificate', () => {
    const r = ingestCaFile(Buffer.from(pki.ca.certPem));
    expect(r.certificates.map((c) => c.subject)).toEqual(['CN=Herald Test CA, O=Herald Test']);
    expect(pemBlocksOf(r.certificatePem).join('')).toBe(r.certificatePem);
    expect(r.certificatePem).toBe(pki.ca.certPem);
  });

  it('PEM with several certificates, in file order', () => {
    const r = ingestCaFile(Buffer.from(pki.ca.certPem + intermediate.certPem));
    expect(r.certificates.map((c) => c.subject)).toEqual([pki.ca.subject, intermediate.subject]);
    expect(pemBlocksOf(r.certificatePem)).toHaveLength(2);
  });

  it('PEM with CRLF line ends and a UTF-8 BOM', () => {
    const crlf = `\uFEFF${(pki.ca.certPem + intermediate.certPem).replace(/\n/g, '\r\n')}`;
    const r = ingestCaFile(Buffer.from(crlf, 'utf8'));
    expect(r.certificates).toHaveLength(2);
    expect(r.certificatePem).not.toContain('\r');
    expect(r.certificatePem).toBe(pki.ca.certPem + intermediate.certPem);
  });

  it('PEM with text around the blocks (openssl x509 -text output)', () => {
    const text = runOpenssl(['x509', '-in', pki.ca.certPath, '-text']).toString() + 'trailing notes\n';
    expect(text).toContain('Certificate:');
    const r = ingestCaFile(Buffer.from(text));
    expect(r.certificatePem).toBe(pki.ca.certPem);
  });

  it('PEM "TRUSTED CERTIFICATE" (openssl x509 -trustout)', () => {
    const trusted = runOpenssl(['x509', '-in', pki.ca.certPath, '-trustout', '-addtrust', 'serverAuth']);
    expect(trusted.toString()).toContain('BEGIN TRUSTED CERTIFICATE');
    expect(ingestCaFile(trusted).certificatePem).toBe(pki.ca.certPem);
  });

  it('DER (.cer)', () => {
    const r = ingestCaFile(der(pki.ca));
    expect(r.certificatePem).toBe(pki.ca.certPem);
  });

  it('several DER certificates concatenated', () => {
    const r = ingestCaFile(Buffer.concat([der(pki.ca), der(intermediate)]));
    expect(r.certificatePem).toBe(pki.ca.certPem + intermediate.certPem);
  });

  it('PKCS#7 .p7b in PEM', () => {
    const file = p7b('PEM', pki.ca, intermediate);
    expect(file.toString()).toContain('BEGIN PKCS7');
    const r = ingestCaFile(file);
    expect(r.certificatePem).toBe(pki.ca.certPem + intermediate.certPem);
  });

  it('PKCS#7 .p7b in DER', () => {
    const r = ingestCaFile(p7b('DER', pki.ca, intermediate));
    expect(r.certificatePem).toBe(pki.ca.certPem + intermediate.certPem);
  });

  it('a file with the same certificate twice keeps it once', () => {
    const r = ingestCaFile(Buffer.from(pki.ca.certPem + pki.ca.certPem));
    expect(r.certificates).toHaveLength(1);
  });
});

describe('ingestCaFile refuses with CERT_UNREADABLE (field file)', () => {
  it('garbage bytes', () => {
    expectRefused(() => ingestCaFile(Buffer.from([0x01, 0x02, 0x03, 0xff])), 'CERT_UNREADABLE', 'file');
  });
  it('an empty file', () => {
    expectRefused(() => ingestCaFile(Buffer.alloc(0)), 'CERT_UNREADABLE', 'file');
  });
  it('plain text', () => {
    expectRefused(() => ingestCaFile(Buffer.from('hello, this is not a certificate\n')), 'CERT_UNREADABLE', 'file');
  });
  it('a PEM file with only a private key (says so)', () => {
    const e = expectRefused(() => ingestCaFile(Buffer.from(pki.ca.keyPem)), 'CERT_UNREADABLE', 'file');
    expect(e.message).toContain('PRIVATE KEY');
  });
  it('a bundle where one PEM block is not base64 (not silently dropped)', () => {
    const broken = pki.ca.certPem.replace(/\n([A-Za-z0-9+/]{60})[A-Za-z0-9+/]{4}\n/, '\n$1!!!!\n');
    expect(broken).toContain('!!!!');
    const e = expectRefused(() => ingestCaFile(Buffer.from(intermediate.certPem + broken)), 'CERT_UNREADABLE', 'file');
    expect(e.message).toContain('PEM block 2');
  });
  it('a PEM certificate block with a damaged body', () => {
    const broken = pki.ca.certPem.replace(/\n[A-Za-z0-9+/]{64}\n/, '\nAAAA\n');
    expectRefused(() => ingestCaFile(Buffer.from(broken)), 'CERT_UNREADABLE', 'file');
  });
  it('a truncated DER certificate', () => {
    const d = der(pki.ca);
    expectRefused(() => ingestCaFile(d.subarray(0, d.length - 10)), 'CERT_UNREADABLE', 'file');
  });
  it('a PKCS#12 container (points to the client upload)', () => {
    const p12Path = join(dir, 'ca-refuse.p12');
    runOpenssl(['pkcs12', '-export', '-in', pki.client.certPath, '-inkey', pki.client.keyPath, '-passout', 'pass:x', '-out', p12Path]);
    const e = expectRefused(() => ingestCaFile(readFileSync(p12Path)), 'CERT_UNREADABLE', 'file');
    expect(e.message).toContain('PKCS#12');
  });
});

describe('metadata and warnings', () => {
  it('describes each certificate', () => {
    const [ca, inter] = ingestCaFile(Buffer.from(pki.ca.certPem + intermediate.certPem)).certificates;
    const serial = runOpenssl(['x509', '-in', intermediate.certPath, '-noout', '-serial']).toString().trim().split('=')[1];
    const fingerprint = runOpenssl(['x509', '-in', intermediate.certPath, '-noout', '-fingerprint', '-sha256']).toString().trim().split('=')[1];
    const endDate = runOpenssl(['x509', '-in', intermediate.certPath, '-noout', '-enddate']).toString().trim().split('=')[1];
    expect(inter).toEqual({
      subject: 'CN=Herald Test Intermediate, O=Herald Test',
      issuer: 'CN=Herald Test CA, O=Herald Test',
      serialNumber: serial,
      notBefore: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.000Z$/),
      notAfter: new Date(endDate ?? '').toISOString(),
      fingerprintSha256: fingerprint,
      selfSigned: false,
    });
    expect(ca?.selfSigned).toBe(true);
    expect(ca?.subject).toBe(ca?.issuer);
  });

  it('no warnings for a valid bundle', () => {
    expect(ingestCaFile(Buffer.from(pki.ca.certPem), new Date()).warnings).toEqual([]);
  });

  it('EXPIRED for an expired certificate (real dates)', () => {
    const expired = pki.issue({
      name: 'expired-ca', commonName: 'Expired CA', isCa: true,
      notBefore: new Date('2020-01-01T00:00:00Z'), notAfter: new Date('2021-01-01T00:00:00Z'),
    });
    const r = ingestCaFile(Buffer.from(pki.ca.certPem + expired.certPem), new Date());
    expect(r.warnings).toEqual(['EXPIRED']);
    expect(r.certificates[1]?.notAfter).toBe('2021-01-01T00:00:00.000Z');
  });

  it('NOT_YET_VALID, EXPIRES_SOON from the injected clock', () => {
    const file = Buffer.from(pki.ca.certPem);
    const { notBefore, notAfter } = ingestCaFile(file).certificates[0] ?? { notBefore: '', notAfter: '' };
    const day = 86_400_000;
    expect(ingestCaFile(file, new Date(Date.parse(notBefore) - day)).warnings).toEqual(['NOT_YET_VALID']);
    expect(ingestCaFile(file, new Date(Date.parse(notAfter) - 29 * day)).warnings).toEqual(['EXPIRES_SOON']);
    expect(ingestCaFile(file, new Date(Date.parse(notAfter) - 31 * day)).warnings).toEqual([]);
    expect(ingestCaFile(file, new Date(Date.parse(notAfter) + 1000)).warnings).toEqual(['EXPIRED']);
  });

  it('warnings cover every certificate, de-duplicated', () => {
    const soon = pki.issue({ name: 'soon-a', commonName: 'Soon A', isCa: true, notAfter: new Date(Date.now() + 5 * 86_400_000) });
    const soon2 = pki.issue({ name: 'soon-b', commonName: 'Soon B', isCa: true, notAfter: new Date(Date.now() + 6 * 86_400_000) });
    const future = pki.issue({ name: 'future', commonName: 'Future', isCa: true, notBefore: new Date(Date.now() + 86_400_000) });
    const r = ingestCaFile(Buffer.from(pki.ca.certPem + soon.certPem + soon2.certPem + future.certPem), new Date());
    expect(r.warnings).toEqual(['NOT_YET_VALID', 'EXPIRES_SOON']);
  });

  it('DN strings: RFC 4514 order, escaping as OpenSSL does', () => {
    const odd = pki.issue({ name: 'odd-dn', commonName: 'Müller\\, Jürgen', isCa: true });
    const [info] = ingestCaFile(Buffer.from(odd.certPem)).certificates;
    expect(info?.subject).toBe('CN=Müller\\, Jürgen, O=Herald Test');
  });
});
