/**
 * "Set certificate": X.509 (certificate file + key file + password, either file first) or
 * PKCS#12 (container + password). "Check certificate" uploads it; the dialog then shows subject,
 * issuer, validity and warnings, or the precise error at the input it concerns.
 */
import { useEffect, useState } from 'react';
import { useI18n, type I18n } from '../../i18n/I18nProvider';
import { useApi } from '../../app/session';
import { Dialog } from '../../components/Dialog';
import { Button } from '../../components/Button';
import { Field } from '../../components/Field';
import { FileInput, type PickedFile } from '../../components/FileInput';
import { Notice } from '../../components/Notice';
import { isApiError } from '../../api/client';
import type { CertificateUpload, CertificateView } from '../../api/types';
import { certificateErrorInput, type CertificateInput } from './certificateErrors';
import { CertificateSummary } from './CertificateSummary';

type Format = 'x509' | 'pkcs12';
type InputErrors = Partial<Record<CertificateInput, string>>;

interface CertificateDialogProps {
  open: boolean;
  onClose(): void;
  onUse(view: CertificateView): void;
}

/** The upload body, or the inputs that are still missing. */
function buildUpload(format: Format, files: Record<'certificate' | 'privateKey' | 'container', PickedFile | null>, password: string): CertificateUpload | CertificateInput[] {
  if (format === 'pkcs12') {
    return files.container === null ? ['container'] : { kind: 'client', format, container: files.container.base64, password };
  }
  const missing: CertificateInput[] = [];
  if (files.certificate === null) missing.push('certificate');
  if (files.privateKey === null) missing.push('privateKey');
  if (files.certificate === null || files.privateKey === null) return missing;
  return { kind: 'client', format, certificate: files.certificate.base64, privateKey: files.privateKey.base64, password };
}

/** Where an upload's error belongs: at one input, or (input null) above the result. */
function placeError(error: unknown, format: Format, texts: Pick<I18n, 'errorText' | 'fieldErrorText'>): { input: CertificateInput | null; text: string } {
  if (!isApiError(error)) return { input: null, text: String(error) };
  const input = certificateErrorInput(error.code, error.field, format);
  return { input, text: input === null ? texts.errorText(error) : texts.fieldErrorText(error) };
}

/** What the user picked and typed; emptied whenever the dialog opens. */
function useCertificateInputs(open: boolean) {
  const [format, setFormat] = useState<Format>('x509');
  const [certificate, setCertificate] = useState<PickedFile | null>(null);
  const [privateKey, setPrivateKey] = useState<PickedFile | null>(null);
  const [container, setContainer] = useState<PickedFile | null>(null);
  const [password, setPassword] = useState('');
  useEffect(() => {
    if (!open) return;
    setCertificate(null);
    setPrivateKey(null);
    setContainer(null);
    setPassword('');
  }, [open]);
  const files = { certificate, privateKey, container, setCertificate, setPrivateKey, setContainer };
  return { format, setFormat, files, password, setPassword };
}

/** The dialog's state: the inputs, and the check's outcome (errors at their inputs, or the result). */
function useCertificateUpload(open: boolean) {
  const i18n = useI18n();
  const api = useApi();
  const { format, setFormat, files, password, setPassword } = useCertificateInputs(open);
  const [errors, setErrors] = useState<InputErrors>({});
  const [generalError, setGeneralError] = useState<string | null>(null);
  const [result, setResult] = useState<CertificateView | null>(null);
  const [busy, setBusy] = useState(false);

  const clearOutcome = () => {
    setErrors({});
    setGeneralError(null);
    setResult(null);
  };
  useEffect(() => {
    if (open) clearOutcome();
  }, [open]);

  /** An input changed: its error and the earlier outcome no longer apply. */
  const changed = (input: CertificateInput) => {
    setResult(null);
    setGeneralError(null);
    setErrors(({ [input]: _dropped, ...rest }) => rest);
  };

  const chooseFormat = (value: Format) => {
    setFormat(value);
    clearOutcome();
  };

  /** Shows an upload's error at the input it concerns, or above the result. */
  const showError = (error: unknown) => {
    const { input, text } = placeError(error, format, i18n);
    if (input === null) {
      setGeneralError(text);
    } else {
      setErrors({ [input]: text });
      window.requestAnimationFrame(() => document.getElementById(`cert-${input}`)?.focus());
    }
  };

  const check = async () => {
    const upload = buildUpload(format, files, password);
    if (Array.isArray(upload)) {
      setErrors(Object.fromEntries(upload.map((input) => [input, i18n.t('cert.missingFile')])));
      document.getElementById(`cert-${upload[0] ?? 'container'}`)?.focus();
      return;
    }
    setBusy(true);
    clearOutcome();
    try {
      setResult(await api.uploadCertificate(upload));
    } catch (error) {
      showError(error);
    } finally {
      setBusy(false);
    }
  };

  return { format, chooseFormat, files, password, setPassword, errors, generalError, result, busy, changed, check };
}

/** X.509 files or a PKCS#12 container. */
function FormatChoice({ format, onChange }: { format: Format; onChange(format: Format): void }) {
  const { t } = useI18n();
  return (
    <fieldset className="segmented">
      <legend className="field__label">{t('cert.type')}</legend>
      {(['x509', 'pkcs12'] as const).map((value) => (
        <label key={value} className={`segmented__option${format === value ? ' segmented__option--selected' : ''}`}>
          <input type="radio" name="cert-format" value={value} checked={format === value} onChange={() => onChange(value)} />
          <span>{t(value === 'x509' ? 'cert.type.x509' : 'cert.type.pkcs12')}</span>
        </label>
      ))}
    </fieldset>
  );
}

/** The client-certificate dialog. */
export function CertificateDialog({ open, onClose, onUse }: CertificateDialogProps) {
  const { t } = useI18n();
  const { format, chooseFormat, files, password, setPassword, errors, generalError, result, busy, changed, check } = useCertificateUpload(open);

  const footer = (
    <>
      <Button variant="ghost" onClick={onClose}>
        {t('common.cancel')}
      </Button>
      {result !== null ? (
        <Button variant="primary" onClick={() => onUse(result)} id="cert-use">
          {t('cert.use')}
        </Button>
      ) : (
        <Button variant="primary" busy={busy} onClick={() => void check()} id="cert-check">
          {busy ? t('cert.uploading') : t('cert.upload')}
        </Button>
      )}
    </>
  );

  return (
    <Dialog open={open} onClose={onClose} title={t('cert.dialogTitle')} footer={footer}>
      <form
        className="stack"
        onSubmit={(event) => {
          event.preventDefault();
          void check();
        }}
      >
        <FormatChoice format={format} onChange={chooseFormat} />
        {format === 'x509' ? (
          <>
            <FileInput id="cert-certificate" label={t('cert.certificateFile')} accept=".pem,.crt,.cer,.der" error={errors.certificate} onChange={(file) => { files.setCertificate(file); changed('certificate'); }} />
            <FileInput id="cert-privateKey" label={t('cert.keyFile')} accept=".pem,.key,.der" error={errors.privateKey} onChange={(file) => { files.setPrivateKey(file); changed('privateKey'); }} />
          </>
        ) : (
          <FileInput id="cert-container" label={t('cert.container')} accept=".p12,.pfx" error={errors.container} onChange={(file) => { files.setContainer(file); changed('container'); }} />
        )}
        <Field id="cert-password" label={t('cert.password')} hint={format === 'x509' ? t('cert.passwordHintX509') : undefined} error={errors.password}>
          {(control) => (
            <input {...control} type="password" autoComplete="off" value={password} onChange={(e) => { setPassword(e.target.value); changed('password'); }} />
          )}
        </Field>
        {generalError !== null ? <Notice tone="danger">{generalError}</Notice> : null}
        {result !== null ? (
          <div className="cert-result" aria-live="polite">
            <CertificateSummary view={result} />
          </div>
        ) : null}
        <button type="submit" hidden tabIndex={-1} aria-hidden="true" />
      </form>
    </Dialog>
  );
}
