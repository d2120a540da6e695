/**
 * The warning shown while the sender is still Herald's default `herald@localhost`: many mail
 * servers refuse such a sender or file the message as spam, and replies go nowhere.
 */
import { useEffect, useState } from 'react';
import { useI18n } from '../i18n/I18nProvider';
import { useApi } from '../app/session';
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

/**
 * Whether the saved sender is still the default, read again whenever `refreshKey` changes
 * (the layout passes the route, so saving the settings and moving on clears the warning).
 */
export function useSavedSenderIsDefault(refreshKey: string): boolean {
  const api = useApi();
  const [isDefault, setIsDefault] = useState(false);
  useEffect(() => {
    let active = true;
    api
      .getEmailSettings()
      .then((settings) => active && setIsDefault(usesDefaultSender(settings.sender)))
      .catch(() => active && setIsDefault(false));
    return () => {
      active = false;
    };
  }, [api, refreshKey]);
  return isDefault;
}
