/**
 * "Send a sample event": posts one sample event as the signed-in admin (the session may post
 * events like an agent), then follows it: the stored event, the notification that covers it,
 * and that notification's delivery — the whole path without an agent.
 */
import { useState } from 'react';
import { useI18n } from '../../i18n/I18nProvider';
import { useApi } from '../../app/session';
import { Card } from '../../components/Card';
import { Button } from '../../components/Button';
import { Notice } from '../../components/Notice';
import { Token } from '../../components/Token';
import { isApiError } from '../../api/client';
import { CoveringNotification } from './CoveringNotification';
import { sampleEvent } from './sampleEvent';
import { useEventTrace, type EventTrace } from './useEventTrace';

/** The card; `onSent` lets the page reload its list, the open callbacks show details. */
export function SampleEventCard({ onSent, onOpenEvent, onOpenNotification }: { onSent(): void; onOpenEvent(id: string): void; onOpenNotification(id: string): void }) {
  const { t, errorText } = useI18n();
  const api = useApi();
  const [eventId, setEventId] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const trace = useEventTrace(eventId);

  const send = async () => {
    setBusy(true);
    setError(null);
    try {
      const event = sampleEvent({ typeName: t('sample.typeName'), description: t('sample.description'), task: t('sample.task') });
      await api.postEvents([event]);
      setEventId(event.id);
      onSent();
    } catch (e) {
      setError(isApiError(e) ? errorText(e) : String(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card
      title={t('sample.title')}
      description={t('sample.hint')}
      id="sample-event"
      actions={
        <Button variant="primary" busy={busy} onClick={() => void send()}>
          {t('sample.send')}
        </Button>
      }
    >
      {error !== null ? <Notice tone="danger">{error}</Notice> : null}
      {eventId === null ? (
        <p className="text-muted small">{t('sample.none')}</p>
      ) : (
        <ol className="trace" data-testid="sample-trace">
          <li className="trace__step">
            <p className="trace__title">{t('sample.received')}</p>
            <ReceivedEvent trace={trace} onOpen={() => onOpenEvent(trace.event?.id ?? eventId)} />
          </li>
          <li className="trace__step">
            <p className="trace__title">{t('eventTrace.notification')}</p>
            <CoveringNotification trace={trace} onOpen={onOpenNotification} />
          </li>
        </ol>
      )}
    </Card>
  );
}

/** The sample event as the server stored it (type, time, id), with a button to open it. */
function ReceivedEvent({ trace, onOpen }: { trace: EventTrace; onOpen(): void }) {
  const { t, formatDate } = useI18n();
  if (trace.event === null) return <p role="status">{t('common.loading')}</p>;
  return (
    <div className="trace__body" data-testid="sample-event-row">
      <span className="cell-title">{trace.event.typeName ?? trace.event.type}</span>{' '}
      <span className="text-muted small">{formatDate(trace.event.receivedAt ?? trace.event.occurredAt)}</span>{' '}
      <Token value={trace.event.id} />{' '}
      <Button variant="ghost" size="sm" onClick={onOpen}>
        {t('sample.openEvent')}
      </Button>
    </div>
  );
}
