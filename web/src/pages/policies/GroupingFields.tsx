/**
 * The grouping (storm control) fields, with plain explanations: what a group is keyed by and
 * its three times, and how many events a digest lists. Used for the server rules and, as a
 * whole, for a policy's override.
 */
import { useI18n } from '../../i18n/I18nProvider';
import { Checkbox } from '../../components/Checkbox';
import { Field } from '../../components/Field';
import { GROUPING_DIMENSIONS, type Grouping, type GroupingDimension } from '../../api/types';
import type { MessageKey } from '../../i18n/en';

const DIMENSION_LABELS: Record<GroupingDimension, MessageKey> = {
  application: 'storm.byApplication',
  eventType: 'storm.byEventType',
  device: 'storm.byDevice',
  severity: 'storm.bySeverity',
};

const NUMBERS: ReadonlyArray<{ key: 'waitSeconds' | 'intervalSeconds' | 'idleSeconds' | 'maxListed'; label: MessageKey; hint: MessageKey }> = [
  { key: 'waitSeconds', label: 'storm.waitSeconds', hint: 'storm.waitHint' },
  { key: 'intervalSeconds', label: 'storm.intervalSeconds', hint: 'storm.intervalHint' },
  { key: 'idleSeconds', label: 'storm.idleSeconds', hint: 'storm.idleHint' },
  { key: 'maxListed', label: 'storm.maxListed', hint: 'storm.maxListedHint' },
];

/** A number as typed: sent as a number when it is one, else as the text so the server names the field. */
function numberOrText(text: string): number | string {
  return /^\d+$/.test(text.trim()) ? Number(text.trim()) : text;
}

interface GroupingFieldsProps {
  idPrefix: string;
  value: Grouping;
  errors?: Partial<Record<string, string>>;
  /** Prefix of the API field paths (`grouping` or `rules.grouping`), to find errors. */
  errorPrefix: string;
  onChange(next: Grouping): void;
}

/** "Group by" switches and the four numbers. */
export function GroupingFields({ idPrefix, value, errors = {}, errorPrefix, onChange }: GroupingFieldsProps) {
  const { t } = useI18n();
  const toggle = (dimension: GroupingDimension, on: boolean) => {
    const chosen = new Set(value.by);
    if (on) chosen.add(dimension);
    else chosen.delete(dimension);
    onChange({ ...value, by: GROUPING_DIMENSIONS.filter((d) => chosen.has(d)) });
  };
  return (
    <div className="stack" data-grouping={idPrefix}>
      <p className="field__hint">{t('storm.groupingExplain')}</p>
      <fieldset className="fieldset">
        <legend className="field__label">{t('storm.groupBy')}</legend>
        <p className="field__hint">{value.by.length === 0 ? t('storm.groupingOff') : t('storm.groupByHint')}</p>
        <div className="stack-sm">
          {GROUPING_DIMENSIONS.map((d) => (
            <Checkbox key={d} id={`${idPrefix}-by-${d}`} label={t(DIMENSION_LABELS[d])} checked={value.by.includes(d)} onChange={(on) => toggle(d, on)} />
          ))}
        </div>
      </fieldset>
      {NUMBERS.map(({ key, label, hint }) => (
        <Field key={key} id={`${idPrefix}-${key}`} label={t(label)} hint={t(hint)} error={errors[`${errorPrefix}.${key}`] ?? null}>
          {(control) => (
            <input {...control} type="text" inputMode="numeric" value={String(value[key])} onChange={(e) => onChange({ ...value, [key]: numberOrText(e.target.value) })} />
          )}
        </Field>
      ))}
    </div>
  );
}
