/** The policies: a list (with create and delete) beside the editor of the selected one. */
import { useCallback, useEffect, useState } from 'react';
import { useI18n } from '../../i18n/I18nProvider';
import { useApi } from '../../app/session';
import { Card } from '../../components/Card';
import { Button } from '../../components/Button';
import { Notice } from '../../components/Notice';
import { Icon } from '../../components/Icon';
import { isApiError } from '../../api/client';
import type { Policy } from '../../api/types';
import { CreatePolicyForm } from './CreatePolicyForm';
import { PolicyEditor } from './PolicyEditor';

/** List + editor. */
export function PoliciesSection() {
  const { t, errorText } = useI18n();
  const api = useApi();
  const [policies, setPolicies] = useState<Policy[] | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
  const [creating, setCreating] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const reload = useCallback(async () => {
    try {
      const page = await api.listPolicies();
      setPolicies(page.items);
      return page.items;
    } catch (e) {
      setError(isApiError(e) ? errorText(e) : String(e));
      return [];
    }
  }, [api, errorText]);

  useEffect(() => {
    void reload().then((items) => setSelected((current) => current ?? items[0]?.applicationId ?? null));
  }, [reload]);

  const remove = async (applicationId: string) => {
    if (!window.confirm(t('policies.confirmDelete', { id: applicationId }))) return;
    try {
      await api.deletePolicy(applicationId);
      const items = await reload();
      setSelected(items[0]?.applicationId ?? null);
    } catch (e) {
      setError(isApiError(e) ? errorText(e) : String(e));
    }
  };

  const current = policies?.find((p) => p.applicationId === selected) ?? null;

  return (
    <Card
      title={t('policies.title')}
      description={t('policies.hint')}
      id="card-policies"
      actions={
        <Button variant="secondary" onClick={() => setCreating(true)} id="policy-new">
          <Icon name="plus" />
          {t('policies.create')}
        </Button>
      }
    >
      {error !== null ? <Notice tone="danger">{error}</Notice> : null}
      {creating ? (
        <CreatePolicyForm
          onCancel={() => setCreating(false)}
          onCreated={(policy) => {
            setCreating(false);
            void reload().then(() => setSelected(policy.applicationId));
          }}
        />
      ) : null}
      {policies === null ? (
        <p role="status">{t('common.loading')}</p>
      ) : policies.length === 0 && !creating ? (
        <p className="empty">{t('policies.none')}</p>
      ) : (
        <div className="policies">
          <nav className="policies__list" aria-label={t('policies.select')}>
            <ul>
              {policies.map((policy) => (
                <li key={policy.applicationId}>
                  <button type="button" className="policies__item" aria-current={policy.applicationId === selected ? 'true' : undefined} onClick={() => setSelected(policy.applicationId)}>
                    <span className="policies__name">{policy.name || policy.applicationId}</span>
                    <span className="mono small text-muted">{policy.applicationId}</span>
                  </button>
                </li>
              ))}
            </ul>
          </nav>
          {current !== null ? (
            <PolicyEditor key={current.applicationId} policy={current} onSaved={() => void reload()} onDelete={() => void remove(current.applicationId)} />
          ) : null}
        </div>
      )}
    </Card>
  );
}
