/** The console's languages and how the choice is remembered. */
export type Language = 'en' | 'de';

/** Every language, in menu order. */
export const LANGUAGES: readonly Language[] = ['en', 'de'];

const STORAGE_KEY = 'herald.language';

/** Narrowing for untrusted text (localStorage, navigator). */
export function isLanguage(value: unknown): value is Language {
  return value === 'en' || value === 'de';
}

/** The remembered language, else the browser's when it is German, else English. */
export function initialLanguage(storage: Storage | null, browserLanguage: string | undefined): Language {
  const stored = storage?.getItem(STORAGE_KEY);
  if (isLanguage(stored)) return stored;
  return browserLanguage?.toLowerCase().startsWith('de') === true ? 'de' : 'en';
}

/** Remembers the choice for the next visit. */
export function rememberLanguage(storage: Storage | null, language: Language): void {
  try {
    storage?.setItem(STORAGE_KEY, language);
  } catch {
    // storage full or disabled: the choice lasts for this page only
  }
}
