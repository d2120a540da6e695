/**
 * Store contract of the access-control repos (admin tokens, shared failed-login counters,
 * password changes, session purge), run against SQLite and PostgreSQL alike.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { at, T0 } from './fixtures.test-helpers.js';
import type { AdminToken, Store } from './ports.js';
import { storeFactories } from './test-support.js';

const factories = await storeFactories();

describe.each(factories)('$name store', (factory) => {
  describe.skipIf(factory.skip !== null)(factory.skip ?? 'access contract', () => {
    let store: Store;
    beforeEach(async () => {
      store = await factory.open();
    });
    afterEach(async () => {
      await factory.cleanup();
    });

    describe('admin tokens', () => {
      it('lists newest first, keeps who created each, revokes keeping the row', async () => {
        const a: AdminToken = {
          id: 'a1',
          name: 'automation',
          tokenHash: 'ha',
          createdAt: T0,
          createdBy: { kind: 'user', name: 'admin' },
          revokedAt: null,
          lastUsedAt: null,
        };
        const b: AdminToken = { ...a, id: 'a2', name: 'ci', tokenHash: 'hb', createdAt: at(1), createdBy: { kind: 'admin-token', name: 'HERALD_ADMIN_TOKEN' } };
        await store.adminTokens.create(a);
        await store.adminTokens.create(b);
        expect((await store.adminTokens.list()).map((t) => t.id)).toEqual(['a2', 'a1']);
        expect(await store.adminTokens.findByHash('hb')).toEqual(b);
        expect(await store.adminTokens.revoke('a1', at(10))).toBe(true);
        expect(await store.adminTokens.revoke('a1', at(20))).toBe(false);
        expect(await store.adminTokens.revoke('nope', at(20))).toBe(false);
        expect(await store.adminTokens.findByHash('ha')).toEqual({ ...a, revokedAt: at(10) });
        await store.adminTokens.markUsed('a2', at(30));
        expect((await store.adminTokens.findByHash('hb'))?.lastUsedAt).toEqual(at(30));
        expect(await store.adminTokens.findByHash('nope')).toBeNull();
        // An agent token's hash is not an admin token.
        await store.agentTokens.create({ id: 'g1', name: 'agent', tokenHash: 'hg', createdAt: T0, revokedAt: null, lastUsedAt: null });
        expect(await store.adminTokens.findByHash('hg')).toBeNull();
        await expect(store.adminTokens.create({ ...a, id: 'a3' })).rejects.toThrow();
      });
    });

    describe('failed-login counters', () => {
      const WINDOW = 60_000;
      it('counts per key within a window that starts at the first failure, then starts over', async () => {
        const keys = ['addr:10.0.0.1', 'user:admin'];
        expect(await store.loginFailures.count(keys, at(-WINDOW))).toEqual(new Map([['addr:10.0.0.1', 0], ['user:admin', 0]]));
        await store.loginFailures.recordAttempt(keys, at(0), at(-WINDOW));
        await store.loginFailures.recordAttempt(keys, at(1_000), at(1_000 - WINDOW));
        expect(await store.loginFailures.recordAttempt(['user:admin'], at(2_000), at(2_000 - WINDOW))).toEqual(new Map([['user:admin', 3]]));
        expect(await store.loginFailures.count(keys, at(2_000 - WINDOW))).toEqual(new Map([['addr:10.0.0.1', 2], ['user:admin', 3]]));
        // Once the window (from the first failure at 0) is over, the old count no longer counts…
        expect(await store.loginFailures.count(keys, at(WINDOW))).toEqual(new Map([['addr:10.0.0.1', 0], ['user:admin', 0]]));
        // …and the next failure starts a new window at 1.
        expect(await store.loginFailures.recordAttempt(['user:admin'], at(WINDOW + 5), at(5))).toEqual(new Map([['user:admin', 1]]));
        expect((await store.loginFailures.count(['user:admin'], at(6))).get('user:admin')).toBe(1);
        expect((await store.loginFailures.count(['user:admin'], at(WINDOW + 4))).get('user:admin')).toBe(1);
      });

      it('adds every concurrent failure (several instances share the counters)', async () => {
        const second = factory.name === 'postgres' ? await factory.reopen() : store;
        const both = [store, second];
        const answers = await Promise.all(
          Array.from({ length: 40 }, (_, i) => both[i % 2]!.loginFailures.recordAttempt(['user:admin', 'addr:10.0.0.9'], at(i), at(-WINDOW))),
        );
        // Every attempt saw a different count: none was lost or counted twice.
        expect(answers.map((counts) => counts.get('user:admin')).sort((a, b) => a! - b!)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
        expect(await store.loginFailures.count(['user:admin', 'addr:10.0.0.9'], at(-WINDOW))).toEqual(
          new Map([['user:admin', 40], ['addr:10.0.0.9', 40]]),
        );
      });

      it('clears one key and prunes only windows that began before the cut-off', async () => {
        await store.loginFailures.recordAttempt(['user:a', 'addr:1'], at(0), at(-WINDOW));
        await store.loginFailures.recordAttempt(['user:b'], at(5_000), at(5_000 - WINDOW));
        await store.loginFailures.clear('user:a');
        expect((await store.loginFailures.count(['user:a', 'addr:1'], at(-WINDOW))).get('user:a')).toBe(0);
        expect(await store.loginFailures.prune(at(1_000))).toBe(1);
        expect(await store.loginFailures.count(['addr:1', 'user:b'], at(-WINDOW))).toEqual(new Map([['addr:1', 0], ['user:b', 1]]));
      });
    });

    describe('passwords and sessions', () => {
      beforeEach(async () => {
        await store.users.create({ id: 'u1', username: 'admin', passwordHash: 'old', createdAt: T0 });
        await store.users.create({ id: 'u2', username: 'other', passwordHash: 'x', createdAt: T0 });
      });

      it('replaces a password hash', async () => {
        expect(await store.users.setPasswordHash('u1', 'new')).toBe(true);
        expect((await store.users.findById('u1'))?.passwordHash).toBe('new');
        expect((await store.users.findById('u2'))?.passwordHash).toBe('x');
        expect(await store.users.setPasswordHash('nope', 'new')).toBe(false);
      });

      it("ends a user's other sessions, or all of them, and purges expired ones", async () => {
        const session = (tokenHash: string, userId: string, expiresAt: Date) => ({ tokenHash, userId, csrfToken: 'c', createdAt: T0, expiresAt });
        await store.sessions.create(session('s1', 'u1', at(100_000)));
        await store.sessions.create(session('s2', 'u1', at(100_000)));
        await store.sessions.create(session('s3', 'u1', at(10)));
        await store.sessions.create(session('s4', 'u2', at(100_000)));
        expect(await store.sessions.deleteForUser('u1', 's1')).toBe(2);
        expect(await store.sessions.find('s1', T0)).not.toBeNull();
        expect(await store.sessions.find('s2', T0)).toBeNull();
        expect(await store.sessions.find('s4', T0)).not.toBeNull();
        await store.sessions.create(session('s5', 'u2', at(10)));
        expect(await store.sessions.pruneExpired(at(11))).toBe(1);
        expect(await store.sessions.find('s4', T0)).not.toBeNull();
        expect(await store.sessions.deleteForUser('u1', null)).toBe(1);
        expect(await store.sessions.find('s1', T0)).toBeNull();
      });
    });
  });
});
