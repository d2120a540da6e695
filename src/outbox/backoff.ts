/** Retry timing of the outbox (Postfix's minimal/maximal backoff, jittered). */

/** The retry limits from configuration. */
export interface RetryLimits {
  /** First retry delay; doubles per attempt. */
  baseMs: number;
  /** Longest retry delay. */
  maxMs: number;
  /** A notification not delivered this long after its age clock started is `failed`. */
  maxAgeMs: number;
}

/** Share of the delay that is randomised, so a backlog after an outage does not retry in lock-step. */
export const JITTER_RATIO = 0.2;

/**
 * Delay before retry number `attempt` (1 = after the first failure): base·2^(attempt−1),
 * capped at max, then jittered by ±JITTER_RATIO (never above max). `random` in [0,1) is injected.
 */
export function retryDelayMs(attempt: number, limits: Pick<RetryLimits, 'baseMs' | 'maxMs'>, random: number): number {
  const exponent = Math.min(Math.max(attempt - 1, 0), 40);
  const nominal = Math.min(limits.baseMs * 2 ** exponent, limits.maxMs);
  const jittered = nominal * (1 - JITTER_RATIO + 2 * JITTER_RATIO * random);
  return Math.round(Math.min(jittered, limits.maxMs));
}
