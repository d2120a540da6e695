/**
 * The browser's findings ({@link Problem}) in the console's language, worded like the server's
 * errors with the same code or detail.
 */
import { useCallback } from 'react';
import { useI18n } from '../../i18n/I18nProvider';
import type { Problem } from './validate';

/** A function that words one problem. */
export function useProblemText(): (problem: Problem) => string {
  const { t, fieldErrorText } = useI18n();
  return useCallback(
    (problem: Problem): string => {
      switch (problem.kind) {
        case 'entries':
          return `${problem.entries.map(({ n, value }) => t('settings.entry', { n, value })).join(', ')}: ${fieldErrorText({ code: problem.code })}`;
        case 'required':
        case 'range':
          return fieldErrorText({ code: 'VALIDATION_FAILED', detail: problem });
        case 'https':
          return t('validation.https');
        case 'unencrypted':
          return t('validation.unencrypted');
      }
    },
    [fieldErrorText, t],
  );
}
