/**
 * One policy: for every field an override switch (off = absent from the PUT body = inherited),
 * the editor when overridden, and the effective value with its source from
 * `GET /policies/{id}/effective`.
 */
import { useCallback, useEffect, useState } from 'react';
import { useI18n } from '../../i18n/I18nProvider';
import { useApi } from '../../app/session';
import { Button } from '../../components/Button';
import { Field } from '../../components/Field';
import { Notice } from '../../components/Notice';
import { isApiError, type ApiError } from '../../api/client';
import type { EffectivePolicy, Policy } from '../../api/types';
import { fieldTarget, normaliseFieldPath } from '../settings/fieldErrors';
import { EDITABLE_EMAIL_KEYS, isInherited, draftFromPolicy, flatFromSettings, policyBody, type EmailKey, type FlatEmail, type PolicyDraft } from './policyModel';
import { PolicyFieldRow } from './PolicyFieldRow';
import { PolicyRulesRows } from './PolicyRulesRows';
import { EffectiveSummary } from './EffectiveSummary';
import { validateEmailFields, validateGrouping, type Problem, type Problems } from '../settings/validate';
import { useProblemText } from '../settings/useProblemText';
import { focusFirst } from '../../app/focusFirst';

/**
 * Where an API error field is shown: its row (`email.recipients[1]` → recipients), or for the
 * auth override its control (`email.auth.oauth2.clientSecret`, `email.auth` → its user name).
 */
function rowOfField(field: string | undefined): string | null {
  if (field === undefined) return null;
  const path = normaliseFieldPath(field.replace(/^body\./, '')).replace(/\[\d+\]$/, '');
  if (path.startsWith('rules.')) return path;
  const key = path.replace(/^email\./, '');
  return key.startsWith('auth') ? (fieldTarget(key)?.key ?? 'auth.username') : key;
}

/** The errors without those of `key`'s row (the auth row's are per control). */
function withoutRow(errors: Record<string, string>, key: EmailKey): Record<string, string> {
  return Object.fromEntries(Object.entries(errors).filter(([at]) => at !== key && !(key === 'auth' && at.startsWith('auth.'))));
}

/** Where a failed save's error goes: the row it concerns (if any), and the notice's text. */
function saveFailure(e: unknown, errorText: (e: ApiError) => string, fixErrors: string): { rowErrors: Record<string, string>; notice: string } {
  if (!isApiError(e)) return { rowErrors: {}, notice: String(e) };
  const row = rowOfField(e.field);
  return { rowErrors: row !== null && row !== '' ? { [row]: errorText(e) } : {}, notice: row !== null ? fixErrors : errorText(e) };
}

/**
 * The overridden e-mail fields and grouping numbers of `draft` that fail the browser's checks,
 * as [error key, control id, problem]: rows by their key (policy-port,
 * policy-rateLimit-perMinute; the auth row's controls policy-auth-username, …), the grouping
 * override's numbers by their API path.
 */
function draftProblems(draft: PolicyDraft, effective: EffectivePolicy | null): Array<[string, string, Problem]> {
  const email = draft.email;
  const tlsMode = email['tls.mode'] ?? effective?.email.tls.mode ?? 'opportunistic';
  const problems: Problems = validateEmailFields({ ...email, ratePerMinute: email['rateLimit.perMinute'], tlsMode });
  const found: Array<[string, string, Problem]> = [];
  for (const [key, problem] of Object.entries(problems)) found.push([key, `policy-${key.replace(/\./g, '-')}`, problem]);
  const grouping = draft.grouping === null ? {} : validateGrouping(draft.grouping);
  for (const [key, problem] of Object.entries(grouping)) found.push([`rules.grouping.${key}`, `policy-grouping-${key}`, problem]);
  return found;
}

/** The policy's effective values (`GET /policies/{id}/effective`), loaded now and on demand (after a save). */
function useEffectivePolicy(applicationId: string, onError: (text: string) => void) {
  const { errorText } = useI18n();
  const api = useApi();
  const [effective, setEffective] = useState<EffectivePolicy | null>(null);
  const loadEffective = useCallback(async () => {
    try {
      setEffective(await api.effectivePolicy(applicationId));
    } catch (e) {
      onError(isApiError(e) ? errorText(e) : String(e));
    }
    // not on onError: a new closure each render, but any of them only reports (it must not reload)
  }, [api, applicationId, errorText]);
  useEffect(() => {
    void loadEffective();
  }, [loadEffective]);
  return { effective, loadEffective };
}

/** The policy's draft, its effective values (reloaded after each save), and the save. */
function usePolicyEditor(policy: Policy, onSaved: () => void) {
  const { t, errorText } = useI18n();
  const api = useApi();
  const [draft, setDraft] = useState<PolicyDraft>(() => draftFromPolicy(policy));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [notice, setNotice] = useState<{ tone: 'success' | 'danger'; text: string } | null>(null);
  const { effective, loadEffective } = useEffectivePolicy(policy.applicationId, (text) => setNotice({ tone: 'danger', text }));
  const [busy, setBusy] = useState(false);
  const problemText = useProblemText();

  /** The overridden fields checked in the browser: every problem at its row, the first focused; true when none. */
  const validate = (): boolean => {
    const found = draftProblems(draft, effective);
    if (found.length === 0) return true;
    setErrors(Object.fromEntries(found.map(([key, , problem]) => [key, problemText(problem)])));
    setNotice({ tone: 'danger', text: t('common.fixErrors') });
    focusFirst(found.map(([, id]) => id));
    return false;
  };

  const setEmail = <K extends EmailKey>(key: K, value: FlatEmail[K] | undefined) => {
    setNotice(null);
    setErrors((current) => withoutRow(current, key));
    setDraft((current) => {
      const email = { ...current.email };
      if (value === undefined) delete email[key];
      else email[key] = value;
      return { ...current, email };
    });
  };

  const save = async () => {
    setNotice(null);
    setErrors({});
    if (!validate()) return;
    setBusy(true);
    try {
      const stored = await api.putPolicy(policy.applicationId, policyBody(draft));
      setDraft(draftFromPolicy(stored));
      setNotice({ tone: 'success', text: t('policies.saved') });
      onSaved();
      await loadEffective();
    } catch (e) {
      const failure = saveFailure(e, errorText, t('common.fixErrors'));
      setErrors(failure.rowErrors);
      setNotice({ tone: 'danger', text: failure.notice });
    } finally {
      setBusy(false);
    }
  };

  const editRules = (patch: Partial<PolicyDraft>) => {
    setNotice(null);
    setDraft((current) => ({ ...current, ...patch }));
  };
  const rename = (name: string) => setDraft((current) => ({ ...current, name }));
  return { draft, rename, editRules, effective, errors, notice, busy, setEmail, save };
}

/** The email overrides: a row per field with its switch, editor and effective value. */
function EmailOverrides({ draft, effective, errors, setEmail }: Pick<ReturnType<typeof usePolicyEditor>, 'draft' | 'effective' | 'errors' | 'setEmail'>) {
  const { t } = useI18n();
  const effectiveFlat = effective !== null ? flatFromSettings(effective.email) : null;
  const inherited = new Set(effective?.inherited ?? []);
  const toggle = (key: EmailKey, on: boolean) => {
    if (effectiveFlat === null) return;
    if (!on) {
      setEmail(key, undefined);
      return;
    }
    setEmail(key, effectiveFlat[key]);
    // credentials never follow a server change silently: overriding servers brings auth along
    if (key === 'servers' && draft.email.auth === undefined) setEmail('auth', effectiveFlat.auth);
  };
  return (
    <div className="override-table" role="table" aria-label={t('policies.emailSection')}>
      <div className="override-table__head" role="row">
        <span role="columnheader">{t('policies.field')}</span>
        <span role="columnheader">{t('policies.override')}</span>
        <span role="columnheader">{t('policies.value')}</span>
      </div>
      {EDITABLE_EMAIL_KEYS.map((key) => (
        <PolicyFieldRow
          key={key}
          fieldKey={key}
          draft={draft.email}
          effective={effectiveFlat}
          inherited={isInherited(inherited, `email.${key}`)}
          errors={errors}
          onToggle={(on) => toggle(key, on)}
          onChange={(value) => setEmail(key, value)}
        />
      ))}
    </div>
  );
}

/** The editor of one policy. */
export function PolicyEditor({ policy, onSaved, onDelete }: { policy: Policy; onSaved(): void; onDelete(): void }) {
  const { t } = useI18n();
  const editor = usePolicyEditor(policy, onSaved);
  const { draft, rename, editRules, effective, errors, notice, busy, save } = editor;
  return (
    <div className="policy-editor" data-testid="policy-editor">
      <div className="policy-editor__head">
        <Field id="policy-name" label={t('policies.name')}>
          {(control) => <input {...control} type="text" value={draft.name} onChange={(e) => rename(e.target.value)} />}
        </Field>
        <div className="policy-editor__actions">
          <Button variant="danger" onClick={onDelete}>
            {t('policies.delete')}
          </Button>
          <Button variant="primary" busy={busy} onClick={() => void save()} id="policy-save">
            {t('common.save')}
          </Button>
        </div>
      </div>
      {notice !== null ? <Notice tone={notice.tone}>{notice.text}</Notice> : null}
      {draft.email.servers !== undefined ? <p className="field__hint">{t('policies.authFollowsServers')}</p> : null}
      <h3 className="section-title">{t('policies.emailSection')}</h3>
      <EmailOverrides {...editor} />
      <h3 className="section-title">{t('policies.rulesSection')}</h3>
      <PolicyRulesRows draft={draft} effective={effective} errors={errors} onChange={editRules} />
      {effective !== null ? <EffectiveSummary effective={effective} /> : null}
    </div>
  );
}
