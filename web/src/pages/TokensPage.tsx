/** Agent tokens: create (the token is shown once, with a copy button), list, revoke. */
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useI18n } from '../i18n/I18nProvider';
import { useApi } from '../app/session';
import { PageHeader } from '../components/PageHeader';
import { Card } from '../components/Card';
import { Field } from '../components/Field';
import { Button } from '../components/Button';
import { Notice } from '../components/Notice';
import { CopyButton } from '../components/CopyButton';
import { Icon } from '../components/Icon';
import { Badge } from '../components/Badge';
import { isApiError } from '../api/client';
import type { AgentTokenCreated, AgentTokenView } from '../api/types';

/** Revoked tokens stay in the list, marked. */
function isRevoked(token: AgentTokenView): boolean {
  return token.revokedAt !== undefined && token.revokedAt !== null;
}

/** The agent-tokens page. */
export function TokensPage() {
  const { t, formatDate, errorText } = useI18n();
  const api = useApi();
  const [tokens, setTokens] = useState<AgentTokenView[] | null>(null);
  const [name, setName] = useState('');
  const [created, setCreated] = useState<AgentTokenCreated | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const reload = useCallback(async () => {
    try {
      setTokens((await api.listAgentTokens()).items);
    } catch (e) {
      setError(isApiError(e) ? errorText(e) : String(e));
    }
  }, [api, errorText]);

  useEffect(() => {
    void reload();
  }, [reload]);

  const create = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      setCreated(await api.createAgentToken(name.trim()));
      setName('');
      await reload();
    } catch (e) {
      setError(isApiError(e) ? errorText(e) : String(e));
    } finally {
      setBusy(false);
    }
  };

  const revoke = async (token: AgentTokenView) => {
    if (!window.confirm(t('tokens.confirmRevoke', { name: token.name }))) return;
    try {
      await api.revokeAgentToken(token.id);
      if (created?.id === token.id) setCreated(null);
      await reload();
    } catch (e) {
      setError(isApiError(e) ? errorText(e) : String(e));
    }
  };

  return (
    <>
      <PageHeader title={t('tokens.title')} subtitle={t('tokens.subtitle')} />
      <div className="stack-lg">
        <Card title={t('tokens.create')}>
          <form className="inline-form" onSubmit={(e) => void create(e)}>
            <Field id="token-name" label={t('tokens.name')}>
              {(control) => <input {...control} type="text" required value={name} onChange={(e) => setName(e.target.value)} placeholder="agents-berlin" />}
            </Field>
            <Button type="submit" variant="primary" busy={busy} disabled={name.trim() === ''} id="token-create">
              <Icon name="plus" />
              {t('tokens.create')}
            </Button>
          </form>
          {error !== null ? <Notice tone="danger">{error}</Notice> : null}
          {created !== null ? (
            <div className="token-once" role="status">
              <p className="token-once__title">{t('tokens.createdTitle')}: {created.name}</p>
              <p className="field__hint">{t('tokens.createdHint')}</p>
              <div className="input-row">
                <label className="visually-hidden" htmlFor="token-value">
                  {t('tokens.token')}
                </label>
                <input id="token-value" className="mono" readOnly value={created.token} onFocus={(e) => e.target.select()} />
                <CopyButton text={created.token} />
              </div>
            </div>
          ) : null}
        </Card>
        <Card title={t('tokens.list')}>
          {tokens === null ? (
            <p role="status">{t('common.loading')}</p>
          ) : tokens.length === 0 ? (
            <p className="empty">{t('tokens.none')}</p>
          ) : (
            <ul className="token-list">
              {tokens.map((token) => (
                <li key={token.id} className="token-list__row">
                  <span className="token-list__icon" aria-hidden="true">
                    <Icon name="tokens" />
                  </span>
                  <div className="token-list__main">
                    <span className="cell-title">
                      {token.name}{' '}
                      {isRevoked(token) ? <Badge tone="neutral">{t('tokens.revoked')}</Badge> : <Badge tone="success">{t('tokens.active')}</Badge>}
                    </span>
                    <span className="cell-sub">
                      {token.createdAt !== undefined ? `${t('tokens.created')} ${formatDate(token.createdAt)} · ` : ''}
                      {token.lastUsedAt !== undefined ? `${token.lastUsedAt === null ? t('tokens.neverUsed') : `${t('tokens.lastUsed')} ${formatDate(token.lastUsedAt)}`} · ` : ''}
                      <span className="mono">{token.id}</span>
                    </span>
                  </div>
                  {isRevoked(token) ? null : (
                    <Button variant="danger" size="sm" onClick={() => void revoke(token)}>
                      {t('tokens.revoke')}
                    </Button>
                  )}
                </li>
              ))}
            </ul>
          )}
        </Card>
      </div>
    </>
  );
}
