/** Store contract: admin users and console sessions, on SQLite and PostgreSQL alike (see harness.test-helpers.ts). */
import { describe, expect, it } from 'vitest';
import { at, T0 } from '../fixtures.test-helpers.js';
import { describeStoreContract } from './harness.test-helpers.js';

describeStoreContract('users', (t) => {
  describe('users and sessions', () => {
    it('creates, counts and finds admin users', async () => {
      expect(await t.store.users.count()).toBe(0);
      const user = { id: 'u1', username: 'admin', passwordHash: 'scrypt$16384$8$1$salt$hash', createdAt: T0 };
      await t.store.users.create(user);
      expect(await t.store.users.count()).toBe(1);
      expect(await t.store.users.findByUsername('admin')).toEqual(user);
      expect(await t.store.users.findById('u1')).toEqual(user);
      expect(await t.store.users.findByUsername('Admin')).toBeNull();
      expect(await t.store.users.findById('u2')).toBeNull();
      await expect(t.store.users.create({ ...user, id: 'u2' })).rejects.toThrow();
    });

    it('finds a session until it expires, and not after delete', async () => {
      await t.store.users.create({ id: 'u1', username: 'admin', passwordHash: 'h', createdAt: T0 });
      const session = { tokenHash: 'th', userId: 'u1', csrfToken: 'csrf', createdAt: T0, expiresAt: at(60_000) };
      await t.store.sessions.create(session);
      expect(await t.store.sessions.find('th', at(59_999))).toEqual(session);
      expect(await t.store.sessions.find('th', at(60_000))).toBeNull();
      expect(await t.store.sessions.find('other', T0)).toBeNull();
      await t.store.sessions.delete('th');
      expect(await t.store.sessions.find('th', T0)).toBeNull();
    });
  });
});
