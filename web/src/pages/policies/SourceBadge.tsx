/** "Inherited" or "Overridden", as the effective view reports it. */
import { useI18n } from '../../i18n/I18nProvider';
import { Badge } from '../../components/Badge';

/** The provenance badge of an effective value. */
export function SourceBadge({ inherited }: { inherited: boolean }) {
  const { t } = useI18n();
  return <Badge tone={inherited ? 'neutral' : 'accent'}>{inherited ? t('policies.inherited') : t('policies.overridden')}</Badge>;
}
