/**
 * The console's session: admin credentials → HttpOnly SameSite=Strict cookie + CSRF token;
 * cookie requests that change anything need X-CSRF-Token; repeated failures are rate limited;
 * logging out ends the session.
 */
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/auth/passwords.js';
import { DEFAULT_LOGIN_LIMITS } from '../../src/auth/login-limits.js';
import { openStore } from '../../src/store/open.js';
import type { Store } from '../../src/store/ports.js';
import { buildTestApp, type TestApp } from '../support/app.test-helpers.js';

type ErrorAnswer = { error: { code: string } };

describe('console session', () => {
  let store: Store;
  let t: TestApp;
  beforeAll(async () => {
    store = await openStore({ databaseUrl: null, dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'herald-session-')), sqliteSync: 'normal' });
    await store.users.create({ id: randomUUID(), username: 'admin', passwordHash: await hashPassword('correct horse'), createdAt: new Date() });
    t = await buildTestApp(store);
  });
  afterAll(async () => {
    await t.app.close();
    await store.close();
  });

  const login = (username: string, password: string, ip = '10.0.0.1') =>
    t.app.inject({ method: 'POST', url: '/api/v1/session', remoteAddress: ip, payload: { username, password } });

  it('logs in with a strict, HttpOnly cookie and guards changes with the CSRF token', async () => {
    const response = await login('admin', 'correct horse');
    expect(response.statusCode).toBe(200);
    const { username, csrfToken } = JSON.parse(response.body) as { username: string; csrfToken: string };
    expect(username).toBe('admin');
    const setCookie = String(response.headers['set-cookie']);
    expect(setCookie).toMatch(/herald_session=[^;]+;/);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Strict/i);
    const cookie = setCookie.split(';')[0]!;

    const me = await t.app.inject({ method: 'GET', url: '/api/v1/session', headers: { cookie } });
    expect(JSON.parse(me.body)).toEqual({ username: 'admin', csrfToken });
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/settings/email', headers: { cookie } })).statusCode).toBe(200);

    const body = { severities: ['critical'] };
    const noToken = await t.app.inject({ method: 'PUT', url: '/api/v1/settings/rules', headers: { cookie }, payload: body });
    expect(noToken.statusCode).toBe(403);
    expect((JSON.parse(noToken.body) as ErrorAnswer).error.code).toBe('FORBIDDEN');
    const wrongToken = await t.app.inject({ method: 'PUT', url: '/api/v1/settings/rules', headers: { cookie, 'x-csrf-token': 'nope' }, payload: body });
    expect(wrongToken.statusCode).toBe(403);
    const ok = await t.app.inject({ method: 'PUT', url: '/api/v1/settings/rules', headers: { cookie, 'x-csrf-token': csrfToken }, payload: body });
    expect(ok.statusCode).toBe(200);

    const logout = await t.app.inject({ method: 'DELETE', url: '/api/v1/session', headers: { cookie, 'x-csrf-token': csrfToken } });
    expect(logout.statusCode).toBe(204);
    const after = await t.app.inject({ method: 'GET', url: '/api/v1/settings/email', headers: { cookie } });
    expect(after.statusCode).toBe(401);
  });

  it('answers 401 INVALID_CREDENTIALS for a wrong password or user, then 429 after repeated failures', async () => {
    const wrong = await login('admin', 'wrong', '10.0.0.2');
    expect(wrong.statusCode).toBe(401);
    expect((JSON.parse(wrong.body) as ErrorAnswer).error.code).toBe('INVALID_CREDENTIALS');
    expect((await login('nobody', 'x', '10.0.0.2')).statusCode).toBe(401);
    // 2 failures so far; the address's budget is DEFAULT_LOGIN_LIMITS.perAddress.
    for (let i = 2; i < DEFAULT_LOGIN_LIMITS.perAddress; i++) await login('admin', 'wrong', '10.0.0.2');
    const limited = await login('admin', 'correct horse', '10.0.0.2');
    expect(limited.statusCode).toBe(429);
    expect((JSON.parse(limited.body) as ErrorAnswer).error.code).toBe('RATE_LIMITED');
    // Another client address is not blocked by this one's failures.
    expect((await login('admin', 'correct horse', '10.0.0.3')).statusCode).toBe(200);
  });
});
