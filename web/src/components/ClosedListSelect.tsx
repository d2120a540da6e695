/** A select over one of the closed lists (TLS modes, TLS versions, …), each option shown by its label. */
import { useI18n } from '../i18n/I18nProvider';
import type { MessageKey } from '../i18n/en';
import { Field } from './Field';

interface ClosedListSelectProps<V extends string> {
  id: string;
  label: string;
  error: string | undefined;
  value: V | undefined;
  options: readonly V[];
  labels: Readonly<Record<V, MessageKey>>;
  onChange(value: V): void;
  className?: string;
}

/** The labelled select; `onChange` gets a member of `options`. */
export function ClosedListSelect<V extends string>({ id, label, error, value, options, labels, onChange, className }: ClosedListSelectProps<V>) {
  const { t } = useI18n();
  return (
    <Field id={id} label={label} error={error} className={className}>
      {(control) => (
        <select {...control} value={value} onChange={(e) => onChange(e.target.value as V)}>
          {options.map((option) => (
            <option key={option} value={option}>
              {t(labels[option])}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}
