/**
 * Gives each page its own document title, "<page> – Herald", in the console's language, so
 * browser tabs, history and screen readers tell the pages apart.
 */
import { useEffect } from 'react';
import { useI18n } from '../i18n/I18nProvider';

/** Sets `document.title` for the page shown; soft hyphens (line-break hints) are dropped. */
export function useDocumentTitle(page: string): void {
  const { t } = useI18n();
  const appName = t('app.name');
  useEffect(() => {
    document.title = `${page.replace(/\u00AD/g, '')} – ${appName}`;
  }, [page, appName]);
}
