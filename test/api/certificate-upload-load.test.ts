/**
 * An expensive certificate upload does not freeze the server (issue 13 item 8): while a
 * PKCS#12 with a high iteration count is being checked (in the worker thread), /healthz keeps
 * answering and ingest keeps accepting events; a container over the key-derivation budget is
 * a 400 CERT_UNREADABLE. Responsiveness is asserted relative to the upload (answers that
 * arrive WHILE it runs), not against a clock. On SQLite: the store plays no part in this.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportPkcs12, makeTestPki, type TestPki } from '../../src/certs/fixtures.test-helpers.js';
import { storeFactories } from '../../src/store/store-factories.test-helpers.js';
import { buildTestApp, type TestApp } from '../support/app.test-helpers.js';

const sqlite = (await storeFactories()).find((factory) => factory.name === 'sqlite');
if (sqlite === undefined) throw new Error('no sqlite factory');

/** What answered while `work` was still running: healthz answers, and whether an event batch was accepted. */
async function answersDuring(t: TestApp, work: Promise<unknown>): Promise<{ healthz: number; eventsAccepted: boolean }> {
  let done = false;
  void work.finally(() => {
    done = true;
  });
  let healthz = 0;
  let eventsAccepted = false;
  let round = 0;
  while (!done) {
    const answer = await t.call('GET', '/healthz', undefined, null);
    if (!done && answer.status === 200) healthz += 1;
    if (round === 1) {
      const events = await t.call('POST', '/api/v1/events', { events: [{ id: `ev-${Date.now()}`, occurredAt: '2026-11-28T04:00:00Z', severity: 'info', type: 'T' }] });
      if (!done && events.status === 202) eventsAccepted = true;
    }
    round += 1;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return { healthz, eventsAccepted };
}

describe('certificate uploads off the event loop', () => {
  let dir: string;
  let pki: TestPki;
  let t: TestApp;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'herald-upload-load-'));
    pki = makeTestPki(dir);
    t = await buildTestApp(await sqlite.open());
  });
  afterAll(async () => {
    await t.app.close();
    await sqlite.cleanup();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('answers /healthz and ingest while a high-iteration PKCS#12 is checked, then stores it', { timeout: 120_000 }, async () => {
    // AES container, MAC and PBKDF2 at 250,000 iterations: within the budget, but seconds of work.
    const container = exportPkcs12(pki.client, path.join(dir, 'slow.p12'), { password: 'pw', iterations: 250_000 }).toString('base64');
    const upload = t.call<{ id: string; kind: string }>('POST', '/api/v1/certificates', { kind: 'client', format: 'pkcs12', container, password: 'pw' });
    const during = await answersDuring(t, upload);
    const stored = await upload;
    expect(stored.status, stored.raw).toBe(201);
    expect(stored.body.kind).toBe('client');
    expect(during.healthz).toBeGreaterThanOrEqual(3);
    expect(during.eventsAccepted).toBe(true);
  });

  it('refuses a container over the key-derivation budget with CERT_UNREADABLE, staying responsive meanwhile', { timeout: 120_000 }, async () => {
    const container = exportPkcs12(pki.client, path.join(dir, 'costly.p12'), { password: 'pw', encryption: '3des', iterations: 400_000 }).toString('base64');
    const upload = t.call<{ error: { code: string; field: string; message: string } }>('POST', '/api/v1/certificates', { kind: 'client', format: 'pkcs12', container, password: 'pw' });
    const during = await answersDuring(t, upload);
    const refused = await upload;
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatchObject({ code: 'CERT_UNREADABLE', field: 'container' });
    expect(refused.body.error.message).toMatch(/key derivation/);
    expect(during.healthz).toBeGreaterThanOrEqual(3);
  });
});
