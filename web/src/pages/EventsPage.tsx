/**
 * Events from the managed devices, filterable by severity, application and device, paged; a
 * row opens the event's detail with the notification that covered it; a sample event shows
 * the whole path without an agent.
 */
import { useCallback, useState, type FormEvent } from 'react';
import { useI18n } from '../i18n/I18nProvider';
import { useApi } from '../app/session';
import { PageHeader } from '../components/PageHeader';
import { Card } from '../components/Card';
import { Field } from '../components/Field';
import { Button } from '../components/Button';
import { SeverityBadge } from '../components/SeverityBadge';
import { ListFooter } from '../components/ListFooter';
import { usePagedList } from '../components/usePagedList';
import { SEVERITIES, type EventView, type Severity } from '../api/types';
import { Token } from '../components/Token';
import { SampleEventCard } from './events/SampleEventCard';
import { DetailDialogs, useDetailDialogs } from './DetailDialogs';

interface EventFilter {
  severity: Severity | '';
  applicationId: string;
  deviceName: string;
}

const EMPTY: EventFilter = { severity: '', applicationId: '', deviceName: '' };

/** The events page. */
export function EventsPage() {
  const { t } = useI18n();
  const api = useApi();
  const [draft, setDraft] = useState<EventFilter>(EMPTY);
  const [filter, setFilter] = useState<EventFilter>(EMPTY);
  const fetchPage = useCallback((before: string | null) => api.listEvents({ ...filter, before }), [api, filter]);
  const list = usePagedList(fetchPage);
  const details = useDetailDialogs();

  const apply = (event: FormEvent) => {
    event.preventDefault();
    setFilter({ ...draft, applicationId: draft.applicationId.trim(), deviceName: draft.deviceName.trim() });
  };

  return (
    <>
      <PageHeader title={t('events.title')} subtitle={t('events.subtitle')} />
      <div className="stack-lg">
      <SampleEventCard onSent={list.reload} onOpenEvent={details.openEvent} onOpenNotification={details.openNotification} />
      <Card>
        <EventFilters draft={draft} onDraft={setDraft} onApply={apply} onReset={() => { setDraft(EMPTY); setFilter(EMPTY); }} />
        <EventsTable events={list.items} onOpen={details.openEvent} />
        <ListFooter list={list} emptyText={t('events.none')} />
      </Card>
      </div>
      <DetailDialogs state={details} onRetried={list.reload} />
    </>
  );
}

/** The filter form: severity, application id, device name; Filter applies, Reset clears. */
function EventFilters({ draft, onDraft, onApply, onReset }: { draft: EventFilter; onDraft(draft: EventFilter): void; onApply(event: FormEvent): void; onReset(): void }) {
  const { t } = useI18n();
  return (
    <form className="filters" onSubmit={onApply}>
      <Field id="events-severity" label={t('events.severity')}>
        {(control) => (
          <select {...control} value={draft.severity} onChange={(e) => onDraft({ ...draft, severity: e.target.value as Severity | '' })}>
            <option value="">{t('common.all')}</option>
            {SEVERITIES.map((s) => (
              <option key={s} value={s}>
                {t(`severity.${s}`)}
              </option>
            ))}
          </select>
        )}
      </Field>
      <Field id="events-application" label={t('events.applicationId')}>
        {(control) => <input {...control} type="text" value={draft.applicationId} onChange={(e) => onDraft({ ...draft, applicationId: e.target.value })} />}
      </Field>
      <Field id="events-device" label={t('events.deviceName')}>
        {(control) => <input {...control} type="text" value={draft.deviceName} onChange={(e) => onDraft({ ...draft, deviceName: e.target.value })} />}
      </Field>
      <div className="filters__actions">
        <Button type="submit" variant="primary">
          {t('events.filter')}
        </Button>
        <Button variant="ghost" onClick={onReset}>
          {t('common.reset')}
        </Button>
      </div>
    </form>
  );
}

/** A row per event; its title opens the event's detail. */
function EventsTable({ events, onOpen }: { events: EventView[]; onOpen(id: string): void }) {
  const { t, formatDate } = useI18n();
  return (
    <div className="table-wrap">
      <table className="table table--clickable">
        <thead>
          <tr>
            <th scope="col">{t('events.occurredAt')}</th>
            <th scope="col">{t('events.severity')}</th>
            <th scope="col">{t('events.event')}</th>
            <th scope="col">{t('events.device')}</th>
            <th scope="col">{t('events.application')}</th>
          </tr>
        </thead>
        <tbody>
          {events.map((event) => (
            <tr key={event.id}>
              <td data-label={t('events.occurredAt')} className="nowrap">{formatDate(event.occurredAt)}</td>
              <td data-label={t('events.severity')}>
                <SeverityBadge severity={event.severity} />
              </td>
              <td data-label={t('events.event')}>
                <button type="button" className="link-btn cell-title" onClick={() => onOpen(event.id)} aria-label={t('events.open', { event: event.typeName ?? event.type })}>
                  {event.typeName ?? event.type}
                </button>
                {event.description !== null ? <div className="cell-sub">{event.description}</div> : null}
              </td>
              <td data-label={t('events.device')}>
                <div>{event.device?.name !== null && event.device?.name !== undefined ? <Token value={event.device.name} /> : '—'}</div>
                {event.device?.ip !== null && event.device?.ip !== undefined ? (
                  <div className="cell-sub">
                    <Token value={event.device.ip} />
                  </div>
                ) : null}
              </td>
              <td data-label={t('events.application')}>
                <div>{event.application?.name ?? event.application?.id ?? '—'}</div>
                <div className="cell-sub">{event.application?.version ?? ''}</div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
