/** The four severities as checkboxes. */
import { useI18n } from '../../i18n/I18nProvider';
import { Checkbox } from '../../components/Checkbox';
import { SEVERITIES, type Severity } from '../../api/types';

/** A fieldset of severity checkboxes; `idPrefix` keeps ids unique on the page. */
export function SeverityChecks({ legend, value, onChange, idPrefix, disabled, hideLegend = false }: { legend: string; value: Severity[]; onChange(next: Severity[]): void; idPrefix: string; disabled?: boolean; hideLegend?: boolean }) {
  const { t } = useI18n();
  return (
    <fieldset className="checks-inline">
      <legend className={hideLegend ? 'visually-hidden' : 'field__label'}>{legend}</legend>
      {SEVERITIES.map((severity) => (
        <Checkbox
          key={severity}
          id={`${idPrefix}-${severity}`}
          label={t(`severity.${severity}`)}
          checked={value.includes(severity)}
          disabled={disabled}
          onChange={(checked) => onChange(SEVERITIES.filter((s) => (s === severity ? checked : value.includes(s))))}
        />
      ))}
    </fieldset>
  );
}
