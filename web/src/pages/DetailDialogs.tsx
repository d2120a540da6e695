/**
 * The event and notification detail dialogs of a page, each handing over to the other: an
 * event's covering notification opens the notification, a notification's event ids open the
 * events. At most one of the two is open.
 */
import { useCallback, useState } from 'react';
import { EventDetailDialog } from './events/EventDetailDialog';
import { NotificationDetailDialog } from './NotificationDetailDialog';

/** Which detail is open, and the ways to open or close one. */
export interface DetailDialogsState {
  eventId: string | null;
  notificationId: string | null;
  openEvent(id: string): void;
  openNotification(id: string): void;
  close(): void;
}

/** The state of a page's two detail dialogs (opening one closes the other). */
export function useDetailDialogs(): DetailDialogsState {
  const [eventId, setEventId] = useState<string | null>(null);
  const [notificationId, setNotificationId] = useState<string | null>(null);
  const openEvent = useCallback((id: string) => {
    setNotificationId(null);
    setEventId(id);
  }, []);
  const openNotification = useCallback((id: string) => {
    setEventId(null);
    setNotificationId(id);
  }, []);
  const close = useCallback(() => {
    setEventId(null);
    setNotificationId(null);
  }, []);
  return { eventId, notificationId, openEvent, openNotification, close };
}

/** Both dialogs; `onRetried` runs after a notification was queued again (e.g. to reload a list). */
export function DetailDialogs({ state, onRetried }: { state: DetailDialogsState; onRetried(): void }) {
  return (
    <>
      <EventDetailDialog id={state.eventId} onClose={state.close} onOpenNotification={state.openNotification} />
      <NotificationDetailDialog id={state.notificationId} onClose={state.close} onRetried={onRetried} onOpenEvent={state.openEvent} />
    </>
  );
}
