/**
 * ESMTP authentication: on/off, password or OAuth 2.0 (XOAUTH2), and — where the connection
 * may be unencrypted (TLS off, or opportunistic without STARTTLS) — the explicit permission to
 * send credentials in clear. Used by the settings page and by a policy's `auth` override.
 */
import { useI18n } from '../../i18n/I18nProvider';
import { Field, FieldError } from '../../components/Field';
import { Checkbox } from '../../components/Checkbox';
import type { AuthMechanism, TlsMode } from '../../api/types';
import { controlId, type SettingsFieldKey } from './fieldErrors';
import { SecretField } from './SecretField';
import { OAuthFields } from './OAuthFields';
import type { AuthForm } from './model';

/** What the authentication controls edit and where their changes go. */
export interface AuthEditing {
  form: AuthForm;
  /** The TLS mode the credentials travel under (decides whether "send unencrypted" is offered). */
  tlsMode: TlsMode;
  /** Errors by control. */
  errors: Partial<Record<SettingsFieldKey, string>>;
  update(patch: Partial<AuthForm>): void;
  /** The DOM id of a control (default: the settings page's); a policy editor gives its own. */
  idOf?: (key: SettingsFieldKey) => string;
}

const MECHANISMS: ReadonlyArray<{ mechanism: AuthMechanism; label: 'settings.mechanism.password' | 'settings.mechanism.oauth2' }> = [
  { mechanism: 'password', label: 'settings.mechanism.password' },
  { mechanism: 'oauth2', label: 'settings.mechanism.oauth2' },
];

/** The authentication part of the "Delivery" card (and of a policy's override). */
export function AuthSection(editing: AuthEditing) {
  const { t } = useI18n();
  const { form, tlsMode, errors, update, idOf = controlId } = editing;
  const mayBeUnencrypted = tlsMode !== 'required';
  return (
    <div className="subsection">
      <Checkbox id={idOf('auth.enabled')} label={t('settings.auth')} checked={form.authEnabled} onChange={(authEnabled) => update({ authEnabled })} />
      {form.authEnabled ? (
        <div className="form-grid reveal">
          <MechanismChoice name={idOf('auth.mechanism')} value={form.mechanism} onChange={(mechanism) => update({ mechanism })} />
          <Field
            id={idOf('auth.username')}
            label={form.mechanism === 'oauth2' ? t('oauth.mailbox') : t('settings.username')}
            hint={form.mechanism === 'oauth2' ? t('oauth.mailboxHint') : undefined}
            error={errors['auth.username']}
          >
            {(control) => <input {...control} type="text" autoComplete="off" value={form.username} onChange={(e) => update({ username: e.target.value })} />}
          </Field>
          {form.mechanism === 'password' ? (
            <SecretField
              id={idOf('auth.password')}
              texts={{ label: t('settings.password'), isSet: t('settings.passwordSet'), willClear: t('settings.passwordWillClear'), keep: t('settings.passwordKeep') }}
              stored={form.passwordSet}
              intent={form.password}
              error={errors['auth.password']}
              onChange={(password) => update({ password })}
            />
          ) : (
            <OAuthFields {...editing} />
          )}
          {mayBeUnencrypted || form.allowUnencrypted ? (
            <div className="span-2">
              <Checkbox
                id={idOf('auth.allowUnencrypted')}
                label={t('settings.allowUnencrypted')}
                hint={t(tlsMode === 'none' ? 'settings.allowUnencryptedHintNone' : 'settings.allowUnencryptedHint')}
                checked={form.allowUnencrypted}
                onChange={(allowUnencrypted) => update({ allowUnencrypted })}
              />
              <FieldError id={idOf('auth.allowUnencrypted')} error={errors['auth.allowUnencrypted']} />
            </div>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}

/** Password or OAuth 2.0, as radio cards. */
function MechanismChoice({ name, value, onChange }: { name: string; value: AuthMechanism; onChange(mechanism: AuthMechanism): void }) {
  const { t } = useI18n();
  return (
    <fieldset className="radio-group radio-group--inline span-2">
      <legend className="field__label">{t('settings.mechanism')}</legend>
      {MECHANISMS.map(({ mechanism, label }) => (
        <label key={mechanism} className={`radio-card${value === mechanism ? ' radio-card--selected' : ''}`}>
          <input type="radio" name={name} value={mechanism} id={`${name}-${mechanism}`} checked={value === mechanism} onChange={() => onChange(mechanism)} />
          <span>{t(label)}</span>
        </label>
      ))}
    </fieldset>
  );
}
