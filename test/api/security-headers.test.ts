/**
 * Security headers on every answer (success, 401, 404, bad JSON, malformed URL), and
 * HERALD_TRUST_PROXY: X-Forwarded-For/-Proto are believed only from a trusted proxy — for the
 * log-in limits' client address, `%HOST_CONN_IP%` (the event's sourceIp) and the Secure,
 * `__Host-` prefixed session cookie.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/auth/passwords.js';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/ports.js';
import { buildTestApp, type TestApp } from '../support/app.test-helpers.js';

const PASSWORD = 'correct horse battery';

describe('security headers and trusted proxies', () => {
  let store: Store;
  let t: TestApp;
  beforeAll(async () => {
    store = await openStore({ databaseUrl: null, dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'herald-headers-')), sqliteSync: 'normal' });
    await store.users.create({ id: randomUUID(), username: 'admin', passwordHash: await hashPassword(PASSWORD), createdAt: new Date() });
    t = await buildTestApp(store, { HERALD_TRUST_PROXY: '10.0.0.1, 192.168.50.0/24' });
  });
  afterAll(async () => {
    await t.app.close();
    await store.close();
  });

  it('puts the security headers on every answer, errors included', async () => {
    const answers = [
      await t.app.inject({ method: 'GET', url: '/healthz' }),
      await t.app.inject({ method: 'GET', url: '/api/v1/settings/email', headers: { authorization: `Bearer ${t.adminToken}` } }),
      await t.app.inject({ method: 'GET', url: '/api/v1/settings/email' }),
      await t.app.inject({ method: 'GET', url: '/api/v1/nothing-here' }),
      await t.app.inject({ method: 'PUT', url: '/api/v1/settings/rules', headers: { authorization: `Bearer ${t.adminToken}`, 'content-type': 'application/json' }, payload: '{bad' }),
      await t.app.inject({ method: 'GET', url: '/api/v1/certificates/%ff', headers: { authorization: `Bearer ${t.adminToken}` } }),
    ];
    expect(answers.map((a) => a.statusCode)).toEqual([200, 200, 401, 404, 400, expect.any(Number)]);
    for (const [index, answer] of answers.entries()) {
      const csp = String(answer.headers['content-security-policy']);
      expect(csp, `answer ${index}`).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).not.toContain('unsafe-inline');
      expect(csp).not.toContain('upgrade-insecure-requests');
      expect(answer.headers['x-frame-options']).toBe('DENY');
      expect(answer.headers['x-content-type-options']).toBe('nosniff');
      expect(answer.headers['referrer-policy']).toBe('no-referrer');
      // Plain HTTP listener: no HSTS.
      expect(answer.headers['strict-transport-security']).toBeUndefined();
    }
  });

  const login = (remoteAddress: string, headers: Record<string, string>, password = PASSWORD) =>
    t.app.inject({ method: 'POST', url: '/api/v1/session', remoteAddress, headers, payload: { username: 'admin', password } });

  it('believes X-Forwarded-Proto only from a trusted proxy: then the cookie is Secure and __Host- prefixed', async () => {
    const viaProxy = await login('10.0.0.1', { 'x-forwarded-proto': 'https', 'x-forwarded-for': '203.0.113.20' });
    expect(viaProxy.statusCode).toBe(200);
    const cookie = String(viaProxy.headers['set-cookie']);
    expect(cookie).toMatch(/^__Host-herald_session=[^;]+;/);
    expect(cookie).toMatch(/; Secure/);
    expect(cookie).toMatch(/; Path=\//);
    expect(cookie).not.toMatch(/Domain=/i);
    // The secure cookie authenticates requests that arrive the same way…
    const session = cookie.split(';')[0]!;
    const me = await t.app.inject({ method: 'GET', url: '/api/v1/session', remoteAddress: '10.0.0.1', headers: { cookie: session, 'x-forwarded-proto': 'https' } });
    expect(me.statusCode).toBe(200);
    expect(String(me.headers['strict-transport-security'] ?? '')).toBe('');

    const spoofed = await login('10.0.0.2', { 'x-forwarded-proto': 'https' });
    expect(spoofed.statusCode).toBe(200);
    const plain = String(spoofed.headers['set-cookie']);
    expect(plain).toMatch(/^herald_session=/);
    expect(plain).not.toMatch(/Secure/);
  });

  it('counts failed log-ins against the forwarded client address only behind a trusted proxy', async () => {
    // Through the trusted proxy, ten failures of one client block that client, not the proxy.
    for (let i = 0; i < 10; i++) expect((await login('192.168.50.7', { 'x-forwarded-for': '198.51.100.77' }, 'wrong')).statusCode).toBe(401);
    expect((await login('192.168.50.7', { 'x-forwarded-for': '198.51.100.77' })).statusCode).toBe(429);
    expect((await login('192.168.50.7', { 'x-forwarded-for': '198.51.100.78' })).statusCode).toBe(200);
    // An untrusted client cannot escape its own budget by inventing X-Forwarded-For.
    for (let i = 0; i < 10; i++) expect((await login('172.16.0.9', { 'x-forwarded-for': `198.18.0.${i}` }, 'wrong')).statusCode).toBe(401);
    expect((await login('172.16.0.9', { 'x-forwarded-for': '198.18.0.200' })).statusCode).toBe(429);
  });

  it('records the forwarded address as the event source (%HOST_CONN_IP%) only from a trusted proxy', async () => {
    const send = (remoteAddress: string, id: string) =>
      t.app.inject({
        method: 'POST',
        url: '/api/v1/events',
        remoteAddress,
        headers: { authorization: `Bearer ${t.adminToken}`, 'content-type': 'application/json', 'x-forwarded-for': '203.0.113.50' },
        payload: { events: [{ id, occurredAt: '2026-11-28T04:00:00Z', severity: 'info', type: 'X' }] },
      });
    expect((await send('10.0.0.1', 'via-proxy')).statusCode).toBe(202);
    expect((await send('10.0.0.3', 'direct')).statusCode).toBe(202);
    expect((await store.events.get('via-proxy'))?.sourceIp).toBe('203.0.113.50');
    expect((await store.events.get('direct'))?.sourceIp).toBe('10.0.0.3');
  });
});
