/**
 * The CA file: choosing a file uploads it at once (`POST /certificates` kind `ca`) and hands its
 * id to `onChange`; the field then shows what it contains. Errors appear at the field. Used by
 * the settings page and the policy editor.
 */
import { useState } from 'react';
import { useI18n } from '../../i18n/I18nProvider';
import { useApi } from '../../app/session';
import { Field } from '../../components/Field';
import { Button } from '../../components/Button';
import { readAsBase64 } from '../../components/FileInput';
import { isApiError } from '../../api/client';
import type { CertificateView } from '../../api/types';
import { useCertificateInfo } from './useCertificateInfo';
import { CertificateSummary } from './CertificateSummary';

interface CaFileFieldProps {
  /** id of the file input. */
  id: string;
  caId: string | null;
  error: string | undefined;
  onChange(caId: string | null, uploaded?: CertificateView): void;
  onError(message: string | null): void;
  /** Label of the file input (default: "Certificate authority (CA) file"). */
  label?: string;
  /** Hides the label visually (the policy table names the row already). */
  bare?: boolean;
}

/** CA upload with its current content. */
export function CaFileField({ id, caId, error, onChange, onError, label, bare = false }: CaFileFieldProps) {
  const { t, fieldErrorText } = useI18n();
  const api = useApi();
  const [uploaded, setUploaded] = useState<CertificateView | null>(null);
  const [busy, setBusy] = useState(false);
  const info = useCertificateInfo(caId, uploaded);

  const upload = async (file: File) => {
    setBusy(true);
    onError(null);
    try {
      const view = await api.uploadCertificate({ kind: 'ca', file: await readAsBase64(file) });
      setUploaded(view);
      onChange(view.id, view);
    } catch (e) {
      onError(isApiError(e) ? fieldErrorText(e) : String(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="cert-field">
      <Field id={id} label={label ?? t('settings.caFile')} hint={t('settings.caHint')} error={error} className={bare ? 'field--bare' : undefined}>
        {(control) => (
          <div className="input-row">
            <input
              {...control}
              type="file"
              accept=".pem,.crt,.cer,.der,.p7b,.p7c"
              disabled={busy}
              onChange={(event) => {
                const file = event.target.files?.[0];
                if (file !== undefined) void upload(file);
                event.target.value = '';
              }}
            />
            {busy ? <span className="spinner" role="status" aria-label={t('common.loading')} /> : null}
          </div>
        )}
      </Field>
      {caId === null ? (
        <p className="text-muted small">{t('settings.caSystem')}</p>
      ) : (
        <div className="cert-current">
          {info !== null ? <CertificateSummary view={info} compact /> : <code>{caId}</code>}
          <Button size="sm" variant="ghost" onClick={() => onChange(null)}>
            {t('settings.caRemove')}
          </Button>
        </div>
      )}
    </div>
  );
}
