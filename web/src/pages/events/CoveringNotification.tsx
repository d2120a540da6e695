/** Where an event got to: the notification that covers it, the group it waits in, or "did not notify". */
import { useI18n } from '../../i18n/I18nProvider';
import { Button } from '../../components/Button';
import { Notice } from '../../components/Notice';
import { StatusBadge } from '../../components/StatusBadge';
import { Token } from '../../components/Token';
import type { EventTrace } from './useEventTrace';

/** The notification part of a trace, with a button that opens the notification's detail. */
export function CoveringNotification({ trace, onOpen }: { trace: EventTrace; onOpen(notificationId: string): void }) {
  const { t, formatDate, errorText, fieldErrorText } = useI18n();
  if (trace.error !== null) return <Notice tone="danger">{errorText(trace.error)}</Notice>;
  if (trace.event === null) return <p role="status">{t('common.loading')}</p>;
  const { notification, group } = trace;
  if (notification === null) {
    const text = group !== null
      ? group.nextDigestAt !== null
        ? t('eventTrace.waitsForDigest', { time: formatDate(group.nextDigestAt) })
        : t('eventTrace.beingPrepared')
      : trace.event.groupId !== null && trace.event.groupId !== undefined
        ? t('eventTrace.beingPrepared')
        : t('eventTrace.notNotified');
    return (
      <p className="covering covering--none" data-testid="covering-notification" role="status">
        {text}
      </p>
    );
  }
  return (
    <div className="covering" data-testid="covering-notification" data-status={notification.status}>
      <div className="covering__head">
        <StatusBadge status={notification.status} />
        <span className="cell-title">{notification.subject}</span>
      </div>
      <p className="text-muted small covering__facts" role="status">
        {notification.status === 'sent' && notification.sentAt !== null ? (
          <>
            {t('eventTrace.sentAt', { time: formatDate(notification.sentAt) })} {notification.server !== null ? <Token value={notification.server} /> : null}
          </>
        ) : notification.lastError !== null ? (
          <span className="text-danger">{fieldErrorText(notification.lastError)}</span>
        ) : (
          t('eventTrace.onItsWay')
        )}
      </p>
      <Button variant="secondary" onClick={() => onOpen(notification.id)}>
        {t('eventTrace.openNotification')}
      </Button>
    </div>
  );
}
