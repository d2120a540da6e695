/**
 * The cap on key-derivation work per upload (issue 13 item 8): a PKCS#12 whose iteration
 * count × items exceeds it, and a PKCS#8 key whose iteration count alone does, are refused with
 * a clear code before the expensive derivation runs; files with ordinary counts still open.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputError } from '../domain/errors.js';
import { decodeDer } from './der.js';
import { exportKey, exportPkcs12, makeTestPki, type TestPki } from './fixtures.test-helpers.js';
import { ingestClientPkcs12, ingestClientX509 } from './ingest.js';
import { KdfBudget, KdfBudgetExceeded, KDF_WORK_BUDGET, pkcs8DecryptionWork, pkcs12KdfWork } from './kdf-budget.js';
import { openPkcs12 } from './pkcs12.js';
import { pemBlocks, toPem } from './pem.js';
import { readPrivateKey } from './private-key.js';

let dir: string;
let pki: TestPki;
let n = 0;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'herald-kdf-'));
  pki = makeTestPki(dir);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Rewrites the first DER INTEGER 65536 (02 03 01 00 00) into 8,388,607 (same length, so nothing else moves). */
function raiseIterations(der: Buffer): Buffer {
  const at = der.indexOf(Buffer.from([0x02, 0x03, 0x01, 0x00, 0x00]));
  if (at < 0) throw new Error('no iteration count 65536 in the file');
  const out = Buffer.from(der);
  out.set([0x7f, 0xff, 0xff], at + 2);
  return out;
}

function codeOf(run: () => unknown): { code: string; field: string | undefined; message: string } {
  try {
    run();
  } catch (error) {
    if (error instanceof InputError) return { code: error.code, field: error.field, message: error.message };
    throw error;
  }
  throw new Error('expected an InputError');
}

describe('KdfBudget', () => {
  it('charges until the limit and refuses the charge that would cross it', () => {
    const budget = new KdfBudget(100);
    budget.charge(60);
    expect(() => budget.charge(41)).toThrow(KdfBudgetExceeded);
    expect(budget.spent).toBe(60);
    budget.charge(40);
    expect(() => budget.charge(Number.POSITIVE_INFINITY)).toThrow(KdfBudgetExceeded);
  });
});

describe('PKCS#12 key-derivation cap', () => {
  it('refuses a container whose iterations × items exceed the budget, though each derivation alone fits, before running the one that crosses it', () => {
    // Legacy 3DES container: MAC, certificate safe (key + IV) and key bag (key + IV), 400,000 iterations each.
    const file = exportPkcs12(pki.client, join(dir, `c-${n++}.p12`), { password: 'pw', encryption: '3des', iterations: 400_000 });
    expect(pkcs12KdfWork(400_000, 'sha1', 24)).toBeLessThan(KDF_WORK_BUDGET);
    const budget = new KdfBudget();
    const refused = codeOf(() => openPkcs12(file, 'pw', budget));
    expect(refused).toMatchObject({ code: 'CERT_UNREADABLE', field: 'container' });
    expect(refused.message).toMatch(/key derivation .* at most 4,000,000.*-iter 2048/);
    expect(budget.spent).toBeGreaterThan(0);
    expect(budget.spent).toBeLessThanOrEqual(KDF_WORK_BUDGET);
  });

  it('still opens containers with ordinary and raised-but-sane iteration counts', () => {
    for (const iterations of [2048, 100_000]) {
      const file = exportPkcs12(pki.client, join(dir, `c-${n++}.p12`), { password: 'pw', iterations });
      expect(ingestClientPkcs12(file, 'pw').certificates[0]?.subject).toBe(pki.client.subject);
    }
  });
});

describe('PKCS#8 key-derivation cap', () => {
  it('refuses an encrypted key whose iteration count is too high, in PEM and DER, before OpenSSL runs it', () => {
    const pem = exportKey(pki.client, join(dir, `k-${n++}.pem`), { format: 'pkcs8', encoding: 'pem', encryption: 'aes', password: 'pw', iterations: 65_536 });
    const der = (pemBlocks(pem)[0] as { der: Buffer }).der;
    const raised = raiseIterations(der);
    expect(pkcs8DecryptionWork(decodeDer(raised))).toBe(8_388_607);
    for (const file of [Buffer.from(toPem('ENCRYPTED PRIVATE KEY', raised)), raised]) {
      const refused = codeOf(() => readPrivateKey(file, 'pw'));
      expect(refused).toMatchObject({ code: 'KEY_UNREADABLE', field: 'privateKey' });
      expect(refused.message).toMatch(/8,388,607 units, at most 4,000,000/);
    }
    // The same key with its real count opens.
    expect(ingestClientX509(Buffer.from(pki.client.certPem), pem, 'pw').certificates[0]?.subject).toBe(pki.client.subject);
  });

  it('refuses a PKCS#12-PBE (3DES) PKCS#8 key with a too high count', () => {
    const der = exportKey(pki.client, join(dir, `k-${n++}.der`), { format: 'pkcs8', encoding: 'der', encryption: '3des', password: 'pw', iterations: 65_536 });
    expect(codeOf(() => readPrivateKey(raiseIterations(der), 'pw')).code).toBe('KEY_UNREADABLE');
  });
});
