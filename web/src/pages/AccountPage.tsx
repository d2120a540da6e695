/** The signed-in user's account: change the password (the other sessions end). */
import { useState, type FormEvent } from 'react';
import { useI18n, type I18n } from '../i18n/I18nProvider';
import { useApi } from '../app/session';
import { PageHeader } from '../components/PageHeader';
import { Card } from '../components/Card';
import { Field } from '../components/Field';
import { Button } from '../components/Button';
import { Notice } from '../components/Notice';
import { isApiError } from '../api/client';
import { focusFirst } from '../app/focusFirst';

/** The form's fields and their controls' ids. */
type AccountField = 'current' | 'next' | 'repeat';
const CONTROL_IDS: Record<AccountField, string> = { current: 'account-current', next: 'account-new', repeat: 'account-repeat' };

/** Errors shown next to the fields. */
type FieldErrors = Partial<Record<AccountField, string>>;

/** Shortest new password the server accepts (API: 12 characters). */
const MIN_PASSWORD_LENGTH = 12;

/** Every problem the browser can see before asking the server, by field (empty when none). */
function passwordProblems(current: string, next: string, repeat: string, t: I18n['t']): FieldErrors {
  const found: FieldErrors = {};
  if (current === '') found.current = t('validation.required');
  if ([...next].length < MIN_PASSWORD_LENGTH) found.next = t('account.tooShort', { min: String(MIN_PASSWORD_LENGTH) });
  if (next !== repeat) found.repeat = t('account.mismatch');
  return found;
}

/** The three password inputs, their errors, and the change (fields emptied when it worked). */
function usePasswordChange() {
  const { t, errorText } = useI18n();
  const api = useApi();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [pageError, setPageError] = useState<string | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setDone(false);
    setPageError(null);
    // every problem at once, the first one focused
    const found = passwordProblems(current, next, repeat, t);
    setErrors(found);
    const fields = Object.keys(found) as AccountField[];
    if (fields.length > 0) {
      focusFirst(fields.map((field) => CONTROL_IDS[field]));
      return;
    }
    setBusy(true);
    try {
      await api.changePassword(current, next);
      setCurrent('');
      setNext('');
      setRepeat('');
      setDone(true);
    } catch (e) {
      if (isApiError(e) && e.code === 'INVALID_CREDENTIALS') {
        setErrors({ current: t('account.wrongCurrent') });
        focusFirst([CONTROL_IDS.current]);
      } else setPageError(isApiError(e) ? errorText(e) : String(e));
    } finally {
      setBusy(false);
    }
  };
  const inputs = { current, setCurrent, next, setNext, repeat, setRepeat };
  return { inputs, busy, done, errors, pageError, submit };
}

/** The account page. */
export function AccountPage() {
  const { t } = useI18n();
  const { inputs, busy, done, errors, pageError, submit } = usePasswordChange();
  const { current, setCurrent, next, setNext, repeat, setRepeat } = inputs;

  const fieldError = (field: AccountField) => errors[field];
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
          {pageError !== null ? <Notice tone="danger">{pageError}</Notice> : null}
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
