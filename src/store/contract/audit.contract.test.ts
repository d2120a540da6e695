/** Store contract: the audit log, on SQLite and PostgreSQL alike (see harness.test-helpers.ts). */
import { describe, expect, it } from 'vitest';
import { at } from '../fixtures.test-helpers.js';
import type { AuditRecord } from '../ports.js';
import { describeStoreContract } from './harness.test-helpers.js';

function entry(id: string, ms: number, overrides: Partial<AuditRecord> = {}): AuditRecord {
  return {
    id,
    at: at(ms),
    actor: { kind: 'user', name: 'admin' },
    clientIp: '10.0.0.1',
    action: 'settings.email.update',
    target: 'settings',
    changedFields: ['tls.mode', 'auth.password'],
    ...overrides,
  };
}

describeStoreContract('audit log', (t) => {
  describe('audit log', () => {
    it('round-trips every field and pages newest first with a stable cursor across equal times', async () => {
      const records = [
        entry('a1', 0),
        entry('a2', 10, { actor: { kind: 'admin-token', name: 'HERALD_ADMIN_TOKEN' }, clientIp: null, action: 'agent-token.create', target: 't1', changedFields: ['name'] }),
        entry('a3', 10, { action: 'session.login.failed', changedFields: [] }),
        entry('a4', 20),
      ];
      for (const record of records) await t.store.audit.append(record);
      const first = await t.store.audit.list({ limit: 2 });
      expect(first.items.map((r) => r.id)).toEqual(['a4', 'a3']);
      expect(first.nextCursor).not.toBeNull();
      const second = await t.store.audit.list({ limit: 2, before: first.nextCursor! });
      expect(second).toEqual({ items: [records[1], records[0]], nextCursor: null });
    });

    it('prunes entries older than the cut-off, oldest first, at most batchSize per call', async () => {
      for (let i = 0; i < 5; i++) await t.store.audit.append(entry(`p${i}`, i * 100));
      expect(await t.store.audit.prune(at(350), 2)).toBe(2);
      expect(await t.store.audit.prune(at(350), 2)).toBe(2);
      expect(await t.store.audit.prune(at(350), 2)).toBe(0);
      expect((await t.store.audit.list({ limit: 10 })).items.map((r) => r.id)).toEqual(['p4']);
    });
  });
});
