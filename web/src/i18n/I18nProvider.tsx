/**
 * The language context: `useI18n()` gives `t(key, params)`, the current language, a setter that
 * remembers the choice, locale-aware date formatting and the sentence for an API error.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { en, type MessageKey, type Messages } from './en';
import { de } from './de';
import { anyErrorSentence, errorSentence } from './errors';
import { fieldLabelKey } from './fieldLabels';
import { initialLanguage, rememberLanguage, type Language } from './language';
import type { ApiError } from '../api/client';
import type { ErrorDetail } from '../../../src/domain/error-codes';

const dictionaries: Record<Language, Messages> = { en, de };

/** What components get from {@link useI18n}. */
export interface I18n {
  language: Language;
  setLanguage(language: Language): void;
  t(key: MessageKey, params?: Record<string, string | number>): string;
  /** A date/time in the current language, or '—' for null. */
  formatDate(iso: string | null | undefined): string;
  /**
   * Text for an API error shown away from its field: the sentence for its code in this
   * language, after the translated label of the field it names (never the JSON key, never
   * the server's English message).
   */
  errorText(error: Pick<ApiError, 'code' | 'field'> & Partial<Pick<ApiError, 'detail'>>): string;
  /** The sentence for an error without a field label: an API error next to its own field, or a delivery error. */
  fieldErrorText(error: Pick<ApiError, 'code'> & Partial<Pick<ApiError, 'detail'>>): string;
  /** The sentence for a code in the current language (delivery reasons, certificate errors). */
  reasonText(code: string): string | undefined;
}

const I18nContext = createContext<I18n | null>(null);

function safeStorage(): Storage | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

/** Replaces `{name}` markers. */
function interpolate(text: string, params: Record<string, string | number> | undefined): string {
  if (params === undefined) return text;
  return text.replace(/\{(\w+)\}/g, (match, name: string) => (name in params ? String(params[name]) : match));
}

/** Provides the language to the app and keeps `<html lang>` in step. */
export function I18nProvider({ children }: { children: ReactNode }) {
  const [language, setLanguageState] = useState<Language>(() => initialLanguage(safeStorage(), navigator.language));

  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);

  const setLanguage = useCallback((next: Language) => {
    rememberLanguage(safeStorage(), next);
    setLanguageState(next);
  }, []);

  const value = useMemo<I18n>(() => {
    const messages = dictionaries[language];
    const dateFormat = new Intl.DateTimeFormat(language === 'de' ? 'de-DE' : 'en-GB', {
      dateStyle: 'medium',
      timeStyle: 'short',
    });
    const number = new Intl.NumberFormat(language);
    /** The sentence for an error: by its detail (the limit it broke) where given, else by its code. */
    const sentence = (error: { code: string; detail?: ErrorDetail }): string => {
      switch (error.detail?.kind) {
        case 'range':
          return interpolate(messages['validation.range'], { min: number.format(error.detail.min), max: number.format(error.detail.max) });
        case 'maxLength':
          return interpolate(messages['validation.maxLength'], { max: number.format(error.detail.max) });
        case 'singleLine':
          return messages['validation.singleLine'];
        case 'required':
          return messages['validation.required'];
        default:
          return anyErrorSentence(language, error.code);
      }
    };
    return {
      language,
      setLanguage,
      t: (key, params) => interpolate(messages[key], params),
      formatDate: (iso) => {
        if (iso === null || iso === undefined || iso === '') return '—';
        const date = new Date(iso);
        return Number.isNaN(date.getTime()) ? iso : dateFormat.format(date);
      },
      errorText: (error) => {
        const label = fieldLabelKey(error.field);
        return label === undefined ? sentence(error) : interpolate(messages['error.atField'], { field: messages[label].replace(/\u00AD/g, ''), message: sentence(error) });
      },
      fieldErrorText: sentence,
      reasonText: (code) => errorSentence(language, code),
    };
  }, [language, setLanguage]);

  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

/** The current language's helpers; only inside {@link I18nProvider}. */
export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (value === null) throw new Error('useI18n outside I18nProvider');
  return value;
}
