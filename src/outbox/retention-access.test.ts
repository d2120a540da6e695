/**
 * The pruning pass also purges expired console sessions, failed-login windows that no longer
 * block, and audit entries older than the notification retention.
 */
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_LOGIN_LIMITS } from '../auth/login-limits.js';
import type { Store } from '../store/ports.js';
import { storeFactories } from '../store/store-factories.test-helpers.js';
import { Pruner } from './retention.js';

const factories = await storeFactories();
const NOW = new Date('2026-11-30T12:00:00Z');
const ago = (ms: number) => new Date(NOW.getTime() - ms);

describe.each(factories)('retention of sessions and login counters on $name', (factory) => {
  describe.skipIf(factory.skip !== null)(factory.skip ?? 'retention', () => {
    let store: Store;
    beforeEach(async () => {
      store = await factory.open();
    });
    afterEach(() => factory.cleanup());

    it('deletes expired sessions and stale counters, keeps live ones', async () => {
      await store.users.create({ id: 'u1', username: 'admin', passwordHash: 'h', createdAt: ago(1e9) });
      const session = (tokenHash: string, expiresAt: Date) => ({ tokenHash, userId: 'u1', csrfToken: 'c', createdAt: ago(1e8), expiresAt });
      await store.sessions.create(session('expired', ago(1)));
      await store.sessions.create(session('live', new Date(NOW.getTime() + 60_000)));
      await store.loginFailures.recordAttempt(['user:stale'], ago(DEFAULT_LOGIN_LIMITS.windowMs + 1), ago(2 * DEFAULT_LOGIN_LIMITS.windowMs));
      await store.loginFailures.recordAttempt(['user:attacked'], ago(1_000), ago(DEFAULT_LOGIN_LIMITS.windowMs + 1_000));
      const pruner = new Pruner(store, { eventRetentionDays: 30, eventMax: 400_000, notificationRetentionDays: 90 }, () => NOW, pino({ level: 'silent' }));
      await pruner.runOnce();
      expect(await store.sessions.find('live', NOW)).not.toBeNull();
      expect(await store.sessions.deleteForUser('u1', 'live')).toBe(0);
      const counts = await store.loginFailures.count(['user:stale', 'user:attacked'], new Date(0));
      expect(counts).toEqual(new Map([['user:stale', 0], ['user:attacked', 1]]));
    });

    it('keeps the audit log like finished notifications (HERALD_NOTIFICATION_RETENTION_DAYS)', async () => {
      const DAY = 86_400_000;
      const record = (id: string, at: Date) => ({ id, at, actor: { kind: 'user' as const, name: 'admin' }, clientIp: null, action: 'settings.rules.update', target: 'rules', changedFields: ['severities'] });
      await store.audit.append(record('old', ago(91 * DAY)));
      await store.audit.append(record('recent', ago(89 * DAY)));
      const pruner = new Pruner(store, { eventRetentionDays: 30, eventMax: 400_000, notificationRetentionDays: 90 }, () => NOW, pino({ level: 'silent' }));
      await pruner.runOnce();
      expect((await store.audit.list({ limit: 10 })).items.map((r) => r.id)).toEqual(['recent']);
    });
  });
});
