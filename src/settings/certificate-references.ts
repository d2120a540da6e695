/** Settings may only name certificates that exist and are of the right kind (400 UNKNOWN_CERTIFICATE). */
import type { TlsSettings } from '../domain/email-settings.js';
import { InputError } from '../domain/errors.js';
import type { Store } from '../store/ports.js';

/** Checks `tls.serverCa` (kind ca) and `tls.clientCertificate` (kind client); `prefix` is e.g. `email.` for policies. */
export async function checkCertificateReferences(store: Store, tls: Partial<TlsSettings> | undefined, prefix = ''): Promise<void> {
  const references = [
    ['serverCa', 'ca', tls?.serverCa],
    ['clientCertificate', 'client', tls?.clientCertificate],
  ] as const;
  for (const [field, kind, id] of references) {
    if (id === undefined || id === null) continue;
    const cert = await store.certificates.get(id);
    if (cert === null || cert.kind !== kind) {
      const what = kind === 'ca' ? 'CA certificate' : 'client certificate';
      throw new InputError(
        'UNKNOWN_CERTIFICATE',
        cert === null
          ? `No certificate with id "${id}" exists; upload the ${what} first (POST /api/v1/certificates).`
          : `Certificate "${id}" is a ${cert.kind === 'ca' ? 'CA certificate' : 'client certificate'}, but this field needs a ${what}.`,
        `${prefix}tls.${field}`,
      );
    }
  }
}
