/** "Mail provider" presets: Microsoft 365 or Google Workspace fill servers, port, TLS and OAuth. */
import { useState } from 'react';
import { useI18n } from '../../i18n/I18nProvider';
import { Field } from '../../components/Field';
import { applyPreset, type PresetId } from './presets';
import type { SettingsForm } from './model';
import type { SettingsFormState } from './useSettingsForm';

/** The preset chooser at the top of the "Delivery" card. */
export function PresetSelect({ state, form }: { state: SettingsFormState; form: SettingsForm }) {
  const { t } = useI18n();
  const [chosen, setChosen] = useState<PresetId | ''>('');
  return (
    <div className="form-grid preset">
      <Field id="settings-preset" label={t('preset.label')} hint={t('preset.hint')}>
        {(control) => (
          <select
            {...control}
            value={chosen}
            onChange={(e) => {
              const id = e.target.value as PresetId | '';
              setChosen(id);
              if (id !== '') state.update(applyPreset(form, id));
            }}
          >
            <option value="">{t('preset.custom')}</option>
            <option value="microsoft365">{t('preset.microsoft365')}</option>
            <option value="googleWorkspace">{t('preset.googleWorkspace')}</option>
          </select>
        )}
      </Field>
    </div>
  );
}
