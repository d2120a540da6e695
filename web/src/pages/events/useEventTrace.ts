/**
 * Follows one event along Herald's path: the stored event, then the notification that covers
 * it (or the group it waits in for its digest), until that notification is `sent` or `failed`.
 * Polls once a second while something is still on its way, for at most two minutes.
 */
import { useEffect, useState } from 'react';
import { useApi } from '../../app/session';
import { ApiError, isApiError } from '../../api/client';
import type { EventView, GroupView, NotificationDetail } from '../../api/types';

/** What is known about the event's way so far. */
export interface EventTrace {
  event: EventView | null;
  notification: NotificationDetail | null;
  /** The group the event waits in while it has no notification yet. */
  group: GroupView | null;
  error: ApiError | null;
  /** Still polling (the notification is not final yet). */
  following: boolean;
}

const POLL_MS = 1_000;
const FOLLOW_FOR_MS = 120_000;
const FINAL = new Set(['sent', 'failed']);

/** The trace of `eventId` (all null while `eventId` is null). */
export function useEventTrace(eventId: string | null): EventTrace {
  const api = useApi();
  const [trace, setTrace] = useState<EventTrace>({ event: null, notification: null, group: null, error: null, following: false });

  useEffect(() => {
    setTrace({ event: null, notification: null, group: null, error: null, following: eventId !== null });
    if (eventId === null) return undefined;
    let active = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const until = Date.now() + FOLLOW_FOR_MS;
    const step = async (): Promise<void> => {
      try {
        const event = await api.getEvent(eventId);
        const notificationId = event.notificationId ?? null;
        const groupId = event.groupId ?? null;
        const notification = notificationId === null ? null : await api.getNotification(notificationId);
        const group = notificationId === null && groupId !== null ? await api.getGroup(groupId) : null;
        if (!active) return;
        // an event with neither a notification nor a group did not notify: nothing to wait for
        const onItsWay = notification !== null ? !FINAL.has(notification.status) : groupId !== null;
        const following = onItsWay && Date.now() < until;
        setTrace({ event, notification, group, error: null, following });
        if (following) timer = setTimeout(() => void step(), POLL_MS);
      } catch (e) {
        // any failure ends the following (a spinner must not outlive it); non-API errors are worded generically
        const error = isApiError(e) ? e : new ApiError(0, 'INTERNAL_ERROR', String(e), undefined);
        if (active) setTrace((previous) => ({ ...previous, error, following: false }));
      }
    };
    void step();
    return () => {
      active = false;
      if (timer !== undefined) clearTimeout(timer);
    };
  }, [api, eventId]);

  return trace;
}
