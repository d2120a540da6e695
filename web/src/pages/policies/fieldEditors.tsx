/** Per-field labels, read-only display and editors of the policy override table. */
import { Field } from '../../components/Field';
import { Checkbox } from '../../components/Checkbox';
import { ClosedListSelect } from '../../components/ClosedListSelect';
import type { I18n } from '../../i18n/I18nProvider';
import { useI18n } from '../../i18n/I18nProvider';
import type { MessageKey } from '../../i18n/en';
import { TLS_MIN_VERSIONS, TLS_MODES, type TlsMode } from '../../api/types';
import { TLS_MIN_VERSION_LABELS, TLS_MODE_LABELS } from '../../i18n/tls';
import { AuthSection } from '../settings/AuthSection';
import type { SettingsFieldKey } from '../settings/fieldErrors';
import type { EmailKey, FlatEmail } from './policyModel';
import { CertificateName, PolicyCertificateEditor } from './PolicyCertificateEditor';

const LABELS: Record<EmailKey, MessageKey> = {
  recipients: 'settings.recipients',
  servers: 'settings.servers',
  port: 'settings.port',
  useMx: 'settings.useMx',
  auth: 'settings.auth',
  'tls.mode': 'settings.tlsLegend',
  'tls.minVersion': 'settings.minVersion',
  'tls.verifyHostname': 'settings.verifyHostname',
  'tls.serverName': 'settings.serverName',
  'tls.implicit': 'settings.implicit',
  'tls.serverCa': 'settings.caFile',
  'tls.clientCertificate': 'settings.clientCert',
  helo: 'settings.helo',
  sender: 'settings.sender',
  subject: 'settings.subject',
  body: 'settings.body',
  digestSubject: 'storm.digestSubject',
  digestBody: 'storm.digestBody',
  'rateLimit.perMinute': 'storm.rateLimit',
};

/** Fields shown as multi-line text. */
export const TEXT_KEYS: ReadonlySet<EmailKey> = new Set<EmailKey>(['body', 'digestBody']);

/** The label key of a field. */
export function fieldLabel(key: EmailKey): MessageKey {
  return LABELS[key];
}

/** A field's value as text. */
export function displayValue(key: EmailKey, flat: FlatEmail, t: I18n['t']): string {
  const yesNo = (value: boolean) => (value ? t('common.yes') : t('common.no'));
  switch (key) {
    case 'auth':
      return flat.auth.authEnabled
        ? `${t('common.yes')} — ${flat.auth.username} (${t(flat.auth.mechanism === 'oauth2' ? 'settings.mechanism.oauth2' : 'settings.mechanism.password')})`
        : t('common.no');
    case 'rateLimit.perMinute':
      return flat[key] === '' ? t('storm.noLimit') : flat[key];
    case 'tls.mode':
      return t(TLS_MODE_LABELS[flat['tls.mode']]);
    case 'tls.minVersion':
      return t(TLS_MIN_VERSION_LABELS[flat['tls.minVersion']]);
    case 'tls.verifyHostname':
    case 'tls.implicit':
    case 'useMx':
      return yesNo(flat[key]);
    case 'helo':
      return flat.helo === null || flat.helo === '' ? t('settings.heloDefault') : flat.helo;
    case 'tls.serverCa':
      return flat[key] ?? t('settings.caSystem');
    case 'tls.clientCertificate':
      return flat[key] ?? t('settings.clientCertNone');
    default: {
      const value = flat[key];
      return value === null || value === '' ? '—' : String(value);
    }
  }
}

/** A field's value for reading: certificates by their subject, the rest as {@link displayValue}. */
export function DisplayValue({ fieldKey, flat }: { fieldKey: EmailKey; flat: FlatEmail }) {
  const { t } = useI18n();
  if (fieldKey === 'tls.serverCa' || fieldKey === 'tls.clientCertificate') return <CertificateName fieldKey={fieldKey} id={flat[fieldKey]} />;
  return <>{displayValue(fieldKey, flat, t)}</>;
}

interface FieldEditorProps {
  fieldKey: EmailKey;
  id: string;
  label: string;
  value: Partial<FlatEmail>;
  error: string | undefined;
  /** The auth override's errors by control (`auth.password`, `auth.oauth2.clientSecret`, …). */
  authErrors: Partial<Record<SettingsFieldKey, string>>;
  /** The TLS mode the policy's messages go out with (the auth editor offers "send unencrypted" by it). */
  tlsMode: TlsMode;
  onChange(value: FlatEmail[EmailKey]): void;
}

/** The input for an overridden field. */
export function FieldEditor({ fieldKey, id, label, value, error, authErrors, tlsMode, onChange }: FieldEditorProps) {
  const { t } = useI18n();
  switch (fieldKey) {
    case 'auth': {
      const auth = value.auth;
      if (auth === undefined) return null;
      // the settings page's controls, with the policy's ids: policy-auth-username, policy-auth-oauth2-clientSecret, …
      return <AuthSection form={auth} tlsMode={tlsMode} errors={authErrors} update={(patch) => onChange({ ...auth, ...patch })} idOf={(key) => `${id}-${key.slice('auth.'.length).replace(/\./g, '-')}`} />;
    }
    case 'tls.mode':
      return <ClosedListSelect id={id} label={label} error={error} value={value['tls.mode']} options={TLS_MODES} labels={TLS_MODE_LABELS} onChange={onChange} className="field--bare" />;
    case 'tls.minVersion':
      return <ClosedListSelect id={id} label={label} error={error} value={value['tls.minVersion']} options={TLS_MIN_VERSIONS} labels={TLS_MIN_VERSION_LABELS} onChange={onChange} className="field--bare" />;
    case 'tls.verifyHostname':
    case 'tls.implicit':
    case 'useMx':
      return <Checkbox id={id} label={label} checked={value[fieldKey] === true} onChange={(checked) => onChange(checked)} />;
    case 'tls.serverCa':
    case 'tls.clientCertificate':
      return <PolicyCertificateEditor fieldKey={fieldKey} id={id} label={label} value={value[fieldKey] ?? null} error={error} onChange={onChange} />;
    case 'helo':
      return (
        <Field id={id} label={label} hint={t('settings.heloHint')} error={error} className="field--bare">
          {(control) => <input {...control} type="text" spellCheck={false} autoComplete="off" value={value.helo ?? ''} onChange={(e) => onChange(e.target.value)} />}
        </Field>
      );
    case 'body':
    case 'digestBody':
      return (
        <Field id={id} label={label} hint={fieldKey === 'digestBody' ? t('storm.digestVariables') : undefined} error={error} className="field--bare">
          {(control) => <textarea {...control} rows={fieldKey === 'digestBody' ? 10 : 6} spellCheck={false} className="mono" value={value[fieldKey] ?? ''} onChange={(e) => onChange(e.target.value)} />}
        </Field>
      );
    case 'rateLimit.perMinute':
      return (
        <Field id={id} label={label} hint={t('storm.rateLimitHint')} error={error} className="field--bare">
          {(control) => <input {...control} type="text" inputMode="numeric" placeholder={t('storm.noLimit')} value={value[fieldKey] ?? ''} onChange={(e) => onChange(e.target.value)} />}
        </Field>
      );
    default: {
      const text = value[fieldKey];
      return (
        <Field id={id} label={label} error={error} className="field--bare">
          {(control) => <input {...control} type="text" spellCheck={false} value={typeof text === 'string' ? text : ''} onChange={(e) => onChange(e.target.value)} />}
        </Field>
      );
    }
  }
}
