/** Shared by both stores' throughput repos: per-minute buckets with zeros filled in. */
import type { ThroughputMinute } from './ports.js';

/** One minute in milliseconds. */
export const MINUTE_MS = 60_000;

/** Every minute from `fromMs` (a minute start) up to `toMs`, with the counts found (0 when none). */
export function fillMinutes(
  fromMs: number,
  toMs: number,
  events: ReadonlyArray<{ minute: number; n: number }>,
  sent: ReadonlyArray<{ minute: number; n: number }>,
): ThroughputMinute[] {
  const received = new Map(events.map((row) => [Number(row.minute), Number(row.n)]));
  const mailed = new Map(sent.map((row) => [Number(row.minute), Number(row.n)]));
  const minutes: ThroughputMinute[] = [];
  for (let minute = fromMs; minute < toMs; minute += MINUTE_MS) {
    minutes.push({ minute: new Date(minute), eventsReceived: received.get(minute) ?? 0, emailsSent: mailed.get(minute) ?? 0 });
  }
  return minutes;
}
