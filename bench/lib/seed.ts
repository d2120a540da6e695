/**
 * Fills a store directly (no HTTP) with events and their notifications, the way the ingest
 * service builds them (`notificationFor` under a configuration snapshot), for the backlog and
 * growth benchmarks: a million rows through HTTP would take longer than the benchmark itself.
 */
import { defaultEmailSettings } from '../../src/domain/email-settings.js';
import type { HeraldEvent } from '../../src/domain/event.js';
import { defaultRules } from '../../src/domain/rules.js';
import { notificationFor } from '../../src/grouping/notification-for.js';
import { buildSnapshot, type ConfigSnapshot } from '../../src/settings/snapshot.js';
import type { IngestItem, Store } from '../../src/store/ports.js';
import { severityOf } from './events.js';

/** A snapshot with one recipient and one server, as the benchmarks configure through the API. */
export function benchSnapshot(smtpPort: number): ConfigSnapshot {
  const email = { ...defaultEmailSettings(), recipients: ['soc@herald.test'], servers: [`127.0.0.1:${smtpPort}`], sender: 'herald@corp.example' };
  return buildSnapshot(1, email, defaultRules(), []);
}

/** The n-th event of run `run` (`severity` forces one; default: the 15 %-notify mix). */
export function benchEvent(run: string, n: number, now: Date, severity?: HeraldEvent['severity']): HeraldEvent {
  const device = n % 5000;
  return {
    id: `${run}-${n}`,
    occurredAt: now,
    receivedAt: now,
    severity: severity ?? severityOf(n),
    type: 'GNRL_EV_VIRUS_FOUND',
    typeName: 'Malicious object detected',
    description: `Trojan.Win32.Agent.${n % 997} detected in C:\\Users\\user${device}\\AppData\\Local\\Temp\\setup_${n}.exe`,
    device: { id: `dev-${device}`, name: `WKS-${String(device).padStart(4, '0')}`, domain: 'CORP', ip: `10.1.${device >> 8}.${device & 255}` },
    application: { id: 'kes', name: 'Kaspersky Endpoint Security', version: '12.1.0.506' },
    task: 'Virus scan',
    data: { path: `C:\\Users\\user${device}\\setup_${n}.exe` },
    sourceIp: '127.0.0.1',
  };
}

/** Items for events `from … from+count-1`, each with its notification when the rules say so. */
export function benchItems(snapshot: ConfigSnapshot, run: string, from: number, count: number, severity?: HeraldEvent['severity']): IngestItem[] {
  const now = new Date();
  const effective = snapshot.effectiveFor('kes');
  const items: IngestItem[] = [];
  for (let i = from; i < from + count; i += 1) {
    const event = benchEvent(run, i, now, severity);
    items.push({ event, notification: notificationFor(event, effective, now) });
  }
  return items;
}

/**
 * Like `benchItems` with every event notifying, but renders only the first notification of
 * the batch and copies it for the others (new id, Message-ID and event id): seeding a million
 * rows should cost inserts, not template rendering. Ids come from `newId` (the production
 * generator by default).
 */
export function fastNotifyingItems(snapshot: ConfigSnapshot, run: string, from: number, count: number, newId: () => string): IngestItem[] {
  const now = new Date();
  const effective = snapshot.effectiveFor('kes');
  const first = notificationFor(benchEvent(run, from, now, 'critical'), effective, now, newId);
  if (first === null) throw new Error('the benchmark snapshot must notify critical events');
  const domain = first.messageId.slice(first.messageId.indexOf('@'));
  const items: IngestItem[] = [];
  for (let i = from; i < from + count; i += 1) {
    const event = benchEvent(run, i, now, 'critical');
    const id = i === from ? first.id : newId();
    items.push({ event, notification: { ...first, id, messageId: `<${id}${domain}`, eventIds: [event.id] } });
  }
  return items;
}

/**
 * Ingests `count` events in batches of `batch` (every one notifying when `severity` is
 * `critical`, or with `fastIds` through `fastNotifyingItems`); returns the events per second achieved.
 */
export async function seed(
  store: Store,
  snapshot: ConfigSnapshot,
  run: string,
  from: number,
  count: number,
  options: { batch?: number; severity?: HeraldEvent['severity']; fastIds?: () => string; progress?: (done: number) => void } = {},
): Promise<number> {
  const batch = options.batch ?? 5000;
  const started = performance.now();
  for (let done = 0; done < count; done += batch) {
    const size = Math.min(batch, count - done);
    await store.events.ingest(
      options.fastIds !== undefined
        ? fastNotifyingItems(snapshot, run, from + done, size, options.fastIds)
        : benchItems(snapshot, run, from + done, size, options.severity),
    );
    if (options.progress !== undefined && (done / batch) % 20 === 0) options.progress(done);
  }
  return count / ((performance.now() - started) / 1000);
}
