/** Metadata of one X.509 certificate, as the API shows it. */
export interface CertificateInfo {
  subject: string;
  issuer: string;
  serialNumber: string;
  notBefore: string;
  notAfter: string;
  fingerprintSha256: string;
  selfSigned: boolean;
}

/** Upload warnings (API.md). */
export type CertificateWarning = 'EXPIRED' | 'NOT_YET_VALID' | 'EXPIRES_SOON' | 'NO_CLIENT_AUTH_USAGE';

/** `ca` = a trust bundle for verifying servers; `client` = our certificate + key for the handshake. */
export type CertificateKind = 'ca' | 'client';

/** A stored certificate: normalised PEM, the key sealed, never leaving the server. */
export interface StoredCertificate {
  id: string;
  kind: CertificateKind;
  /** For `client`: how it was uploaded (`x509` or `pkcs12`); null for `ca`. */
  format: 'x509' | 'pkcs12' | null;
  /** PEM bundle: for `ca` every certificate; for `client` the leaf first, then its chain. */
  certificatePem: string;
  /** Sealed unencrypted PKCS#8 PEM of the private key (client only). */
  privateKeySealed: string | null;
  certificates: CertificateInfo[];
  warnings: CertificateWarning[];
  createdAt: Date;
}
