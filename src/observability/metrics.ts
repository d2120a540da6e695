/**
 * Prometheus metrics (prom-client) on a registry of our own (no module singletons): what an
 * operator needs to alert on a stuck queue or a failing mail server.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { NOTIFICATION_STATUSES } from '../domain/notification.js';
import { REASONS, type Reason } from '../domain/reason.js';
import type { Store } from '../store/ports.js';

/** The metrics Herald updates as it works. */
export interface Metrics {
  readonly registry: Registry;
  readonly eventsReceived: Counter<'severity'>;
  readonly eventDuplicates: Counter;
  readonly deliveryAttempts: Counter<'result' | 'reason'>;
  readonly deliveryLatency: Histogram;
}

/** Creates the registry; queue gauges are read from the store at scrape time. */
export function createMetrics(store: Store, clock: () => Date): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'herald_process_' });
  const eventsReceived = new Counter({
    name: 'herald_events_received_total',
    help: 'Events received (re-sent duplicates included; see herald_events_duplicate_total), by severity.',
    labelNames: ['severity'],
    registers: [registry],
  });
  const eventDuplicates = new Counter({
    name: 'herald_events_duplicate_total',
    help: 'Events received again with an id already stored (idempotent re-sends).',
    registers: [registry],
  });
  const deliveryAttempts = new Counter({
    name: 'herald_delivery_attempts_total',
    help: 'Delivery attempts per server, by result (ok, error) and reason (the API error code; "none" when ok).',
    labelNames: ['result', 'reason'],
    registers: [registry],
  });
  // Every series exists from the start (at 0), so alerts on rate() see the first failure.
  deliveryAttempts.inc({ result: 'ok', reason: 'none' }, 0);
  for (const reason of REASONS) deliveryAttempts.inc({ result: 'error', reason }, 0);
  const deliveryLatency = new Histogram({
    name: 'herald_delivery_latency_seconds',
    help: 'Time from a notification being created to the SMTP server accepting it.',
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600, 14400, 86400],
    registers: [registry],
  });
  new Gauge({
    name: 'herald_notifications',
    help: 'Notifications in the ledger, by status (queue depth = queued + deferred + sending).',
    labelNames: ['status'],
    registers: [registry],
    async collect() {
      const stats = await store.notifications.stats();
      for (const status of NOTIFICATION_STATUSES) this.set({ status }, stats.byStatus[status]);
    },
  });
  new Gauge({
    name: 'herald_queue_oldest_age_seconds',
    help: 'Age of the oldest notification not yet sent or failed (0 when the queue is empty).',
    registers: [registry],
    async collect() {
      const stats = await store.notifications.stats();
      const oldest = stats.oldestPendingCreatedAt;
      this.set(oldest ? Math.max(0, (clock().getTime() - oldest.getTime()) / 1000) : 0);
    },
  });
  return { registry, eventsReceived, eventDuplicates, deliveryAttempts, deliveryLatency };
}

/** Counts one delivery attempt; the reason label is a `Reason`, or `none` when there is none. */
export function countDeliveryAttempt(metrics: Metrics, ok: boolean, reason: Reason | null): void {
  metrics.deliveryAttempts.inc({ result: ok ? 'ok' : 'error', reason: reason ?? 'none' });
}
