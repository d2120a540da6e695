/** The rules part of a policy: severities (as a whole) and event types (key by key). */
import { useI18n } from '../../i18n/I18nProvider';
import { Checkbox } from '../../components/Checkbox';
import type { EffectivePolicy } from '../../api/types';
import { isInherited, type PolicyDraft } from './policyModel';
import { SeverityChecks } from './SeverityChecks';
import { EventTypeSwitches } from './EventTypeSwitches';
import { SourceBadge } from './SourceBadge';
import { GroupingFields } from './GroupingFields';
import type { Grouping } from '../../api/types';
import type { MessageKey } from '../../i18n/en';

/** One line about an inherited grouping: "by application, event type · digests every 300 s". */
function groupingSummary(grouping: Grouping | null, t: (key: MessageKey, params?: Record<string, string | number>) => string): string {
  if (grouping === null) return '—';
  if (grouping.by.length === 0) return t('storm.groupingOff');
  const by = grouping.by.map((d) => t(`storm.dim.${d}` as MessageKey)).join(', ');
  return t('storm.summary', { by, interval: String(grouping.intervalSeconds) });
}

interface PolicyRulesRowsProps {
  draft: PolicyDraft;
  effective: EffectivePolicy | null;
  errors: Record<string, string>;
  onChange(patch: Partial<PolicyDraft>): void;
}

/** Severities row, grouping row and the event-type overrides. */
export function PolicyRulesRows(props: PolicyRulesRowsProps) {
  const { t } = useI18n();
  return (
    <div className="override-table" role="table" aria-label={t('policies.rulesSection')}>
      <SeveritiesRow {...props} />
      <GroupingRow {...props} />
      <EventTypesRow {...props} />
    </div>
  );
}

/** Severities: inherited as a whole, or overridden with the effective ones to start from. */
function SeveritiesRow({ draft, effective, errors, onChange }: PolicyRulesRowsProps) {
  const { t } = useI18n();
  const inherited = new Set(effective?.inherited ?? []);
  const effectiveSeverities = effective?.rules.severities ?? [];
  const severityError = errors['rules.severities'];
  return (
    <div className={`override-table__row${draft.severities !== null ? ' override-table__row--on' : ''}`} role="row" data-field="rules.severities">
      <div role="cell" className="override-table__name">
        <span>{t('rules.severities')}</span>
        <SourceBadge inherited={isInherited(inherited, 'rules.severities')} />
      </div>
      <div role="cell">
        <Checkbox
          variant="switch"
          id="policy-severities-override"
          label={t('policies.overrideOf', { field: t('rules.severities') })}
          hideLabel
          checked={draft.severities !== null}
          disabled={effective === null}
          onChange={(on) => onChange({ severities: on ? [...effectiveSeverities] : null })}
        />
      </div>
      <div role="cell" className="override-table__value">
        {draft.severities !== null ? (
          <SeverityChecks hideLegend legend={t('rules.severities')} idPrefix="policy-severity" value={draft.severities} onChange={(severities) => onChange({ severities })} />
        ) : (
          <span className="inherited-value">{effectiveSeverities.map((s) => t(`severity.${s}`)).join(', ') || '—'}</span>
        )}
        {severityError ? (
          <p className="field__error" role="alert">
            {severityError}
          </p>
        ) : null}
      </div>
    </div>
  );
}

/** Grouping: inherited (summarised in one line), or overridden with the effective grouping to start from. */
function GroupingRow({ draft, effective, errors, onChange }: PolicyRulesRowsProps) {
  const { t } = useI18n();
  const inherited = new Set(effective?.inherited ?? []);
  return (
    <div className={`override-table__row override-table__row--wide${draft.grouping !== null ? ' override-table__row--on' : ''}`} role="row" data-field="rules.grouping">
      <div role="cell" className="override-table__name">
        <span>{t('storm.grouping')}</span>
        <SourceBadge inherited={isInherited(inherited, 'rules.grouping')} />
        <Checkbox
          variant="switch"
          id="policy-grouping-override"
          label={t('policies.overrideOf', { field: t('storm.grouping') })}
          hideLabel
          checked={draft.grouping !== null}
          disabled={effective === null}
          onChange={(on) => onChange({ grouping: on && effective !== null ? { ...effective.rules.grouping, by: [...effective.rules.grouping.by] } : null })}
        />
      </div>
      <div role="cell" className="override-table__value">
        {draft.grouping !== null ? (
          <GroupingFields idPrefix="policy-grouping" errorPrefix="rules.grouping" value={draft.grouping} errors={errors} onChange={(grouping) => onChange({ grouping })} />
        ) : (
          <span className="inherited-value">{groupingSummary(effective?.rules.grouping ?? null, t)}</span>
        )}
      </div>
    </div>
  );
}

/** Event types: the inherited ones (read-only) and the policy's own switches. */
function EventTypesRow({ draft, effective, onChange }: PolicyRulesRowsProps) {
  const { t } = useI18n();
  const inheritedTypes = Object.entries(effective?.rules.eventTypes ?? {}).filter(([type]) => draft.eventTypes[type] === undefined);
  return (
    <div className="override-table__row override-table__row--wide" role="row" data-field="rules.eventTypes">
      <div role="cell" className="override-table__name">
        <span>{t('rules.eventTypes')}</span>
        <span className="field__hint">{t('rules.eventTypesHint')}</span>
      </div>
      <div role="cell" className="override-table__value">
        {inheritedTypes.length > 0 ? (
          <ul className="type-list type-list--inherited">
            {inheritedTypes.map(([type, on]) => (
              <li key={type} className="type-list__row">
                <span className="mono type-list__name">{type}</span>
                <SourceBadge inherited />
                <span className="inherited-value">{on ? t('common.yes') : t('common.no')}</span>
              </li>
            ))}
          </ul>
        ) : null}
        <EventTypeSwitches idPrefix="policy" value={draft.eventTypes} onChange={(eventTypes) => onChange({ eventTypes })} extra={() => <SourceBadge inherited={false} />} emptyText={null} />
      </div>
    </div>
  );
}
