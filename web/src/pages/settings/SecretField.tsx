/**
 * A write-only secret (the SMTP password, the OAuth client secret, the service account key):
 * when one is stored it shows "set" with Change / Clear; the form then sends a new string,
 * nothing (keep) or null (clear).
 */
import { useI18n } from '../../i18n/I18nProvider';
import { Field } from '../../components/Field';
import { Button } from '../../components/Button';
import { Badge } from '../../components/Badge';
import type { PasswordIntent } from './model';

/** The words of one secret's states. */
export interface SecretTexts {
  label: string;
  isSet: string;
  willClear: string;
  keep: string;
  hint?: string;
}

interface SecretFieldProps {
  /** The control's DOM id. */
  id: string;
  texts: SecretTexts;
  /** Whether the server has one stored. */
  stored: boolean;
  intent: PasswordIntent;
  error: string | undefined;
  /** A multi-line text area (a JSON key file) instead of a password input. */
  multiline?: boolean;
  onChange(intent: PasswordIntent): void;
}

/** Secret input or its "set" state. */
export function SecretField({ id, texts, stored, intent, error, multiline = false, onChange }: SecretFieldProps) {
  const { t } = useI18n();

  if (intent.kind === 'set') {
    return (
      <Field id={id} label={texts.label} hint={texts.hint} error={error} className={multiline ? 'span-2' : undefined}>
        {(control) => (
          <div className="input-row">
            {multiline ? (
              <textarea {...control} rows={5} spellCheck={false} autoComplete="off" className="mono" value={intent.value} onChange={(e) => onChange({ kind: 'set', value: e.target.value })} />
            ) : (
              <input {...control} type="password" autoComplete="new-password" value={intent.value} onChange={(e) => onChange({ kind: 'set', value: e.target.value })} />
            )}
            {stored ? (
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
        {texts.label}
      </span>
      <div className="password-state" role="group" aria-labelledby={`${id}-label`}>
        {intent.kind === 'keep' ? (
          <>
            <Badge tone="success">{texts.isSet}</Badge>
            <Button size="sm" id={id} onClick={() => onChange({ kind: 'set', value: '' })}>
              {t('settings.passwordChange')}
            </Button>
            <Button size="sm" variant="ghost" onClick={() => onChange({ kind: 'clear' })}>
              {t('settings.passwordClear')}
            </Button>
          </>
        ) : (
          <>
            <Badge tone="warning">{texts.willClear}</Badge>
            <Button size="sm" id={id} variant="ghost" onClick={() => onChange({ kind: 'keep' })}>
              {texts.keep}
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
