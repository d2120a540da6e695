/** Store contract: retry, stats, the ledger list and prune, and durability across reopen, on SQLite and PostgreSQL alike (see harness.test-helpers.ts). */
import { describe, expect, it } from 'vitest';
import { defaultEmailSettings } from '../../domain/email-settings.js';
import { InputError } from '../../domain/errors.js';
import { at, item, outcome, seedNotifications, T0 } from '../fixtures.test-helpers.js';
import { describeStoreContract } from './harness.test-helpers.js';

describeStoreContract('ledger', (t) => {
  describe('notifications: retry, stats, list, prune', () => {
    it('brings deferred notifications forward when the transport settings change, nothing else', async () => {
      await seedNotifications(t.store, [
        { id: 'later', status: 'deferred', nextAttemptAt: at(3_600_000) },
        { id: 'due', status: 'deferred', nextAttemptAt: at(1_000) },
        { id: 'q', nextAttemptAt: at(5_000_000) },
        { id: 'f', status: 'failed', nextAttemptAt: null },
      ]);
      let wakes = 0;
      t.store.onNotificationsQueued(() => {
        wakes += 1;
      });
      expect(await t.store.notifications.expediteDeferred(at(2_000))).toBe(1);
      expect(wakes).toBe(1);
      expect(await t.store.notifications.get('later')).toMatchObject({ status: 'deferred', nextAttemptAt: at(2_000), ageFrom: T0 });
      expect((await t.store.notifications.get('due'))?.nextAttemptAt).toEqual(at(1_000));
      expect((await t.store.notifications.get('q'))?.nextAttemptAt).toEqual(at(5_000_000));
      expect((await t.store.notifications.claim('w', at(2_000), at(30_000), 10)).map((n) => n.id).sort()).toEqual(['due', 'later']);
      expect(await t.store.notifications.expediteDeferred(at(2_000))).toBe(0);
    });

    it('retries only failed ones: queued now, age restarted, lastError kept', async () => {
      const error = { code: 'MAX_AGE_EXCEEDED' as const, message: 'too old' };
      await seedNotifications(t.store, [
        { id: 'f', status: 'failed', nextAttemptAt: null, lastError: error, attemptCount: 3 },
        { id: 'q' },
        { id: 's', status: 'sent', nextAttemptAt: null },
      ]);
      let wakes = 0;
      t.store.onNotificationsQueued(() => {
        wakes += 1;
      });
      expect(await t.store.notifications.retry('f', at(99_000))).toBe(true);
      expect(wakes).toBe(1);
      expect(await t.store.notifications.get('f')).toMatchObject({
        status: 'queued',
        nextAttemptAt: at(99_000),
        ageFrom: at(99_000),
        createdAt: T0,
        attemptCount: 3,
        lastError: error,
      });
      expect(await t.store.notifications.retry('f', at(99_000))).toBe(false);
      expect(await t.store.notifications.retry('q', at(99_000))).toBe(false);
      expect(await t.store.notifications.retry('s', at(99_000))).toBe(false);
      expect(await t.store.notifications.retry('absent', at(99_000))).toBe(false);
      expect(wakes).toBe(1);
      const claimed = await t.store.notifications.claim('w', at(99_000), at(120_000), 10);
      expect(claimed.map((n) => n.id).sort()).toEqual(['f', 'q']);
    });

    it('counts per status (zeros included) and the oldest pending createdAt', async () => {
      expect(await t.store.notifications.stats()).toEqual({
        byStatus: { queued: 0, sending: 0, deferred: 0, sent: 0, failed: 0 },
        oldestPendingCreatedAt: null,
      });
      await seedNotifications(t.store, [
        { id: 'old-sent', status: 'sent', createdAt: at(-9_000), nextAttemptAt: null },
        { id: 'q', createdAt: at(-5_000) },
        { id: 'd', status: 'deferred', createdAt: at(-1_000) },
        { id: 'q2', createdAt: at(-7_000), nextAttemptAt: at(-7_000) },
      ]);
      await t.store.notifications.claim('w', at(10), at(30_000), 1); // q2 (due first) → sending
      const stats = await t.store.notifications.stats();
      expect(stats.byStatus).toEqual({ queued: 1, sending: 1, deferred: 1, sent: 1, failed: 0 });
      expect(stats.oldestPendingCreatedAt).toEqual(at(-7_000));
    });

    it('lists newest first with status filter and a stable cursor', async () => {
      await seedNotifications(t.store, [
        { id: 'a', createdAt: at(0) },
        { id: 'b', createdAt: at(1) },
        { id: 'c', createdAt: at(1) },
        { id: 'd', createdAt: at(1), status: 'failed', nextAttemptAt: null },
        { id: 'e', createdAt: at(2) },
      ]);
      const first = await t.store.notifications.list({}, { limit: 3 });
      expect(first.items.map((n) => n.id)).toEqual(['e', 'd', 'c']);
      const second = await t.store.notifications.list({}, { limit: 3, before: first.nextCursor ?? undefined });
      expect(second.items.map((n) => n.id)).toEqual(['b', 'a']);
      expect(second.nextCursor).toBeNull();
      expect((await t.store.notifications.list({ status: 'failed' }, { limit: 3 })).items.map((n) => n.id)).toEqual(['d']);
      const queued1 = await t.store.notifications.list({ status: 'queued' }, { limit: 2 });
      expect(queued1.items.map((n) => n.id)).toEqual(['e', 'c']);
      const queued2 = await t.store.notifications.list({ status: 'queued' }, { limit: 2, before: queued1.nextCursor ?? undefined });
      expect(queued2.items.map((n) => n.id)).toEqual(['b', 'a']);
      await expect(t.store.notifications.list({}, { limit: 1, before: '%%%' })).rejects.toBeInstanceOf(InputError);
    });

    it('prunes only finished notifications older than the limit, with their attempt log', async () => {
      await seedNotifications(t.store, [
        { id: 's1', status: 'sent', createdAt: at(-3), nextAttemptAt: null },
        { id: 'f1', status: 'failed', createdAt: at(-2), nextAttemptAt: null },
        { id: 's2', status: 'sent', createdAt: at(-1), nextAttemptAt: null },
        { id: 'q', createdAt: at(-10) },
        { id: 'd', status: 'deferred', createdAt: at(-10) },
        { id: 'new', status: 'sent', createdAt: at(5), nextAttemptAt: null },
        { id: 'live', createdAt: at(-10), nextAttemptAt: at(-10) },
      ]);
      await t.store.notifications.claim('w', T0, at(30_000), 1); // 'live' → sending
      await t.store.notifications.complete('live', 'w', outcome({ status: 'failed', sentAt: null }));
      expect(await t.store.notifications.prune(T0, 2)).toBe(2);
      expect(await t.store.notifications.prune(T0, 2)).toBe(2);
      expect(await t.store.notifications.prune(T0, 2)).toBe(0);
      const left = (await t.store.notifications.list({}, { limit: 50 })).items.map((n) => n.id).sort();
      expect(left).toEqual(['d', 'new', 'q']);
      expect(await t.store.notifications.get('live')).toBeNull();
    });
  });

  it('keeps everything across close and reopen', async () => {
    await t.store.events.ingest([item('n1')]);
    await t.store.settings.putEmail(defaultEmailSettings());
    await t.store.close();
    const again = await t.factory.reopen();
    expect(await again.events.get('e-n1')).not.toBeNull();
    expect((await again.notifications.get('n1'))?.status).toBe('queued');
    expect((await again.settings.getEmail())?.version).toBe(1);
  });
});
