/**
 * Per-agent-token ingest limit: a token bucket per agent token that fills at `perSecond`
 * events and holds at most one second's worth (at least one full request of 1,000 events).
 * A request whose events do not fit is refused whole with 429 `RATE_LIMITED` and
 * `Retry-After`, so one runaway agent cannot take the ingest capacity of all the others.
 * In memory, per instance: a brake on a client, not an accounting (several instances each
 * allow the rate). Hand-written because it is a dozen lines of arithmetic on an injected
 * clock; the rate-limit plugins count requests, not events, and keep their own clock.
 */

/** Largest request the bucket must always be able to admit (API.md: 1,000 events a request). */
export const MIN_BUCKET_EVENTS = 1_000;

/** A bucket's state. */
export interface Bucket {
  tokens: number;
  updatedAtMs: number;
}

/** What a request gets: admitted (with the bucket after it), or the seconds to wait. */
export type BucketDecision = { admitted: true; bucket: Bucket } | { admitted: false; bucket: Bucket; retryAfterSeconds: number };

/** Pure: refills `bucket` up to `nowMs` and takes `cost` events when they fit. */
export function takeFromBucket(bucket: Bucket | undefined, cost: number, nowMs: number, perSecond: number): BucketDecision {
  const capacity = Math.max(perSecond, MIN_BUCKET_EVENTS);
  const previous = bucket ?? { tokens: capacity, updatedAtMs: nowMs };
  const elapsedMs = Math.max(0, nowMs - previous.updatedAtMs);
  const tokens = Math.min(capacity, previous.tokens + (elapsedMs * perSecond) / 1000);
  if (cost <= tokens) return { admitted: true, bucket: { tokens: tokens - cost, updatedAtMs: nowMs } };
  const retryAfterSeconds = Math.max(1, Math.ceil((Math.min(cost, capacity) - tokens) / perSecond));
  return { admitted: false, bucket: { tokens, updatedAtMs: nowMs }, retryAfterSeconds };
}

/** The buckets of every agent token seen by this instance. */
export class AgentRateLimiter {
  readonly #buckets = new Map<string, Bucket>();

  constructor(
    private readonly perSecond: number,
    private readonly clock: () => Date,
  ) {}

  /** Takes `events` from the token's bucket; null when admitted, else the seconds to wait. */
  take(tokenId: string, events: number): number | null {
    const nowMs = this.clock().getTime();
    const decision = takeFromBucket(this.#buckets.get(tokenId), events, nowMs, this.perSecond);
    this.#buckets.set(tokenId, decision.bucket);
    if (this.#buckets.size > 10_000) this.#forgetFull(nowMs);
    return decision.admitted ? null : decision.retryAfterSeconds;
  }

  /** Drops buckets that have refilled completely (they hold no information). */
  #forgetFull(nowMs: number): void {
    for (const [id, bucket] of this.#buckets) {
      if (takeFromBucket(bucket, 0, nowMs, this.perSecond).bucket.tokens >= Math.max(this.perSecond, MIN_BUCKET_EVENTS)) this.#buckets.delete(id);
    }
  }
}
