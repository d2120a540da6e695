/** The worker-thread checker: results and InputErrors cross the thread; a check past its deadline is stopped. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../domain/errors.js';
import { exportPkcs12, makeTestPki, type TestPki } from './fixtures.test-helpers.js';
import { UploadChecker } from './upload-checker.js';

let dir: string;
let pki: TestPki;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'herald-checker-'));
  pki = makeTestPki(dir);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('UploadChecker', () => {
  it('returns the checked upload and the InputError of a bad one, from the worker', async () => {
    const checker = new UploadChecker();
    try {
      const ok = await checker.check({ kind: 'ca', file: Buffer.from(pki.ca.certPem) }, new Date());
      expect(ok.kind).toBe('ca');
      expect(ok.result.certificates[0]?.subject).toBe(pki.ca.subject);
      const bad = checker.check({ kind: 'ca', file: Buffer.from('not a certificate') }, new Date());
      await expect(bad).rejects.toBeInstanceOf(InputError);
      await expect(bad).rejects.toMatchObject({ code: 'CERT_UNREADABLE', field: 'file' });
    } finally {
      await checker.close();
    }
  });

  it('stops a check that runs past its deadline with a clear error', async () => {
    const checker = new UploadChecker({ deadlineMs: 50 });
    try {
      const container = exportPkcs12(pki.client, join(dir, 'slow.p12'), { password: 'pw', iterations: 250_000 });
      await expect(checker.check({ kind: 'client', format: 'pkcs12', container, password: 'pw' }, new Date())).rejects.toMatchObject({
        code: 'CERT_UNREADABLE',
        field: 'container',
        message: expect.stringMatching(/took longer than 0.05 s/),
      });
    } finally {
      await checker.close();
    }
  });
});
