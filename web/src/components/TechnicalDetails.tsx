/**
 * The server's own words about a failure (its diagnostic sentence, the SMTP server's reply, a
 * connection note): English that cannot be translated, so it stays folded away under a
 * heading in the console's language and is marked as English for screen readers.
 */
import { useI18n } from '../i18n/I18nProvider';

/** A folded "technical details (in English)" box with the server's text. */
export function TechnicalDetails({ text, className }: { text: string; className?: string }) {
  const { t } = useI18n();
  return (
    <details className={['technical', className].filter(Boolean).join(' ')}>
      <summary>{t('test.technicalDetails')}</summary>
      <p lang="en">{text}</p>
    </details>
  );
}
