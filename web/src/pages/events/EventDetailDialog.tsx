/** One event as stored, and the notification that covered it (which opens its own detail). */
import { useI18n } from '../../i18n/I18nProvider';
import { Dialog } from '../../components/Dialog';
import { Button } from '../../components/Button';
import { SeverityBadge } from '../../components/SeverityBadge';
import { Token } from '../../components/Token';
import { CoveringNotification } from './CoveringNotification';
import { useEventTrace } from './useEventTrace';
import type { EventView } from '../../api/types';

/** A fact row, left out when there is no value. */
function Fact({ label, value, token = false }: { label: string; value: string | null | undefined; token?: boolean }) {
  if (value === null || value === undefined || value === '') return null;
  return (
    <>
      <dt>{label}</dt>
      <dd>{token ? <Token value={value} /> : value}</dd>
    </>
  );
}

/** The event's facts. */
function EventFacts({ event }: { event: EventView }) {
  const { t, formatDate } = useI18n();
  return (
    <dl className="facts" data-testid="event-facts">
      <dt>{t('events.severity')}</dt>
      <dd>
        <SeverityBadge severity={event.severity} />
      </dd>
      <Fact label={t('events.event')} value={event.typeName} />
      <Fact label={t('events.type')} value={event.type} token />
      <Fact label={t('events.description')} value={event.description} />
      <Fact label={t('events.occurredAt')} value={formatDate(event.occurredAt)} />
      <Fact label={t('events.receivedAt')} value={event.receivedAt === undefined ? null : formatDate(event.receivedAt)} />
      <Fact label={t('events.device')} value={event.device?.name} token />
      <Fact label={t('events.domain')} value={event.device?.domain} token />
      <Fact label={t('events.ip')} value={event.device?.ip} token />
      <Fact label={t('events.deviceId')} value={event.device?.id} token />
      <Fact label={t('events.application')} value={[event.application?.name, event.application?.version].filter((part) => part !== null && part !== undefined && part !== '').join(' ')} />
      <Fact label={t('events.applicationId')} value={event.application?.id} token />
      <Fact label={t('events.task')} value={event.task} />
      <Fact label={t('events.id')} value={event.id} token />
    </dl>
  );
}

/** The dialog (closed when `id` is null); "Open notification" hands over to the notification's dialog. */
export function EventDetailDialog({ id, onClose, onOpenNotification }: { id: string | null; onClose(): void; onOpenNotification(notificationId: string): void }) {
  const { t } = useI18n();
  const trace = useEventTrace(id);
  const footer = (
    <Button variant="ghost" onClick={onClose}>
      {t('common.close')}
    </Button>
  );
  return (
    <Dialog open={id !== null} onClose={onClose} title={t('events.detail')} footer={footer} size="lg">
      <div className="stack">
        {trace.event !== null ? <EventFacts event={trace.event} /> : null}
        <h3 className="section-title">{t('eventTrace.notification')}</h3>
        <CoveringNotification trace={trace} onOpen={onOpenNotification} />
      </div>
    </Dialog>
  );
}
