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
  });
});
