import { describe, expect, it } from 'vitest';
import { retryDelayMs } from './backoff.js';
import { decide, type DeliveryResult } from './decide.js';

const limits = { baseMs: 60_000, maxMs: 3_600_000, maxAgeMs: 86_400_000 };
const t0 = new Date('2026-11-28T00:00:00Z');
const at = (ms: number) => new Date(t0.getTime() + ms);

const temporary: DeliveryResult = {
  delivered: false,
  permanent: false,
  acceptedBy: null,
  rejectedRecipients: [],
  error: { code: 'CONNECTION_FAILED', message: 'Connection refused by 10.0.0.25:25.' },
  log: [],
};

describe('retryDelayMs', () => {
  it.each([
    [1, 60_000],
    [2, 120_000],
    [3, 240_000],
    [6, 1_920_000],
    [7, 3_600_000],
    [50, 3_600_000],
  ])('attempt %i without jitter (random=0.5) waits %i ms', (attempt, expected) => {
    expect(retryDelayMs(attempt, limits, 0.5)).toBe(expected);
  });

  it('jitters by ±20% but never beyond the maximum', () => {
    expect(retryDelayMs(1, limits, 0)).toBe(48_000);
    expect(retryDelayMs(1, limits, 0.999999)).toBe(72_000);
    expect(retryDelayMs(20, limits, 0.999999)).toBe(3_600_000);
    expect(retryDelayMs(20, limits, 0)).toBe(2_880_000);
  });
});

describe('decide', () => {
  it('marks a delivered notification sent, with the server and partial rejections', () => {
    const outcome = decide(
      { attemptCount: 0, ageFrom: t0 },
      { ...temporary, delivered: true, error: null, acceptedBy: 'mail1:25', rejectedRecipients: ['x@y.example'] },
      at(1000),
      limits,
      0.5,
    );
    expect(outcome).toMatchObject({ status: 'sent', sentAt: at(1000), server: 'mail1:25', lastError: null, rejectedRecipients: ['x@y.example'] });
  });

  it('fails at once on a permanent error, keeping the reason', () => {
    const error = { code: 'RECIPIENT_REJECTED' as const, message: 'All recipients rejected.', smtpCode: 550 };
    const outcome = decide({ attemptCount: 0, ageFrom: t0 }, { ...temporary, permanent: true, error }, at(1), limits, 0.5);
    expect(outcome).toMatchObject({ status: 'failed', lastError: error, nextAttemptAt: null });
  });

  it('defers a temporary failure with exponential backoff', () => {
    expect(decide({ attemptCount: 0, ageFrom: t0 }, temporary, at(0), limits, 0.5)).toMatchObject({
      status: 'deferred',
      nextAttemptAt: at(60_000),
      lastError: temporary.error,
    });
    expect(decide({ attemptCount: 2, ageFrom: t0 }, temporary, at(0), limits, 0.5).nextAttemptAt).toEqual(at(240_000));
  });

  it('schedules the last retry at the deadline rather than after it', () => {
    const outcome = decide({ attemptCount: 30, ageFrom: t0 }, temporary, at(86_000_000), limits, 0.5);
    expect(outcome.status).toBe('deferred');
    expect(outcome.nextAttemptAt).toEqual(at(86_400_000));
  });

  it('fails with MAX_AGE_EXCEEDED once the age limit is reached, naming the cause', () => {
    const outcome = decide({ attemptCount: 30, ageFrom: t0 }, temporary, at(86_400_000), limits, 0.5);
    expect(outcome.status).toBe('failed');
    expect(outcome.lastError?.code).toBe('MAX_AGE_EXCEEDED');
    expect(outcome.lastError?.message).toContain('CONNECTION_FAILED');
    expect(outcome.lastError?.message).toContain('24 h');
  });

  it('counts age from ageFrom (a manual retry restarts the clock)', () => {
    const restarted = at(100_000_000);
    expect(decide({ attemptCount: 40, ageFrom: restarted }, temporary, at(100_000_500), limits, 0.5).status).toBe('deferred');
  });

  it('never lets a missing error pass silently', () => {
    const outcome = decide({ attemptCount: 0, ageFrom: t0 }, { ...temporary, error: null }, at(0), limits, 0.5);
    expect(outcome.lastError?.code).toBe('PROTOCOL_ERROR');
  });
});

describe('decide with throttling', () => {
  const throttled: DeliveryResult = {
    ...temporary,
    error: { code: 'THROTTLED', message: '451 4.7.500 Server busy', smtpCode: 451 },
    pausedUntil: at(120_000),
  };

  it('defers a THROTTLED attempt until the transport pause ends, marked as throttled', () => {
    const outcome = decide({ attemptCount: 5, throttledCount: 0, ageFrom: t0 }, throttled, at(1_000), limits, 0.5);
    expect(outcome.status).toBe('deferred');
    expect(outcome.nextAttemptAt).toEqual(at(120_000));
    expect(outcome.throttled).toBe(true);
    expect(outcome.lastError?.code).toBe('THROTTLED');
  });

  it('does not grow the backoff with throttled attempts', () => {
    // two throttled attempts, then a real failure: the delay is the first retry's, not the third's
    const afterThrottles = decide({ attemptCount: 2, throttledCount: 2, ageFrom: t0 }, temporary, at(1_000), limits, 0.5);
    expect(afterThrottles.nextAttemptAt).toEqual(at(1_000 + 60_000));
    expect(afterThrottles.throttled).toBeUndefined();
    const withoutThrottles = decide({ attemptCount: 2, throttledCount: 0, ageFrom: t0 }, temporary, at(1_000), limits, 0.5);
    expect(withoutThrottles.nextAttemptAt).toEqual(at(1_000 + 240_000));
  });

  it('still fails a throttled notification that ran out of time', () => {
    const outcome = decide({ attemptCount: 1, throttledCount: 1, ageFrom: t0 }, throttled, at(limits.maxAgeMs), limits, 0.5);
    expect(outcome.status).toBe('failed');
    expect(outcome.lastError?.code).toBe('MAX_AGE_EXCEEDED');
  });

  it('never waits past the deadline for a pause', () => {
    const late = { ...throttled, pausedUntil: at(limits.maxAgeMs + 3_600_000) };
    const outcome = decide({ attemptCount: 1, throttledCount: 1, ageFrom: t0 }, late, at(1_000), limits, 0.5);
    expect(outcome.nextAttemptAt).toEqual(at(limits.maxAgeMs));
  });
});
