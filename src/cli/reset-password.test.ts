/** `resetPassword` on both stores: new hash, sessions ended, the user name's lock-out cleared, audited. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { verifyPassword } from '../auth/passwords.js';
import type { Store } from '../store/ports.js';
import { storeFactories } from '../store/store-factories.test-helpers.js';
import { resetPassword } from './reset-password.js';

const factories = await storeFactories();
const NOW = new Date('2026-12-01T00:00:00Z');

describe.each(factories)('resetPassword on $name', (factory) => {
  describe.skipIf(factory.skip !== null)(factory.skip ?? 'reset', () => {
    let store: Store;
    beforeEach(async () => {
      store = await factory.open();
    });
    afterEach(() => factory.cleanup());

    it("sets a new password, ends the user's sessions, unlocks the user name and records it", async () => {
      await store.users.create({ id: 'u1', username: 'admin', passwordHash: 'old', createdAt: NOW });
      await store.sessions.create({ tokenHash: 's1', userId: 'u1', csrfToken: 'c', createdAt: NOW, expiresAt: new Date(NOW.getTime() + 60_000) });
      for (let i = 0; i < 25; i++) await store.loginFailures.recordAttempt(['user:admin', 'addr:10.0.0.1'], NOW, new Date(0));
      const { password, created } = await resetPassword(store, 'Admin'.toLowerCase(), NOW);
      expect(created).toBe(false);
      expect(await verifyPassword(password, (await store.users.findById('u1'))!.passwordHash)).toBe(true);
      expect(await store.sessions.find('s1', NOW)).toBeNull();
      expect(await store.loginFailures.count(['user:admin', 'addr:10.0.0.1'], new Date(0))).toEqual(new Map([['user:admin', 0], ['addr:10.0.0.1', 25]]));
      const audit = (await store.audit.list({ limit: 10 })).items;
      expect(audit).toMatchObject([{ action: 'user.password.reset', target: 'admin', changedFields: ['password'], actor: { kind: 'user', name: 'herald admin reset-password' } }]);
      expect(JSON.stringify(audit)).not.toContain(password);
    });
  });
});
