/** The English/German switch; the choice is remembered in localStorage. */
import { useI18n } from '../i18n/I18nProvider';
import { LANGUAGES, isLanguage } from '../i18n/language';

/** A labelled `<select>` of the console's languages. */
export function LanguageSelect({ id }: { id: string }) {
  const { t, language, setLanguage } = useI18n();
  return (
    <div className="lang-select">
      <label htmlFor={id}>{t('lang.label')}</label>
      <select
        id={id}
        value={language}
        onChange={(event) => {
          const value = event.target.value;
          if (isLanguage(value)) setLanguage(value);
        }}
      >
        {LANGUAGES.map((lang) => (
          <option key={lang} value={lang} lang={lang}>
            {t(lang === 'en' ? 'lang.en' : 'lang.de')}
          </option>
        ))}
      </select>
    </div>
  );
}
