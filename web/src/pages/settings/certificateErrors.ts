/** Which input of the certificate dialog an upload error belongs to. */
import { normaliseFieldPath } from './fieldErrors';

/** The dialog's inputs. */
export type CertificateInput = 'certificate' | 'privateKey' | 'container' | 'password';

/** The input for an error: by the API's `field` when it names one, else by the code. */
export function certificateErrorInput(code: string, field: string | undefined, format: 'x509' | 'pkcs12'): CertificateInput | null {
  if (field !== undefined) {
    const path = normaliseFieldPath(field);
    if (path === 'certificate' || path === 'privateKey' || path === 'container' || path === 'password') return path;
  }
  switch (code) {
    case 'WRONG_PASSWORD':
      return 'password';
    case 'KEY_UNREADABLE':
    case 'KEY_MISMATCH':
      return format === 'x509' ? 'privateKey' : 'container';
    case 'NO_PRIVATE_KEY':
      return format === 'x509' ? 'privateKey' : 'container';
    case 'CERT_UNREADABLE':
    case 'NO_CERTIFICATE':
      return format === 'x509' ? 'certificate' : 'container';
    default:
      return null;
  }
}
