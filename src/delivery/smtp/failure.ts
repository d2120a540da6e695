/**
 * Turns whatever went wrong into the API's `{code, message, smtpCode}` plus stage and
 * retryability. Every message passes through `scrub` so no credential can leak through a
 * server's echo or a library message.
 */
import type { Reason } from '../../domain/reason.js';
import type { Stage } from '../../domain/notification.js';
import type { AttemptFailure } from './types.js';
import { REASON_ADVICE, classify, errorFacts, isRetryable, stageFromFacts } from './classify.js';
import { scrub } from './transcript.js';

function messageOf(err: unknown): string {
  if (err instanceof Error) return err.message;
  return typeof err === 'string' ? err : 'unknown error';
}

/** A failure from a nodemailer/Node error; `fallbackStage` when the error's command does not tell. */
export function failureFromError(err: unknown, fallbackStage: Stage, secrets: readonly string[]): AttemptFailure {
  const facts = errorFacts(err);
  const reason = classify(facts);
  const stage = stageFromFacts(facts) ?? fallbackStage;
  const detailCode = facts.originalCode ?? facts.code;
  const detail = scrub(messageOf(err), secrets).replace(/\s+/g, ' ').trim() + (detailCode === null ? '' : ` [${detailCode}]`);
  return {
    stage,
    retryable: isRetryable(reason, facts.responseCode),
    error: {
      code: reason,
      message: `${REASON_ADVICE[reason]} ${detail}`,
      ...(facts.responseCode === null ? {} : { smtpCode: facts.responseCode }),
    },
  };
}

/** A failure Herald decides itself (e.g. AUTH not offered), not reported by a library. */
export function heraldFailure(reason: Reason, stage: Stage, detail: string, retryable: boolean): AttemptFailure {
  return { stage, retryable, error: { code: reason, message: `${REASON_ADVICE[reason]} ${detail}` } };
}
