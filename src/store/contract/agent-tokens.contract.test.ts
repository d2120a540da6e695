/** Store contract: agent tokens, on SQLite and PostgreSQL alike (see harness.test-helpers.ts). */
import { describe, expect, it } from 'vitest';
import { at, T0 } from '../fixtures.test-helpers.js';
import { describeStoreContract } from './harness.test-helpers.js';

describeStoreContract('agent tokens', (t) => {
  describe('agent tokens', () => {
    it('lists newest first, revokes keeping the row, finds revoked ones by hash', async () => {
      const a = { id: 't1', name: 'agents A', tokenHash: 'ha', createdAt: T0, revokedAt: null, lastUsedAt: null };
      const b = { ...a, id: 't2', name: 'agents B', tokenHash: 'hb', createdAt: at(1) };
      await t.store.agentTokens.create(a);
      await t.store.agentTokens.create(b);
      expect((await t.store.agentTokens.list()).map((t) => t.id)).toEqual(['t2', 't1']);
      expect(await t.store.agentTokens.findByHash('ha')).toEqual(a);
      expect(await t.store.agentTokens.revoke('t1', at(10))).toBe(true);
      expect(await t.store.agentTokens.revoke('t1', at(20))).toBe(false);
      expect(await t.store.agentTokens.revoke('nope', at(20))).toBe(false);
      expect(await t.store.agentTokens.findByHash('ha')).toEqual({ ...a, revokedAt: at(10) });
      expect(await t.store.agentTokens.list()).toHaveLength(2);
      await t.store.agentTokens.markUsed('t2', at(30));
      expect((await t.store.agentTokens.findByHash('hb'))?.lastUsedAt).toEqual(at(30));
      expect(await t.store.agentTokens.findByHash('nope')).toBeNull();
    });

    it('answers concurrent look-ups each with its own token, also when they share one query', async () => {
      const a = { id: 't1', name: 'agents A', tokenHash: 'ha', createdAt: T0, revokedAt: null, lastUsedAt: null };
      await t.store.agentTokens.create(a);
      await t.store.agentTokens.create({ ...a, id: 't2', tokenHash: 'hb' });
      const found = await Promise.all(['ha', 'nope', 'hb', 'ha'].map((hash) => t.store.agentTokens.findByHash(hash)));
      expect(found.map((token) => token?.id ?? null)).toEqual(['t1', null, 't2', 't1']);
      // A revocation committed before a look-up is seen by it.
      await t.store.agentTokens.revoke('t2', at(5));
      const after = await Promise.all(['hb', 'ha'].map((hash) => t.store.agentTokens.findByHash(hash)));
      expect(after.map((token) => token?.revokedAt ?? null)).toEqual([at(5), null]);
    });
  });
});
