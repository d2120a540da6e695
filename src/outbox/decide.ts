/**
 * The outbox state machine's one decision: what happens to a notification after a delivery
 * attempt. Pure (clock and randomness injected); the worker only applies the result.
 *
 *   queued ─claim─▶ sending ─┬─ delivered ─────────────▶ sent
 *                            ├─ permanent failure ─────▶ failed
 *                            ├─ temporary, age left ───▶ deferred ─(due)─▶ sending …
 *                            ├─ THROTTLED, age left ───▶ deferred until the transport's pause ends (no backoff growth)
 *                            └─ temporary, too old ────▶ failed (MAX_AGE_EXCEEDED)
 *   failed ─manual retry─▶ queued (age clock restarted)
 */
import type { AttemptLogEntry, Notification } from '../domain/notification.js';
import type { DeliveryError } from '../domain/reason.js';
import type { AttemptOutcome } from '../store/ports.js';
import { retryDelayMs, type RetryLimits } from './backoff.js';

/** What one delivery run (all servers tried once) ended with, as the worker saw it. */
export interface DeliveryResult {
  delivered: boolean;
  /** True when retrying cannot help (5xx for every recipient, template error). */
  permanent: boolean;
  acceptedBy: string | null;
  rejectedRecipients: string[];
  /** The error that decides the outcome (the last server's), null when delivered. */
  error: DeliveryError | null;
  log: AttemptLogEntry[];
  /** When the error is THROTTLED: the end of the transport's pause, the earliest useful retry. */
  pausedUntil?: Date;
}

/** Decides the next state; `random` in [0,1) jitters the retry delay. */
export function decide(
  notification: Pick<Notification, 'attemptCount' | 'ageFrom'> & Partial<Pick<Notification, 'throttledCount'>>,
  result: DeliveryResult,
  now: Date,
  limits: RetryLimits,
  random: number,
): AttemptOutcome {
  const base = { rejectedRecipients: result.rejectedRecipients, log: result.log };
  if (result.delivered) {
    return { ...base, status: 'sent', nextAttemptAt: null, lastError: null, sentAt: now, server: result.acceptedBy };
  }
  const error = result.error ?? { code: 'PROTOCOL_ERROR', message: 'Delivery failed without a reported error.' };
  if (result.permanent) {
    return { ...base, status: 'failed', nextAttemptAt: null, lastError: error, sentAt: null, server: null };
  }
  const deadline = notification.ageFrom.getTime() + limits.maxAgeMs;
  if (now.getTime() >= deadline) {
    return {
      ...base,
      status: 'failed',
      nextAttemptAt: null,
      lastError: maxAgeExceeded(error, limits.maxAgeMs),
      sentAt: null,
      server: null,
    };
  }
  if (error.code === 'THROTTLED') {
    // The server asked us to slow down: wait for the transport's pause, not a longer backoff,
    // and do not count this attempt towards the backoff (throttledCount).
    const next = Math.min((result.pausedUntil ?? new Date(now.getTime() + limits.baseMs)).getTime(), deadline);
    return { ...base, status: 'deferred', nextAttemptAt: new Date(next), lastError: error, sentAt: null, server: null, throttled: true };
  }
  // Throttled attempts do not grow the backoff: only the failures that were not throttling count.
  const failures = notification.attemptCount - (notification.throttledCount ?? 0);
  const delay = retryDelayMs(failures + 1, limits, random);
  // The last retry happens at the deadline, so a notification fails on time, not up to maxMs late.
  const next = Math.min(now.getTime() + delay, deadline);
  return { ...base, status: 'deferred', nextAttemptAt: new Date(next), lastError: error, sentAt: null, server: null };
}

/** The lastError of a notification that ran out of time, keeping the cause in words. */
export function maxAgeExceeded(cause: DeliveryError, maxAgeMs: number): DeliveryError {
  const hours = Math.round((maxAgeMs / 3_600_000) * 10) / 10;
  return {
    code: 'MAX_AGE_EXCEEDED',
    message: `Not delivered within ${hours} h; the last attempt failed with ${cause.code}: ${cause.message}`,
    ...(cause.smtpCode !== undefined ? { smtpCode: cause.smtpCode } : {}),
  };
}
