/** Pure: which group a notifying event joins under its effective grouping (null = grouping off). */
import type { HeraldEvent } from '../domain/event.js';
import { groupKeyOf, type Grouping } from '../domain/grouping.js';
import type { GroupJoin } from '../store/ports.js';

/** The group join of an event, or null when `by` is empty (every event its own notification). */
export function groupJoinFor(event: HeraldEvent, grouping: Grouping): GroupJoin | null {
  if (grouping.by.length === 0) return null;
  const { key, text } = groupKeyOf(event, grouping.by);
  return {
    key,
    keyText: text,
    waitMs: grouping.waitSeconds * 1000,
    intervalMs: grouping.intervalSeconds * 1000,
    idleMs: grouping.idleSeconds * 1000,
    maxListed: grouping.maxListed,
  };
}
