/**
 * The CA file: choosing a file uploads it at once (`POST /certificates` kind `ca`) and puts its
 * id into `tls.serverCa`; the card then shows what it contains. Errors appear at the field.
 */
import { useState } from 'react';
import { useI18n } from '../../i18n/I18nProvider';
import { useApi } from '../../app/session';
import { Field } from '../../components/Field';
import { Button } from '../../components/Button';
import { readAsBase64 } from '../../components/FileInput';
import { isApiError } from '../../api/client';
import type { CertificateView } from '../../api/types';
import { controlId } from './fieldErrors';
import type { SettingsFormState } from './useSettingsForm';
import { useCertificateInfo } from './useCertificateInfo';
import { CertificateSummary } from './CertificateSummary';

/** CA upload with its current content. */
export function CaFileField({ state, caId }: { state: SettingsFormState; caId: string | null }) {
  const { t, errorText } = useI18n();
  const api = useApi();
  const [uploaded, setUploaded] = useState<CertificateView | null>(null);
  const [busy, setBusy] = useState(false);
  const info = useCertificateInfo(caId, uploaded);
  const id = controlId('tls.serverCa');

  const upload = async (file: File) => {
    setBusy(true);
    state.setFieldError('tls.serverCa', null);
    try {
      const view = await api.uploadCertificate({ kind: 'ca', file: await readAsBase64(file) });
      setUploaded(view);
      state.updateTls({ serverCa: view.id });
    } catch (error) {
      state.setFieldError('tls.serverCa', isApiError(error) ? errorText(error) : String(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="cert-field">
      <Field id={id} label={t('settings.caFile')} hint={t('settings.caHint')} error={state.errors['tls.serverCa']}>
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
          <Button size="sm" variant="ghost" onClick={() => state.updateTls({ serverCa: null })}>
            {t('settings.caRemove')}
          </Button>
        </div>
      )}
    </div>
  );
}
