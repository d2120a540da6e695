/**
 * Effective settings → the SMTP engine's TransportConfig: opens the sealed password and
 * resolves certificate ids into PEM. The one place where stored secrets become usable.
 */
import type { EmailSettings } from '../domain/email-settings.js';
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
    auth: {
      enabled: settings.auth.enabled,
      username: settings.auth.username,
      password: settings.auth.password === null ? null : secrets.open(settings.auth.password),
    },
    tls: settings.tls,
    tlsMaterial,
    ...(dnsServers.length > 0 ? { dnsServers } : {}),
  };
}

/** The transport-relevant part of settings, as a cache key (two policies inheriting the same transport share pools). */
export function transportKey(settings: EmailSettings): string {
  const { servers, port, useMx, helo, auth, tls } = settings;
  return JSON.stringify({ servers, port, useMx, helo, auth, tls });
}
