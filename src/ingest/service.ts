/**
 * Events in: one batch → its events and their notifications, committed in ONE transaction
 * before the caller answers 202 (never "commit, then enqueue").
 */
import type { HeraldEvent } from '../domain/event.js';
import type { Metrics } from '../observability/metrics.js';
import type { ConfigSnapshot, ConfigSnapshots } from '../settings/snapshot.js';
import type { IngestItem, IngestResult, Store } from '../store/ports.js';
import { groupJoinFor } from '../grouping/join.js';
import { notificationFor } from '../grouping/notification-for.js';

/** Stores event batches with their notifications. */
export class IngestService {
  constructor(
    private readonly store: Store,
    private readonly snapshots: ConfigSnapshots,
    private readonly metrics: Metrics,
    private readonly clock: () => Date,
  ) {}

  private itemsFor(events: HeraldEvent[], snapshot: ConfigSnapshot, now: Date): IngestItem[] {
    return events.map((event) => {
      const effective = snapshot.effectiveFor(event.application.id);
      const notification = notificationFor(event, effective, now);
      // A notifying event joins its group (storm control) unless grouping is off for it.
      const group = notification === null ? null : groupJoinFor(event, effective.rules.grouping);
      return { event, notification, group };
    });
  }

  /** Durable when it resolves; duplicates (by event id) are counted and notified once. */
  async ingest(events: HeraldEvent[]): Promise<IngestResult> {
    const now = this.clock();
    let snapshot = await this.snapshots.get();
    let items = this.itemsFor(events, snapshot, now);
    // "Nothing configured" may only mean this instance has not seen a change made elsewhere yet.
    if (items.some((item) => item.notification?.lastError?.code === 'NOT_CONFIGURED')) {
      snapshot = await this.snapshots.fresh();
      items = this.itemsFor(events, snapshot, now);
    }
    const result = await this.store.events.ingest(items);
    for (const event of events) this.metrics.eventsReceived.inc({ severity: event.severity });
    this.metrics.eventDuplicates.inc(result.duplicates);
    return result;
  }
}
