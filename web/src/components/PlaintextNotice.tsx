/**
 * "If the server supports it" went in clear: why, in the console's language, so nobody takes
 * the session for an encrypted one. Shown for a test message's attempt and for an attempt in a
 * notification's log alike (both carry `plaintextReason`; their English `note` says the same).
 */
import { useI18n } from '../i18n/I18nProvider';
import type { Reason } from '../api/types';
import { Notice } from './Notice';

/** The warning for `reason` (nothing when the attempt was not in clear). */
export function PlaintextNotice({ reason }: { reason: Reason | undefined }) {
  const { t, reasonText } = useI18n();
  if (reason === undefined) return null;
  return (
    <div data-testid="attempt-plaintext">
      <Notice tone="warning" title={t('test.plaintext.title')}>
        {reason === 'STARTTLS_NOT_OFFERED' ? t('test.plaintext.notOffered') : t('test.plaintext.handshakeFailed', { reason: reasonText(reason) ?? reason })}
      </Notice>
    </div>
  );
}
