/**
 * Connection security: KSC's three TLS options as radio buttons; with "always" also the CA
 * file, TLS version, host-name verification, implicit TLS and the client certificate.
 */
import { useI18n } from '../../i18n/I18nProvider';
import { Card } from '../../components/Card';
import { FieldError } from '../../components/Field';
import { TLS_MODES } from '../../api/types';
import { TLS_MODE_LABELS } from '../../i18n/tls';
import { controlId } from './fieldErrors';
import type { SettingsForm } from './model';
import type { SettingsFormState } from './useSettingsForm';
import { RequiredTlsOptions } from './RequiredTlsOptions';

/** The "Connection security" card. */
export function SecurityCard({ state, form }: { state: SettingsFormState; form: SettingsForm }) {
  const { t } = useI18n();
  const groupId = controlId('tls.mode');
  return (
    <Card title={t('settings.security')} id="card-security">
      <fieldset className="radio-group" aria-describedby={state.errors['tls.mode'] ? `${groupId}-error` : undefined}>
        <legend className="field__label">{t('settings.tlsLegend')}</legend>
        {TLS_MODES.map((mode) => (
          <label key={mode} className={`radio-card${form.tls.mode === mode ? ' radio-card--selected' : ''}`}>
            <input
              type="radio"
              name="tls-mode"
              value={mode}
              id={mode === form.tls.mode ? groupId : `${groupId}-${mode}`}
              checked={form.tls.mode === mode}
              onChange={() => state.updateTls({ mode })}
            />
            <span>{t(TLS_MODE_LABELS[mode])}</span>
          </label>
        ))}
        <FieldError id={groupId} error={state.errors['tls.mode']} />
      </fieldset>
      {form.tls.mode === 'required' ? <RequiredTlsOptions state={state} form={form} /> : null}
    </Card>
  );
}
