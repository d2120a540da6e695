/**
 * Limits of "Send test message" and template preview over HTTP (issue 13 item 9): at most 20
 * servers in settings, at most DIAGNOSIS_MAX_ATTEMPTS servers tried by one test (the rest named),
 * and template previews refused above the templates' length limits. SQLite: the store plays no part.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIAGNOSIS_MAX_ATTEMPTS } from '../../src/delivery/smtp/timeouts.js';
import { MAX_BODY_TEMPLATE_LENGTH, MAX_HEADER_TEMPLATE_LENGTH } from '../../src/settings/email-fields.js';
import { MAX_SERVERS } from '../../src/settings/servers.js';
import { closedPorts } from '../../src/delivery/smtp/test-peer.test-helpers.js';
import { storeFactories } from '../../src/store/store-factories.test-helpers.js';
import { buildTestApp, type TestApp } from '../support/app.test-helpers.js';

type ErrorAnswer = { error: { code: string; field?: string; message: string } };
type TestAnswer = { delivered: boolean; attempts: Array<{ port: number; ok: boolean; note?: string }> };

const sqlite = (await storeFactories()).find((factory) => factory.name === 'sqlite');
if (sqlite === undefined) throw new Error('no sqlite factory');


describe('test message and template limits', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp(await sqlite.open());
  });
  afterAll(async () => {
    await t.app.close();
    await sqlite.cleanup();
  });

  it(`refuses more than ${MAX_SERVERS} servers in settings and in an unsaved test`, async () => {
    const servers = Array.from({ length: MAX_SERVERS + 1 }, (_, i) => `mail${i}.corp.example`);
    const put = await t.call<ErrorAnswer>('PUT', '/api/v1/settings/email', { servers, recipients: 'soc@example.com' });
    expect(put.status).toBe(400);
    expect(put.body.error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'servers' });
    expect(put.body.error.message).toMatch(/at most 20 servers/);
    const test = await t.call<ErrorAnswer>('POST', '/api/v1/settings/email/test', { settings: { servers, recipients: 'soc@example.com' } });
    expect(test.status).toBe(400);
    expect(test.body.error.code).toBe('VALIDATION_FAILED');
    const fits = await t.call('PUT', '/api/v1/settings/email', { servers: servers.slice(0, MAX_SERVERS), recipients: 'soc@example.com' });
    expect(fits.status).toBe(200);
  });

  it(`tries at most ${DIAGNOSIS_MAX_ATTEMPTS} servers in one test, even with allServers, and names the rest`, async () => {
    const ports = await closedPorts(DIAGNOSIS_MAX_ATTEMPTS + 3);
    const answer = await t.call<TestAnswer>('POST', '/api/v1/settings/email/test', {
      settings: { servers: ports.map((port) => `127.0.0.1:${port}`), recipients: 'soc@example.com', tls: { mode: 'none' } },
      allServers: true,
    });
    expect(answer.status, answer.raw).toBe(200);
    expect(answer.body.attempts.map((a) => a.port)).toEqual(ports.slice(0, DIAGNOSIS_MAX_ATTEMPTS));
    expect(answer.body.attempts.at(-1)?.note).toMatch(/3 more servers were not tried/);
  });

  it.each([
    ['sender', MAX_HEADER_TEMPLATE_LENGTH],
    ['subject', MAX_HEADER_TEMPLATE_LENGTH],
    ['body', MAX_BODY_TEMPLATE_LENGTH],
  ] as const)('refuses a template preview whose %s is longer than %i characters', async (field, limit) => {
    const templates = { sender: 'herald@corp.example', subject: 'x', body: 'y', [field]: 'z'.repeat(limit + 1) };
    const answer = await t.call<ErrorAnswer>('POST', '/api/v1/templates/preview', templates);
    expect(answer.status).toBe(400);
    expect(answer.body.error).toMatchObject({ code: 'VALIDATION_FAILED', field });
    const atLimit = await t.call('POST', '/api/v1/templates/preview', { ...templates, [field]: field === 'sender' ? 'herald@corp.example' : 'z'.repeat(limit) });
    expect(atLimit.status).toBe(200);
  });
});
