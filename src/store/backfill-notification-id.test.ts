/**
 * Migration 6 on both stores: events stored before grouping existed (notification_id null,
 * covered by a `single` notification listing them in event_ids) get the notificationId of
 * that notification when a Herald with grouping opens the database; events that never
 * notified, whose notification retention removed, or that wait for a digest stay null.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { defaultGrouping } from '../domain/grouping.js';
import { groupJoinFor } from '../grouping/join.js';
import { at, item, makeEvent, makeNotification } from './fixtures.test-helpers.js';
import type { IngestItem } from './ports.js';
import { rawSql, storeFactories } from './store-factories.test-helpers.js';

/** Makes the database look as a Herald before grouping left it: no notificationId on any event, migration 6 not applied. */
const AS_BEFORE_GROUPING = `
  UPDATE events SET notification_id = NULL WHERE group_id IS NULL;
  DELETE FROM notifications WHERE id = 'pruned';
  DELETE FROM schema_migrations WHERE version = 6;
`;

/** A notifying event of the default grouping (the first of its group is notified at once, later ones wait). */
function grouped(id: string, ms: number): IngestItem {
  const event = makeEvent(id, { receivedAt: at(ms), occurredAt: at(ms) });
  return { event, notification: makeNotification(`n-${id}`, id, { createdAt: at(ms), ageFrom: at(ms), nextAttemptAt: at(ms) }), group: groupJoinFor(event, defaultGrouping()) };
}

const factories = await storeFactories();

describe.each(factories)('$name store', (factory) => {
  describe.skipIf(factory.skip !== null)(factory.skip ?? 'migration 6: notificationId of events stored before grouping', () => {
    afterEach(() => factory.cleanup());

    it('sets it from the single notification that covered each event, and nothing else', async () => {
      const store = await factory.open();
      await store.events.ingest([item('a'), item('b'), item('pruned')]);
      await store.events.ingest([{ event: makeEvent('quiet'), notification: null }]);
      await store.events.ingest([grouped('g1', 0)]);
      await store.events.ingest([grouped('g2', 1000)]);
      await store.close();

      await rawSql(factory, AS_BEFORE_GROUPING);
      const reopened = await factory.reopen();
      expect((await reopened.events.get('e-a'))?.notificationId).toBe('a');
      expect((await reopened.events.get('e-b'))?.notificationId).toBe('b');
      expect((await reopened.events.list({ notificationId: 'a' }, { limit: 10 })).items.map((e) => e.id)).toEqual(['e-a']);
      expect((await reopened.events.get('e-pruned'))?.notificationId).toBeNull();
      expect((await reopened.events.get('quiet'))?.notificationId).toBeNull();
      // grouped events keep what grouping gave them: the first its notification, the next waits for the digest
      expect((await reopened.events.get('g1'))?.notificationId).toBe('n-g1');
      expect((await reopened.events.get('g2'))?.notificationId).toBeNull();
    });
  });
});
