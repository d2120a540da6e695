/** One overridable e-mail field of a policy: name and source, override switch, value. */
import { useI18n } from '../../i18n/I18nProvider';
import { Checkbox } from '../../components/Checkbox';
import { SourceBadge } from './SourceBadge';
import type { SettingsFieldKey } from '../settings/fieldErrors';
import { FieldEditor, fieldLabel, DisplayValue, TEXT_KEYS } from './fieldEditors';
import type { EmailKey, FlatEmail } from './policyModel';

interface PolicyFieldRowProps {
  fieldKey: EmailKey;
  draft: Partial<FlatEmail>;
  effective: FlatEmail | null;
  inherited: boolean;
  /** The editor's errors: by row, and the auth override's by control (`auth.password`). */
  errors: Readonly<Record<string, string>>;
  onToggle(on: boolean): void;
  onChange(value: FlatEmail[EmailKey]): void;
}

/** The auth override's errors by control. */
function authErrorsOf(errors: Readonly<Record<string, string>>): Partial<Record<SettingsFieldKey, string>> {
  return Object.fromEntries(Object.entries(errors).filter(([key]) => key.startsWith('auth.')));
}

/** A row of the override table. */
export function PolicyFieldRow({ fieldKey, draft, effective, inherited, errors, onToggle, onChange }: PolicyFieldRowProps) {
  const { t } = useI18n();
  const label = t(fieldLabel(fieldKey));
  const overridden = draft[fieldKey] !== undefined;
  const authErrors = fieldKey === 'auth' ? authErrorsOf(errors) : {};
  const error = fieldKey === 'auth' ? Object.values(authErrors)[0] : errors[fieldKey];
  const tlsMode = draft['tls.mode'] ?? effective?.['tls.mode'] ?? 'opportunistic';
  const id = `policy-${fieldKey.replace('.', '-')}`;
  return (
    <div className={`override-table__row${overridden ? ' override-table__row--on' : ''}`} role="row" data-field={fieldKey}>
      <div role="cell" className="override-table__name">
        <span id={`${id}-label`}>{label}</span>
        <SourceBadge inherited={inherited} />
      </div>
      <div role="cell">
        <Checkbox variant="switch" id={`${id}-override`} label={t('policies.overrideOf', { field: label })} hideLabel checked={overridden} disabled={effective === null} onChange={onToggle} />
      </div>
      <div role="cell" className="override-table__value">
        {overridden ? (
          <FieldEditor fieldKey={fieldKey} id={id} label={label} value={draft} onChange={onChange} error={error} authErrors={authErrors} tlsMode={tlsMode} />
        ) : (
          <span className={`inherited-value${TEXT_KEYS.has(fieldKey) ? ' inherited-value--text' : ''}`} data-testid={`effective-${fieldKey}`}>
            {effective !== null ? <DisplayValue fieldKey={fieldKey} flat={effective} /> : '…'}
          </span>
        )}
        {!overridden && error ? (
          <p className="field__error" role="alert">
            {error}
          </p>
        ) : null}
      </div>
    </div>
  );
}
