/** Store contract: password changes and session purge, on SQLite and PostgreSQL alike (see harness.test-helpers.ts). */
import { beforeEach, describe, expect, it } from 'vitest';
import { at, T0 } from '../fixtures.test-helpers.js';
import { describeStoreContract } from './harness.test-helpers.js';

describeStoreContract('passwords and sessions', (t) => {
  describe('passwords and sessions', () => {
    beforeEach(async () => {
      await t.store.users.create({ id: 'u1', username: 'admin', passwordHash: 'old', createdAt: T0 });
      await t.store.users.create({ id: 'u2', username: 'other', passwordHash: 'x', createdAt: T0 });
    });

    it('replaces a password hash', async () => {
      expect(await t.store.users.setPasswordHash('u1', 'new')).toBe(true);
      expect((await t.store.users.findById('u1'))?.passwordHash).toBe('new');
      expect((await t.store.users.findById('u2'))?.passwordHash).toBe('x');
      expect(await t.store.users.setPasswordHash('nope', 'new')).toBe(false);
    });

    it("ends a user's other sessions, or all of them, and purges expired ones", async () => {
      const session = (tokenHash: string, userId: string, expiresAt: Date) => ({ tokenHash, userId, csrfToken: 'c', createdAt: T0, expiresAt });
      await t.store.sessions.create(session('s1', 'u1', at(100_000)));
      await t.store.sessions.create(session('s2', 'u1', at(100_000)));
      await t.store.sessions.create(session('s3', 'u1', at(10)));
      await t.store.sessions.create(session('s4', 'u2', at(100_000)));
      expect(await t.store.sessions.deleteForUser('u1', 's1')).toBe(2);
      expect(await t.store.sessions.find('s1', T0)).not.toBeNull();
      expect(await t.store.sessions.find('s2', T0)).toBeNull();
      expect(await t.store.sessions.find('s4', T0)).not.toBeNull();
      await t.store.sessions.create(session('s5', 'u2', at(10)));
      expect(await t.store.sessions.pruneExpired(at(11))).toBe(1);
      expect(await t.store.sessions.find('s4', T0)).not.toBeNull();
      expect(await t.store.sessions.deleteForUser('u1', null)).toBe(1);
      expect(await t.store.sessions.find('s1', T0)).toBeNull();
    });
  });
});
