/**
 * State of the notification-settings page: the loaded document, the form, the field errors
 * from the API, and saving. Kept out of the components so each card only renders.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useApi } from '../../app/session';
import { isApiError, type ApiError } from '../../api/client';
import type { EmailSettingsView, TlsSettings } from '../../api/types';
import { entries, formFromSettings, settingsInput, type SettingsForm } from './model';
import { controlId, fieldTarget, type SettingsFieldKey } from './fieldErrors';
import { useI18n } from '../../i18n/I18nProvider';
import { focusFirst } from '../../app/focusFirst';
import { validateSettings, type Problems } from './validate';
import { useProblemText } from './useProblemText';

/** Errors shown next to the controls, by control. */
export type FieldErrors = Partial<Record<SettingsFieldKey, string>>;

/** Load state of the page. */
export type LoadState = { kind: 'loading' } | { kind: 'failed'; error: ApiError } | { kind: 'ready' };

/** Everything the settings page needs. */
export interface SettingsFormState {
  load: LoadState;
  form: SettingsForm | null;
  dirty: boolean;
  errors: FieldErrors;
  /** An API error with no control to show it at. */
  pageError: string | null;
  saving: boolean;
  savedAt: number | null;
  update(patch: Partial<SettingsForm>): void;
  updateTls(patch: Partial<TlsSettings>): void;
  setFieldError(key: SettingsFieldKey, message: string | null): void;
  /** Shows an API error at its field (or on the page); returns whether it had a field. */
  showApiError(error: ApiError): boolean;
  /** Checks the form in the browser: shows every problem at its field and focuses the first; true when there is none. */
  validate(): boolean;
  save(): Promise<void>;
}

/** Which form keys a patch touches, so their errors disappear as the admin edits. */
function touchedKeys(patch: Partial<SettingsForm>): SettingsFieldKey[] {
  const keys: SettingsFieldKey[] = [];
  if ('recipients' in patch) keys.push('recipients');
  if ('servers' in patch) keys.push('servers');
  if ('port' in patch) keys.push('port');
  if ('username' in patch) keys.push('auth.username');
  if ('password' in patch) keys.push('auth.password');
  if ('authEnabled' in patch) keys.push('auth.enabled', 'auth.username', 'auth.password');
  if ('mechanism' in patch) keys.push('auth.mechanism', 'auth.password');
  if ('allowUnencrypted' in patch) keys.push('auth.allowUnencrypted');
  if ('oauth2' in patch) {
    keys.push('auth.oauth2.provider', 'auth.oauth2.tenant', 'auth.oauth2.clientId', 'auth.oauth2.clientSecret', 'auth.oauth2.serviceAccountKey', 'auth.oauth2.tokenUrl', 'auth.oauth2.scope');
  }
  if ('tls' in patch) keys.push('tls.mode', 'auth.allowUnencrypted');
  if ('sender' in patch) keys.push('sender');
  if ('subject' in patch) keys.push('subject');
  if ('body' in patch) keys.push('body');
  if ('digestSubject' in patch) keys.push('digestSubject');
  if ('digestBody' in patch) keys.push('digestBody');
  if ('ratePerMinute' in patch) keys.push('rateLimit.perMinute');
  return keys;
}

/** Loads `GET /settings/email` and manages the form: load ▶ edit (errors clear as fields change) ▶ save. */
export function useSettingsForm(): SettingsFormState {
  const api = useApi();
  const { load, saved, form, setForm, replaceSaved } = useLoadedSettings();
  const { errors, setErrors, clearErrors, setFieldError } = useFieldErrors();
  const [pageError, setPageError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [savedAt, setSavedAt] = useState<number | null>(null);
  const showApiError = useApiErrorDisplay(form, setErrors, setPageError);
  const showProblems = useProblemDisplay(setErrors);

  const validate = useCallback((): boolean => {
    if (form === null) return false;
    setPageError(null);
    return showProblems(validateSettings(form));
  }, [form, showProblems]);

  const update = useCallback(
    (patch: Partial<SettingsForm>) => {
      setForm((current) => (current === null ? current : { ...current, ...patch }));
      clearErrors(touchedKeys(patch));
      setSavedAt(null);
    },
    [clearErrors, setForm],
  );

  const updateTls = useCallback(
    (patch: Partial<TlsSettings>) => {
      setForm((current) => (current === null ? current : { ...current, tls: { ...current.tls, ...patch } }));
      const keys = Object.keys(patch).map((key) => `tls.${key}` as SettingsFieldKey);
      // TLS decides whether unencrypted authentication is in question at all
      if ('mode' in patch) keys.push('auth.allowUnencrypted');
      clearErrors(keys);
      setSavedAt(null);
    },
    [clearErrors, setForm],
  );

  const save = useCallback(async () => {
    if (form === null || !validate()) return;
    setSaving(true);
    setPageError(null);
    setErrors({});
    try {
      replaceSaved(await api.putEmailSettings(settingsInput(form)));
      setSavedAt(Date.now());
    } catch (error) {
      if (isApiError(error)) showApiError(error);
      else setPageError(String(error));
    } finally {
      setSaving(false);
    }
  }, [api, form, replaceSaved, setErrors, showApiError, validate]);

  const dirty = useMemo(() => form !== null && saved !== null && JSON.stringify(form) !== JSON.stringify(saved), [form, saved]);

  return { load, form, dirty, errors, pageError, saving, savedAt, update, updateTls, setFieldError, showApiError, validate, save };
}

/** The stored settings (as a form) and the form being edited, loaded once. */
function useLoadedSettings() {
  const api = useApi();
  const [load, setLoad] = useState<LoadState>({ kind: 'loading' });
  const [saved, setSaved] = useState<SettingsForm | null>(null);
  const [form, setForm] = useState<SettingsForm | null>(null);

  /** After a load or a save: what the server stored becomes both the saved state and the form. */
  const replaceSaved = useCallback((settings: EmailSettingsView) => {
    const next = formFromSettings(settings);
    setSaved(next);
    setForm(next);
  }, []);

  useEffect(() => {
    let active = true;
    api
      .getEmailSettings()
      .then((settings) => {
        if (!active) return;
        replaceSaved(settings);
        setLoad({ kind: 'ready' });
      })
      .catch((error: unknown) => {
        if (active && isApiError(error)) setLoad({ kind: 'failed', error });
      });
    return () => {
      active = false;
    };
  }, [api, replaceSaved]);

  return { load, saved, form, setForm, replaceSaved };
}

/** Errors by control: set one, clear some. */
function useFieldErrors() {
  const [errors, setErrors] = useState<FieldErrors>({});

  const clearErrors = useCallback((keys: SettingsFieldKey[]) => {
    if (keys.length === 0) return;
    setErrors((current) => {
      if (!keys.some((key) => key in current)) return current;
      const next = { ...current };
      for (const key of keys) delete next[key];
      return next;
    });
  }, []);

  const setFieldError = useCallback((key: SettingsFieldKey, message: string | null) => {
    setErrors((current) => {
      const next = { ...current };
      if (message === null) delete next[key];
      else next[key] = message;
      return next;
    });
  }, []);

  return { errors, setErrors, clearErrors, setFieldError };
}

/**
 * Shows an API error next to its control (naming the entry for list fields, and focusing the
 * control), or on the page when no control matches; returns whether it had a field.
 */
function useApiErrorDisplay(
  form: SettingsForm | null,
  setErrors: (errors: FieldErrors) => void,
  setPageError: (message: string | null) => void,
): (error: ApiError) => boolean {
  const { t, errorText, fieldErrorText } = useI18n();
  return useCallback(
    (error: ApiError): boolean => {
      const target = fieldTarget(error.field);
      if (target === null || form === null) {
        setPageError(errorText(error));
        return false;
      }
      const text = fieldErrorText(error);
      let message = text;
      if (target.index !== null && (target.key === 'recipients' || target.key === 'servers')) {
        const value = entries(target.key === 'recipients' ? form.recipients : form.servers)[target.index];
        const which = value !== undefined ? t('settings.entry', { n: target.index + 1, value }) : t('settings.entryOf', { n: target.index + 1 });
        message = `${which}: ${text}`;
      }
      setErrors({ [target.key]: message });
      setPageError(null);
      window.requestAnimationFrame(() => document.getElementById(controlId(target.key))?.focus());
      return true;
    },
    [errorText, fieldErrorText, form, setErrors, setPageError, t],
  );
}

/** Words the browser's findings in the console's language and shows them all; returns whether there was none. */
function useProblemDisplay(setErrors: (errors: FieldErrors) => void): (problems: Problems) => boolean {
  const problemText = useProblemText();
  return useCallback(
    (problems: Problems): boolean => {
      const keys = Object.keys(problems) as SettingsFieldKey[];
      const errors: FieldErrors = {};
      for (const key of keys) {
        const problem = problems[key];
        if (problem !== undefined) errors[key] = problemText(problem);
      }
      setErrors(errors);
      focusFirst(keys.map(controlId));
      return keys.length === 0;
    },
    [problemText, setErrors],
  );
}
