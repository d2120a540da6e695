/** The client certificate line of the TLS options: current certificate, "Set certificate" link, dialog. */
import { useState } from 'react';
import { useI18n } from '../../i18n/I18nProvider';
import { Button } from '../../components/Button';
import { FieldError } from '../../components/Field';
import type { CertificateView } from '../../api/types';
import { controlId } from './fieldErrors';
import type { SettingsFormState } from './useSettingsForm';
import { useCertificateInfo } from './useCertificateInfo';
import { CertificateSummary } from './CertificateSummary';
import { CertificateDialog } from './CertificateDialog';

/** Shows the chosen client certificate and opens the dialog to set one. */
export function ClientCertificateField({ state, certificateId }: { state: SettingsFormState; certificateId: string | null }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const [uploaded, setUploaded] = useState<CertificateView | null>(null);
  const info = useCertificateInfo(certificateId, uploaded);
  const id = controlId('tls.clientCertificate');

  return (
    <div className="field cert-field">
      <span className="field__label" id={`${id}-label`}>
        {t('settings.clientCert')}
      </span>
      <div className="cert-current" role="group" aria-labelledby={`${id}-label`}>
        {certificateId === null ? (
          <span className="text-muted">{t('settings.clientCertNone')}</span>
        ) : info !== null ? (
          <CertificateSummary view={info} compact />
        ) : (
          <code>{certificateId}</code>
        )}
        <div className="cert-current__actions">
          <Button variant="link" id={id} onClick={() => setOpen(true)}>
            {certificateId === null ? t('settings.setCertificate') : t('settings.changeCertificate')}
          </Button>
          {certificateId !== null ? (
            <Button variant="link" className="text-danger" onClick={() => state.updateTls({ clientCertificate: null })}>
              {t('settings.removeCertificate')}
            </Button>
          ) : null}
        </div>
      </div>
      <FieldError id={id} error={state.errors['tls.clientCertificate']} />
      <CertificateDialog
        open={open}
        onClose={() => setOpen(false)}
        onUse={(view) => {
          setUploaded(view);
          state.updateTls({ clientCertificate: view.id });
          setOpen(false);
        }}
      />
    </div>
  );
}
