/**
 * Builders of valid domain objects for store tests (any field can be overridden). Excluded
 * from the build like every `*.test-helpers.ts`.
 */
import type { HeraldEvent } from '../domain/event.js';
import type { AttemptLogEntry } from '../domain/notification.js';
import type { IngestItem, NewNotification, Store } from './ports.js';

/** A fixed instant tests count from. */
export const T0 = new Date('2026-01-01T00:00:00.000Z');

/** `T0 + ms`. */
export function at(ms: number): Date {
  return new Date(T0.getTime() + ms);
}

/** A complete event with every optional field set. */
export function makeEvent(id: string, overrides: Partial<HeraldEvent> = {}): HeraldEvent {
  return {
    id,
    occurredAt: at(-1_000),
    receivedAt: T0,
    severity: 'critical',
    type: 'GNRL_EV_VIRUS_FOUND',
    typeName: 'Malicious object detected',
    description: 'Trojan.Win32.Agent detected in C:\\Users\\x',
    device: { id: 'dev-1', name: 'WKS-042', domain: 'CORP', ip: '10.1.2.3' },
    application: { id: 'kes', name: 'Kaspersky Endpoint Security', version: '12.1' },
    task: 'Virus scan',
    data: { path: 'C:\\x', nested: { n: 1, list: [true, null, 'ü'] } },
    sourceIp: '192.0.2.7',
    ...overrides,
  };
}

/** A queued notification about `eventId`, due at `T0`. */
export function makeNotification(id: string, eventId: string, overrides: Partial<NewNotification> = {}): NewNotification {
  return {
    id,
    status: 'queued',
    eventIds: [eventId],
    applicationId: 'kes',
    recipients: ['soc@example.com', 'Jane Doe <jane@example.com>'],
    sender: 'herald@corp.example',
    subject: `[Critical] event ${eventId}`,
    body: 'body\nline 2',
    messageId: `<${id}@corp.example>`,
    attemptCount: 0,
    nextAttemptAt: T0,
    lastError: null,
    createdAt: T0,
    ageFrom: T0,
    sentAt: null,
    server: null,
    rejectedRecipients: [],
    ...overrides,
  };
}

/** An ingest item: event `e-<id>` with notification `<id>`. */
export function item(id: string, notification: Partial<NewNotification> = {}, event: Partial<HeraldEvent> = {}): IngestItem {
  return { event: makeEvent(`e-${id}`, event), notification: makeNotification(id, `e-${id}`, notification) };
}

/** Ingests one notification per spec (each with its own event) in one batch. */
export async function seedNotifications(store: Store, specs: Array<{ id: string } & Partial<NewNotification>>): Promise<void> {
  await store.events.ingest(specs.map(({ id, ...rest }) => item(id, rest)));
}

/** An attempt log entry. */
export function logEntry(overrides: Partial<AttemptLogEntry> = {}): AttemptLogEntry {
  return {
    at: T0,
    server: 'mail1.corp.example',
    stage: 'done',
    ok: true,
    error: null,
    tls: { protocol: 'TLSv1.3', cipher: 'TLS_AES_256_GCM_SHA384', authorized: true, peerCertificate: null },
    ...overrides,
  };
}
