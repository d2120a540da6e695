/** A notification status as a coloured badge. */
import { useI18n } from '../i18n/I18nProvider';
import type { NotificationStatus } from '../api/types';
import { Badge, type Tone } from './Badge';

const TONES: Record<NotificationStatus, Tone> = { queued: 'info', sending: 'accent', deferred: 'warning', sent: 'success', failed: 'danger' };

/** The outbox state with colour. */
export function StatusBadge({ status }: { status: NotificationStatus }) {
  const { t } = useI18n();
  return <Badge tone={TONES[status]}>{t(`status.${status}`)}</Badge>;
}
