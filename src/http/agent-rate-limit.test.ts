import { describe, expect, it } from 'vitest';
import { AgentRateLimiter, MIN_BUCKET_EVENTS, takeFromBucket } from './agent-rate-limit.js';

describe('takeFromBucket', () => {
  it('starts full, takes what fits, refuses what does not with the seconds to wait', () => {
    const first = takeFromBucket(undefined, 1_500, 0, 2_000);
    expect(first).toEqual({ admitted: true, bucket: { tokens: 500, updatedAtMs: 0 } });
    const refused = takeFromBucket(first.bucket, 1_000, 0, 2_000);
    expect(refused).toMatchObject({ admitted: false, retryAfterSeconds: 1 });
    // 250 ms later 500 more have flowed in: 1,000 fit.
    expect(takeFromBucket(refused.bucket, 1_000, 250, 2_000)).toEqual({ admitted: true, bucket: { tokens: 0, updatedAtMs: 250 } });
  });

  it('never holds more than one second (and at least one full request)', () => {
    expect(takeFromBucket({ tokens: 0, updatedAtMs: 0 }, 0, 3_600_000, 2_000).bucket.tokens).toBe(2_000);
    expect(takeFromBucket(undefined, MIN_BUCKET_EVENTS, 0, 10).admitted).toBe(true);
    const slow = takeFromBucket({ tokens: 0, updatedAtMs: 0 }, MIN_BUCKET_EVENTS, 0, 10);
    expect(slow).toMatchObject({ admitted: false, retryAfterSeconds: 100 });
  });
});

describe('AgentRateLimiter', () => {
  it('keeps one bucket per token', () => {
    let now = 0;
    const limiter = new AgentRateLimiter(1_000, () => new Date(now));
    expect(limiter.take('a', 1_000)).toBeNull();
    expect(limiter.take('a', 1)).toBe(1);
    expect(limiter.take('b', 1_000)).toBeNull();
    now = 1_000;
    expect(limiter.take('a', 1_000)).toBeNull();
  });
});
