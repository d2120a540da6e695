/**
 * A notification's details: facts (sender, recipients, Message-ID, the events it covers, each
 * opening that event's detail), the message body, the attempt log (why "if supported" went in
 * clear, in the console's language), and Retry for a failed one.
 */
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
import { Token, TokenList } from '../components/Token';
import { ScrollablePre } from '../components/ScrollablePre';
import { TechnicalDetails } from '../components/TechnicalDetails';
import { PlaintextNotice } from '../components/PlaintextNotice';

/** The notification of `id` (reloaded after a retry), the dialog's notice, and Retry. */
function useNotificationDetail(id: string | null, onRetried: () => void) {
  const { t, errorText } = useI18n();
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
  return { detail, notice, busy, retry };
}

/** The dialog (closed when `id` is null); an event id hands over to that event's dialog through `onOpenEvent`. */
export function NotificationDetailDialog({ id, onClose, onRetried, onOpenEvent }: { id: string | null; onClose(): void; onRetried(): void; onOpenEvent(eventId: string): void }) {
  const { t } = useI18n();
  const { detail, notice, busy, retry } = useNotificationDetail(id, onRetried);

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
          <NotificationFacts detail={detail} onOpenEvent={onOpenEvent} />
          {detail.body !== undefined ? (
            <>
              <h3 className="section-title">{t('notifications.body')}</h3>
              <ScrollablePre label={t('notifications.body')} className="message-body" data-testid="notification-body">
                {detail.body}
              </ScrollablePre>
            </>
          ) : null}
          <h3 className="section-title">{t('notifications.attemptLog')}</h3>
          {detail.attemptLog.length === 0 ? <p className="text-muted">{t('notifications.noAttempts')}</p> : <AttemptLog entries={detail.attemptLog} />}
        </div>
      )}
    </Dialog>
  );
}

/** Status, sender, recipients, subject, Message-ID, times, application, events (each opens its detail) and id. */
function NotificationFacts({ detail, onOpenEvent }: { detail: NotificationDetail; onOpenEvent(eventId: string): void }) {
  const { t, formatDate } = useI18n();
  return (
    <dl className="facts">
      <dt>{t('notifications.status')}</dt>
      <dd>
        <StatusBadge status={detail.status} />
      </dd>
      <dt>{t('notifications.sender')}</dt>
      <dd data-testid="notification-sender">{detail.sender !== undefined ? <Token value={detail.sender} /> : '—'}</dd>
      <dt>{t('notifications.recipients')}</dt>
      <dd>
        <TokenList values={detail.recipients} />
      </dd>
      <dt>{t('notifications.subject')}</dt>
      <dd>{detail.subject}</dd>
      <dt>{t('notifications.messageId')}</dt>
      <dd data-testid="notification-message-id">{detail.messageId !== undefined ? <Token value={detail.messageId} /> : '—'}</dd>
      <dt>{t('notifications.created')}</dt>
      <dd>{formatDate(detail.createdAt)}</dd>
      {detail.sentAt !== null ? (
        <>
          <dt>{t('notifications.sentAt')}</dt>
          <dd>
            {formatDate(detail.sentAt)} {detail.server !== null ? <Token value={detail.server} /> : null}
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
      <dd>{detail.applicationId !== null ? <Token value={detail.applicationId} /> : '—'}</dd>
      <dt>{t('notifications.eventIds')}</dt>
      <dd data-testid="notification-event-ids">
        <EventIdLinks ids={detail.eventIds} onOpen={onOpenEvent} />
      </dd>
      <dt>{t('notifications.id')}</dt>
      <dd>
        <Token value={detail.id} />
      </dd>
    </dl>
  );
}

/** The covered events' ids, each on one line and a button that opens that event's detail. */
function EventIdLinks({ ids, onOpen }: { ids: readonly string[]; onOpen(eventId: string): void }) {
  const { t } = useI18n();
  if (ids.length === 0) return <span className="text-muted">—</span>;
  return (
    <span className="token-group">
      {ids.map((eventId, index) => (
        <button key={`${index}-${eventId}`} type="button" className="link-btn token token-link" title={eventId} aria-label={t('notifications.openEvent', { id: eventId })} onClick={() => onOpen(eventId)}>
          {eventId}
        </button>
      ))}
    </span>
  );
}

/** One entry per server tried: when, where, how far it got, the error and the TLS facts. */
function AttemptLog({ entries }: { entries: NotificationDetail['attemptLog'] }) {
  const { t, formatDate, fieldErrorText } = useI18n();
  return (
    <ol className="timeline">
      {entries.map((entry, index) => (
        <li key={index} className={`timeline__item timeline__item--${entry.ok ? 'ok' : 'failed'}`}>
          <div className="timeline__head">
            <span className="nowrap">{formatDate(entry.at)}</span>
            <Token value={entry.server} />
            <Badge tone={entry.ok ? 'success' : 'danger'}>{entry.ok ? t('test.ok') : t('test.failed')}</Badge>
            <span className="text-muted small">
              {t('test.stageReached')}: {t(`stage.${entry.stage}`)}
            </span>
          </div>
          {entry.error !== null ? (
            <p className="text-danger small">
              {fieldErrorText(entry.error)} <code className="code-pill">{entry.error.code}</code>
            </p>
          ) : null}
          {entry.error !== null || entry.note !== undefined ? (
            <TechnicalDetails className="small" text={[entry.error?.message, entry.note].filter((part) => part !== undefined).join(' — ')} />
          ) : null}
          <TlsFactsView tls={entry.tls} />
          <PlaintextNotice reason={entry.plaintextReason} />
        </li>
      ))}
    </ol>
  );
}
