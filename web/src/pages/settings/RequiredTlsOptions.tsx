/** The TLS options that apply only in "always use TLS" mode. */
import { useI18n } from '../../i18n/I18nProvider';
import { Field, FieldError } from '../../components/Field';
import { Checkbox } from '../../components/Checkbox';
import { ClosedListSelect } from '../../components/ClosedListSelect';
import { TLS_MIN_VERSIONS } from '../../api/types';
import { TLS_MIN_VERSION_LABELS } from '../../i18n/tls';
import { controlId } from './fieldErrors';
import type { SettingsForm } from './model';
import type { SettingsFormState } from './useSettingsForm';
import { CaFileField } from './CaFileField';
import { ClientCertificateField } from './ClientCertificateField';

/** CA file, TLS version, host name, implicit TLS, client certificate. */
export function RequiredTlsOptions({ state, form }: { state: SettingsFormState; form: SettingsForm }) {
  const { t } = useI18n();
  const { errors, updateTls } = state;
  const tls = form.tls;
  return (
    <div className="subsection reveal stack">
      <CaFileField
        id={controlId('tls.serverCa')}
        caId={tls.serverCa}
        error={errors['tls.serverCa']}
        onChange={(serverCa) => updateTls({ serverCa })}
        onError={(message) => state.setFieldError('tls.serverCa', message)}
      />
      <div className="form-grid">
        <ClosedListSelect
          id={controlId('tls.minVersion')}
          label={t('settings.minVersion')}
          error={errors['tls.minVersion']}
          value={tls.minVersion}
          options={TLS_MIN_VERSIONS}
          labels={TLS_MIN_VERSION_LABELS}
          onChange={(minVersion) => updateTls({ minVersion })}
        />
      </div>
      <div className="stack-sm">
        <Checkbox id={controlId('tls.verifyHostname')} label={t('settings.verifyHostname')} checked={tls.verifyHostname} onChange={(verifyHostname) => updateTls({ verifyHostname })} />
        <FieldError id={controlId('tls.verifyHostname')} error={errors['tls.verifyHostname']} />
        {tls.verifyHostname ? (
          <div className="form-grid indent">
            <Field id={controlId('tls.serverName')} label={t('settings.serverName')} hint={t('settings.serverNameHint')} error={errors['tls.serverName']}>
              {(control) => <input {...control} type="text" spellCheck={false} value={tls.serverName ?? ''} onChange={(e) => updateTls({ serverName: e.target.value })} />}
            </Field>
          </div>
        ) : null}
      </div>
      <div className="stack-sm">
        <Checkbox id={controlId('tls.implicit')} label={t('settings.implicit')} checked={tls.implicit} onChange={(implicit) => updateTls({ implicit })} />
        <FieldError id={controlId('tls.implicit')} error={errors['tls.implicit']} />
      </div>
      <ClientCertificateField
        id={controlId('tls.clientCertificate')}
        certificateId={tls.clientCertificate}
        error={errors['tls.clientCertificate']}
        onChange={(clientCertificate) => updateTls({ clientCertificate })}
      />
    </div>
  );
}
