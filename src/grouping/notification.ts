/**
 * Pure: the notification of a due group. A first notification that covers one event reads
 * like any single-event message; everything else (a digest, or a first that collected several
 * events during `waitSeconds`) uses `digestSubject` / `digestBody` with the group's counts.
 */
import type { EffectivePolicy } from '../domain/policy.js';
import { composeNotification, newNotificationId } from './notification-for.js';
import type { DueGroup, NewNotification } from '../store/ports.js';
import { renderDigest, renderNotification } from '../templates/notification.js';

/** Builds the notification of `due` under the group's effective policy (the store sets kind, group and ids). */
export function groupNotification(due: DueGroup, effective: EffectivePolicy, now: Date, newId: () => string = newNotificationId): NewNotification {
  const latest = due.newest[0];
  const about = {
    id: newId(),
    applicationId: due.group.applicationId,
    eventIds: due.newest.map((e) => e.id),
    eventCount: due.eventCount,
  };
  const render =
    due.kind === 'first' && due.eventCount === 1 && latest !== undefined
      ? () => renderNotification(effective.email, latest)
      : () =>
          renderDigest(effective.email, {
            newest: due.newest,
            eventCount: due.eventCount,
            deviceCount: due.deviceCount,
            firstOccurredAt: due.firstOccurredAt,
            lastOccurredAt: due.lastOccurredAt,
            maxListed: due.group.maxListed,
          });
  return composeNotification(about, effective, now, render);
}
