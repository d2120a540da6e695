/**
 * KSC's "notification delivery settings" page, field for field: delivery (recipients, servers,
 * port, ESMTP authentication), connection security (TLS), message templates with preview,
 * Save, and "Send test message" with its diagnosis.
 */
import { useI18n } from '../../i18n/I18nProvider';
import { PageHeader } from '../../components/PageHeader';
import { Notice } from '../../components/Notice';
import { Button } from '../../components/Button';
import { useSettingsForm } from './useSettingsForm';
import { DeliveryCard } from './DeliveryCard';
import { SecurityCard } from './SecurityCard';
import { MessageCard } from './MessageCard';
import { DigestCard } from './DigestCard';
import { TestMessageCard } from './TestMessageCard';

/** The settings page. */
export function SettingsPage() {
  const { t, errorText } = useI18n();
  const state = useSettingsForm();
  const { load, form } = state;

  if (load.kind === 'loading' || form === null) {
    return (
      <>
        <PageHeader title={t('settings.title')} subtitle={t('settings.subtitle')} />
        {load.kind === 'failed' ? <Notice tone="danger" title={t('error.title')}>{errorText(load.error)}</Notice> : <p role="status">{t('common.loading')}</p>}
      </>
    );
  }

  const fieldErrorCount = Object.keys(state.errors).length;
  return (
    <form
      className="settings"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        void state.save();
      }}
    >
      <PageHeader title={t('settings.title')} subtitle={t('settings.subtitle')} />
      <div className="settings__grid">
        <div className="stack-lg">
          <DeliveryCard state={state} form={form} />
          <SecurityCard state={state} form={form} />
          <MessageCard state={state} form={form} />
          <DigestCard state={state} form={form} />
        </div>
        <div className="settings__aside">
          <TestMessageCard state={state} form={form} />
        </div>
      </div>
      <div className="savebar" role="region" aria-label={t('settings.saveSettings')}>
        <div className="savebar__status" aria-live="polite">
          {state.pageError !== null ? (
            <span className="text-danger">{state.pageError}</span>
          ) : fieldErrorCount > 0 ? (
            <span className="text-danger">{fieldErrorCount === 1 ? t('common.fixErrors') : t('validation.fixAll', { n: fieldErrorCount })}</span>
          ) : state.savedAt !== null ? (
            <span className="text-success">{t('settings.savedOk')}</span>
          ) : state.dirty ? (
            <span className="text-muted">{t('common.unsaved')}</span>
          ) : null}
        </div>
        <Button type="submit" variant="primary" busy={state.saving} id="settings-save">
          {state.saving ? t('common.saving') : t('settings.saveSettings')}
        </Button>
      </div>
    </form>
  );
}
