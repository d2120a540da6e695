/**
 * Store contract: storm control (groups, their first and digest notifications, claim priority,
 * transport gates, throughput), on SQLite and PostgreSQL alike (see harness.test-helpers.ts).
 */
import { describe, expect, it } from 'vitest';
import { defaultGrouping, type Grouping } from '../../domain/grouping.js';
import { groupJoinFor } from '../../grouping/join.js';
import { at, makeEvent, makeNotification, outcome, seedNotifications, T0 } from '../fixtures.test-helpers.js';
import type { DueGroup, GroupNotificationBuilder, IngestItem } from '../ports.js';
import { describeStoreContract } from './harness.test-helpers.js';

/** A notifying event at `ms` after T0 that joins its group under `grouping`. */
function grouped(id: string, ms: number, grouping: Grouping = defaultGrouping(), device = `dev-${id}`): IngestItem {
  const event = makeEvent(id, { receivedAt: at(ms), occurredAt: at(ms), device: { id: device, name: device, domain: null, ip: null } });
  return { event, notification: makeNotification(`n-${id}`, id, { createdAt: at(ms), ageFrom: at(ms), nextAttemptAt: at(ms) }), group: groupJoinFor(event, grouping) };
}

/** A builder that records what it was given. */
function recordingBuilder(seen: DueGroup[]): GroupNotificationBuilder {
  return (due, now) => {
    seen.push(due);
    return makeNotification(`digest-${seen.length}`, due.newest[0]?.id ?? '?', { subject: `${due.eventCount} events`, createdAt: now, ageFrom: now, nextAttemptAt: now });
  };
}

const SECOND = 1000;

describeStoreContract('groups', (t) => {
  describe('groups: first and digests', () => {
    it('counts the interval from when the first notification was made, not from its event a moment before', async () => {
      const event = grouped('late', 0);
      // The event arrived at T0; its first notification was made 5 s later (a slow request).
      const made: IngestItem = { ...event, notification: makeNotification('n-late', 'late', { createdAt: at(5 * SECOND), ageFrom: at(5 * SECOND), nextAttemptAt: at(5 * SECOND) }) };
      await t.store.events.ingest([made]);
      await t.store.events.ingest([grouped('after', 10 * SECOND)]);
      const group = await t.store.groups.get((await t.store.notifications.get('n-late'))?.groupId ?? '');
      expect(group?.nextDigestAt).toEqual(at(305 * SECOND));
      const seen: DueGroup[] = [];
      expect(await t.store.groups.flushDue(at(304 * SECOND), 10, recordingBuilder(seen))).toBe(0);
      expect(await t.store.groups.flushDue(at(305 * SECOND), 10, recordingBuilder(seen))).toBe(1);
    });

    it('notifies the first event of a new group at once (kind first) and collects later ones into one digest with exact counts', async () => {
      await t.store.events.ingest([grouped('e1', 0)]);
      const first = await t.store.notifications.get('n-e1');
      expect(first).toMatchObject({ kind: 'first', eventIds: ['e1'], eventCount: 1, status: 'queued' });
      const event1 = await t.store.events.get('e1');
      expect(event1?.notificationId).toBe('n-e1');
      expect(event1?.groupId).toBe(first?.groupId);

      // Three more events of the same key (one a batch of two), two devices alike.
      await t.store.events.ingest([grouped('e2', 10 * SECOND, undefined, 'wks-a')]);
      await t.store.events.ingest([grouped('e3', 20 * SECOND, undefined, 'wks-a'), grouped('e4', 30 * SECOND, undefined, 'wks-b')]);
      expect(await t.store.notifications.get('n-e2')).toBeNull(); // no notification of its own
      expect((await t.store.events.get('e2'))?.notificationId).toBeNull(); // waits for the digest

      const groupId = first?.groupId ?? '';
      const group = await t.store.groups.get(groupId);
      expect(group).toMatchObject({ eventCount: 4, pendingCount: 3, firstDone: true, notificationIds: ['n-e1'] });
      // The digest is due one interval after the first notification.
      expect(group?.nextDigestAt).toEqual(at(300 * SECOND));

      const seen: DueGroup[] = [];
      expect(await t.store.groups.flushDue(at(299 * SECOND), 10, recordingBuilder(seen))).toBe(0);
      expect(await t.store.groups.flushDue(at(300 * SECOND), 10, recordingBuilder(seen))).toBe(1);
      expect(seen).toHaveLength(1);
      expect(seen[0]).toMatchObject({ kind: 'digest', eventCount: 3, deviceCount: 2, firstOccurredAt: at(10 * SECOND), lastOccurredAt: at(30 * SECOND) });
      expect(seen[0]?.newest.map((e) => e.id)).toEqual(['e4', 'e3', 'e2']);

      const digest = await t.store.notifications.get('digest-1');
      expect(digest).toMatchObject({ kind: 'digest', groupId, eventCount: 3, eventIds: ['e4', 'e3', 'e2'] });
      const covered = await t.store.events.list({ notificationId: 'digest-1' }, { limit: 50 });
      expect(covered.items.map((e) => e.id).sort()).toEqual(['e2', 'e3', 'e4']);
      expect(await t.store.groups.get(groupId)).toMatchObject({ pendingCount: 0, nextDigestAt: null, notificationIds: ['n-e1', 'digest-1'] });
      // Nothing due any more: a second flush creates nothing.
      expect(await t.store.groups.flushDue(at(900 * SECOND), 10, recordingBuilder(seen))).toBe(0);
    });

    it('keeps at most 50 event ids on a digest but counts them all', async () => {
      await t.store.events.ingest([grouped('first', 0)]);
      await t.store.events.ingest(Array.from({ length: 70 }, (_, i) => grouped(`e${String(i).padStart(2, '0')}`, SECOND + i)));
      const seen: DueGroup[] = [];
      expect(await t.store.groups.flushDue(at(400 * SECOND), 10, recordingBuilder(seen))).toBe(1);
      const digest = await t.store.notifications.get('digest-1');
      expect(digest?.eventCount).toBe(70);
      expect(digest?.eventIds).toHaveLength(50);
      expect(digest?.eventIds[0]).toBe('e69');
      const all = await t.store.events.list({ notificationId: 'digest-1' }, { limit: 500 });
      expect(all.items).toHaveLength(70);
    });

    it('ends a group after idleSeconds without events: the next event starts a new group and is notified at once', async () => {
      const grouping = { ...defaultGrouping(), idleSeconds: 60 };
      await t.store.events.ingest([grouped('a', 0, grouping)]);
      await t.store.events.ingest([grouped('b', 30 * SECOND, grouping)]);
      await t.store.events.ingest([grouped('c', 100 * SECOND, grouping)]); // 70 s after b: idle
      const a = await t.store.events.get('a');
      const b = await t.store.events.get('b');
      const c = await t.store.events.get('c');
      expect(b?.groupId).toBe(a?.groupId);
      expect(c?.groupId).not.toBe(a?.groupId);
      expect(await t.store.notifications.get('n-c')).toMatchObject({ kind: 'first', eventCount: 1 });
      const active = await t.store.groups.list({ active: true }, { limit: 50 }, at(101 * SECOND));
      expect(active.items.map((g) => g.id)).toEqual([c?.groupId]);
      // b is still covered by exactly one notification: the old group's digest.
      const seen: DueGroup[] = [];
      expect(await t.store.groups.flushDue(at(400 * SECOND), 10, recordingBuilder(seen))).toBe(1);
      expect((await t.store.events.get('b'))?.notificationId).toBe('digest-1');
    });

    it('with waitSeconds, creates no first notification at ingest; the scheduler makes one covering every event of the wait', async () => {
      const grouping = { ...defaultGrouping(), waitSeconds: 30 };
      await t.store.events.ingest([grouped('w1', 0, grouping), grouped('w2', 5 * SECOND, grouping)]);
      await t.store.events.ingest([grouped('w3', 10 * SECOND, grouping)]);
      expect(await t.store.notifications.get('n-w1')).toBeNull();
      const seen: DueGroup[] = [];
      expect(await t.store.groups.flushDue(at(29 * SECOND), 10, recordingBuilder(seen))).toBe(0);
      expect(await t.store.groups.flushDue(at(30 * SECOND), 10, recordingBuilder(seen))).toBe(1);
      expect(seen[0]).toMatchObject({ kind: 'first', eventCount: 3 });
      expect(await t.store.notifications.get('digest-1')).toMatchObject({ kind: 'first', eventCount: 3 });
    });

    it('keeps groups of different keys apart and grouping off makes single notifications', async () => {
      const off = { ...defaultGrouping(), by: [] };
      expect(groupJoinFor(makeEvent('x'), off)).toBeNull();
      await t.store.events.ingest([
        { event: makeEvent('s1'), notification: makeNotification('n-s1', 's1'), group: null },
        grouped('t1', 0),
        { ...grouped('t2', 0), ...(() => { const e = makeEvent('t2', { type: 'OTHER_TYPE' }); return { event: e, group: groupJoinFor(e, defaultGrouping()) }; })() },
      ]);
      expect(await t.store.notifications.get('n-s1')).toMatchObject({ kind: 'single', groupId: null, eventCount: 1 });
      expect((await t.store.events.get('s1'))?.notificationId).toBe('n-s1');
      expect(await t.store.notifications.get('n-t1')).toMatchObject({ kind: 'first' });
      expect(await t.store.notifications.get('n-t2')).toMatchObject({ kind: 'first' });
      const all = await t.store.groups.list({}, { limit: 50 }, T0);
      expect(all.items).toHaveLength(2);
    });
  });

  describe('notifications: claim priority, postpone, throttled attempts', () => {
    it("claims a group's first (and single) notifications before digests, even when the digests are older", async () => {
      await seedNotifications(t.store, [
        { id: 'digest-old', kind: 'digest', nextAttemptAt: at(0) },
        { id: 'digest-older', kind: 'digest', nextAttemptAt: at(-1000) },
        { id: 'first-new', kind: 'first', nextAttemptAt: at(5000) },
        { id: 'single-new', kind: 'single', nextAttemptAt: at(6000) },
      ]);
      const one = await t.store.notifications.claim('w', at(10_000), at(40_000), 1);
      expect(one.map((n) => n.id)).toEqual(['first-new']);
      const rest = await t.store.notifications.claim('w', at(10_000), at(40_000), 10);
      expect(rest.map((n) => n.id)).toEqual(['single-new', 'digest-older', 'digest-old']);
      expect(await t.store.notifications.nextDueAt()).toEqual(at(40_000));
    });

    it('gives a claimed notification back queued without an attempt (postpone)', async () => {
      await seedNotifications(t.store, [{ id: 'p', nextAttemptAt: at(0) }]);
      await t.store.notifications.claim('w', at(0), at(30_000), 1);
      expect(await t.store.notifications.postpone('p', 'other', at(2000))).toBe(false);
      expect(await t.store.notifications.postpone('p', 'w', at(2000))).toBe(true);
      expect(await t.store.notifications.get('p')).toMatchObject({ status: 'queued', attemptCount: 0, nextAttemptAt: at(2000), leaseOwner: null, attemptLog: [] });
      expect(await t.store.notifications.claim('w', at(1999), at(30_000), 1)).toEqual([]);
      expect(await t.store.notifications.claim('w', at(2000), at(30_000), 1)).toHaveLength(1);
    });

    it('counts throttled attempts apart (they do not grow the backoff)', async () => {
      await seedNotifications(t.store, [{ id: 't', nextAttemptAt: at(0) }]);
      await t.store.notifications.claim('w', at(0), at(30_000), 1);
      await t.store.notifications.complete('t', 'w', outcome({ status: 'deferred', nextAttemptAt: at(1000), throttled: true }));
      await t.store.notifications.claim('w', at(1000), at(30_000), 1);
      await t.store.notifications.complete('t', 'w', outcome({ status: 'deferred', nextAttemptAt: at(3000) }));
      expect(await t.store.notifications.get('t')).toMatchObject({ attemptCount: 2, throttledCount: 1 });
    });
  });

  describe('transport gates', () => {
    it('spaces sends by the rate limit and shares the slot', async () => {
      expect(await t.store.transportGates.take('k', at(0), 2000)).toEqual({ granted: true, throttleStreak: false });
      expect(await t.store.transportGates.take('k', at(500), 2000)).toEqual({ granted: false, retryAt: at(2000) });
      expect(await t.store.transportGates.take('k', at(2000), 2000)).toEqual({ granted: true, throttleStreak: false });
      expect(await t.store.transportGates.take('other', at(2000), 2000)).toEqual({ granted: true, throttleStreak: false });
      expect(await t.store.transportGates.take('unlimited', at(2000), null)).toEqual({ granted: true, throttleStreak: false });
      expect(await t.store.transportGates.take('unlimited', at(2001), null)).toEqual({ granted: true, throttleStreak: false });
    });

    it('pauses a throttled transport, doubling up to the maximum while it keeps throttling, and starts over after a success', async () => {
      expect(await t.store.transportGates.pause('k', at(0), 1000, 3000)).toEqual(at(1000));
      expect(await t.store.transportGates.take('k', at(500), null)).toEqual({ granted: false, retryAt: at(1000) });
      expect(await t.store.transportGates.pause('k', at(1000), 1000, 3000)).toEqual(at(3000));
      expect(await t.store.transportGates.pause('k', at(3000), 1000, 3000)).toEqual(at(6000));
      expect(await t.store.transportGates.take('k', at(6000), null)).toEqual({ granted: true, throttleStreak: true });
      expect(await t.store.transportGates.take('k', at(6001), 500)).toEqual({ granted: true, throttleStreak: true });
      await t.store.transportGates.clearPause('k');
      expect(await t.store.transportGates.take('k', at(6002), null)).toEqual({ granted: true, throttleStreak: false });
      expect(await t.store.transportGates.pause('k', at(7000), 1000, 3000)).toEqual(at(8000));
    });
  });

  describe('throughput', () => {
    it('counts events received and e-mails sent per minute, zeros included', async () => {
      await t.store.events.ingest([
        { event: makeEvent('m1', { receivedAt: at(5000) }), notification: null },
        { event: makeEvent('m2', { receivedAt: at(65_000) }), notification: null },
        { event: makeEvent('m3', { receivedAt: at(70_000) }), notification: null },
      ]);
      await seedNotifications(t.store, [{ id: 'sent-1', status: 'sent', nextAttemptAt: null, sentAt: at(130_000) }]);
      const minutes = await t.store.throughput.perMinute(at(0), at(180_000));
      expect(minutes.map((m) => [m.minute.toISOString(), m.eventsReceived, m.emailsSent])).toEqual([
        [at(0).toISOString(), 2, 0], // m1 and the event seedNotifications stores with its notification
        [at(60_000).toISOString(), 2, 0],
        [at(120_000).toISOString(), 0, 1],
      ]);
    });
  });
});
