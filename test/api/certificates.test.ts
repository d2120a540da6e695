/**
 * Certificates over HTTP (in-process app, both stores): JSON/base64 and multipart uploads,
 * metadata only in answers (never key material), precise refusal codes, and 409 on deleting a
 * certificate that settings or a policy use.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { exportPkcs12, makeTestPki, type TestPki } from '../../src/certs/fixtures.test-helpers.js';
import { storeFactories } from '../../src/store/store-factories.test-helpers.js';
import { buildTestApp, type TestApp } from '../support/app.test-helpers.js';

type ErrorAnswer = { error: { code: string; message: string; field?: string } };
type CertificateAnswer = {
  id: string;
  kind: string;
  format: string | null;
  certificates: Array<{ subject: string; issuer: string; fingerprintSha256: string; selfSigned: boolean }>;
  warnings: string[];
};

const factories = await storeFactories();
let pki: TestPki;
let dir: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'herald-cert-api-'));
  pki = makeTestPki(dir);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const b64 = (data: string | Buffer) => Buffer.from(data).toString('base64');

describe.each(factories)('certificates API on $name', (factory) => {
  describe.skipIf(factory.skip !== null)(factory.skip ?? 'API', () => {
    let t: TestApp;
    beforeEach(async () => {
      t = await buildTestApp(await factory.open());
    });
    afterEach(async () => {
      await t.app.close();
      await factory.cleanup();
    });

    it('stores a CA bundle and a PKCS#12 client certificate, showing metadata only', async () => {
      const ca = await t.call<CertificateAnswer>('POST', '/api/v1/certificates', { kind: 'ca', file: b64(pki.ca.certPem) });
      expect(ca.status).toBe(201);
      expect(ca.body).toMatchObject({ kind: 'ca', format: null, warnings: [] });
      expect(ca.body.certificates).toHaveLength(1);
      expect(ca.body.certificates[0]).toMatchObject({ subject: pki.ca.subject, selfSigned: true });

      const p12 = exportPkcs12(pki.client, path.join(dir, 'client.p12'), { password: 'p@ss wörd', encryption: 'aes' });
      const client = await t.call<CertificateAnswer>('POST', '/api/v1/certificates', { kind: 'client', format: 'pkcs12', container: b64(p12), password: 'p@ss wörd' });
      expect(client.status).toBe(201);
      expect(client.body).toMatchObject({ kind: 'client', format: 'pkcs12' });
      expect(client.body.certificates[0]?.subject).toBe(pki.client.subject);
      expect(client.raw).not.toMatch(/PRIVATE KEY|p@ss/);

      const list = await t.call<{ items: CertificateAnswer[] }>('GET', '/api/v1/certificates');
      expect(list.body.items.map((c) => c.id).sort()).toEqual([ca.body.id, client.body.id].sort());
      expect(list.raw).not.toMatch(/PRIVATE KEY|BEGIN CERTIFICATE/);
      expect((await t.call('GET', `/api/v1/certificates/${client.body.id}`)).status).toBe(200);
    });

    it('accepts multipart/form-data uploads with the same field names (curl -F)', async () => {
      const form = new FormData();
      form.append('kind', 'client');
      form.append('format', 'x509');
      form.append('certificate', new Blob([pki.client.certPem]), 'client.crt');
      form.append('privateKey', new Blob([pki.client.keyPem]), 'client.key');
      form.append('password', '');
      const request = new Request('http://x/', { method: 'POST', body: form });
      const response = await t.app.inject({
        method: 'POST',
        url: '/api/v1/certificates',
        headers: { authorization: `Bearer ${t.adminToken}`, 'content-type': request.headers.get('content-type') ?? '' },
        payload: Buffer.from(await request.arrayBuffer()),
      });
      expect(response.statusCode).toBe(201);
      expect(JSON.parse(response.body)).toMatchObject({ kind: 'client', format: 'x509', certificates: [{ subject: pki.client.subject }] });
    });

    it.each([
      ['garbage as a CA file', () => ({ kind: 'ca', file: b64('hello, not a certificate') }), 'CERT_UNREADABLE', 'file'],
      ['a wrong PKCS#12 password', () => ({ kind: 'client', format: 'pkcs12', container: b64(exportPkcs12(pki.client, path.join(dir, 'w.p12'), { password: 'right' })), password: 'wrong' }), 'WRONG_PASSWORD', 'password'],
      ['a key that is not the certificate’s', () => ({ kind: 'client', format: 'x509', certificate: b64(pki.client.certPem), privateKey: b64(pki.clientRsa.keyPem), password: '' }), 'KEY_MISMATCH', undefined],
      ['a missing kind', () => ({ file: b64(pki.ca.certPem) }), 'VALIDATION_FAILED', 'kind'],
    ])('refuses %s with its code', async (_name, body, code, field) => {
      const answer = await t.call<ErrorAnswer>('POST', '/api/v1/certificates', body());
      expect(answer.status).toBe(400);
      expect(answer.body.error.code).toBe(code);
      if (field !== undefined) expect(answer.body.error.field).toBe(field);
      expect(answer.body.error.message.length).toBeGreaterThan(10);
    });

    it('refuses to delete a certificate in use (409) and deletes it once unused (204)', async () => {
      const ca = await t.call<CertificateAnswer>('POST', '/api/v1/certificates', { kind: 'ca', file: b64(pki.ca.certPem) });
      const used = await t.call('PUT', '/api/v1/settings/email', { tls: { mode: 'required', serverCa: ca.body.id } });
      expect(used.status).toBe(200);
      const conflict = await t.call<ErrorAnswer>('DELETE', `/api/v1/certificates/${ca.body.id}`);
      expect(conflict.status).toBe(409);
      expect(conflict.body.error.code).toBe('CONFLICT');
      expect(conflict.body.error.message).toContain('server settings');

      await t.call('PUT', '/api/v1/settings/email', {});
      const policy = await t.call('PUT', '/api/v1/policies/kes', { email: { tls: { serverCa: ca.body.id } } });
      expect(policy.status).toBe(200);
      expect((await t.call<ErrorAnswer>('DELETE', `/api/v1/certificates/${ca.body.id}`)).body.error.message).toContain('kes');

      await t.call('DELETE', '/api/v1/policies/kes');
      expect((await t.call('DELETE', `/api/v1/certificates/${ca.body.id}`)).status).toBe(204);
      expect((await t.call('GET', `/api/v1/certificates/${ca.body.id}`)).status).toBe(404);
    });

    it('refuses a client certificate id where a CA is expected (UNKNOWN_CERTIFICATE)', async () => {
      const client = await t.call<CertificateAnswer>('POST', '/api/v1/certificates', { kind: 'client', format: 'x509', certificate: b64(pki.client.certPem), privateKey: b64(pki.client.keyPem), password: '' });
      const answer = await t.call<ErrorAnswer>('PUT', '/api/v1/settings/email', { tls: { mode: 'required', serverCa: client.body.id } });
      expect(answer.status).toBe(400);
      expect(answer.body.error).toMatchObject({ code: 'UNKNOWN_CERTIFICATE', field: 'tls.serverCa' });
    });
  });
});
