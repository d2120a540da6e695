/**
 * One notification through the pipeline: settings ▶ transport ▶ send ▶ decide ▶ record.
 * Content was rendered at creation; here only the transport settings are read (so fixing a
 * server fixes the queue). Each failure carries a closed Reason.
 */
import { MAX_LISTED_EVENT_IDS, type AttemptLogEntry, type Notification } from '../domain/notification.js';
import type { DeliveryError } from '../domain/reason.js';
import { CertificateUnavailableError } from '../certs/tls-material.js';
import { countDeliveryAttempt, type Metrics } from '../observability/metrics.js';
import { decide, type DeliveryResult } from '../outbox/decide.js';
import type { RetryLimits } from '../outbox/backoff.js';
import type { ConfigSnapshots } from '../settings/snapshot.js';
import type { AttemptOutcome, Store } from '../store/ports.js';
import type { DeliveryReport, OutgoingMessage } from './smtp/types.js';
import { SenderUnavailableError, type TransportCache } from './transport-cache.js';
import { gateKeyOf, type TransportGate } from './transport-gate.js';

/** The message a notification is sent as; its headers make retries recognisable. */
export function messageFor(notification: Notification): OutgoingMessage {
  return {
    messageId: notification.messageId,
    from: notification.sender,
    to: notification.recipients,
    subject: notification.subject,
    text: notification.body,
    headers: {
      'X-Herald-Notification-Id': notification.id,
      // At most MAX_LISTED_EVENT_IDS ids (a digest); the count says how many it covers.
      'X-Herald-Event-Id': notification.eventIds.slice(0, MAX_LISTED_EVENT_IDS).join(', '),
      'X-Herald-Event-Count': String(notification.eventCount),
      'Auto-Submitted': 'auto-generated',
    },
  };
}

/** `host:port`, with IPv6 addresses in brackets. */
export function serverLabel(server: string, port: number): string {
  return `${server.includes(':') ? `[${server}]` : server}:${port}`;
}

/** The attempt log entries and decisive error of an SMTP report. */
export function resultOf(report: DeliveryReport, at: Date): DeliveryResult {
  const log: AttemptLogEntry[] = report.attempts.map((attempt) => ({
    at,
    server: serverLabel(attempt.server, attempt.port),
    stage: attempt.stage,
    ok: attempt.ok,
    error: attempt.error,
    tls: attempt.tls,
    ...(attempt.note !== undefined ? { note: attempt.note } : {}),
    ...(attempt.plaintextReason !== undefined ? { plaintextReason: attempt.plaintextReason } : {}),
  }));
  const last = report.attempts.at(-1);
  const accepted = report.attempts.find((attempt) => attempt.ok);
  return {
    delivered: report.delivered,
    permanent: report.permanent,
    acceptedBy: accepted ? serverLabel(accepted.server, accepted.port) : report.acceptedBy,
    rejectedRecipients: report.rejectedRecipients,
    error: report.delivered ? null : (last?.error ?? null),
    log,
  };
}

function failureBeforeSending(error: DeliveryError, at: Date, permanent = false): DeliveryResult {
  return {
    delivered: false,
    permanent,
    acceptedBy: null,
    rejectedRecipients: [],
    error,
    log: [{ at, server: '-', stage: 'connect', ok: false, error, tls: null }],
  };
}

/** Dependencies of the pipeline. */
export interface PipelineDeps {
  store: Store;
  snapshots: ConfigSnapshots;
  transports: TransportCache;
  metrics: Metrics;
  limits: RetryLimits;
  clock: () => Date;
  random: () => number;
  /** Rate limit and throttling pause per transport. */
  gate: TransportGate;
}

/** The transport may not take a message now (rate limit, pause): come back at `until`. */
interface Postponed {
  postponed: true;
  until: Date;
}

/**
 * Delivers one claimed notification and records the outcome; never throws for delivery
 * problems. Null when the transport's rate limit or pause made it wait: it is `queued` again
 * until then, without an attempt.
 */
export async function deliverNotification(deps: PipelineDeps, notification: Notification, owner: string): Promise<AttemptOutcome | null> {
  const result = await attempt(deps, notification);
  if ('postponed' in result) {
    await deps.store.notifications.postpone(notification.id, owner, result.until);
    return null;
  }
  const now = deps.clock();
  const outcome = decide(notification, result, now, deps.limits, deps.random());
  await deps.store.notifications.complete(notification.id, owner, outcome);
  for (const entry of result.log) {
    countDeliveryAttempt(deps.metrics, entry.ok, entry.error?.code ?? null);
  }
  if (outcome.status === 'sent') {
    deps.metrics.deliveryLatency.observe((now.getTime() - notification.createdAt.getTime()) / 1000);
  }
  return outcome;
}

async function attempt(deps: PipelineDeps, notification: Notification): Promise<DeliveryResult | Postponed> {
  const snapshot = await deps.snapshots.get();
  const settings = snapshot.effectiveFor(notification.applicationId).email;
  const started = deps.clock();
  // Recipients are fixed at creation; a notification created without any (failed with
  // NOT_CONFIGURED, then retried by hand after the settings were fixed) goes to the recipients
  // configured now. Still none: retrying cannot help until someone sets them.
  const recipients = notification.recipients.length > 0 ? notification.recipients : settings.recipients;
  if (recipients.length === 0) {
    return failureBeforeSending({ code: 'NOT_CONFIGURED', message: 'No recipients are configured; set them and retry this notification.' }, started, true);
  }
  if (settings.servers.length === 0) {
    return failureBeforeSending({ code: 'NOT_CONFIGURED', message: 'No SMTP servers are configured; set them and the queue will be delivered.' }, started);
  }
  let sender;
  try {
    sender = await deps.transports.senderFor(snapshot.version, settings);
  } catch (error) {
    if (error instanceof CertificateUnavailableError) {
      return failureBeforeSending({ code: 'CERTIFICATE_UNAVAILABLE', message: error.message }, started);
    }
    throw error;
  }
  const gateKey = gateKeyOf(settings);
  const admitted = await deps.gate.admit(gateKey, settings.rateLimit.perMinute);
  if (!admitted.granted) return { postponed: true, until: admitted.retryAt };
  let report: DeliveryReport;
  try {
    report = await sender.send(messageFor({ ...notification, recipients }));
  } catch (error) {
    // Nothing reached a server (or nothing can be known of it): back in the queue, no attempt.
    if (error instanceof SenderUnavailableError) return { postponed: true, until: error.retryAt };
    throw error;
  }
  const result = resultOf(report, started);
  if (result.delivered) await deps.gate.delivered(gateKey);
  else if (result.error?.code === 'THROTTLED') result.pausedUntil = await deps.gate.throttled(gateKey);
  return result;
}
