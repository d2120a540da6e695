/** Creates an empty policy (everything inherited) for an application id. */
import { useState } from 'react';
import { useI18n } from '../../i18n/I18nProvider';
import { useApi } from '../../app/session';
import { Field } from '../../components/Field';
import { Button } from '../../components/Button';
import { isApiError } from '../../api/client';
import type { Policy } from '../../api/types';

/** Application id + name → `PUT /policies/{id}` with no overrides. */
export function CreatePolicyForm({ onCancel, onCreated }: { onCancel(): void; onCreated(policy: Policy): void }) {
  const { t, errorText } = useI18n();
  const api = useApi();
  const [applicationId, setApplicationId] = useState('');
  const [name, setName] = useState('');
  const [error, setError] = useState<{ field: 'id' | 'name'; text: string } | null>(null);
  const [busy, setBusy] = useState(false);

  const create = async () => {
    const id = applicationId.trim();
    if (id === '') {
      setError({ field: 'id', text: t('validation.required') });
      return;
    }
    setBusy(true);
    try {
      onCreated(await api.putPolicy(id, { name: name.trim() || id, email: {}, rules: {} }));
    } catch (e) {
      const text = isApiError(e) ? errorText(e) : String(e);
      setError({ field: isApiError(e) && e.field === 'name' ? 'name' : 'id', text });
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      className="create-policy"
      onSubmit={(event) => {
        event.preventDefault();
        void create();
      }}
    >
      <Field id="policy-create-id" label={t('policies.applicationId')} hint={t('policies.applicationIdHint')} error={error?.field === 'id' ? error.text : null}>
        {(control) => <input {...control} type="text" spellCheck={false} value={applicationId} onChange={(e) => setApplicationId(e.target.value)} autoFocus />}
      </Field>
      <Field id="policy-create-name" label={t('policies.name')} error={error?.field === 'name' ? error.text : null}>
        {(control) => <input {...control} type="text" value={name} onChange={(e) => setName(e.target.value)} />}
      </Field>
      <div className="create-policy__actions">
        <Button variant="ghost" onClick={onCancel}>
          {t('common.cancel')}
        </Button>
        <Button type="submit" variant="primary" busy={busy} id="policy-create-submit">
          {t('policies.createSubmit')}
        </Button>
      </div>
    </form>
  );
}
