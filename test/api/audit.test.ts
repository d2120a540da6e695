/**
 * The audit log over HTTP on both stores (API.md "Audit log"): every change through the API —
 * settings, rules, policies, certificates, tokens, users, retries, log-ins successful and
 * failed — is recorded with actor, client address, action, target and the changed field
 * names; no secret value (old or new), nor a password typed into the user-name field, appears.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/auth/passwords.js';
import { makeSmtpTestPki, type SmtpTestPki } from '../../src/delivery/smtp/test-pki.test-helpers.js';
import { storeFactories } from '../../src/store/store-factories.test-helpers.js';
import type { Store } from '../../src/store/ports.js';
import { buildTestApp, type TestApp } from '../support/app.test-helpers.js';

type AuditItem = { at: string; actor: { kind: string; name: string }; clientIp: string | null; action: string; target: string; changedFields: string[] };
type AuditPage = { items: AuditItem[]; nextCursor: string | null };

const PASSWORD = 'correct horse battery';
const NEW_PASSWORD = 'a brand new passphrase';
const SMTP_PASSWORD = 'Smtp-S3cret-Value';
const TYPED_INTO_USERNAME = 'my-password-by-mistake';
const factories = await storeFactories();

describe.each(factories)('audit log on $name', (factory) => {
  describe.skipIf(factory.skip !== null)(factory.skip ?? 'audit', () => {
    let pki: SmtpTestPki;
    let store: Store;
    let t: TestApp;
    beforeAll(() => {
      pki = makeSmtpTestPki();
    });
    afterAll(() => pki.cleanup());
    beforeEach(async () => {
      store = await factory.open();
      await store.users.create({ id: randomUUID(), username: 'admin', passwordHash: await hashPassword(PASSWORD), createdAt: new Date() });
      t = await buildTestApp(store);
    });
    afterEach(async () => {
      await t.app.close();
      await factory.cleanup();
    });

    const inject = (method: string, url: string, payload: unknown, headers: Record<string, string>, ip = '10.20.30.40') =>
      t.app.inject({ method: method as 'POST', url, remoteAddress: ip, headers, ...(payload === undefined ? {} : { payload: payload as object }) });
    const bearer = { authorization: '' };

    it('records every kind of change with field names only', async () => {
      bearer.authorization = `Bearer ${t.adminToken}`;
      // Log-ins: failed with an unknown name (maybe a password), failed with a wrong password, successful.
      expect((await inject('POST', '/api/v1/session', { username: TYPED_INTO_USERNAME, password: 'x' }, {})).statusCode).toBe(401);
      expect((await inject('POST', '/api/v1/session', { username: 'admin', password: 'wrong' }, {})).statusCode).toBe(401);
      const login = await inject('POST', '/api/v1/session', { username: 'admin', password: PASSWORD }, {});
      expect(login.statusCode).toBe(200);
      const session = { cookie: String(login.headers['set-cookie']).split(';')[0]!, 'x-csrf-token': (JSON.parse(login.body) as { csrfToken: string }).csrfToken };

      // A retry (an event that notifies with nothing configured fails at once with NOT_CONFIGURED).
      const event = { id: 'e1', occurredAt: '2026-11-28T04:00:00Z', severity: 'critical', type: 'X' };
      expect((await inject('POST', '/api/v1/events', { events: [event] }, bearer)).statusCode).toBe(202);
      const failed = (await t.call<{ items: Array<{ id: string }> }>('GET', '/api/v1/notifications?status=failed')).body.items[0]!;
      expect((await inject('POST', `/api/v1/notifications/${failed.id}/retry`, {}, bearer)).statusCode).toBe(202);

      // Settings with a password (token), rules (session), a policy, a certificate.
      const settings = { recipients: 'soc@corp.example', servers: 'mail.corp.example', tls: { mode: 'required' }, auth: { enabled: true, username: 'herald', password: SMTP_PASSWORD } };
      expect((await inject('PUT', '/api/v1/settings/email', settings, bearer)).statusCode).toBe(200);
      expect((await inject('PUT', '/api/v1/settings/rules', { severities: ['critical'] }, session)).statusCode).toBe(200);
      expect((await inject('PUT', '/api/v1/policies/kes', { name: 'KES', email: { helo: 'herald.corp.example' } }, bearer)).statusCode).toBe(200);
      expect((await inject('DELETE', '/api/v1/policies/kes', undefined, bearer)).statusCode).toBe(204);
      const cert = await inject('POST', '/api/v1/certificates', { kind: 'ca', file: Buffer.from(pki.ca.cert).toString('base64') }, bearer);
      expect(cert.statusCode).toBe(201);
      const certId = (JSON.parse(cert.body) as { id: string }).id;
      expect((await inject('DELETE', `/api/v1/certificates/${certId}`, undefined, bearer)).statusCode).toBe(204);

      // Tokens and users.
      const agent = JSON.parse((await inject('POST', '/api/v1/agent-tokens', { name: 'agents' }, bearer)).body) as { id: string; token: string };
      expect((await inject('DELETE', `/api/v1/agent-tokens/${agent.id}`, undefined, bearer)).statusCode).toBe(204);
      const admin = JSON.parse((await inject('POST', '/api/v1/admin-tokens', { name: 'ci' }, session)).body) as { id: string; token: string };
      expect((await inject('DELETE', `/api/v1/admin-tokens/${admin.id}`, undefined, { authorization: `Bearer ${admin.token}` })).statusCode).toBe(204);
      expect((await inject('PUT', '/api/v1/session/password', { currentPassword: PASSWORD, newPassword: NEW_PASSWORD }, session)).statusCode).toBe(204);
      expect((await inject('DELETE', '/api/v1/session', undefined, session)).statusCode).toBe(204);

      const answer = await t.call<AuditPage>('GET', '/api/v1/audit?limit=500');
      expect(answer.status).toBe(200);
      const entries = answer.body.items.map(({ actor, clientIp, action, target, changedFields }) => ({ actor: `${actor.kind}:${actor.name}`, clientIp, action, target, changedFields }));
      const token = 'admin-token:HERALD_ADMIN_TOKEN';
      expect(entries.reverse()).toEqual([
        { actor: 'user:(unknown user)', clientIp: '10.20.30.40', action: 'session.login.failed', target: '(unknown user)', changedFields: [] },
        { actor: 'user:admin', clientIp: '10.20.30.40', action: 'session.login.failed', target: 'admin', changedFields: [] },
        { actor: 'user:admin', clientIp: '10.20.30.40', action: 'session.login', target: 'admin', changedFields: [] },
        { actor: token, clientIp: '10.20.30.40', action: 'notification.retry', target: failed.id, changedFields: ['status'] },
        { actor: token, clientIp: '10.20.30.40', action: 'settings.email.update', target: 'settings', changedFields: expect.arrayContaining(['auth.password', 'auth.enabled', 'auth.username', 'recipients', 'servers', 'tls.mode']) },
        { actor: 'user:admin', clientIp: '10.20.30.40', action: 'settings.rules.update', target: 'rules', changedFields: ['severities'] },
        { actor: token, clientIp: '10.20.30.40', action: 'policy.update', target: 'kes', changedFields: expect.arrayContaining(['email.helo', 'name']) },
        { actor: token, clientIp: '10.20.30.40', action: 'policy.delete', target: 'kes', changedFields: expect.any(Array) },
        { actor: token, clientIp: '10.20.30.40', action: 'certificate.create', target: certId, changedFields: ['kind'] },
        { actor: token, clientIp: '10.20.30.40', action: 'certificate.delete', target: certId, changedFields: ['kind'] },
        { actor: token, clientIp: '10.20.30.40', action: 'agent-token.create', target: agent.id, changedFields: ['name'] },
        { actor: token, clientIp: '10.20.30.40', action: 'agent-token.revoke', target: agent.id, changedFields: ['revokedAt'] },
        { actor: 'user:admin', clientIp: '10.20.30.40', action: 'admin-token.create', target: admin.id, changedFields: ['name'] },
        { actor: 'admin-token:ci', clientIp: '10.20.30.40', action: 'admin-token.revoke', target: admin.id, changedFields: ['revokedAt'] },
        { actor: 'user:admin', clientIp: '10.20.30.40', action: 'user.password.change', target: 'admin', changedFields: ['password'] },
        { actor: 'user:admin', clientIp: '10.20.30.40', action: 'session.logout', target: 'admin', changedFields: [] },
      ]);
      for (const secret of [SMTP_PASSWORD, PASSWORD, NEW_PASSWORD, TYPED_INTO_USERNAME, agent.token, admin.token]) expect(answer.raw).not.toContain(secret);
      expect(answer.body.items.every((item) => !Number.isNaN(Date.parse(item.at)))).toBe(true);

      // A PUT that keeps the stored password records no password change.
      const { password: _omitted, ...keep } = settings.auth;
      expect((await inject('PUT', '/api/v1/settings/email', { ...settings, auth: keep, helo: 'herald.corp.example' }, bearer)).statusCode).toBe(200);
      const latest = (await t.call<AuditPage>('GET', '/api/v1/audit?limit=1')).body;
      expect(latest.items[0]).toMatchObject({ action: 'settings.email.update', changedFields: ['helo'] });
      expect(latest.nextCursor).not.toBeNull();
    });

    it('is for admins only', async () => {
      const agent = (await t.call<{ token: string }>('POST', '/api/v1/agent-tokens', { name: 'a' })).body.token;
      expect((await t.call('GET', '/api/v1/audit', undefined, agent)).status).toBe(403);
      expect((await t.call('GET', '/api/v1/audit', undefined, null)).status).toBe(401);
    });
  });
});
