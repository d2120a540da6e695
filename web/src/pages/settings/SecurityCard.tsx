/**
 * Connection security: KSC's three TLS options as radio buttons; with "always" also the CA
 * file, TLS version, host-name verification, implicit TLS and the client certificate.
 */
import { useI18n } from '../../i18n/I18nProvider';
import { Card } from '../../components/Card';
import { FieldError } from '../../components/Field';
import type { TlsMode } from '../../api/types';
import type { MessageKey } from '../../i18n/en';
import { controlId } from './fieldErrors';
import type { SettingsForm } from './model';
import type { SettingsFormState } from './useSettingsForm';
import { RequiredTlsOptions } from './RequiredTlsOptions';

const MODES: ReadonlyArray<{ mode: TlsMode; label: MessageKey }> = [
  { mode: 'none', label: 'settings.tls.none' },
  { mode: 'opportunistic', label: 'settings.tls.opportunistic' },
  { mode: 'required', label: 'settings.tls.required' },
];

/** The "Connection security" card. */
export function SecurityCard({ state, form }: { state: SettingsFormState; form: SettingsForm }) {
  const { t } = useI18n();
  const groupId = controlId('tls.mode');
  return (
    <Card title={t('settings.security')} id="card-security">
      <fieldset className="radio-group" aria-describedby={state.errors['tls.mode'] ? `${groupId}-error` : undefined}>
        <legend className="field__label">{t('settings.tlsLegend')}</legend>
        {MODES.map(({ mode, label }) => (
          <label key={mode} className={`radio-card${form.tls.mode === mode ? ' radio-card--selected' : ''}`}>
            <input
              type="radio"
              name="tls-mode"
              value={mode}
              id={mode === form.tls.mode ? groupId : `${groupId}-${mode}`}
              checked={form.tls.mode === mode}
              onChange={() => state.updateTls({ mode })}
            />
            <span>{t(label)}</span>
          </label>
        ))}
        <FieldError id={groupId} error={state.errors['tls.mode']} />
      </fieldset>
      {form.tls.mode === 'required' ? <RequiredTlsOptions state={state} form={form} /> : null}
    </Card>
  );
}
