/**
 * State of the notification-settings page: the loaded document, the form, the field errors
 * from the API, and saving. Kept out of the components so each card only renders.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useApi } from '../../app/session';
import { isApiError, type ApiError } from '../../api/client';
import type { TlsSettings } from '../../api/types';
import { entries, formFromSettings, settingsInput, type SettingsForm } from './model';
import { controlId, fieldTarget, type SettingsFieldKey } from './fieldErrors';
import { useI18n } from '../../i18n/I18nProvider';

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
  return keys;
}

/** Loads `GET /settings/email` and manages the form. */
export function useSettingsForm(): SettingsFormState {
  const api = useApi();
  const { t, errorText } = useI18n();
  const [load, setLoad] = useState<LoadState>({ kind: 'loading' });
  const [saved, setSaved] = useState<SettingsForm | null>(null);
  const [form, setForm] = useState<SettingsForm | null>(null);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [pageError, setPageError] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [savedAt, setSavedAt] = useState<number | null>(null);

  useEffect(() => {
    let active = true;
    api
      .getEmailSettings()
      .then((settings) => {
        if (!active) return;
        const initial = formFromSettings(settings);
        setSaved(initial);
        setForm(initial);
        setLoad({ kind: 'ready' });
      })
      .catch((error: unknown) => {
        if (active && isApiError(error)) setLoad({ kind: 'failed', error });
      });
    return () => {
      active = false;
    };
  }, [api]);

  const clearErrors = useCallback((keys: SettingsFieldKey[]) => {
    if (keys.length === 0) return;
    setErrors((current) => {
      if (!keys.some((key) => key in current)) return current;
      const next = { ...current };
      for (const key of keys) delete next[key];
      return next;
    });
  }, []);

  const update = useCallback(
    (patch: Partial<SettingsForm>) => {
      setForm((current) => (current === null ? current : { ...current, ...patch }));
      clearErrors(touchedKeys(patch));
      setSavedAt(null);
    },
    [clearErrors],
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
    [clearErrors],
  );

  const setFieldError = useCallback((key: SettingsFieldKey, message: string | null) => {
    setErrors((current) => {
      const next = { ...current };
      if (message === null) delete next[key];
      else next[key] = message;
      return next;
    });
  }, []);

  const showApiError = useCallback(
    (error: ApiError): boolean => {
      const target = fieldTarget(error.field);
      const text = errorText(error);
      if (target === null || form === null) {
        setPageError(text);
        return false;
      }
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
    [errorText, form, t],
  );

  const save = useCallback(async () => {
    if (form === null) return;
    setSaving(true);
    setPageError(null);
    setErrors({});
    try {
      const stored = await api.putEmailSettings(settingsInput(form));
      const next = formFromSettings(stored);
      setSaved(next);
      setForm(next);
      setSavedAt(Date.now());
    } catch (error) {
      if (isApiError(error)) showApiError(error);
      else setPageError(String(error));
    } finally {
      setSaving(false);
    }
  }, [api, form, showApiError]);

  const dirty = useMemo(() => form !== null && saved !== null && JSON.stringify(form) !== JSON.stringify(saved), [form, saved]);

  return { load, form, dirty, errors, pageError, saving, savedAt, update, updateTls, setFieldError, showApiError, save };
}
