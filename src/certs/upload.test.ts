import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../domain/errors.js';
import { exportPkcs12, makeTestPki, type TestPki } from './fixtures.test-helpers.js';
import { ingestUpload, parseCertificateUpload } from './upload.js';

let dir: string;
let pki: TestPki;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'herald-upload-'));
  pki = makeTestPki(dir);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const b64 = (text: string | Buffer): string => Buffer.from(text).toString('base64');

function expectInvalid(body: unknown, field: string | undefined): void {
  try {
    parseCertificateUpload(body);
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    expect({ code: (error as InputError).code, field: (error as InputError).field }).toEqual({ code: 'VALIDATION_FAILED', field });
    return;
  }
  throw new Error('expected VALIDATION_FAILED');
}

describe('parseCertificateUpload', () => {
  it('a CA upload', () => {
    expect(parseCertificateUpload({ kind: 'ca', file: b64('abc') })).toEqual({ kind: 'ca', file: Buffer.from('abc') });
  });
  it('an X.509 client upload', () => {
    expect(parseCertificateUpload({ kind: 'client', format: 'x509', certificate: b64('c'), privateKey: b64('k'), password: 'pw' })).toEqual({
      kind: 'client', format: 'x509', certificate: Buffer.from('c'), privateKey: Buffer.from('k'), password: 'pw',
    });
  });
  it('a PKCS#12 client upload; an absent password is empty', () => {
    expect(parseCertificateUpload({ kind: 'client', format: 'pkcs12', container: b64('p') })).toEqual({
      kind: 'client', format: 'pkcs12', container: Buffer.from('p'), password: '',
    });
  });
  it('base64 with line breaks, URL-safe alphabet, no padding, or a data: URL prefix', () => {
    const bytes = Buffer.from([0xfb, 0xff, 0xfe, 0x01]);
    for (const text of ['+//+AQ==', '+//+\r\nAQ==', '-__-AQ', 'data:application/x-pkcs12;base64,+//+AQ==']) {
      expect(parseCertificateUpload({ kind: 'ca', file: text })).toEqual({ kind: 'ca', file: bytes });
    }
  });
  it('VALIDATION_FAILED with the field', () => {
    expectInvalid(null, undefined);
    expectInvalid([], undefined);
    expectInvalid({}, 'kind');
    expectInvalid({ kind: 'server' }, 'kind');
    expectInvalid({ kind: 'ca' }, 'file');
    expectInvalid({ kind: 'ca', file: 42 }, 'file');
    expectInvalid({ kind: 'ca', file: 'not base64!' }, 'file');
    expectInvalid({ kind: 'ca', file: 'abcde' }, 'file');
    expectInvalid({ kind: 'client', certificate: b64('c') }, 'format');
    expectInvalid({ kind: 'client', format: 'pem' }, 'format');
    expectInvalid({ kind: 'client', format: 'x509', privateKey: b64('k') }, 'certificate');
    expectInvalid({ kind: 'client', format: 'x509', certificate: b64('c') }, 'privateKey');
    expectInvalid({ kind: 'client', format: 'x509', certificate: b64('c'), privateKey: b64('k'), password: 1 }, 'password');
    expectInvalid({ kind: 'client', format: 'pkcs12' }, 'container');
  });
});

describe('ingestUpload', () => {
  const now = new Date();
  it('dispatches a CA upload', () => {
    const r = ingestUpload(parseCertificateUpload({ kind: 'ca', file: b64(pki.ca.certPem) }), now);
    expect(r.kind).toBe('ca');
    expect(r.format).toBeNull();
    expect(r.result.certificates[0]?.subject).toBe(pki.ca.subject);
  });
  it('dispatches an X.509 upload', () => {
    const r = ingestUpload(parseCertificateUpload({ kind: 'client', format: 'x509', certificate: b64(pki.client.certPem), privateKey: b64(pki.client.keyPem), password: '' }), now);
    expect(r).toMatchObject({ kind: 'client', format: 'x509' });
    expect(r.kind === 'client' && r.result.privateKeyPem).toContain('BEGIN PRIVATE KEY');
  });
  it('dispatches a PKCS#12 upload', () => {
    const container = exportPkcs12(pki.client, join(dir, 'u.p12'), { password: 'pw' });
    const r = ingestUpload(parseCertificateUpload({ kind: 'client', format: 'pkcs12', container: container.toString('base64'), password: 'pw' }), now);
    expect(r).toMatchObject({ kind: 'client', format: 'pkcs12' });
    expect(r.result.certificates[0]?.subject).toBe(pki.client.subject);
  });
  it('an empty private key is NO_PRIVATE_KEY, not a validation error', () => {
    expect(() => ingestUpload(parseCertificateUpload({ kind: 'client', format: 'x509', certificate: b64(pki.client.certPem), privateKey: '' }), now)).toThrow(
      expect.objectContaining({ code: 'NO_PRIVATE_KEY', field: 'privateKey' }),
    );
  });
  it('uses the given clock for warnings', () => {
    const later = new Date(Date.now() + 20 * 365 * 86_400_000);
    expect(ingestUpload({ kind: 'ca', file: Buffer.from(pki.ca.certPem) }, later).result.warnings).toEqual(['EXPIRED']);
  });
});
