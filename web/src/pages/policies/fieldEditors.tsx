/** Per-field labels, read-only display and editors of the policy override table. */
import { Field } from '../../components/Field';
import { Checkbox } from '../../components/Checkbox';
import type { I18n } from '../../i18n/I18nProvider';
import { useI18n } from '../../i18n/I18nProvider';
import type { MessageKey } from '../../i18n/en';
import { TLS_MIN_VERSIONS, TLS_MODES, type TlsMinVersion, type TlsMode } from '../../api/types';
import { TLS_MIN_VERSION_LABELS, TLS_MODE_LABELS } from '../../i18n/tls';
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
};

/** The label key of a field. */
export function fieldLabel(key: EmailKey): MessageKey {
  return LABELS[key];
}

/** A field's value as text. */
export function displayValue(key: EmailKey, flat: FlatEmail, t: I18n['t']): string {
  const yesNo = (value: boolean) => (value ? t('common.yes') : t('common.no'));
  switch (key) {
    case 'auth':
      return flat.auth.enabled ? `${t('common.yes')} — ${flat.auth.username}` : t('common.no');
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
  onChange(value: FlatEmail[EmailKey]): void;
}

/** The input for an overridden field. */
export function FieldEditor({ fieldKey, id, label, value, error, onChange }: FieldEditorProps) {
  const { t } = useI18n();
  switch (fieldKey) {
    case 'auth': {
      const auth = value.auth ?? { enabled: false, username: '', password: '', passwordSet: false };
      return (
        <div className="stack-sm">
          <Checkbox id={`${id}-enabled`} label={t('settings.auth')} checked={auth.enabled} onChange={(enabled) => onChange({ ...auth, enabled })} />
          {auth.enabled ? (
            <div className="form-grid">
              <Field id={`${id}-username`} label={t('settings.username')} error={error}>
                {(control) => <input {...control} type="text" value={auth.username} onChange={(e) => onChange({ ...auth, username: e.target.value })} />}
              </Field>
              <Field id={`${id}-password`} label={t('settings.password')} hint={auth.passwordSet ? t('settings.passwordSet') : undefined}>
                {(control) => <input {...control} type="password" autoComplete="new-password" value={auth.password} onChange={(e) => onChange({ ...auth, password: e.target.value })} />}
              </Field>
            </div>
          ) : error ? (
            <p className="field__error" role="alert">
              {error}
            </p>
          ) : null}
        </div>
      );
    }
    case 'tls.mode':
      return (
        <Field id={id} label={label} error={error} className="field--bare">
          {(control) => (
            <select {...control} value={value['tls.mode']} onChange={(e) => onChange(e.target.value as TlsMode)}>
              {TLS_MODES.map((mode) => (
                <option key={mode} value={mode}>
                  {t(TLS_MODE_LABELS[mode])}
                </option>
              ))}
            </select>
          )}
        </Field>
      );
    case 'tls.minVersion':
      return (
        <Field id={id} label={label} error={error} className="field--bare">
          {(control) => (
            <select {...control} value={value['tls.minVersion']} onChange={(e) => onChange(e.target.value as TlsMinVersion)}>
              {TLS_MIN_VERSIONS.map((version) => (
                <option key={version} value={version}>
                  {t(TLS_MIN_VERSION_LABELS[version])}
                </option>
              ))}
            </select>
          )}
        </Field>
      );
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
      return (
        <Field id={id} label={label} error={error} className="field--bare">
          {(control) => <textarea {...control} rows={6} className="mono" value={value.body ?? ''} onChange={(e) => onChange(e.target.value)} />}
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
