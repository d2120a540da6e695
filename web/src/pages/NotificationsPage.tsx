/** The delivery ledger: status filter, attempts, last error; a detail dialog with the attempt log, Retry, and the covered events' details. */
import { useCallback, useState } from 'react';
import { useI18n } from '../i18n/I18nProvider';
import { useApi } from '../app/session';
import { PageHeader } from '../components/PageHeader';
import { Card } from '../components/Card';
import { Field } from '../components/Field';
import { StatusBadge } from '../components/StatusBadge';
import { ListFooter } from '../components/ListFooter';
import { usePagedList } from '../components/usePagedList';
import { NOTIFICATION_STATUSES, type NotificationStatus, type NotificationView } from '../api/types';
import { DetailDialogs, useDetailDialogs } from './DetailDialogs';
import { TokenList } from '../components/Token';

/** The notifications page. */
export function NotificationsPage() {
  const { t } = useI18n();
  const api = useApi();
  const [status, setStatus] = useState<NotificationStatus | ''>('');
  const details = useDetailDialogs();
  const fetchPage = useCallback((before: string | null) => api.listNotifications({ status, before }), [api, status]);
  const list = usePagedList(fetchPage);

  return (
    <>
      <PageHeader title={t('notifications.title')} subtitle={t('notifications.subtitle')} />
      <Card>
        <div className="filters">
          <Field id="notifications-status" label={t('notifications.status')}>
            {(control) => (
              <select {...control} value={status} onChange={(e) => setStatus(e.target.value as NotificationStatus | '')}>
                <option value="">{t('common.all')}</option>
                {NOTIFICATION_STATUSES.map((s) => (
                  <option key={s} value={s}>
                    {t(`status.${s}`)}
                  </option>
                ))}
              </select>
            )}
          </Field>
        </div>
        <NotificationsTable notifications={list.items} onOpen={details.openNotification} />
        <ListFooter list={list} emptyText={t('notifications.none')} />
      </Card>
      <DetailDialogs state={details} onRetried={list.reload} />
    </>
  );
}

/** A row per notification: created, status, subject (opens the detail) with recipients, attempts, last error. */
function NotificationsTable({ notifications, onOpen }: { notifications: NotificationView[]; onOpen(id: string): void }) {
  const { t, formatDate, fieldErrorText } = useI18n();
  return (
    <div className="table-wrap">
      <table className="table table--clickable">
        <thead>
          <tr>
            <th scope="col">{t('notifications.created')}</th>
            <th scope="col">{t('notifications.status')}</th>
            <th scope="col">{t('notifications.subject')}</th>
            <th scope="col" className="num">{t('notifications.attempts')}</th>
            <th scope="col">{t('notifications.lastError')}</th>
          </tr>
        </thead>
        <tbody>
          {notifications.map((n) => (
            <tr key={n.id}>
              <td data-label={t('notifications.created')} className="nowrap">{formatDate(n.createdAt)}</td>
              <td data-label={t('notifications.status')}>
                <StatusBadge status={n.status} />
              </td>
              <td data-label={t('notifications.subject')}>
                <button type="button" className="link-btn cell-title" onClick={() => onOpen(n.id)} aria-label={t('notifications.open', { subject: n.subject })}>
                  {n.subject}
                </button>
                <div className="cell-sub">
                  <TokenList values={n.recipients} />
                </div>
              </td>
              <td data-label={t('notifications.attempts')} className="num">{n.attemptCount}</td>
              <td data-label={t('notifications.lastError')}>
                {n.lastError !== null ? (
                  <>
                    <div className="text-danger">{fieldErrorText(n.lastError)}</div>
                    <div className="cell-sub mono">{n.lastError.code}</div>
                  </>
                ) : (
                  <span className="text-muted">—</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
