/** Provider presets, recipients, SMTP servers, port and ESMTP authentication. */
import { useI18n } from '../../i18n/I18nProvider';
import { Card } from '../../components/Card';
import { Field } from '../../components/Field';
import { controlId } from './fieldErrors';
import { AuthSection } from './AuthSection';
import { PresetSelect } from './PresetSelect';
import type { SettingsForm } from './model';
import type { SettingsFormState } from './useSettingsForm';

/** The "Delivery" card. */
export function DeliveryCard({ state, form }: { state: SettingsFormState; form: SettingsForm }) {
  const { t } = useI18n();
  const { errors, update } = state;
  return (
    <Card title={t('settings.delivery')} id="card-delivery">
      <PresetSelect state={state} form={form} />
      <div className="form-grid">
        <Field id={controlId('recipients')} label={t('settings.recipients')} hint={t('settings.recipientsHint')} error={errors.recipients} className="span-2">
          {(control) => (
            <input {...control} type="text" spellCheck={false} autoComplete="off" value={form.recipients} onChange={(e) => update({ recipients: e.target.value })} placeholder="soc@example.com; jane@example.com" />
          )}
        </Field>
        <Field id={controlId('servers')} label={t('settings.servers')} hint={t('settings.serversHint')} error={errors.servers} className="span-2">
          {(control) => (
            <input {...control} type="text" spellCheck={false} autoComplete="off" value={form.servers} onChange={(e) => update({ servers: e.target.value })} placeholder="mail1.corp.example; 10.0.0.25" />
          )}
        </Field>
        <Field id={controlId('port')} label={t('settings.port')} error={errors.port} className="field--narrow">
          {(control) => <input {...control} type="text" inputMode="numeric" value={form.port} onChange={(e) => update({ port: e.target.value })} />}
        </Field>
      </div>
      <AuthSection form={form} tlsMode={form.tls.mode} errors={errors} update={update} />
    </Card>
  );
}
