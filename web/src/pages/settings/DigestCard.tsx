/**
 * Storm control on the settings page: the digest templates (with the English and German
 * defaults one click away) and the sending limit (`rateLimit.perMinute`).
 */
import { useI18n } from '../../i18n/I18nProvider';
import { Card } from '../../components/Card';
import { Field } from '../../components/Field';
import { Button } from '../../components/Button';
import { controlId } from './fieldErrors';
import type { SettingsForm } from './model';
import type { SettingsFormState } from './useSettingsForm';
import { ENGLISH_DIGEST, GERMAN_DIGEST } from './digestDefaults';

/** The "Digests and sending limit" card. */
export function DigestCard({ state, form }: { state: SettingsFormState; form: SettingsForm }) {
  const { t } = useI18n();
  const { errors, update } = state;
  return (
    <Card title={t('storm.settingsCard')} id="card-digest">
      <div className="stack">
        <p className="field__hint">{t('storm.digestExplain')}</p>
        <div className="stack-sm">
          <Button id="digest-german" onClick={() => update({ ...GERMAN_DIGEST })}>
            {t('storm.useGerman')}
          </Button>
          <Button id="digest-english" onClick={() => update({ ...ENGLISH_DIGEST })}>
            {t('storm.useEnglish')}
          </Button>
        </div>
        <Field id={controlId('digestSubject')} label={t('storm.digestSubject')} error={errors.digestSubject}>
          {(control) => <input {...control} type="text" value={form.digestSubject} onChange={(e) => update({ digestSubject: e.target.value })} />}
        </Field>
        <Field id={controlId('digestBody')} label={t('storm.digestBody')} hint={t('storm.digestVariables')} error={errors.digestBody}>
          {(control) => <textarea {...control} rows={10} spellCheck={false} className="mono" value={form.digestBody} onChange={(e) => update({ digestBody: e.target.value })} />}
        </Field>
        <Field id={controlId('rateLimit.perMinute')} label={t('storm.rateLimit')} hint={t('storm.rateLimitHint')} error={errors['rateLimit.perMinute']}>
          {(control) => (
            <input {...control} type="text" inputMode="numeric" placeholder={t('storm.noLimit')} value={form.ratePerMinute} onChange={(e) => update({ ratePerMinute: e.target.value })} />
          )}
        </Field>
      </div>
    </Card>
  );
}
