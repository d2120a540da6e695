/** Store contract: the ingest transaction (events + notifications, group commit), on SQLite and PostgreSQL alike (see harness.test-helpers.ts). */
import { describe, expect, it } from 'vitest';
import { item, makeEvent, makeNotification } from '../fixtures.test-helpers.js';
import { describeStoreContract } from './harness.test-helpers.js';

describeStoreContract('events ingest', (t) => {
  describe('events: ingest', () => {
    it('stores every field exactly', async () => {
      const full = makeEvent('e1');
      const sparse = makeEvent('e2', {
        typeName: null,
        description: null,
        device: { id: null, name: null, domain: null, ip: null },
        application: { id: null, name: null, version: null },
        task: null,
        data: null,
        sourceIp: null,
        severity: 'info',
      });
      expect(
        await t.store.events.ingest([
          { event: full, notification: null },
          { event: sparse, notification: null },
        ]),
      ).toEqual({ accepted: 2, duplicates: 0 });
      // Neither notified: no covering notification, no group.
      expect(await t.store.events.get('e1')).toEqual({ ...full, groupId: null, notificationId: null });
      expect(await t.store.events.get('e2')).toEqual({ ...sparse, groupId: null, notificationId: null });
      expect(await t.store.events.get('e3')).toBeNull();
    });

    it('writes the notification with the event', async () => {
      const n = makeNotification('n1', 'e1', { lastError: null, rejectedRecipients: ['x@example.com'] });
      await t.store.events.ingest([{ event: makeEvent('e1'), notification: n }]);
      expect(await t.store.notifications.get('n1')).toEqual({ ...n, leaseOwner: null, leaseUntil: null, attemptLog: [] });
    });

    it('first wins for a re-sent id: counted as duplicate, stored and notified once', async () => {
      await t.store.events.ingest([item('n1')]);
      const again = item('n2', {}, { id: 'e-n1', description: 'other content' });
      expect(await t.store.events.ingest([again, item('n3')])).toEqual({ accepted: 1, duplicates: 1 });
      expect((await t.store.events.get('e-n1'))?.description).toBe(makeEvent('x').description);
      expect(await t.store.notifications.get('n2')).toBeNull();
      expect((await t.store.notifications.list({}, { limit: 10 })).items.map((n) => n.id).sort()).toEqual(['n1', 'n3']);
    });

    it('first wins inside one batch too', async () => {
      const first = item('n1', {}, { id: 'same', description: 'first' });
      const second = item('n2', {}, { id: 'same', description: 'second' });
      expect(await t.store.events.ingest([first, second])).toEqual({ accepted: 1, duplicates: 1 });
      expect((await t.store.events.get('same'))?.description).toBe('first');
      expect(await t.store.notifications.get('n1')).not.toBeNull();
      expect(await t.store.notifications.get('n2')).toBeNull();
    });

    it('is all or nothing', async () => {
      await t.store.events.ingest([item('n1')]);
      // The second item's notification id collides with an existing one: the batch fails.
      const batch = [item('n2'), { event: makeEvent('e-x'), notification: makeNotification('n1', 'e-x') }, item('n3')];
      await expect(t.store.events.ingest(batch)).rejects.toThrow();
      expect(await t.store.events.get('e-n2')).toBeNull();
      expect(await t.store.events.get('e-x')).toBeNull();
      expect(await t.store.notifications.get('n2')).toBeNull();
      expect((await t.store.notifications.stats()).byStatus.queued).toBe(1);
      // An invalid row (unknown severity) fails the whole batch as well.
      const invalid = item('n5', {}, { severity: 'bogus' as 'info' });
      await expect(t.store.events.ingest([item('n4'), invalid])).rejects.toThrow();
      expect(await t.store.events.get('e-n4')).toBeNull();
    });

    it('concurrent batches (one group commit): first wins across them, a failing batch fails alone', async () => {
      const requests = [
        t.store.events.ingest([item('c1'), item('c2')]),
        t.store.events.ingest([item('c3', {}, { id: 'e-c1', description: 'later' }), item('c4')]),
        // Its notification id collides with c2's: this batch, and only this one, fails.
        t.store.events.ingest([item('c5'), { event: makeEvent('e-bad'), notification: makeNotification('c2', 'e-bad') }]),
        t.store.events.ingest([item('c6')]),
      ];
      const results = await Promise.allSettled(requests);
      expect(results.map((r) => (r.status === 'fulfilled' ? r.value : 'rejected'))).toEqual([
        { accepted: 2, duplicates: 0 },
        { accepted: 1, duplicates: 1 },
        'rejected',
        { accepted: 1, duplicates: 0 },
      ]);
      expect((await t.store.events.get('e-c1'))?.notificationId).toBe('c1');
      expect(await t.store.events.get('e-c5')).toBeNull();
      expect(await t.store.events.get('e-bad')).toBeNull();
      expect((await t.store.notifications.list({}, { limit: 10 })).items.map((n) => n.id).sort()).toEqual(['c1', 'c2', 'c4', 'c6']);
    });

    it('accepts an empty batch', async () => {
      expect(await t.store.events.ingest([])).toEqual({ accepted: 0, duplicates: 0 });
    });

    it('wakes listeners after a commit that created pending notifications only', async () => {
      let wakes = 0;
      const off = t.store.onNotificationsQueued(() => {
        wakes += 1;
      });
      await t.store.events.ingest([item('n1')]);
      expect(wakes).toBe(1);
      await t.store.events.ingest([item('n1')]); // duplicate: nothing new
      await t.store.events.ingest([{ event: makeEvent('quiet'), notification: null }]);
      await t.store.events.ingest([item('n2', { status: 'failed', nextAttemptAt: null })]);
      expect(wakes).toBe(1);
      off();
      await t.store.events.ingest([item('n3')]);
      expect(wakes).toBe(1);
    });
  });
});
