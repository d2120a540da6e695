/**
 * Storm control at a glance: events received vs e-mails sent per minute over the last three
 * hours, and the groups that are collecting events now (refreshed every 10 seconds).
 */
import { useEffect, useMemo, useState } from 'react';
import { useI18n } from '../../i18n/I18nProvider';
import { useApi } from '../../app/session';
import { PageHeader } from '../../components/PageHeader';
import { Card } from '../../components/Card';
import { Notice } from '../../components/Notice';
import { isApiError } from '../../api/client';
import type { GroupView, ThroughputMinute } from '../../api/types';
import type { MessageKey } from '../../i18n/en';
import { ThroughputChart } from './ThroughputChart';

/** Minutes the chart shows. */
export const CHART_MINUTES = 180;
/** How often the page refreshes. */
export const REFRESH_MS = 10_000;

/** Throughput and active groups, loaded now and every `REFRESH_MS`. */
function useStormData() {
  const { errorText } = useI18n();
  const api = useApi();
  const [minutes, setMinutes] = useState<ThroughputMinute[] | null>(null);
  const [groups, setGroups] = useState<GroupView[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let active = true;
    const load = () => {
      Promise.all([api.throughput(CHART_MINUTES), api.listGroups(true)])
        .then(([throughput, page]) => {
          if (!active) return;
          setMinutes(throughput.items);
          setGroups(page.items);
          setError(null);
        })
        .catch((e: unknown) => active && setError(isApiError(e) ? errorText(e) : String(e)));
    };
    load();
    const timer = window.setInterval(load, REFRESH_MS);
    return () => {
      active = false;
      window.clearInterval(timer);
    };
  }, [api, errorText]);
  return { minutes, groups, error };
}

/** The storm page. */
export function StormPage() {
  const { t } = useI18n();
  const { minutes, groups, error } = useStormData();
  const labels = useMemo(() => ({ received: t('storm.received'), sent: t('storm.sent') }), [t]);
  const totals = (minutes ?? []).reduce((sum, m) => ({ received: sum.received + m.eventsReceived, sent: sum.sent + m.emailsSent }), { received: 0, sent: 0 });

  return (
    <>
      <PageHeader title={t('storm.title')} subtitle={t('storm.subtitle')} />
      {error !== null ? <Notice tone="danger">{error}</Notice> : null}
      <Card title={t('storm.chartTitle')} id="card-throughput">
        {minutes === null ? (
          <p role="status">{t('common.loading')}</p>
        ) : (
          <>
            <p className="field__hint" id="throughput-totals">
              {t('storm.totals', { received: totals.received, sent: totals.sent })}
            </p>
            <ThroughputChart minutes={minutes} labels={labels} />
          </>
        )}
      </Card>
      <Card title={t('storm.activeGroups')} id="card-groups">
        {groups === null ? <p role="status">{t('common.loading')}</p> : groups.length === 0 ? <p>{t('storm.noGroups')}</p> : <GroupsTable groups={groups} />}
      </Card>
    </>
  );
}

/** The active groups: key, counts, last event, next digest, messages sent. */
function GroupsTable({ groups }: { groups: GroupView[] }) {
  const { t, formatDate } = useI18n();
  return (
    <div className="table-wrap">
      <table className="table" id="groups-table">
        <thead>
          <tr>
            <th scope="col">{t('storm.key')}</th>
            <th scope="col">{t('storm.events')}</th>
            <th scope="col">{t('storm.pending')}</th>
            <th scope="col">{t('storm.lastEvent')}</th>
            <th scope="col">{t('storm.nextDigest')}</th>
            <th scope="col">{t('storm.messages')}</th>
          </tr>
        </thead>
        <tbody>
          {groups.map((g) => (
            <tr key={g.id} data-group={g.id}>
              <td>
                {Object.entries(g.key).map(([dimension, value]) => (
                  <div key={dimension}>
                    <span className="muted">{t(`storm.dim.${dimension}` as MessageKey)}:</span> <span className="mono">{value ?? '—'}</span>
                  </div>
                ))}
              </td>
              <td>{g.eventCount}</td>
              <td>{g.pendingCount}</td>
              <td>{formatDate(g.lastAt)}</td>
              <td>{g.nextDigestAt === null ? '—' : formatDate(g.nextDigestAt)}</td>
              <td>{g.notificationIds.length}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
