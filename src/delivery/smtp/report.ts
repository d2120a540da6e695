/**
 * Attempts → the delivery report: delivered by the first accepting server; `permanent` when a
 * 5xx refused the sender, every recipient or the message (the server is fine, the message is not).
 */
import type { DeliveryReport, SmtpAttempt } from './types.js';
import { isPermanentRejection } from './classify.js';

/** Whether an attempt ends the delivery: a 5xx that refused the message itself. */
export function isPermanentAttempt(attempt: SmtpAttempt): boolean {
  return !attempt.ok && attempt.error !== null && isPermanentRejection(attempt.error.code, attempt.error.smtpCode ?? null);
}

/** Summarises the attempts of one delivery. */
export function summarize(attempts: SmtpAttempt[]): DeliveryReport {
  const accepted = attempts.find((a) => a.ok);
  if (accepted !== undefined) {
    return { delivered: true, permanent: false, attempts, acceptedBy: accepted.server, rejectedRecipients: accepted.rejectedRecipients };
  }
  const permanent = attempts.find(isPermanentAttempt);
  return {
    delivered: false,
    permanent: permanent !== undefined,
    attempts,
    acceptedBy: null,
    rejectedRecipients: permanent?.rejectedRecipients ?? [],
  };
}
