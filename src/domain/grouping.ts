/**
 * Grouping (storm control, API.md "Rules and policies"): which notifying events share one
 * group, and the timing of a group's first notification and its digests. Modelled on
 * Alertmanager's group_by / group_wait / group_interval, with an idle end instead of repeat.
 */
import type { HeraldEvent } from './event.js';

/** The event attributes a group can be keyed by, in canonical order. */
export const GROUPING_DIMENSIONS = ['application', 'eventType', 'device', 'severity'] as const;

/** One attribute a group can be keyed by. */
export type GroupingDimension = (typeof GROUPING_DIMENSIONS)[number];

/** A rules document's (or a policy's) `grouping`. */
export interface Grouping {
  /** The key; [] = no grouping (every event its own notification, as before grouping existed). */
  by: GroupingDimension[];
  /** Delay of a new group's first notification (0 = at once). */
  waitSeconds: number;
  /** Least time between two notifications of one group (digests). */
  intervalSeconds: number;
  /** A group with no new event for this long ends; its next event starts a new group. */
  idleSeconds: number;
  /** Events listed one per line in a digest's %EVENT_LIST%. */
  maxListed: number;
}

/** The defaults: by application and event type, first at once, digests every 5 min, idle after 1 h. */
export function defaultGrouping(): Grouping {
  return { by: ['application', 'eventType'], waitSeconds: 0, intervalSeconds: 300, idleSeconds: 3600, maxListed: 50 };
}

/** A group's key as the API shows it: `{"application": "kes", "eventType": "GNRL_EV_VIRUS_FOUND"}`. */
export type GroupKey = Partial<Record<GroupingDimension, string | null>>;

/** The value of one dimension for an event (device: its id, else its name). */
export function dimensionValue(event: HeraldEvent, dimension: GroupingDimension): string | null {
  switch (dimension) {
    case 'application':
      return event.application.id;
    case 'eventType':
      return event.type;
    case 'device':
      return event.device.id ?? event.device.name;
    case 'severity':
      return event.severity;
  }
}

/**
 * The key of the group an event belongs to, and its canonical text (the store's lookup key).
 * The text includes the dimension list, so a change of `by` never joins an older group.
 */
export function groupKeyOf(event: HeraldEvent, by: readonly GroupingDimension[]): { key: GroupKey; text: string } {
  const dimensions = GROUPING_DIMENSIONS.filter((d) => by.includes(d));
  const key: GroupKey = {};
  for (const d of dimensions) key[d] = dimensionValue(event, d);
  return { key, text: JSON.stringify([dimensions, dimensions.map((d) => key[d])]) };
}

/** Messages per minute through one transport; null = no limit (API.md `rateLimit`). */
export interface RateLimit {
  perMinute: number | null;
}

/** Longest wait, interval or idle time accepted: one week. */
export const MAX_GROUPING_SECONDS = 7 * 24 * 3600;
/** Most events a digest lists one per line. */
export const MAX_LISTED_LIMIT = 1000;

/** The range of each grouping number (API.md "Grouping"): the server's parser and the console's check. */
export const GROUPING_NUMBER_LIMITS = {
  waitSeconds: { min: 0, max: MAX_GROUPING_SECONDS },
  intervalSeconds: { min: 1, max: MAX_GROUPING_SECONDS },
  idleSeconds: { min: 1, max: MAX_GROUPING_SECONDS },
  maxListed: { min: 0, max: MAX_LISTED_LIMIT },
} as const;
