/** Store contract: failed-login counters (shared by every instance), on SQLite and PostgreSQL alike (see harness.test-helpers.ts). */
import { describe, expect, it } from 'vitest';
import { at } from '../fixtures.test-helpers.js';
import { describeStoreContract } from './harness.test-helpers.js';

describeStoreContract('failed-login counters', (t) => {
  describe('failed-login counters', () => {
    const WINDOW = 60_000;
    it('counts per key within a window that starts at the first failure, then starts over', async () => {
      const keys = ['addr:10.0.0.1', 'user:admin'];
      expect(await t.store.loginFailures.count(keys, at(-WINDOW))).toEqual(new Map([['addr:10.0.0.1', 0], ['user:admin', 0]]));
      await t.store.loginFailures.recordAttempt(keys, at(0), at(-WINDOW));
      await t.store.loginFailures.recordAttempt(keys, at(1_000), at(1_000 - WINDOW));
      expect(await t.store.loginFailures.recordAttempt(['user:admin'], at(2_000), at(2_000 - WINDOW))).toEqual(new Map([['user:admin', 3]]));
      expect(await t.store.loginFailures.count(keys, at(2_000 - WINDOW))).toEqual(new Map([['addr:10.0.0.1', 2], ['user:admin', 3]]));
      // Once the window (from the first failure at 0) is over, the old count no longer counts…
      expect(await t.store.loginFailures.count(keys, at(WINDOW))).toEqual(new Map([['addr:10.0.0.1', 0], ['user:admin', 0]]));
      // …and the next failure starts a new window at 1.
      expect(await t.store.loginFailures.recordAttempt(['user:admin'], at(WINDOW + 5), at(5))).toEqual(new Map([['user:admin', 1]]));
      expect((await t.store.loginFailures.count(['user:admin'], at(6))).get('user:admin')).toBe(1);
      expect((await t.store.loginFailures.count(['user:admin'], at(WINDOW + 4))).get('user:admin')).toBe(1);
    });

    it('adds every concurrent failure (several instances share the counters)', async () => {
      const second = t.factory.name === 'postgres' ? await t.factory.reopen() : t.store;
      const both = [t.store, second];
      const answers = await Promise.all(
        Array.from({ length: 40 }, (_, i) => both[i % 2]!.loginFailures.recordAttempt(['user:admin', 'addr:10.0.0.9'], at(i), at(-WINDOW))),
      );
      // Every attempt saw a different count: none was lost or counted twice.
      expect(answers.map((counts) => counts.get('user:admin')).sort((a, b) => a! - b!)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
      expect(await t.store.loginFailures.count(['user:admin', 'addr:10.0.0.9'], at(-WINDOW))).toEqual(
        new Map([['user:admin', 40], ['addr:10.0.0.9', 40]]),
      );
    });

    it('clears one key and prunes only windows that began before the cut-off', async () => {
      await t.store.loginFailures.recordAttempt(['user:a', 'addr:1'], at(0), at(-WINDOW));
      await t.store.loginFailures.recordAttempt(['user:b'], at(5_000), at(5_000 - WINDOW));
      await t.store.loginFailures.clear('user:a');
      expect((await t.store.loginFailures.count(['user:a', 'addr:1'], at(-WINDOW))).get('user:a')).toBe(0);
      expect(await t.store.loginFailures.prune(at(1_000))).toBe(1);
      expect(await t.store.loginFailures.count(['addr:1', 'user:b'], at(-WINDOW))).toEqual(new Map([['addr:1', 0], ['user:b', 1]]));
    });
  });
});
