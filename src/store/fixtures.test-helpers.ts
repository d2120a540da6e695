/**
 * Builders of valid domain objects for store tests (any field can be overridden). Excluded
 * from the build like every `*.test-helpers.ts`.
 */
import type { StoredCertificate } from '../domain/certificate.js';
import type { HeraldEvent } from '../domain/event.js';
import type { AttemptLogEntry } from '../domain/notification.js';
import type { Policy } from '../domain/policy.js';
import type { AttemptOutcome, IngestItem, NewNotification, Store } from './ports.js';

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
    kind: 'single',
    eventCount: 1,
    groupId: null,
    throttledCount: 0,
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

/** A successful attempt outcome (sent at `T0 + 5 s` via mail1). */
export function outcome(overrides: Partial<AttemptOutcome> = {}): AttemptOutcome {
  return {
    status: 'sent',
    nextAttemptAt: null,
    lastError: null,
    sentAt: at(5_000),
    server: 'mail1.corp.example',
    rejectedRecipients: [],
    log: [logEntry({ at: at(5_000) })],
    ...overrides,
  };
}

/** A client certificate (PKCS#12, sealed key) with one parsed certificate and a warning. */
export function makeCertificate(id: string, createdAt: Date): StoredCertificate {
  return {
    id,
    kind: 'client',
    format: 'pkcs12',
    certificatePem: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n',
    privateKeySealed: 'sealed:abc',
    certificates: [
      {
        subject: 'CN=herald',
        issuer: 'CN=Corp CA',
        serialNumber: '01',
        notBefore: '2025-01-01T00:00:00.000Z',
        notAfter: '2027-01-01T00:00:00.000Z',
        fingerprintSha256: 'AB:CD',
        selfSigned: false,
      },
    ],
    warnings: ['EXPIRES_SOON'],
    createdAt,
  };
}

/** A policy overriding recipients, TLS and rules. */
export function makePolicy(applicationId: string, overrides: Partial<Policy> = {}): Policy {
  return {
    applicationId,
    name: `Policy ${applicationId}`,
    email: { recipients: ['a@example.com'], tls: { mode: 'required' }, helo: null },
    rules: { severities: ['critical'], eventTypes: { X: false } },
    createdAt: T0,
    updatedAt: T0,
    ...overrides,
  };
}
