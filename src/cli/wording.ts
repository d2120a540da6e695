/**
 * Counts and ranges for the CLI's English output ("1 event", "1,500 events", "events 1,001–1,500"),
 * so no message says "1 events" or "0 earlier events". Pure; the CLI speaks English only.
 */

const NUMBER = new Intl.NumberFormat('en-US');

/** A number with thousands separators: 1500 → "1,500". */
export function formatNumber(n: number): string {
  return NUMBER.format(n);
}

/** "1 event", "2 events", "1,500 events"; `plural` for irregular nouns. */
export function count(n: number, singular: string, plural = `${singular}s`): string {
  return `${formatNumber(n)} ${n === 1 ? singular : plural}`;
}

/**
 * Items `first`..`last` (1-based, inclusive) of a sequence: "event 7" for one, "events 1–1,000"
 * for several.
 */
export function itemRange(first: number, last: number, singular: string, plural = `${singular}s`): string {
  return first === last ? `${singular} ${formatNumber(first)}` : `${plural} ${formatNumber(first)}–${formatNumber(last)}`;
}
