/**
 * Pruning over real stores (SQLite and PostgreSQL) with an injected clock: events received
 * before HERALD_EVENT_RETENTION_DAYS and beyond HERALD_EVENT_MAX (oldest first) are deleted in
 * batches of PRUNE_BATCH_SIZE; finished (`sent`, `failed`) notifications older than their
 * retention are deleted; pending ones (`queued`, `deferred`, `sending`) never are, however old.
 */
import pino from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HeraldEvent } from '../domain/event.js';
import type { NotificationStatus } from '../domain/notification.js';
import type { EventRepo, IngestItem, NewNotification, Store } from '../store/ports.js';
import { storeFactories } from '../store/store-factories.test-helpers.js';
import { PRUNE_BATCH_SIZE, Pruner } from './retention.js';

const DAY = 86_400_000;
const NOW = new Date('2027-01-01T00:00:00Z');

function event(id: string, receivedAt: Date): HeraldEvent {
  return {
    id,
    occurredAt: receivedAt,
    receivedAt,
    severity: 'critical',
    type: 'T',
    typeName: null,
    description: null,
    device: { id: null, name: null, domain: null, ip: null },
    application: { id: null, name: null, version: null },
    task: null,
    data: null,
    sourceIp: null,
  };
}

function notification(id: string, status: NotificationStatus, createdAt: Date): NewNotification {
  return {
    id,
    status,
    kind: 'single',
    eventCount: 1,
    groupId: null,
    throttledCount: 0,
    eventIds: [id],
    applicationId: null,
    recipients: ['soc@corp.example'],
    sender: 'herald@corp.example',
    subject: 's',
    body: 'b',
    messageId: `<${id}@corp.example>`,
    attemptCount: 0,
    nextAttemptAt: status === 'queued' || status === 'deferred' ? new Date(NOW.getTime() + DAY) : null,
    lastError: null,
    createdAt,
    ageFrom: createdAt,
    sentAt: status === 'sent' ? createdAt : null,
    server: null,
    rejectedRecipients: [],
  };
}

/** The store with `events.prune` counted, to see the batches. */
function countingPrunes(store: Store, calls: number[]): Store {
  const events: EventRepo = {
    ingest: (items) => store.events.ingest(items),
    list: (filter, page) => store.events.list(filter, page),
    get: (id) => store.events.get(id),
    prune: async (olderThan, maxCount, batchSize) => {
      const deleted = await store.events.prune(olderThan, maxCount, batchSize);
      calls.push(deleted);
      return deleted;
    },
  };
  // Every other repo as it is; new repos need no change here.
  return { ...store, events };
}

const factories = await storeFactories();
const logger = pino({ level: 'silent' });

describe.each(factories)('retention on $name', (factory) => {
  describe.skipIf(factory.skip !== null)(factory.skip ?? 'retention', () => {
    let store: Store;
    beforeEach(async () => {
      store = await factory.open();
    });
    afterEach(() => factory.cleanup());

    const ingestEvents = async (prefix: string, count: number, receivedAt: (i: number) => Date) => {
      const items: IngestItem[] = Array.from({ length: count }, (_, i) => ({ event: event(`${prefix}-${String(i).padStart(5, '0')}`, receivedAt(i)), notification: null }));
      for (let start = 0; start < items.length; start += 1000) await store.events.ingest(items.slice(start, start + 1000));
    };
    const countEvents = async () => {
      let total = 0;
      let before: string | undefined;
      for (;;) {
        const page = await store.events.list({}, { limit: 500, before });
        total += page.items.length;
        if (page.nextCursor === null) return total;
        before = page.nextCursor;
      }
    };

    it('deletes events older than the retention, in batches, and keeps newer ones', async () => {
      await ingestEvents('old', PRUNE_BATCH_SIZE * 2 + 37, (i) => new Date(NOW.getTime() - 31 * DAY - i * 1000));
      await ingestEvents('new', 50, (i) => new Date(NOW.getTime() - 29 * DAY + i * 1000));
      const calls: number[] = [];
      const pruner = new Pruner(countingPrunes(store, calls), { eventRetentionDays: 30, eventMax: 400_000, notificationRetentionDays: 90 }, () => NOW, logger);
      const result = await pruner.runOnce();
      expect(result.events).toBe(PRUNE_BATCH_SIZE * 2 + 37);
      expect(calls).toEqual([PRUNE_BATCH_SIZE, PRUNE_BATCH_SIZE, 37]);
      expect(await countEvents()).toBe(50);
      expect(await store.events.get('new-00000')).not.toBeNull();
      expect(await store.events.get('old-00000')).toBeNull();
      expect((await pruner.runOnce()).events).toBe(0);
    });

    it('deletes the oldest events beyond HERALD_EVENT_MAX', async () => {
      await ingestEvents('cap', 1_200, (i) => new Date(NOW.getTime() - DAY + i * 1000));
      const pruner = new Pruner(store, { eventRetentionDays: 30, eventMax: 1_000, notificationRetentionDays: 90 }, () => NOW, logger);
      expect((await pruner.runOnce()).events).toBe(200);
      expect(await countEvents()).toBe(1_000);
      expect(await store.events.get('cap-00199')).toBeNull();
      expect(await store.events.get('cap-00200')).not.toBeNull();
      expect(await store.events.get('cap-01199')).not.toBeNull();
    });

    it('deletes finished notifications older than their retention, never pending ones', async () => {
      const old = new Date(NOW.getTime() - 91 * DAY);
      const recent = new Date(NOW.getTime() - 89 * DAY);
      const statuses: NotificationStatus[] = ['sent', 'failed', 'queued', 'deferred'];
      const items: IngestItem[] = [];
      for (const status of statuses) {
        items.push({ event: event(`old-${status}`, NOW), notification: notification(`old-${status}`, status, old) });
        items.push({ event: event(`recent-${status}`, NOW), notification: notification(`recent-${status}`, status, recent) });
      }
      await store.events.ingest(items);
      const pruner = new Pruner(store, { eventRetentionDays: 30, eventMax: 400_000, notificationRetentionDays: 90 }, () => NOW, logger);
      expect(await pruner.runOnce()).toEqual({ events: 0, notifications: 2 });
      expect(await store.notifications.get('old-sent')).toBeNull();
      expect(await store.notifications.get('old-failed')).toBeNull();
      for (const id of ['old-queued', 'old-deferred', 'recent-sent', 'recent-failed', 'recent-queued', 'recent-deferred']) {
        expect(await store.notifications.get(id), id).not.toBeNull();
      }
      // A claimed (`sending`) one, however old, stays too.
      const claimed = await store.notifications.claim('w', new Date(NOW.getTime() + 2 * DAY), new Date(NOW.getTime() + 2 * DAY + 60_000), 10);
      expect(claimed.map((n) => n.id).sort()).toEqual(['old-deferred', 'old-queued', 'recent-deferred', 'recent-queued']);
      const later = new Pruner(store, { eventRetentionDays: 30, eventMax: 400_000, notificationRetentionDays: 1 }, () => new Date(NOW.getTime() + 2 * DAY), logger);
      expect((await later.runOnce()).notifications).toBe(2);
      expect((await store.notifications.stats()).byStatus.sending).toBe(4);
    });
  });
});
