import tls from 'node:tls';
import type { TlsFacts } from '../../domain/notification.js';

/** A distinguished name from X509Certificate's multi-line form, as `CN=mail, O=Corp`. */
function oneLineDn(dn: string): string {
  return dn
    .split('\n')
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .join(', ');
}

/**
 * Facts about the TLS session of a socket (null for a plaintext one): protocol, cipher,
 * whether the chain verified, and the peer certificate's subject, issuer and expiry.
 */
export function tlsFactsOf(socket: unknown): TlsFacts | null {
  if (!(socket instanceof tls.TLSSocket)) return null;
  let peerCertificate: TlsFacts['peerCertificate'] = null;
  try {
    const cert = socket.getPeerX509Certificate();
    if (cert) {
      peerCertificate = {
        subject: oneLineDn(cert.subject),
        issuer: oneLineDn(cert.issuer),
        notAfter: new Date(cert.validTo).toISOString(),
      };
    }
  } catch {
    peerCertificate = null;
  }
  return {
    protocol: socket.getProtocol() ?? null,
    cipher: socket.getCipher()?.name ?? null,
    authorized: socket.authorized,
    peerCertificate,
  };
}

/** One line for a transcript: `TLS TLSv1.3 TLS_AES_256_GCM_SHA384, certificate verified, subject …`. */
export function describeTls(facts: TlsFacts): string {
  const parts = [`TLS ${facts.protocol ?? '?'} ${facts.cipher ?? '?'}`, facts.authorized ? 'certificate verified' : 'certificate not verified'];
  if (facts.peerCertificate) {
    parts.push(`subject "${facts.peerCertificate.subject}"`, `issuer "${facts.peerCertificate.issuer}"`, `valid until ${facts.peerCertificate.notAfter}`);
  }
  return parts.join(', ');
}
