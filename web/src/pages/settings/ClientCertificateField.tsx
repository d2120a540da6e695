/**
 * The client certificate line of the TLS options: current certificate, "Set certificate" link,
 * dialog. Used by the settings page and the policy editor.
 */
import { useState } from 'react';
import { useI18n } from '../../i18n/I18nProvider';
import { Button } from '../../components/Button';
import { FieldError } from '../../components/Field';
import type { CertificateView } from '../../api/types';
import { useCertificateInfo } from './useCertificateInfo';
import { CertificateSummary } from './CertificateSummary';
import { CertificateDialog } from './CertificateDialog';

interface ClientCertificateFieldProps {
  /** id of the "Set certificate" button (errors are addressed by it). */
  id: string;
  certificateId: string | null;
  error: string | undefined;
  onChange(certificateId: string | null, uploaded?: CertificateView): void;
  /** Hides the label visually (the policy table names the row already). */
  bare?: boolean;
}

/** Shows the chosen client certificate and opens the dialog to set one. */
export function ClientCertificateField({ id, certificateId, error, onChange, bare = false }: ClientCertificateFieldProps) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const [uploaded, setUploaded] = useState<CertificateView | null>(null);
  const info = useCertificateInfo(certificateId, uploaded);

  return (
    <div className={`field cert-field${bare ? ' field--bare' : ''}`}>
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
            <Button variant="link" className="text-danger" onClick={() => onChange(null)}>
              {t('settings.removeCertificate')}
            </Button>
          ) : null}
        </div>
      </div>
      <FieldError id={id} error={error} />
      <CertificateDialog
        open={open}
        onClose={() => setOpen(false)}
        onUse={(view) => {
          setUploaded(view);
          onChange(view.id, view);
          setOpen(false);
        }}
      />
    </div>
  );
}
