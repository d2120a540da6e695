/** Sign-in with the admin user name and password (`POST /api/v1/session`). */
import { useState, type FormEvent } from 'react';
import { useSession } from '../app/session';
import { useI18n } from '../i18n/I18nProvider';
import { Field } from '../components/Field';
import { Button } from '../components/Button';
import { Notice } from '../components/Notice';
import { LanguageSelect } from '../app/LanguageSelect';
import { useDocumentTitle } from '../app/useDocumentTitle';
import { isApiError } from '../api/client';

/** The login card, centred. */
export function LoginPage({ expired }: { expired: boolean }) {
  const { signIn } = useSession();
  const { t, errorText, reasonText } = useI18n();
  useDocumentTitle(t('login.submit'));
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await signIn(username.trim(), password);
    } catch (caught) {
      if (isApiError(caught)) setError(reasonText(caught.code) ?? errorText(caught));
      else setError(String(caught));
      setBusy(false);
    }
  };

  return (
    <div className="login">
      <div className="login__card">
        <div className="login__brand">
          <span className="brand__mark brand__mark--lg" aria-hidden="true">
            H
          </span>
        </div>
        <h1 className="login__title">{t('login.title')}</h1>
        <p className="login__subtitle">{t('login.subtitle')}</p>
        {expired ? <Notice tone="warning">{reasonText('UNAUTHORIZED')}</Notice> : null}
        {error !== null ? <Notice tone="danger">{error}</Notice> : null}
        <form onSubmit={(event) => void submit(event)} className="stack">
          <Field id="login-username" label={t('login.username')}>
            {(control) => (
              <input {...control} type="text" autoComplete="username" required value={username} onChange={(e) => setUsername(e.target.value)} />
            )}
          </Field>
          <Field id="login-password" label={t('login.password')}>
            {(control) => (
              <input {...control} type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
            )}
          </Field>
          <Button type="submit" variant="primary" busy={busy} className="btn--block">
            {busy ? t('login.submitting') : t('login.submit')}
          </Button>
        </form>
        <div className="login__footer">
          <LanguageSelect id="login-language" />
        </div>
      </div>
    </div>
  );
}
