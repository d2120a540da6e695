/** Store contract: the event list, its filters and cursor, and retention, on SQLite and PostgreSQL alike (see harness.test-helpers.ts). */
import { beforeEach, describe, expect, it } from 'vitest';
import { InputError } from '../../domain/errors.js';
import { at, makeEvent } from '../fixtures.test-helpers.js';
import type { Store } from '../ports.js';
import { describeStoreContract } from './harness.test-helpers.js';

describeStoreContract('events list', (t) => {
  describe('events: list and prune', () => {
    // 7 events, several sharing one receivedAt, with mixed attributes.
    beforeEach(async () => {
      const spec: Array<[string, number, 'critical' | 'info', string, string]> = [
        ['a', 0, 'critical', 'kes', 'WKS-1'],
        ['b', 1000, 'info', 'kes', 'WKS-2'],
        ['c', 1000, 'critical', 'kes', 'WKS-1'],
        ['d', 1000, 'critical', 'ksn', 'WKS-1'],
        ['e', 1000, 'info', 'kes', 'WKS-1'],
        ['f', 2000, 'critical', 'kes', 'WKS-1'],
        ['g', 3000, 'critical', 'kes', 'WKS-2'],
      ];
      await t.store.events.ingest(
        spec.map(([id, ms, severity, app, device]) => ({
          event: makeEvent(id, {
            receivedAt: at(ms),
            severity,
            application: { id: app, name: null, version: null },
            device: { id: null, name: device, domain: null, ip: null },
          }),
          notification: null,
        })),
      );
    });

    it('pages newest first with a stable cursor across equal timestamps', async () => {
      const seen: string[] = [];
      let before: string | undefined;
      for (let pages = 0; pages < 10; pages += 1) {
        const page = await t.store.events.list({}, { limit: 2, before });
        expect(page.items.length).toBeLessThanOrEqual(2);
        seen.push(...page.items.map((e) => e.id));
        if (page.nextCursor === null) break;
        before = page.nextCursor;
      }
      expect(seen).toEqual(['g', 'f', 'e', 'd', 'c', 'b', 'a']);
      const all = await t.store.events.list({}, { limit: 7 });
      expect(all.items).toHaveLength(7);
      expect(all.nextCursor).toBeNull();
    });

    it('combines filters', async () => {
      const ids = async (filter: Parameters<Store['events']['list']>[0]): Promise<string[]> =>
        (await t.store.events.list(filter, { limit: 50 })).items.map((e) => e.id);
      expect(await ids({ severity: 'info' })).toEqual(['e', 'b']);
      expect(await ids({ applicationId: 'ksn' })).toEqual(['d']);
      expect(await ids({ deviceName: 'WKS-2' })).toEqual(['g', 'b']);
      expect(await ids({ severity: 'critical', applicationId: 'kes', deviceName: 'WKS-1' })).toEqual(['f', 'c', 'a']);
      const first = await t.store.events.list({ severity: 'critical', deviceName: 'WKS-1' }, { limit: 2 });
      expect(first.items.map((e) => e.id)).toEqual(['f', 'd']);
      const second = await t.store.events.list(
        { severity: 'critical', deviceName: 'WKS-1' },
        { limit: 2, before: first.nextCursor ?? undefined },
      );
      expect(second.items.map((e) => e.id)).toEqual(['c', 'a']);
      expect(second.nextCursor).toBeNull();
    });

    it('orders ties of receivedAt by id inside a filter too, whatever the insertion order', async () => {
      const tie = (id: string) => ({ event: makeEvent(id, { receivedAt: at(5000), severity: 'error' as const }), notification: null });
      await t.store.events.ingest([tie('z'), tie('x'), tie('y')]);
      const first = await t.store.events.list({ severity: 'error' }, { limit: 2 });
      expect(first.items.map((e) => e.id)).toEqual(['z', 'y']);
      const second = await t.store.events.list({ severity: 'error' }, { limit: 2, before: first.nextCursor ?? undefined });
      expect(second.items.map((e) => e.id)).toEqual(['x']);
      expect(second.nextCursor).toBeNull();
    });

    it('refuses a malformed cursor with a 400 InputError', async () => {
      await expect(t.store.events.list({}, { limit: 5, before: 'not-a-cursor' })).rejects.toBeInstanceOf(InputError);
      // The device filter reads its own index on SQLite (sqlite/device-list.ts): same answer.
      await expect(t.store.events.list({ deviceName: 'WKS-1' }, { limit: 5, before: 'not-a-cursor' })).rejects.toBeInstanceOf(InputError);
    });

    it('prunes by age, oldest first, at most batchSize per call', async () => {
      expect(await t.store.events.prune(at(1500), 100, 3)).toBe(3);
      expect(await t.store.events.prune(at(1500), 100, 3)).toBe(2);
      expect(await t.store.events.prune(at(1500), 100, 3)).toBe(0);
      expect((await t.store.events.list({}, { limit: 50 })).items.map((e) => e.id)).toEqual(['g', 'f']);
    });

    it('lists by device only the events left after a prune, and an id sent again once, at its new place', async () => {
      const byDevice = async (device: string): Promise<string[]> => (await t.store.events.list({ deviceName: device }, { limit: 50 })).items.map((e) => e.id);
      expect(await t.store.events.prune(at(1500), 100, 100)).toBe(5);
      expect(await byDevice('WKS-1')).toEqual(['f']);
      expect(await byDevice('WKS-2')).toEqual(['g']);
      // 'c' (pruned, WKS-1) comes again from WKS-2, later than everything.
      await t.store.events.ingest([{ event: makeEvent('c', { receivedAt: at(4000), device: { id: null, name: 'WKS-2', domain: null, ip: null } }), notification: null }]);
      expect(await byDevice('WKS-1')).toEqual(['f']);
      expect(await byDevice('WKS-2')).toEqual(['c', 'g']);
    });

    it('prunes beyond the newest maxCount, and the union with the age limit', async () => {
      expect(await t.store.events.prune(at(-1), 3, 100)).toBe(4);
      expect((await t.store.events.list({}, { limit: 50 })).items.map((e) => e.id)).toEqual(['g', 'f', 'e']);
      expect(await t.store.events.prune(at(2500), 2, 100)).toBe(2);
      expect((await t.store.events.list({}, { limit: 50 })).items.map((e) => e.id)).toEqual(['g']);
      expect(await t.store.events.prune(at(-1), 0, 100)).toBe(1);
    });

    it('finds the maxCount boundary exactly in a table larger than one boundary step (10,000 rows), across ties', async () => {
      const id = (i: number) => `p${String(i).padStart(5, '0')}`;
      for (let from = 0; from < 22_000; from += 1000) {
        const batch = Array.from({ length: 1000 }, (_, k) => ({ event: makeEvent(id(from + k), { receivedAt: at(10_000 + ((from + k) >> 3)) }), notification: null }));
        await t.store.events.ingest(batch);
      }
      // 7 + 22,000 stored; keep the newest 12,345: everything up to p09654 goes (with a-g).
      expect(await t.store.events.prune(at(-1), 12_345, 100_000)).toBe(22_007 - 12_345);
      expect(await t.store.events.get(id(9654))).toBeNull();
      expect(await t.store.events.get(id(9655))).not.toBeNull();
      expect(await t.store.events.prune(at(-1), 12_345, 100_000)).toBe(0);
    }, 60_000);

    it('keeps the newest maxCount while events arrive in the middle of a pruning pass', async () => {
      const ids = async (): Promise<string[]> => (await t.store.events.list({}, { limit: 50 })).items.map((e) => e.id);
      expect(await t.store.events.prune(at(-1), 3, 2)).toBe(2); // a pass in batches of 2
      const newer = (id: string, ms: number) => ({ event: makeEvent(id, { receivedAt: at(ms) }), notification: null });
      await t.store.events.ingest([newer('h', 4000), newer('i', 5000)]);
      expect(await t.store.events.prune(at(-1), 3, 2)).toBe(2);
      expect(await t.store.events.prune(at(-1), 3, 2)).toBe(0); // this pass is done
      expect(await ids()).toEqual(['i', 'h', 'g', 'f', 'e']);
      expect(await t.store.events.prune(at(-1), 3, 100)).toBe(2); // the next pass trims to 3
      expect(await ids()).toEqual(['i', 'h', 'g']);
    });
  });
});
