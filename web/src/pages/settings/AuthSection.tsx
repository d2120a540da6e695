/**
 * ESMTP authentication: on/off, password or OAuth 2.0 (XOAUTH2), and — where the connection
 * may be unencrypted (TLS off, or opportunistic without STARTTLS) — the explicit permission to
 * send credentials in clear.
 */
import { useI18n } from '../../i18n/I18nProvider';
import { Field, FieldError } from '../../components/Field';
import { Checkbox } from '../../components/Checkbox';
import type { AuthMechanism } from '../../api/types';
import { controlId } from './fieldErrors';
import { SecretField } from './PasswordField';
import { OAuthFields } from './OAuthFields';
import type { SettingsForm } from './model';
import type { SettingsFormState } from './useSettingsForm';

const MECHANISMS: ReadonlyArray<{ mechanism: AuthMechanism; label: 'settings.mechanism.password' | 'settings.mechanism.oauth2' }> = [
  { mechanism: 'password', label: 'settings.mechanism.password' },
  { mechanism: 'oauth2', label: 'settings.mechanism.oauth2' },
];

/** The authentication part of the "Delivery" card. */
export function AuthSection({ state, form }: { state: SettingsFormState; form: SettingsForm }) {
  const { t } = useI18n();
  const { errors, update } = state;
  const mayBeUnencrypted = form.tls.mode !== 'required';
  return (
    <div className="subsection">
      <Checkbox id={controlId('auth.enabled')} label={t('settings.auth')} checked={form.authEnabled} onChange={(authEnabled) => update({ authEnabled })} />
      {form.authEnabled ? (
        <div className="form-grid reveal">
          <fieldset className="radio-group radio-group--inline span-2">
            <legend className="field__label">{t('settings.mechanism')}</legend>
            {MECHANISMS.map(({ mechanism, label }) => (
              <label key={mechanism} className={`radio-card${form.mechanism === mechanism ? ' radio-card--selected' : ''}`}>
                <input
                  type="radio"
                  name="auth-mechanism"
                  value={mechanism}
                  id={`${controlId('auth.mechanism')}-${mechanism}`}
                  checked={form.mechanism === mechanism}
                  onChange={() => update({ mechanism })}
                />
                <span>{t(label)}</span>
              </label>
            ))}
          </fieldset>
          <Field
            id={controlId('auth.username')}
            label={form.mechanism === 'oauth2' ? t('oauth.mailbox') : t('settings.username')}
            hint={form.mechanism === 'oauth2' ? t('oauth.mailboxHint') : undefined}
            error={errors['auth.username']}
          >
            {(control) => <input {...control} type="text" autoComplete="off" value={form.username} onChange={(e) => update({ username: e.target.value })} />}
          </Field>
          {form.mechanism === 'password' ? (
            <SecretField
              fieldKey="auth.password"
              texts={{ label: t('settings.password'), isSet: t('settings.passwordSet'), willClear: t('settings.passwordWillClear'), keep: t('settings.passwordKeep') }}
              stored={form.passwordSet}
              intent={form.password}
              error={errors['auth.password']}
              onChange={(password) => update({ password })}
            />
          ) : (
            <OAuthFields state={state} form={form} />
          )}
          {mayBeUnencrypted || form.allowUnencrypted ? (
            <div className="span-2">
              <Checkbox
                id={controlId('auth.allowUnencrypted')}
                label={t('settings.allowUnencrypted')}
                hint={t(form.tls.mode === 'none' ? 'settings.allowUnencryptedHintNone' : 'settings.allowUnencryptedHint')}
                checked={form.allowUnencrypted}
                onChange={(allowUnencrypted) => update({ allowUnencrypted })}
              />
              <FieldError id={controlId('auth.allowUnencrypted')} error={errors['auth.allowUnencrypted']} />
            </div>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}
