/** A severity as a coloured badge. */
import { useI18n } from '../i18n/I18nProvider';
import type { Severity } from '../api/types';
import { Badge, type Tone } from './Badge';

const TONES: Record<Severity, Tone> = { critical: 'danger', error: 'warning', warning: 'info', info: 'neutral' };

/** KSC's severity names with colour. */
export function SeverityBadge({ severity }: { severity: Severity }) {
  const { t } = useI18n();
  return <Badge tone={TONES[severity]}>{t(`severity.${severity}`)}</Badge>;
}
