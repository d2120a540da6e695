/**
 * The editor of an overridden `tls.serverCa` / `tls.clientCertificate`: pick a stored
 * certificate of the right kind (or none), or upload a new one with the settings page's own
 * CA upload / client-certificate dialog.
 */
import { useState } from 'react';
import { useI18n } from '../../i18n/I18nProvider';
import { useCertificateInfo } from '../settings/useCertificateInfo';
import { CertificateSelect } from '../settings/CertificateSelect';
import { CaFileField } from '../settings/CaFileField';
import { ClientCertificateField } from '../settings/ClientCertificateField';

interface PolicyCertificateEditorProps {
  fieldKey: 'tls.serverCa' | 'tls.clientCertificate';
  id: string;
  label: string;
  value: string | null;
  error: string | undefined;
  onChange(value: string | null): void;
}

/** Choice among the stored certificates plus upload. */
export function PolicyCertificateEditor({ fieldKey, id, label, value, error, onChange }: PolicyCertificateEditorProps) {
  const { t } = useI18n();
  const [uploadError, setUploadError] = useState<string | null>(null);
  const ca = fieldKey === 'tls.serverCa';
  return (
    <div className="stack-sm">
      <CertificateSelect
        id={id}
        kind={ca ? 'ca' : 'client'}
        label={label}
        noneLabel={ca ? t('settings.caSystem') : t('settings.clientCertNone')}
        value={value}
        error={error}
        bare
        onChange={(next) => {
          setUploadError(null);
          onChange(next);
        }}
      />
      {ca ? (
        <CaFileField id={`${id}-upload`} caId={value} label={t('policies.caUpload')} error={uploadError ?? undefined} onChange={(next) => onChange(next)} onError={setUploadError} />
      ) : (
        <ClientCertificateField id={`${id}-dialog`} certificateId={value} error={undefined} bare onChange={(next) => onChange(next)} />
      )}
    </div>
  );
}

/** A stored certificate's subject (its id until the metadata is known); "none" text for null. */
export function CertificateName({ fieldKey, id }: { fieldKey: 'tls.serverCa' | 'tls.clientCertificate'; id: string | null }) {
  const { t } = useI18n();
  const info = useCertificateInfo(id, null);
  if (id === null) return <>{fieldKey === 'tls.serverCa' ? t('settings.caSystem') : t('settings.clientCertNone')}</>;
  return <>{info?.certificates[0]?.subject ?? id}</>;
}
