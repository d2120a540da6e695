/** The audit log: who changed what and when, with the changed field names (never values). */
import { useCallback } from 'react';
import { useI18n } from '../i18n/I18nProvider';
import { useApi } from '../app/session';
import { PageHeader } from '../components/PageHeader';
import { Card } from '../components/Card';
import { ListFooter } from '../components/ListFooter';
import { usePagedList } from '../components/usePagedList';
import { Token } from '../components/Token';
import { auditActionText } from '../i18n/audit';
import { fieldLabelKey } from '../i18n/fieldLabels';

/** The audit page. */
export function AuditPage() {
  const { t, formatDate, language } = useI18n();
  const api = useApi();
  /** Changed fields by their form labels (each once); a path the console has no label for stays as it is. */
  const changedFieldsText = (fields: string[]): string => {
    const labels = fields.map((field) => {
      const key = fieldLabelKey(field);
      return key === undefined ? field : t(key).replace(/\u00AD/g, '');
    });
    return [...new Set(labels)].join(', ');
  };
  const fetchPage = useCallback((before: string | null) => api.listAudit(before), [api]);
  const list = usePagedList(fetchPage);
  return (
    <>
      <PageHeader title={t('audit.title')} subtitle={t('audit.subtitle')} />
      <Card>
        <div className="table-wrap">
          <table className="table" data-testid="audit-table">
            <thead>
              <tr>
                <th scope="col">{t('audit.at')}</th>
                <th scope="col">{t('audit.actor')}</th>
                <th scope="col">{t('audit.action')}</th>
                <th scope="col">{t('audit.target')}</th>
                <th scope="col">{t('audit.fields')}</th>
              </tr>
            </thead>
            <tbody>
              {list.items.map((entry, index) => (
                <tr key={`${entry.at}-${index}`} data-action={entry.action}>
                  <td data-label={t('audit.at')} className="nowrap">{formatDate(entry.at)}</td>
                  <td data-label={t('audit.actor')}>
                    <div className="cell-title">{entry.actor.name}</div>
                    <div className="cell-sub">
                      {t(entry.actor.kind === 'user' ? 'audit.kind.user' : 'audit.kind.token')}
                      {entry.clientIp !== null ? <> · <Token value={entry.clientIp} /></> : null}
                    </div>
                  </td>
                  <td data-label={t('audit.action')}>{auditActionText(language, entry.action) ?? <span className="mono">{entry.action}</span>}</td>
                  <td data-label={t('audit.target')}>{entry.target !== '' ? <Token value={entry.target} /> : <span className="text-muted">—</span>}</td>
                  <td data-label={t('audit.fields')}>
                    {entry.changedFields.length === 0 ? <span className="text-muted">—</span> : changedFieldsText(entry.changedFields)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <ListFooter list={list} emptyText={t('audit.none')} />
      </Card>
    </>
  );
}
