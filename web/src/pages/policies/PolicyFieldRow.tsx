/** One overridable e-mail field of a policy: name and source, override switch, value. */
import { useI18n } from '../../i18n/I18nProvider';
import { Checkbox } from '../../components/Checkbox';
import { SourceBadge } from './SourceBadge';
import { FieldEditor, fieldLabel, DisplayValue } from './fieldEditors';
import type { EmailKey, FlatEmail } from './policyModel';

interface PolicyFieldRowProps {
  fieldKey: EmailKey;
  draft: Partial<FlatEmail>;
  effective: FlatEmail | null;
  inherited: boolean;
  error: string | undefined;
  onToggle(on: boolean): void;
  onChange(value: FlatEmail[EmailKey]): void;
}

/** A row of the override table. */
export function PolicyFieldRow({ fieldKey, draft, effective, inherited, error, onToggle, onChange }: PolicyFieldRowProps) {
  const { t } = useI18n();
  const label = t(fieldLabel(fieldKey));
  const overridden = draft[fieldKey] !== undefined;
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
          <FieldEditor fieldKey={fieldKey} id={id} label={label} value={draft} onChange={onChange} error={error} />
        ) : (
          <span className={`inherited-value${fieldKey === 'body' ? ' inherited-value--text' : ''}`} data-testid={`effective-${fieldKey}`}>
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
