/** The rules part of a policy: severities (as a whole) and event types (key by key). */
import { useI18n } from '../../i18n/I18nProvider';
import { Checkbox } from '../../components/Checkbox';
import type { EffectivePolicy } from '../../api/types';
import { isInherited, type PolicyDraft } from './policyModel';
import { SeverityChecks } from './SeverityChecks';
import { EventTypeSwitches } from './EventTypeSwitches';
import { SourceBadge } from './SourceBadge';

interface PolicyRulesRowsProps {
  draft: PolicyDraft;
  effective: EffectivePolicy | null;
  errors: Record<string, string>;
  onChange(patch: Partial<PolicyDraft>): void;
}

/** Severities row and the event-type overrides. */
export function PolicyRulesRows({ draft, effective, errors, onChange }: PolicyRulesRowsProps) {
  const { t } = useI18n();
  const inherited = new Set(effective?.inherited ?? []);
  const effectiveSeverities = effective?.rules.severities ?? [];
  const inheritedTypes = Object.entries(effective?.rules.eventTypes ?? {}).filter(([type]) => draft.eventTypes[type] === undefined);
  const severityError = errors['rules.severities'];
  return (
    <div className="override-table" role="table" aria-label={t('policies.rulesSection')}>
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
    </div>
  );
}
