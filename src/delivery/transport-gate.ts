/**
 * Shapes sending to what a mail provider allows (API.md `rateLimit` and `THROTTLED`), in the
 * spirit of Postfix's destination rate delay:
 * - `rateLimit.perMinute` spaces messages through one transport 60 000 / perMinute ms apart
 *   (never more than perMinute in any minute). The next free slot per transport lives in the
 *   store, so every instance on PostgreSQL shares one limit.
 * - A throttling reply pauses the whole transport: first HERALD_RETRY_BASE_MS, doubling up to
 *   HERALD_RETRY_MAX_MS while the server keeps throttling; a delivery that goes through ends
 *   the streak. The pause lives in the store (`paused_until` of the transport's row), so every
 *   instance honours it: a rate-limited transport reads it with every slot it takes; an
 *   unlimited one keeps the store off its hot path and reads it at most every
 *   SHARED_PAUSE_REFRESH_MS (a pause another instance recorded stops it within that time).
 * A notification that may not go now is given back `queued` until the slot or the pause end,
 * without an attempt: it never fails for it.
 */
import { hash } from 'node:crypto';
import type { EmailSettings } from '../domain/email-settings.js';
import type { GateDecision, TransportGateRepo } from '../store/ports.js';

/** The key of a transport for rate limiting: its servers, port, MX mode and account (no secret). */
export function gateKeyOf(settings: Pick<EmailSettings, 'servers' | 'port' | 'useMx' | 'auth'>): string {
  const identity = JSON.stringify([settings.servers, settings.port, settings.useMx, settings.auth.enabled ? settings.auth.username : null]);
  return hash('sha256', identity, 'hex').slice(0, 32);
}

/** Least time between two messages for a limit; null = unlimited. */
export function spacingMsOf(perMinute: number | null): number | null {
  return perMinute === null ? null : Math.ceil(60_000 / perMinute);
}

/** How often an unlimited transport reads the shared pause from the store (at most once per this many ms). */
export const SHARED_PAUSE_REFRESH_MS = 1000;

/** The pause lengths from configuration. */
export interface PauseLimits {
  baseMs: number;
  maxMs: number;
}

/** Rate limit and throttling pause per transport (one per process, backed by the store). */
export class TransportGate {
  /** Pauses this process knows of, by key (end time). */
  private readonly pausedUntil = new Map<string, number>();
  /** When an unlimited transport last read the shared pause, by key. */
  private readonly pauseReadAt = new Map<string, number>();
  /** Keys with a throttling streak in the store (so a success clears it). */
  private readonly streaks = new Set<string>();
  /** Per key, the admission in progress: admissions run one after another in call order. */
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(
    private readonly repo: TransportGateRepo,
    private readonly limits: PauseLimits,
    private readonly clock: () => Date,
  ) {}

  /**
   * May a message go through this transport now? Calls for one key are answered in call
   * order, so the notification claimed first (a group's first before digests) gets the slot.
   */
  admit(key: string, perMinute: number | null): Promise<GateDecision> {
    const previous = this.queues.get(key) ?? Promise.resolve();
    const decision = previous.then(() => this.decide(key, perMinute, this.clock()));
    const settled = decision.catch(() => undefined);
    this.queues.set(key, settled);
    void settled.then(() => {
      if (this.queues.get(key) === settled) this.queues.delete(key);
    });
    return decision;
  }

  private async decide(key: string, perMinute: number | null, now: Date): Promise<GateDecision> {
    const paused = this.pausedUntil.get(key);
    if (paused !== undefined) {
      if (paused > now.getTime()) return { granted: false, retryAt: new Date(paused) };
      this.pausedUntil.delete(key);
    }
    const spacing = spacingMsOf(perMinute);
    if (spacing === null && !this.sharedPauseDue(key, now)) return { granted: true };
    const decision = await this.repo.take(key, now, spacing);
    if (decision.granted) {
      // a streak on record (maybe another instance's): the delivery that follows ends it
      if (decision.throttleStreak) this.streaks.add(key);
      return { granted: true };
    }
    if (spacing === null) {
      // another instance's pause: honour it here too, and let a delivery after it end the streak
      this.pausedUntil.set(key, decision.retryAt.getTime());
      this.streaks.add(key);
    }
    return decision;
  }

  /** Whether an unlimited transport should read the shared pause now (at most every SHARED_PAUSE_REFRESH_MS). */
  private sharedPauseDue(key: string, now: Date): boolean {
    const last = this.pauseReadAt.get(key);
    if (last !== undefined && now.getTime() - last < SHARED_PAUSE_REFRESH_MS) return false;
    this.pauseReadAt.set(key, now.getTime());
    return true;
  }

  /** The server throttled: pause the transport (doubling while it keeps throttling); returns the end. */
  async throttled(key: string): Promise<Date> {
    const until = await this.repo.pause(key, this.clock(), this.limits.baseMs, this.limits.maxMs);
    this.pausedUntil.set(key, Math.max(until.getTime(), this.pausedUntil.get(key) ?? 0));
    this.streaks.add(key);
    return until;
  }

  /** A message went through: the next throttle starts again at the base pause. */
  async delivered(key: string): Promise<void> {
    if (!this.streaks.delete(key)) return;
    await this.repo.clearPause(key);
  }
}
