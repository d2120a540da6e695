/**
 * Tokens: agent tokens (may only send events) and admin tokens (automation and the CLI).
 * Each section creates (the token is shown once, with a copy button), lists and revokes.
 */
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useI18n } from '../i18n/I18nProvider';
import type { MessageKey } from '../i18n/en';
import { useApi } from '../app/session';
import { PageHeader } from '../components/PageHeader';
import { Card } from '../components/Card';
import { Field } from '../components/Field';
import { Button } from '../components/Button';
import { Token } from '../components/Token';
import { Notice } from '../components/Notice';
import { CopyButton } from '../components/CopyButton';
import { Icon } from '../components/Icon';
import { Badge } from '../components/Badge';
import { isApiError } from '../api/client';
import type { HeraldApi } from '../api/herald';
import type { AdminTokenView, AgentTokenCreated, AgentTokenView, Page } from '../api/types';

/** Revoked tokens stay in the list, marked. */
function isRevoked(token: AgentTokenView): boolean {
  return token.revokedAt !== undefined && token.revokedAt !== null;
}

/** What differs between the agent and the admin token sections. */
interface TokenKind {
  id: 'agent' | 'admin';
  list(api: HeraldApi): Promise<Page<AdminTokenView>>;
  create(api: HeraldApi, name: string): Promise<AgentTokenCreated>;
  revoke(api: HeraldApi, id: string): Promise<void>;
  texts: { title: MessageKey; hint: MessageKey; name: MessageKey; create: MessageKey; none: MessageKey; confirmRevoke: MessageKey; list: MessageKey };
  placeholder: string;
}

const AGENT: TokenKind = {
  id: 'agent',
  list: (api) => api.listAgentTokens(),
  create: (api, name) => api.createAgentToken(name),
  revoke: (api, id) => api.revokeAgentToken(id),
  texts: {
    title: 'tokens.create',
    hint: 'tokens.subtitle',
    name: 'tokens.name',
    create: 'tokens.create',
    none: 'tokens.none',
    confirmRevoke: 'tokens.confirmRevoke',
    list: 'tokens.list',
  },
  placeholder: 'agents-berlin',
};

const ADMIN: TokenKind = {
  id: 'admin',
  list: (api) => api.listAdminTokens(),
  create: (api, name) => api.createAdminToken(name),
  revoke: (api, id) => api.revokeAdminToken(id),
  texts: {
    title: 'adminTokens.create',
    hint: 'adminTokens.hint',
    name: 'adminTokens.name',
    create: 'adminTokens.create',
    none: 'adminTokens.none',
    confirmRevoke: 'adminTokens.confirmRevoke',
    list: 'adminTokens.list',
  },
  placeholder: 'backup-script',
};

/** One kind's tokens, the one just created (shown once), creating and revoking. */
function useTokens(kind: TokenKind) {
  const { t, errorText } = useI18n();
  const api = useApi();
  const [tokens, setTokens] = useState<AdminTokenView[] | null>(null);
  const [created, setCreated] = useState<AgentTokenCreated | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const reload = useCallback(async () => {
    try {
      setTokens((await kind.list(api)).items);
    } catch (e) {
      setError(isApiError(e) ? errorText(e) : String(e));
    }
  }, [api, errorText, kind]);

  useEffect(() => {
    void reload();
  }, [reload]);

  /** Creates a token named `name`; true when it was created. */
  const create = async (name: string): Promise<boolean> => {
    setBusy(true);
    setError(null);
    try {
      setCreated(await kind.create(api, name));
      await reload();
      return true;
    } catch (e) {
      setError(isApiError(e) ? errorText(e) : String(e));
      return false;
    } finally {
      setBusy(false);
    }
  };

  const revoke = async (token: AgentTokenView) => {
    if (!window.confirm(t(kind.texts.confirmRevoke, { name: token.name }))) return;
    try {
      await kind.revoke(api, token.id);
      if (created?.id === token.id) setCreated(null);
      await reload();
    } catch (e) {
      setError(isApiError(e) ? errorText(e) : String(e));
    }
  };
  return { tokens, created, error, busy, create, revoke };
}

/** Create form and list of one kind of token. */
function TokenSection({ kind }: { kind: TokenKind }) {
  const { t } = useI18n();
  const { tokens, created, error, busy, create, revoke } = useTokens(kind);
  const [name, setName] = useState('');
  const prefix = kind.id === 'agent' ? 'token' : 'admin-token';

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (await create(name.trim())) setName('');
  };

  return (
    <>
      <Card title={t(kind.texts.title)}>
        <p className="field__hint">{t(kind.texts.hint)}</p>
        <form className="inline-form" onSubmit={(e) => void submit(e)}>
          <Field id={`${prefix}-name`} label={t(kind.texts.name)}>
            {(control) => <input {...control} type="text" required value={name} onChange={(e) => setName(e.target.value)} placeholder={kind.placeholder} />}
          </Field>
          <Button type="submit" variant="primary" busy={busy} disabled={name.trim() === ''} id={`${prefix}-create`}>
            <Icon name="plus" />
            {t(kind.texts.create)}
          </Button>
        </form>
        {error !== null ? <Notice tone="danger">{error}</Notice> : null}
        {created !== null ? <CreatedToken created={created} prefix={prefix} /> : null}
      </Card>
      <Card title={t(kind.texts.list)}>
        {tokens === null ? (
          <p role="status">{t('common.loading')}</p>
        ) : tokens.length === 0 ? (
          <p className="empty">{t(kind.texts.none)}</p>
        ) : (
          <TokenRows kind={kind} tokens={tokens} onRevoke={(token) => void revoke(token)} />
        )}
      </Card>
    </>
  );
}

/** The token just created, shown this once with a copy button. */
function CreatedToken({ created, prefix }: { created: AgentTokenCreated; prefix: string }) {
  const { t } = useI18n();
  return (
    <div className="token-once" role="status">
      <p className="token-once__title">
        {t('tokens.createdTitle')}: {created.name}
      </p>
      <p className="field__hint">{t('tokens.createdHint')}</p>
      <div className="input-row">
        <label className="visually-hidden" htmlFor={`${prefix}-value`}>
          {t('tokens.token')}
        </label>
        <input id={`${prefix}-value`} className="mono" readOnly value={created.token} onFocus={(e) => e.target.select()} />
        <CopyButton text={created.token} />
      </div>
    </div>
  );
}

/** One kind's tokens: name, state, when created (and by whom), last use, id; Revoke for active ones. */
function TokenRows({ kind, tokens, onRevoke }: { kind: TokenKind; tokens: AdminTokenView[]; onRevoke(token: AgentTokenView): void }) {
  const { t, formatDate } = useI18n();
  return (
    <ul className="token-list" data-kind={kind.id}>
      {tokens.map((token) => (
        <li key={token.id} className="token-list__row">
          <span className="token-list__icon" aria-hidden="true">
            <Icon name="tokens" />
          </span>
          <div className="token-list__main">
            <span className="cell-title">
              {token.name} {isRevoked(token) ? <Badge tone="neutral">{t('tokens.revoked')}</Badge> : <Badge tone="success">{t('tokens.active')}</Badge>}
            </span>
            <span className="cell-sub">
              {token.createdAt !== undefined ? `${t('tokens.created')} ${formatDate(token.createdAt)} · ` : ''}
              {token.createdBy !== undefined ? `${t('adminTokens.createdBy', { name: token.createdBy.name })} · ` : ''}
              {token.lastUsedAt !== undefined ? `${token.lastUsedAt === null ? t('tokens.neverUsed') : `${t('tokens.lastUsed')} ${formatDate(token.lastUsedAt)}`} · ` : ''}
              <Token value={token.id} />
            </span>
          </div>
          {isRevoked(token) ? null : (
            <Button variant="danger" size="sm" onClick={() => onRevoke(token)}>
              {t('tokens.revoke')}
            </Button>
          )}
        </li>
      ))}
    </ul>
  );
}

/** The tokens page: agent tokens, then admin tokens. */
export function TokensPage() {
  const { t } = useI18n();
  return (
    <>
      <PageHeader title={t('tokens.title')} subtitle={t('tokens.pageSubtitle')} />
      <div className="stack-lg">
        <TokenSection kind={AGENT} />
        <TokenSection kind={ADMIN} />
      </div>
    </>
  );
}
