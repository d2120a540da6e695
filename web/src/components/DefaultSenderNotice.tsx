/**
 * The warning shown while the sender is still Herald's default `herald@localhost`: many mail
 * servers refuse such a sender or file the message as spam, and replies go nowhere.
 */
import { useI18n } from '../i18n/I18nProvider';
import { Link } from '../app/router';
import { DEFAULT_SENDER } from '../api/types';
import { Notice } from './Notice';

/** Whether a sender template still uses the default address (also as `Name <herald@localhost>`). */
export function usesDefaultSender(sender: string): boolean {
  return sender.toLowerCase().includes(DEFAULT_SENDER);
}

/** The notice; `withLink` adds a link to the settings page (for pages other than the settings). */
export function DefaultSenderNotice({ withLink = false }: { withLink?: boolean }) {
  const { t } = useI18n();
  return (
    <div data-testid="default-sender-warning">
      <Notice tone="warning" title={t('sender.defaultTitle', { sender: DEFAULT_SENDER })}>
        {t('sender.defaultText')}
        {withLink ? (
          <>
            {' '}
            <Link href="/settings">{t('sender.defaultLink')}</Link>
          </>
        ) : null}
      </Notice>
    </div>
  );
}
