/** The signed-in user's account: change the password (the other sessions end). */
import { useState, type FormEvent } from 'react';
import { useI18n } from '../i18n/I18nProvider';
import { useApi } from '../app/session';
import { PageHeader } from '../components/PageHeader';
import { Card } from '../components/Card';
import { Field } from '../components/Field';
import { Button } from '../components/Button';
import { Notice } from '../components/Notice';
import { isApiError } from '../api/client';

/** Shortest new password the server accepts (API: 12 characters). */
const MIN_PASSWORD_LENGTH = 12;

/** The account page. */
export function AccountPage() {
  const { t, errorText } = useI18n();
  const api = useApi();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
  const [error, setError] = useState<{ field: 'current' | 'next' | 'repeat' | null; text: string } | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setDone(false);
    if ([...next].length < MIN_PASSWORD_LENGTH) return setError({ field: 'next', text: t('account.tooShort', { min: String(MIN_PASSWORD_LENGTH) }) });
    if (next !== repeat) return setError({ field: 'repeat', text: t('account.mismatch') });
    setBusy(true);
    setError(null);
    try {
      await api.changePassword(current, next);
      setCurrent('');
      setNext('');
      setRepeat('');
      setDone(true);
    } catch (e) {
      if (isApiError(e) && e.code === 'INVALID_CREDENTIALS') setError({ field: 'current', text: t('account.wrongCurrent') });
      else setError({ field: null, text: isApiError(e) ? errorText(e) : String(e) });
    } finally {
      setBusy(false);
    }
  };

  const fieldError = (field: 'current' | 'next' | 'repeat') => (error?.field === field ? error.text : undefined);
  return (
    <>
      <PageHeader title={t('account.title')} subtitle={t('account.subtitle')} />
      <Card title={t('account.changePassword')}>
        <form className="stack" onSubmit={(e) => void submit(e)} noValidate>
          <Field id="account-current" label={t('account.current')} error={fieldError('current')}>
            {(control) => <input {...control} type="password" autoComplete="current-password" required value={current} onChange={(e) => setCurrent(e.target.value)} />}
          </Field>
          <Field id="account-new" label={t('account.new')} hint={t('account.newHint', { min: String(MIN_PASSWORD_LENGTH) })} error={fieldError('next')}>
            {(control) => <input {...control} type="password" autoComplete="new-password" required value={next} onChange={(e) => setNext(e.target.value)} />}
          </Field>
          <Field id="account-repeat" label={t('account.repeat')} error={fieldError('repeat')}>
            {(control) => <input {...control} type="password" autoComplete="new-password" required value={repeat} onChange={(e) => setRepeat(e.target.value)} />}
          </Field>
          {error !== null && error.field === null ? <Notice tone="danger">{error.text}</Notice> : null}
          {done ? <Notice tone="success">{t('account.changed')}</Notice> : null}
          <div>
            <Button type="submit" variant="primary" busy={busy} id="account-submit">
              {t('account.changePassword')}
            </Button>
          </div>
        </form>
      </Card>
    </>
  );
}
