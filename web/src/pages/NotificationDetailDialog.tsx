/** A notification's details: facts, attempt log, and Retry for a failed one. */
import { useEffect, useState } from 'react';
import { useI18n } from '../i18n/I18nProvider';
import { useApi } from '../app/session';
import { Dialog } from '../components/Dialog';
import { Button } from '../components/Button';
import { Notice } from '../components/Notice';
import { Badge } from '../components/Badge';
import { StatusBadge } from '../components/StatusBadge';
import { isApiError } from '../api/client';
import type { NotificationDetail } from '../api/types';
import { TlsFactsView } from './settings/TlsFactsView';

/** The dialog (closed when `id` is null). */
export function NotificationDetailDialog({ id, onClose, onRetried }: { id: string | null; onClose(): void; onRetried(): void }) {
  const { t, formatDate, errorText, reasonText } = useI18n();
  const api = useApi();
  const [detail, setDetail] = useState<NotificationDetail | null>(null);
  const [notice, setNotice] = useState<{ tone: 'success' | 'danger'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    setDetail(null);
    setNotice(null);
    if (id === null) return undefined;
    let active = true;
    api
      .getNotification(id)
      .then((d) => active && setDetail(d))
      .catch((e: unknown) => active && setNotice({ tone: 'danger', text: isApiError(e) ? errorText(e) : String(e) }));
    return () => {
      active = false;
    };
  }, [api, id, errorText]);

  const retry = async () => {
    if (detail === null) return;
    setBusy(true);
    try {
      await api.retryNotification(detail.id);
      setDetail(await api.getNotification(detail.id));
      setNotice({ tone: 'success', text: t('notifications.retried') });
      onRetried();
    } catch (e) {
      setNotice({ tone: 'danger', text: isApiError(e) ? errorText(e) : String(e) });
    } finally {
      setBusy(false);
    }
  };

  const footer = (
    <>
      <Button variant="ghost" onClick={onClose}>
        {t('common.close')}
      </Button>
      {detail?.status === 'failed' ? (
        <Button variant="primary" busy={busy} onClick={() => void retry()} id="notification-retry">
          {t('notifications.retry')}
        </Button>
      ) : null}
    </>
  );

  return (
    <Dialog open={id !== null} onClose={onClose} title={t('notifications.detail')} footer={footer} size="lg">
      {notice !== null ? <Notice tone={notice.tone}>{notice.text}</Notice> : null}
      {detail === null ? (
        <p role="status">{t('common.loading')}</p>
      ) : (
        <div className="stack">
          <dl className="facts">
            <dt>{t('notifications.status')}</dt>
            <dd>
              <StatusBadge status={detail.status} />
            </dd>
            <dt>{t('notifications.subject')}</dt>
            <dd>{detail.subject}</dd>
            <dt>{t('notifications.recipients')}</dt>
            <dd>{detail.recipients.join(', ')}</dd>
            <dt>{t('notifications.created')}</dt>
            <dd>{formatDate(detail.createdAt)}</dd>
            {detail.sentAt !== null ? (
              <>
                <dt>{t('notifications.sentAt')}</dt>
                <dd>
                  {formatDate(detail.sentAt)} {detail.server !== null ? <span className="mono small">({detail.server})</span> : null}
                </dd>
              </>
            ) : null}
            {detail.nextAttemptAt !== null ? (
              <>
                <dt>{t('notifications.nextAttempt')}</dt>
                <dd>{formatDate(detail.nextAttemptAt)}</dd>
              </>
            ) : null}
            <dt>{t('notifications.application')}</dt>
            <dd className="mono">{detail.applicationId ?? '—'}</dd>
            <dt>{t('notifications.eventIds')}</dt>
            <dd className="mono small break">{detail.eventIds.join(', ')}</dd>
          </dl>
          <h3 className="section-title">{t('notifications.attemptLog')}</h3>
          {detail.attemptLog.length === 0 ? (
            <p className="text-muted">{t('notifications.noAttempts')}</p>
          ) : (
            <ol className="timeline">
              {detail.attemptLog.map((entry, index) => (
                <li key={index} className={`timeline__item timeline__item--${entry.ok ? 'ok' : 'failed'}`}>
                  <div className="timeline__head">
                    <span className="nowrap">{formatDate(entry.at)}</span>
                    <span className="mono">{entry.server}</span>
                    <Badge tone={entry.ok ? 'success' : 'danger'}>{entry.ok ? t('test.ok') : t('test.failed')}</Badge>
                    <span className="text-muted small">
                      {t('test.stageReached')}: {t(`stage.${entry.stage}`)}
                    </span>
                  </div>
                  {entry.error !== null ? (
                    <p className="text-danger small">
                      {reasonText(entry.error.code) ?? entry.error.message} <code className="code-pill">{entry.error.code}</code>
                      {reasonText(entry.error.code) !== undefined ? <span className="text-muted"> — {entry.error.message}</span> : null}
                    </p>
                  ) : null}
                  {entry.note !== undefined ? <p className="text-muted small">{entry.note}</p> : null}
                  <TlsFactsView tls={entry.tls} />
                </li>
              ))}
            </ol>
          )}
        </div>
      )}
    </Dialog>
  );
}
