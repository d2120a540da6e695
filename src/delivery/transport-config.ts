/**
 * Effective settings → the SMTP engine's TransportConfig: opens the sealed secrets (password,
 * or the OAuth grant's client secret / service account key) and
 * resolves certificate ids into PEM. The one place where stored secrets become usable.
 */
import { allowsUnencryptedAuth, authMechanismOf, defaultOAuth2Settings, type AuthSettings, type EmailSettings } from '../domain/email-settings.js';
import { grantFor } from './oauth/grant.js';
import type { SecretBox } from '../domain/secrets.js';
import { resolveTlsMaterial } from '../certs/tls-material.js';
import type { Store } from '../store/ports.js';
import type { TransportConfig } from './smtp/types.js';

/** Builds the transport configuration; throws CertificateUnavailableError when a certificate cannot be loaded. */
export async function transportConfigFor(
  settings: EmailSettings,
  store: Store,
  secrets: SecretBox,
  dnsServers: string[],
): Promise<TransportConfig> {
  const tlsMaterial =
    settings.tls.mode === 'required'
      ? await resolveTlsMaterial(store.certificates, secrets, {
          serverCa: settings.tls.serverCa,
          clientCertificate: settings.tls.clientCertificate,
        })
      : {};
  return {
    servers: settings.servers,
    port: settings.port,
    useMx: settings.useMx,
    helo: settings.helo,
    auth: transportAuth(settings.auth, secrets),
    tls: settings.tls,
    tlsMaterial,
    ...(dnsServers.length > 0 ? { dnsServers } : {}),
  };
}

/** Stored auth → the engine's: the password opened, or the OAuth grant with its secret opened. */
function transportAuth(auth: AuthSettings, secrets: SecretBox): TransportConfig['auth'] {
  const base = { enabled: auth.enabled, username: auth.username, allowUnencrypted: allowsUnencryptedAuth(auth) };
  if (authMechanismOf(auth) === 'oauth2') {
    return { ...base, password: null, oauth2: grantFor(auth.oauth2 ?? defaultOAuth2Settings(), auth.username, (sealed) => secrets.open(sealed)) };
  }
  return { ...base, password: auth.password === null ? null : secrets.open(auth.password) };
}

/** The transport-relevant part of settings, as a cache key (two policies inheriting the same transport share pools). */
export function transportKey(settings: EmailSettings): string {
  const { servers, port, useMx, helo, auth, tls } = settings;
  return JSON.stringify({ servers, port, useMx, helo, auth, tls });
}
