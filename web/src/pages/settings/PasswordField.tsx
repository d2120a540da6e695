/**
 * The write-only SMTP password: when one is stored it shows "set" with Change / Clear; the
 * form then sends a new string, nothing (keep) or null (clear).
 */
import { useI18n } from '../../i18n/I18nProvider';
import { Field } from '../../components/Field';
import { Button } from '../../components/Button';
import { Badge } from '../../components/Badge';
import { controlId } from './fieldErrors';
import type { PasswordIntent, SettingsForm } from './model';

interface PasswordFieldProps {
  form: SettingsForm;
  error: string | undefined;
  onChange(intent: PasswordIntent): void;
}

/** Password input or its "set" state. */
export function PasswordField({ form, error, onChange }: PasswordFieldProps) {
  const { t } = useI18n();
  const id = controlId('auth.password');
  const intent = form.password;

  if (intent.kind === 'set') {
    return (
      <Field id={id} label={t('settings.password')} error={error}>
        {(control) => (
          <div className="input-row">
            <input {...control} type="password" autoComplete="new-password" value={intent.value} onChange={(e) => onChange({ kind: 'set', value: e.target.value })} />
            {form.passwordSet ? (
              <Button variant="ghost" onClick={() => onChange({ kind: 'keep' })}>
                {t('common.cancel')}
              </Button>
            ) : null}
          </div>
        )}
      </Field>
    );
  }

  return (
    <div className="field">
      <span className="field__label" id={`${id}-label`}>
        {t('settings.password')}
      </span>
      <div className="password-state" role="group" aria-labelledby={`${id}-label`}>
        {intent.kind === 'keep' ? (
          <>
            <Badge tone="success">{t('settings.passwordSet')}</Badge>
            <Button size="sm" id={id} onClick={() => onChange({ kind: 'set', value: '' })}>
              {t('settings.passwordChange')}
            </Button>
            <Button size="sm" variant="ghost" onClick={() => onChange({ kind: 'clear' })}>
              {t('settings.passwordClear')}
            </Button>
          </>
        ) : (
          <>
            <Badge tone="warning">{t('settings.passwordWillClear')}</Badge>
            <Button size="sm" id={id} variant="ghost" onClick={() => onChange({ kind: 'keep' })}>
              {t('settings.passwordKeep')}
            </Button>
          </>
        )}
      </div>
      {error ? (
        <p className="field__error" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  );
}
