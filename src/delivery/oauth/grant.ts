/**
 * Pure: the OAuth 2.0 settings of API.md → the grant Herald runs at the token endpoint.
 * `microsoft` and `generic` are the client-credentials grant (RFC 6749 §4.4); `google` is the
 * JWT bearer grant (RFC 7523) signed with the service account's key, `sub` = the mailbox
 * (domain-wide delegation). Secrets arrive opened; grants live only in memory.
 */
import crypto from 'node:crypto';
import type { OAuth2Settings, SealedSecret } from '../../domain/email-settings.js';
import { readServiceAccountKey } from '../../settings/service-account-key.js';

/** Microsoft 365 / Exchange Online SMTP scope (API.md). */
export const MICROSOFT_SCOPE = 'https://outlook.office365.com/.default';
/** Google Workspace mail scope (API.md). */
export const GOOGLE_SCOPE = 'https://mail.google.com/';
/** Google's token endpoint when the key names none. */
export const GOOGLE_TOKEN_URL = 'https://oauth2.googleapis.com/token';

/** The Entra ID v2.0 token endpoint of a tenant. */
export function microsoftTokenUrl(tenant: string): string {
  return `https://login.microsoftonline.com/${encodeURIComponent(tenant)}/oauth2/v2.0/token`;
}

/** A grant ready to run; `unusable` when the settings lack something (reported as TOKEN_FAILED). */
export type TokenGrant =
  | { kind: 'client-credentials'; tokenUrl: string; clientId: string; clientSecret: string; scope: string }
  | {
      kind: 'jwt-bearer';
      tokenUrl: string;
      /** The service account (`client_email`): the JWT's `iss`. */
      issuer: string;
      /** The mailbox to act as: the JWT's `sub`. */
      subject: string;
      privateKey: string;
      keyId: string | null;
      scope: string;
    }
  | { kind: 'unusable'; tokenUrl: string | null; problem: string };

/** Builds the grant of `oauth2` for mailbox `username`; `open` opens a sealed secret. */
export function grantFor(oauth2: OAuth2Settings, username: string, open: (sealed: SealedSecret) => string): TokenGrant {
  switch (oauth2.provider) {
    case 'microsoft': {
      const tokenUrl = oauth2.tokenUrl ?? (oauth2.tenant === null ? null : microsoftTokenUrl(oauth2.tenant));
      if (tokenUrl === null) return { kind: 'unusable', tokenUrl, problem: 'No Microsoft tenant is set.' };
      return clientCredentials(oauth2, tokenUrl, oauth2.scope ?? MICROSOFT_SCOPE, open);
    }
    case 'generic':
      if (oauth2.tokenUrl === null) return { kind: 'unusable', tokenUrl: null, problem: 'No token endpoint is set.' };
      return clientCredentials(oauth2, oauth2.tokenUrl, oauth2.scope ?? '', open);
    case 'google': {
      if (oauth2.serviceAccountKey === null) return { kind: 'unusable', tokenUrl: oauth2.tokenUrl, problem: 'No service account key is stored.' };
      const read = readServiceAccountKey(open(oauth2.serviceAccountKey));
      if (!read.ok) return { kind: 'unusable', tokenUrl: oauth2.tokenUrl, problem: read.problem };
      return {
        kind: 'jwt-bearer',
        tokenUrl: oauth2.tokenUrl ?? read.key.tokenUri ?? GOOGLE_TOKEN_URL,
        issuer: read.key.clientEmail,
        subject: username,
        privateKey: read.key.privateKey,
        keyId: read.key.privateKeyId,
        scope: oauth2.scope ?? GOOGLE_SCOPE,
      };
    }
  }
}

function clientCredentials(oauth2: OAuth2Settings, tokenUrl: string, scope: string, open: (sealed: SealedSecret) => string): TokenGrant {
  if (oauth2.clientId === '') return { kind: 'unusable', tokenUrl, problem: 'No client id is set.' };
  if (oauth2.clientSecret === null) return { kind: 'unusable', tokenUrl, problem: 'No client secret is stored.' };
  return { kind: 'client-credentials', tokenUrl, clientId: oauth2.clientId, clientSecret: open(oauth2.clientSecret), scope };
}

/** A cache key for the grant: a digest, so no secret sits in a map key or a log line. */
export function grantKey(grant: TokenGrant): string {
  return crypto.createHash('sha256').update(JSON.stringify(grant)).digest('base64url');
}

/** The grant's secrets, to scrub from anything shown (error texts, transcripts). */
export function grantSecrets(grant: TokenGrant): string[] {
  switch (grant.kind) {
    case 'client-credentials':
      return [grant.clientSecret, encodeURIComponent(grant.clientSecret)];
    case 'jwt-bearer':
      return [grant.privateKey];
    case 'unusable':
      return [];
  }
}
