/**
 * The foundation over HTTP, on both stores: auth and agent tokens, settings and rules per
 * API.md, the contract's error shape everywhere, and secrets that never leave in clear.
 */
import { defaultGrouping } from '../../src/domain/grouping.js';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { expect, it } from 'vitest';
import { postgresTestUrl } from '../../src/store/store-factories.test-helpers.js';
import { describeApiOnStores } from '../support/api-on-stores.test-helpers.js';

type ErrorAnswer = { error: { code: string; message: string; field?: string } };
type Settings = {
  recipients: string[];
  servers: string[];
  port: number;
  auth: { enabled: boolean; username: string; passwordSet: boolean };
  tls: { mode: string; minVersion: string; implicit: boolean };
  subject: string;
};

describeApiOnStores('foundation API', (t) => {
  it('answers /healthz without auth and publishes the OpenAPI document', async () => {
    expect(await t.call('GET', '/healthz', undefined, null)).toMatchObject({ status: 200, body: { status: 'ok' } });
    const openapi = await t.call<{ openapi: string; paths: Record<string, unknown> }>('GET', '/api/openapi.json', undefined, null);
    expect(openapi.status).toBe(200);
    expect(openapi.body.openapi).toMatch(/^3\./);
    for (const path of ['/api/v1/events', '/api/v1/settings/email', '/api/v1/settings/email/test', '/api/v1/certificates', '/api/v1/policies/{applicationId}/effective', '/api/v1/notifications/{id}/retry', '/api/v1/agent-tokens']) {
      expect(openapi.body.paths, path).toHaveProperty([path]);
    }
  });

  it('requires a token (401), refuses a bad one (401), and shapes every error per the contract', async () => {
    const none = await t.call<ErrorAnswer>('GET', '/api/v1/settings/email', undefined, null);
    expect(none.status).toBe(401);
    expect(none.body.error.code).toBe('UNAUTHORIZED');
    const bad = await t.call<ErrorAnswer>('GET', '/api/v1/settings/email', undefined, 'nope');
    expect(bad.status).toBe(401);
    const missing = await t.call<ErrorAnswer>('GET', '/api/v1/nothing-here');
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('NOT_FOUND');
    const invalidJson = await t.call<ErrorAnswer>('PUT', '/api/v1/settings/rules', '{"severities": [');
    expect(invalidJson.status).toBe(400);
    expect(invalidJson.body.error.code).toBe('INVALID_JSON');
    const tooLarge = await t.call<ErrorAnswer>('PUT', '/api/v1/settings/rules', { severities: [], eventTypes: { X: true }, pad: 'x'.repeat(1_100_000) });
    expect(tooLarge.status).toBe(413);
    expect(tooLarge.body.error.code).toBe('PAYLOAD_TOO_LARGE');
    for (const answer of [none, bad, missing, invalidJson, tooLarge]) {
      expect(Object.keys(answer.body)).toEqual(['error']);
      expect(answer.raw).not.toMatch(/at .*\.(ts|js):\d+/);
    }
  });

  it('creates, lists and revokes agent tokens; an agent token may only send events', async () => {
    const created = await t.call<{ id: string; name: string; token: string }>('POST', '/api/v1/agent-tokens', { name: 'wks agents' });
    expect(created.status).toBe(201);
    expect(created.body.token.length).toBeGreaterThanOrEqual(43);
    const list = await t.call<{ items: Array<Record<string, unknown>> }>('GET', '/api/v1/agent-tokens');
    expect(list.body.items).toHaveLength(1);
    expect(list.raw).not.toContain(created.body.token);
    expect(list.body.items[0]).not.toHaveProperty('tokenHash');

    const forbidden = await t.call<ErrorAnswer>('GET', '/api/v1/settings/email', undefined, created.body.token);
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.error.code).toBe('FORBIDDEN');
    const event = { id: 'ev-1', occurredAt: '2026-11-28T04:00:00Z', severity: 'info', type: 'X' };
    const sent = await t.call('POST', '/api/v1/events', { events: [event] }, created.body.token);
    expect(sent.status).toBe(202);

    expect((await t.call('DELETE', `/api/v1/agent-tokens/${created.body.id}`)).status).toBe(204);
    const revoked = await t.call<ErrorAnswer>('POST', '/api/v1/events', { events: [event] }, created.body.token);
    expect(revoked.status).toBe(401);
    expect(revoked.body.error.code).toBe('UNAUTHORIZED');
    expect((await t.call('DELETE', `/api/v1/agent-tokens/${created.body.id}`)).status).toBe(404);
  });

  it('serves default e-mail settings before the first PUT', async () => {
    const answer = await t.call<Settings>('GET', '/api/v1/settings/email');
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      recipients: [],
      servers: [],
      port: 25,
      useMx: false,
      helo: null,
      auth: { enabled: false, username: '', passwordSet: false },
      tls: { mode: 'opportunistic', implicit: false, minVersion: 'any', verifyHostname: true, serverName: null, serverCa: null, clientCertificate: null },
    });
  });

  it('normalises ;-separated input and keeps, sets and clears the write-only password', async () => {
    const put = await t.call<Settings>('PUT', '/api/v1/settings/email', {
      recipients: ' soc@example.com;;Jane Doe <jane@bücher.example>; SOC@example.com; ',
      servers: 'mail1.corp.example; 10.0.0.25 ;[2001:db8:0::1]:2525;MAILSRV01;',
      auth: { enabled: true, username: 'herald', password: 's3cret' },
    });
    expect(put.status).toBe(200);
    expect(put.body.recipients).toEqual(['soc@example.com', 'Jane Doe <jane@xn--bcher-kva.example>']);
    expect(put.body.servers).toEqual(['mail1.corp.example', '10.0.0.25', '[2001:db8::1]:2525', 'MAILSRV01']);
    expect(put.body.port).toBe(25);
    expect(put.body.auth).toMatchObject({ enabled: true, mechanism: 'password', username: 'herald', passwordSet: true, allowUnencrypted: false });
    expect(put.raw).not.toContain('s3cret');

    // A GET document sent back as PUT (passwordSet, no password) keeps the password.
    const again = await t.call<Settings>('PUT', '/api/v1/settings/email', { ...put.body, subject: 'Changed %EVENT%' });
    expect(again.body.auth.passwordSet).toBe(true);
    expect(again.body.subject).toBe('Changed %EVENT%');
    // …but not when it would now go elsewhere (another port): the password must be typed again.
    const moved = await t.call<{ error: { code: string; field: string } }>('PUT', '/api/v1/settings/email', { ...put.body, port: 587 });
    expect(moved.status).toBe(400);
    expect(moved.body.error).toMatchObject({ code: 'PASSWORD_REQUIRED', field: 'auth.password' });
    // Absent fields take their defaults (a PUT replaces the document).
    const minimal = await t.call<Settings>('PUT', '/api/v1/settings/email', { recipients: ['a@x.example'], auth: { enabled: true, username: 'herald' } });
    expect(minimal.body.servers).toEqual([]);
    expect(minimal.body.port).toBe(25);
    expect(minimal.body.auth.passwordSet).toBe(true);
    const cleared = await t.call<Settings>('PUT', '/api/v1/settings/email', { auth: { enabled: false, username: '', password: null } });
    expect(cleared.body.auth.passwordSet).toBe(false);
  });

  it.each([
    [{ recipients: 'a@x.example; b@x.example, c@x.example' }, 'INVALID_RECIPIENT', 'recipients[1]', /;/],
    [{ recipients: ['ok@x.example', '@x.example'] }, 'INVALID_RECIPIENT', 'recipients[1]', /./],
    [{ servers: 'ok.example;mail server' }, 'INVALID_SERVER', 'servers[1]', /./],
    [{ servers: 'mail:70000' }, 'INVALID_SERVER', 'servers[0]', /port/i],
    [{ port: 0 }, 'VALIDATION_FAILED', 'port', /./],
    [{ tls: { mode: 'opportunistic', implicit: true } }, 'VALIDATION_FAILED', 'tls.implicit', /./],
    [{ tls: { mode: 'sometimes' } }, 'VALIDATION_FAILED', 'tls.mode', /./],
    [{ subject: '[%SEVERITY%] %NOPE%' }, 'UNKNOWN_TEMPLATE_VARIABLE', 'subject', /NOPE/],
    [{ tls: { mode: 'required', serverCa: 'no-such-id' } }, 'UNKNOWN_CERTIFICATE', 'tls.serverCa', /upload/i],
  ])('refuses %o with %s at %s', async (body, code, field, message) => {
    const answer = await t.call<ErrorAnswer>('PUT', '/api/v1/settings/email', body);
    expect(answer.status).toBe(400);
    expect(answer.body.error).toMatchObject({ code, field });
    expect(answer.body.error.message).toMatch(message);
  });

  it.each([
    [{ port: 0 }, 'port', { kind: 'range', min: 1, max: 65535 }],
    [{ rateLimit: { perMinute: 100_001 } }, 'rateLimit.perMinute', { kind: 'range', min: 1, max: 100_000 }],
    [{ helo: 'a'.repeat(300) }, 'helo', { kind: 'maxLength', max: 255 }],
    [{ helo: 'mail\nhost' }, 'helo', { kind: 'singleLine' }],
    [{ sender: '' }, 'sender', { kind: 'required' }],
    [{ auth: { enabled: true, username: '' } }, 'auth.username', { kind: 'required' }],
  ])('names the limit of %o in error.detail (so a client words it itself)', async (body, field, detail) => {
    const answer = await t.call<ErrorAnswer & { error: { detail?: unknown } }>('PUT', '/api/v1/settings/email', body);
    expect(answer.status).toBe(400);
    expect(answer.body.error).toMatchObject({ code: 'VALIDATION_FAILED', field, detail });
  });

  it.each([
    [{ name: 'n'.repeat(201) }, { kind: 'maxLength', max: 200 }],
    [{ name: '' }, { kind: 'required' }],
    [{}, { kind: 'required' }],
  ])('names the limit a request-schema check found in error.detail too (%o)', async (body, detail) => {
    const answer = await t.call<ErrorAnswer & { error: { detail?: unknown } }>('POST', '/api/v1/agent-tokens', body);
    expect(answer.status).toBe(400);
    expect(answer.body.error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'name', detail });
  });

  it('stores rules with defaults and validation', async () => {
    expect((await t.call('GET', '/api/v1/settings/rules')).body).toEqual({ severities: ['critical', 'error'], eventTypes: {}, grouping: defaultGrouping() });
    const put = await t.call('PUT', '/api/v1/settings/rules', { severities: ['warning', 'critical'], eventTypes: { GNRL_EV_VIRUS_FOUND: true, KLPRCI_TaskState: false } });
    expect(put.status).toBe(200);
    expect((await t.call('GET', '/api/v1/settings/rules')).body).toEqual({ severities: ['critical', 'warning'], eventTypes: { GNRL_EV_VIRUS_FOUND: true, KLPRCI_TaskState: false }, grouping: defaultGrouping() });
    const bad = await t.call<ErrorAnswer>('PUT', '/api/v1/settings/rules', { severities: ['critical', 'loud'] });
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe('severities[1]');
  });

  it('replaces NUL characters in text input with U+FFFD', async () => {
    const put = await t.call<Settings>('PUT', '/api/v1/settings/email', { subject: 'A\u0000B %SEVERITY%' });
    expect(put.status).toBe(200);
    expect(put.body.subject).toBe('A\uFFFDB %SEVERITY%');
  });

  it('never lets the SMTP password out: not in answers, logs, nor the database at rest', async () => {
    const password = 'Pw-9f2c7e1b-unique-marker';
    await t.call('PUT', '/api/v1/settings/email', {
      recipients: 'soc@example.com',
      servers: '127.0.0.1:1',
      auth: { enabled: true, username: 'herald', password },
    });
    const answers = [
      await t.call('GET', '/api/v1/settings/email'),
      await t.call('POST', '/api/v1/settings/email/test', {}),
      await t.call('PUT', '/api/v1/policies/kes', { email: { auth: { enabled: true, username: 'kes', password } } }),
      await t.call('GET', '/api/v1/policies/kes/effective'),
    ];
    for (const answer of answers) expect(answer.raw).not.toContain(password);
    expect(t.logs.join('')).not.toContain(password);
    const encoded = Buffer.from(password).toString('base64');
    if (t.factory.name === 'sqlite') {
      const file = t.factory.sqlitePath();
      expect(file).not.toBeNull();
      await t.store.close();
      const bytes = Buffer.concat([fs.readFileSync(file!), fs.existsSync(`${file}-wal`) ? fs.readFileSync(`${file}-wal`) : Buffer.alloc(0)]);
      expect(bytes.includes(Buffer.from(password))).toBe(false);
      expect(bytes.includes(Buffer.from(encoded))).toBe(false);
    } else {
      const schema = t.factory.postgresSchema();
      expect(schema).not.toBeNull();
      // Only this test's schema: other test files create and drop schemas while pg_dump runs.
      const dump = execFileSync('pg_dump', ['--data-only', `--schema=${schema!}`, postgresTestUrl()], { maxBuffer: 64 * 1024 * 1024 }).toString();
      expect(dump).toContain('herald'); // the username is there: the dump did include our schema
      expect(dump).not.toContain(password);
      expect(dump).not.toContain(encoded);
    }
  });
});

