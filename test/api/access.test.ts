/**
 * Access control over both stores: admin tokens (created once, only by a user or
 * HERALD_ADMIN_TOKEN; revoked → 401), failed-login limits per address and per user name shared
 * by two instances (a blocked attempt runs no hash), bounded password hashing, the per-agent
 * ingest limit (429 + Retry-After), log-out with an expired session, and password change.
 */
import { createHash, randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/auth/passwords.js';
import { PasswordCheck } from '../../src/auth/password-check.js';
import { DEFAULT_LOGIN_LIMITS } from '../../src/auth/login-limits.js';
import { storeFactories } from '../../src/store/store-factories.test-helpers.js';
import type { Store } from '../../src/store/ports.js';
import { buildTestApp, type TestApp } from '../support/app.test-helpers.js';

type ErrorAnswer = { error: { code: string; message: string; field?: string } };
type Created = { id: string; name: string; token: string; createdBy: { kind: string; name: string } };
type TokenList = { items: Array<Record<string, unknown> & { id: string; revokedAt: string | null; lastUsedAt: string | null }> };

const PASSWORD = 'correct horse battery';
const factories = await storeFactories();

function ev(id: string): Record<string, unknown> {
  return { id, occurredAt: '2026-11-28T04:00:00Z', severity: 'info', type: 'X' };
}

describe.each(factories)('access control on $name', (factory) => {
  describe.skipIf(factory.skip !== null)(factory.skip ?? 'access', () => {
    let store: Store;
    let t: TestApp;
    let passwords: PasswordCheck;
    beforeEach(async () => {
      store = await factory.open();
      await store.users.create({ id: randomUUID(), username: 'admin', passwordHash: await hashPassword(PASSWORD), createdAt: new Date() });
      passwords = new PasswordCheck();
      t = await buildTestApp(store, {}, { passwordCheck: passwords });
    });
    afterEach(async () => {
      await t.app.close();
      await factory.cleanup();
    });

    const login = (app: TestApp, username: string, password: string, ip: string) =>
      app.app.inject({ method: 'POST', url: '/api/v1/session', remoteAddress: ip, payload: { username, password } });
    const signIn = async (ip = '10.9.9.9') => {
      const response = await login(t, 'admin', PASSWORD, ip);
      expect(response.statusCode).toBe(200);
      const cookie = String(response.headers['set-cookie']).split(';')[0]!;
      const { csrfToken } = JSON.parse(response.body) as { csrfToken: string };
      return { cookie, csrfToken };
    };

    describe('admin tokens', () => {
      it('are shown once, stored as SHA-256, work like an admin, and cannot mint more admin tokens', async () => {
        const created = await t.call<Created>('POST', '/api/v1/admin-tokens', { name: 'backup script' });
        expect(created.status).toBe(201);
        expect(created.body).toMatchObject({ name: 'backup script', createdBy: { kind: 'admin-token', name: 'HERALD_ADMIN_TOKEN' } });
        expect(created.body.token).toMatch(/^herald_[A-Za-z0-9_-]{43}$/);
        const stored = await store.adminTokens.findByHash(createHash('sha256').update(created.body.token).digest('hex'));
        expect(stored?.id).toBe(created.body.id);

        const list = await t.call<TokenList>('GET', '/api/v1/admin-tokens');
        expect(list.status).toBe(200);
        expect(list.raw).not.toContain(created.body.token);
        expect(list.raw).not.toContain(stored!.tokenHash);
        expect(list.body.items).toEqual([
          { id: created.body.id, name: 'backup script', createdAt: expect.any(String), revokedAt: null, lastUsedAt: null, createdBy: { kind: 'admin-token', name: 'HERALD_ADMIN_TOKEN' } },
        ]);

        const token = created.body.token;
        expect((await t.call('GET', '/api/v1/settings/email', undefined, token)).status).toBe(200);
        expect((await t.call('PUT', '/api/v1/settings/rules', { severities: ['critical'] }, token)).status).toBe(200);
        expect((await t.call('POST', '/api/v1/agent-tokens', { name: 'agents' }, token)).status).toBe(201);
        const mint = await t.call<ErrorAnswer>('POST', '/api/v1/admin-tokens', { name: 'successor' }, token);
        expect(mint.status).toBe(403);
        expect(mint.body.error.code).toBe('FORBIDDEN');
        await expect.poll(async () => (await store.adminTokens.findByHash(stored!.tokenHash))?.lastUsedAt).not.toBeNull();

        expect((await t.call('DELETE', `/api/v1/admin-tokens/${created.body.id}`)).status).toBe(204);
        const after = await t.call<ErrorAnswer>('GET', '/api/v1/settings/email', undefined, token);
        expect(after.status).toBe(401);
        expect(after.body.error.code).toBe('UNAUTHORIZED');
        expect((await t.call('DELETE', `/api/v1/admin-tokens/${created.body.id}`)).status).toBe(404);
        expect((await t.call<TokenList>('GET', '/api/v1/admin-tokens')).body.items[0]?.revokedAt).toEqual(expect.any(String));
      });

      it('may be created by a signed-in user (with the CSRF header), never by an agent token', async () => {
        const { cookie, csrfToken } = await signIn();
        const response = await t.app.inject({ method: 'POST', url: '/api/v1/admin-tokens', headers: { cookie, 'x-csrf-token': csrfToken }, payload: { name: 'ci' } });
        expect(response.statusCode).toBe(201);
        expect((JSON.parse(response.body) as Created).createdBy).toEqual({ kind: 'user', name: 'admin' });
        const withoutCsrf = await t.app.inject({ method: 'POST', url: '/api/v1/admin-tokens', headers: { cookie }, payload: { name: 'ci' } });
        expect(withoutCsrf.statusCode).toBe(403);

        const agent = await t.call<Created>('POST', '/api/v1/agent-tokens', { name: 'agent' });
        for (const [method, url] of [['POST', '/api/v1/admin-tokens'], ['GET', '/api/v1/admin-tokens']] as const) {
          const answer = await t.call<ErrorAnswer>(method, url, method === 'POST' ? { name: 'x' } : undefined, agent.body.token);
          expect(answer.status).toBe(403);
          expect(answer.body.error.code).toBe('FORBIDDEN');
        }
        for (const url of ['/api/v1/admin-tokens', '/api/v1/agent-tokens']) {
          expect((await t.call<ErrorAnswer>('POST', url, { name: '   ' })).body.error, url).toMatchObject({ code: 'VALIDATION_FAILED', field: 'name', detail: { kind: 'required' } });
        }
      });
    });

    describe('failed-login limits', () => {
      it('blocks an address after its budget, across two instances, without hashing the blocked attempt', async () => {
        const second = await buildTestApp(factory.name === 'postgres' ? await factory.reopen() : store, {}, { passwordCheck: passwords });
        try {
          for (let i = 0; i < DEFAULT_LOGIN_LIMITS.perAddress; i++) {
            const response = await login(i % 2 === 0 ? t : second, `user${i}`, 'wrong', '203.0.113.5');
            expect(response.statusCode).toBe(401);
            expect((JSON.parse(response.body) as ErrorAnswer).error.code).toBe('INVALID_CREDENTIALS');
          }
          const hashesBefore = passwords.hashesRun;
          const blocked = await login(second, 'admin', PASSWORD, '203.0.113.5');
          expect(blocked.statusCode).toBe(429);
          expect((JSON.parse(blocked.body) as ErrorAnswer).error.code).toBe('RATE_LIMITED');
          expect(passwords.hashesRun).toBe(hashesBefore);
          // Another address (and the same user name) is not blocked by these failures.
          expect((await login(t, 'admin', PASSWORD, '203.0.113.6')).statusCode).toBe(200);
        } finally {
          await second.app.close();
        }
      });

      it('blocks a user name attacked from many addresses, and a success clears it', async () => {
        for (let i = 0; i < DEFAULT_LOGIN_LIMITS.perUser; i++) {
          expect((await login(t, 'Admin', `guess${i}`, `198.51.100.${i + 1}`)).statusCode).toBe(401);
        }
        const hashesBefore = passwords.hashesRun;
        const blocked = await login(t, 'admin', PASSWORD, '198.51.100.200');
        expect(blocked.statusCode).toBe(429);
        expect(passwords.hashesRun).toBe(hashesBefore);
        // Other users are unaffected.
        expect((await login(t, 'someone', 'x', '198.51.100.201')).statusCode).toBe(401);
        // Once the window has passed, the counters in the store start over.
        await store.loginFailures.prune(new Date(Date.now() + 1));
        expect((await login(t, 'admin', PASSWORD, '198.51.100.200')).statusCode).toBe(200);
        expect((await store.loginFailures.count(['user:admin'], new Date(0))).get('user:admin')).toBe(0);
      });

      it('bounds concurrent password hashing: beyond the queue, a log-in is told to retry', async () => {
        const tiny = await buildTestApp(store, {}, { passwordCheck: new PasswordCheck(1, 1) });
        try {
          const answers = await Promise.all(Array.from({ length: 6 }, (_, i) => login(tiny, 'admin', PASSWORD, `192.0.2.${i + 1}`)));
          const statuses = answers.map((a) => a.statusCode).sort();
          expect(statuses.filter((s) => s === 200).length).toBeGreaterThanOrEqual(1);
          expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(1);
          expect(statuses.every((s) => s === 200 || s === 429)).toBe(true);
        } finally {
          await tiny.app.close();
        }
      });
    });

    describe('ingest limit per agent token', () => {
      it('answers 429 RATE_LIMITED with Retry-After once a token exceeds its rate; other tokens and admins go on', async () => {
        // A clock that stands still, so the bucket does not refill while the batch is stored.
        const now = new Date();
        const limited = await buildTestApp(store, { HERALD_AGENT_EVENTS_PER_SECOND: '1000' }, { clock: () => now });
        try {
          const agentA = (await limited.call<Created>('POST', '/api/v1/agent-tokens', { name: 'a' })).body.token;
          const agentB = (await limited.call<Created>('POST', '/api/v1/agent-tokens', { name: 'b' })).body.token;
          const batch = { events: Array.from({ length: 1000 }, (_, i) => ev(`a-${i}`)) };
          expect((await limited.call('POST', '/api/v1/events', batch, agentA)).status).toBe(202);
          const response = await limited.app.inject({
            method: 'POST',
            url: '/api/v1/events',
            headers: { authorization: `Bearer ${agentA}`, 'content-type': 'application/json' },
            payload: { events: Array.from({ length: 100 }, (_, i) => ev(`a2-${i}`)) },
          });
          expect(response.statusCode).toBe(429);
          expect((JSON.parse(response.body) as ErrorAnswer).error.code).toBe('RATE_LIMITED');
          expect(response.headers['retry-after']).toBe('1');
          expect(await store.events.get('a2-0')).toBeNull();
          expect((await limited.call('POST', '/api/v1/events', { events: [ev('b-1')] }, agentB)).status).toBe(202);
          expect((await limited.call('POST', '/api/v1/events', { events: [ev('admin-1')] })).status).toBe(202);
        } finally {
          await limited.app.close();
        }
      });
    });

    describe('log-out and password change', () => {
      it('logs out with an expired session: 204, the row gone, the cookie cleared', async () => {
        const { cookie } = await signIn();
        const tokenHash = createHash('sha256').update(cookie.split('=')[1]!).digest('hex');
        const session = await store.sessions.find(tokenHash, new Date());
        expect(session).not.toBeNull();
        // Expire it in the store (as the clock would).
        await store.sessions.delete(tokenHash);
        await store.sessions.create({ ...session!, expiresAt: new Date(Date.now() - 1000) });
        expect((await t.app.inject({ method: 'GET', url: '/api/v1/session', headers: { cookie } })).statusCode).toBe(401);
        const out = await t.app.inject({ method: 'DELETE', url: '/api/v1/session', headers: { cookie } });
        expect(out.statusCode).toBe(204);
        expect(String(out.headers['set-cookie'])).toMatch(/herald_session=;.*(Max-Age=0|Expires=Thu, 01 Jan 1970)/);
        expect(await store.sessions.pruneExpired(new Date())).toBe(0);
        // Without any cookie it is still 204.
        expect((await t.app.inject({ method: 'DELETE', url: '/api/v1/session' })).statusCode).toBe(204);
      });

      it("changes the password, ends the user's other sessions, keeps this one", async () => {
        const here = await signIn('10.1.1.1');
        const elsewhere = await signIn('10.1.1.2');
        const put = (body: unknown, who = here) =>
          t.app.inject({ method: 'PUT', url: '/api/v1/session/password', headers: { cookie: who.cookie, 'x-csrf-token': who.csrfToken }, payload: body as object });

        const wrong = await put({ currentPassword: 'nope', newPassword: 'a new long passphrase' });
        expect(wrong.statusCode).toBe(400);
        expect(JSON.parse(wrong.body)).toMatchObject({ error: { code: 'INVALID_CREDENTIALS', field: 'currentPassword' } });
        const short = await put({ currentPassword: PASSWORD, newPassword: 'short' });
        expect(short.statusCode).toBe(400);
        expect(JSON.parse(short.body)).toMatchObject({ error: { code: 'VALIDATION_FAILED', field: 'newPassword' } });
        expect((await put({ currentPassword: PASSWORD, newPassword: 'a new long passphrase' })).statusCode).toBe(204);

        expect((await t.app.inject({ method: 'GET', url: '/api/v1/session', headers: { cookie: here.cookie } })).statusCode).toBe(200);
        expect((await t.app.inject({ method: 'GET', url: '/api/v1/session', headers: { cookie: elsewhere.cookie } })).statusCode).toBe(401);
        expect((await login(t, 'admin', PASSWORD, '10.1.1.3')).statusCode).toBe(401);
        expect((await login(t, 'admin', 'a new long passphrase', '10.1.1.3')).statusCode).toBe(200);

        const byToken = await t.call<ErrorAnswer>('PUT', '/api/v1/session/password', { currentPassword: 'x', newPassword: 'y'.repeat(20) });
        expect(byToken.status).toBe(403);
        expect(byToken.body.error.code).toBe('FORBIDDEN');
      });
    });
  });
});
