/** Store contract: admin tokens, on SQLite and PostgreSQL alike (see harness.test-helpers.ts). */
import { describe, expect, it } from 'vitest';
import { at, T0 } from '../fixtures.test-helpers.js';
import type { AdminToken } from '../ports.js';
import { describeStoreContract } from './harness.test-helpers.js';

describeStoreContract('admin tokens', (t) => {
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
      await t.store.adminTokens.create(a);
      await t.store.adminTokens.create(b);
      expect((await t.store.adminTokens.list()).map((t) => t.id)).toEqual(['a2', 'a1']);
      expect(await t.store.adminTokens.findByHash('hb')).toEqual(b);
      expect(await t.store.adminTokens.revoke('a1', at(10))).toBe(true);
      expect(await t.store.adminTokens.revoke('a1', at(20))).toBe(false);
      expect(await t.store.adminTokens.revoke('nope', at(20))).toBe(false);
      expect(await t.store.adminTokens.findByHash('ha')).toEqual({ ...a, revokedAt: at(10) });
      await t.store.adminTokens.markUsed('a2', at(30));
      expect((await t.store.adminTokens.findByHash('hb'))?.lastUsedAt).toEqual(at(30));
      expect(await t.store.adminTokens.findByHash('nope')).toBeNull();
      // An agent token's hash is not an admin token.
      await t.store.agentTokens.create({ id: 'g1', name: 'agent', tokenHash: 'hg', createdAt: T0, revokedAt: null, lastUsedAt: null });
      expect(await t.store.adminTokens.findByHash('hg')).toBeNull();
      await expect(t.store.adminTokens.create({ ...a, id: 'a3' })).rejects.toThrow();
    });
  });
});
