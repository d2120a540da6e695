/** The effective settings of a policy (what Herald uses), each with its source. */
import { useI18n } from '../../i18n/I18nProvider';
import type { EffectivePolicy } from '../../api/types';
import { EDITABLE_EMAIL_KEYS, flatFromSettings, isInherited } from './policyModel';
import { DisplayValue, fieldLabel } from './fieldEditors';
import { SourceBadge } from './SourceBadge';

/** A collapsible fact list of the effective policy. */
export function EffectiveSummary({ effective }: { effective: EffectivePolicy }) {
  const { t } = useI18n();
  const flat = flatFromSettings(effective.email);
  const inherited = new Set(effective.inherited);
  return (
    <details className="effective" open data-testid="effective-summary">
      <summary>
        <span className="effective__title">{t('policies.effective')}</span>
        <span className="text-muted small">{t('policies.effectiveHint')}</span>
      </summary>
      <dl className="facts effective__facts">
        {EDITABLE_EMAIL_KEYS.filter((key) => key !== 'body').map((key) => (
          <div key={key} className="effective__item" data-effective={`email.${key}`}>
            <dt>{t(fieldLabel(key))}</dt>
            <dd>
              <span className="effective__value"><DisplayValue fieldKey={key} flat={flat} /></span> <SourceBadge inherited={isInherited(inherited, `email.${key}`)} />
            </dd>
          </div>
        ))}
        <div className="effective__item" data-effective="rules.severities">
          <dt>{t('rules.severities')}</dt>
          <dd>
            <span className="effective__value">{effective.rules.severities.map((s) => t(`severity.${s}`)).join(', ') || '—'}</span>{' '}
            <SourceBadge inherited={isInherited(inherited, 'rules.severities')} />
          </dd>
        </div>
        {Object.entries(effective.rules.eventTypes).map(([type, on]) => (
          <div key={type} className="effective__item" data-effective={`rules.eventTypes.${type}`}>
            <dt>{t('policies.eventTypeKey', { type })}</dt>
            <dd>
              <span className="effective__value">{on ? t('common.yes') : t('common.no')}</span>{' '}
              <SourceBadge inherited={isInherited(inherited, `rules.eventTypes.${type}`)} />
            </dd>
          </div>
        ))}
      </dl>
    </details>
  );
}
