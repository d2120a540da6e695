/** Store contract: per-application policies, on SQLite and PostgreSQL alike (see harness.test-helpers.ts). */
import { describe, expect, it } from 'vitest';
import { at, makePolicy, T0 } from '../fixtures.test-helpers.js';
import { describeStoreContract } from './harness.test-helpers.js';

describeStoreContract('policies', (t) => {
  describe('policies', () => {
    it('puts (keeping createdAt), gets, lists by applicationId and deletes', async () => {
      const first = await t.store.policies.put(makePolicy('kes'));
      expect(first).toEqual(makePolicy('kes'));
      await t.store.policies.put(makePolicy('aaa'));
      const replaced = await t.store.policies.put(
        makePolicy('kes', { name: 'renamed', email: {}, rules: {}, createdAt: at(99), updatedAt: at(100) }),
      );
      expect(replaced).toEqual(makePolicy('kes', { name: 'renamed', email: {}, rules: {}, createdAt: T0, updatedAt: at(100) }));
      expect(await t.store.policies.get('kes')).toEqual(replaced);
      expect((await t.store.policies.list()).map((p) => p.applicationId)).toEqual(['aaa', 'kes']);
      expect(await t.store.policies.delete('kes')).toBe(true);
      expect(await t.store.policies.delete('kes')).toBe(false);
      expect(await t.store.policies.get('kes')).toBeNull();
    });
  });
});
