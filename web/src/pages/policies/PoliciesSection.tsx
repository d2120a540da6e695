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

/** The policies to choose from; the selected one is marked current. */
function PolicyList({ policies, selected, onSelect }: { policies: Policy[]; selected: string | null; onSelect(applicationId: string): void }) {
  const { t } = useI18n();
  return (
    <nav className="policies__list" aria-label={t('policies.select')}>
      <ul>
        {policies.map((policy) => (
          <li key={policy.applicationId}>
            <button type="button" className="policies__item" aria-current={policy.applicationId === selected ? 'true' : undefined} onClick={() => onSelect(policy.applicationId)}>
              <span className="policies__name">{policy.name || policy.applicationId}</span>
              <span className="mono small text-muted">{policy.applicationId}</span>
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}

/** The stored policies, the selected one (the first after loading), and deleting one. */
function usePolicies() {
  const { t, errorText } = useI18n();
  const api = useApi();
  const [policies, setPolicies] = useState<Policy[] | null>(null);
  const [selected, setSelected] = useState<string | null>(null);
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
  return { policies, selected, setSelected, error, reload, remove };
}

/** List + editor. */
export function PoliciesSection() {
  const { t } = useI18n();
  const { policies, selected, setSelected, error, reload, remove } = usePolicies();
  const [creating, setCreating] = useState(false);
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
          <PolicyList policies={policies} selected={selected} onSelect={setSelected} />
          {current !== null ? (
            <PolicyEditor key={current.applicationId} policy={current} onSaved={() => void reload()} onDelete={() => void remove(current.applicationId)} />
          ) : null}
        </div>
      )}
    </Card>
  );
}
