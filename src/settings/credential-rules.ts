/**
 * Pure rules that keep credentials where they belong (API.md, `auth`):
 * - they never travel in clear by configuration (`tls.mode: "none"` needs `allowUnencrypted`);
 * - a stored secret stays with the servers (and token endpoint) it was saved for: a change of
 *   where it would go must carry the secret again (`PASSWORD_REQUIRED`), otherwise anyone who
 *   may edit settings could point them at their own host and read it.
 */
import { authMechanismOf, type AuthSettings, type EmailSettings, type OAuth2Settings } from '../domain/email-settings.js';
import { InputError } from '../domain/errors.js';
import type { SuppliedSecrets } from './auth.js';
import { joinField, VALIDATION_FAILED } from './fields.js';

/** The API's code for a secret that must be given again. */
export const PASSWORD_REQUIRED = 'PASSWORD_REQUIRED';

/** Refuses enabled auth with `tls.mode: "none"` unless `allowUnencrypted` says so. */
export function checkAuthEncryption(settings: Pick<EmailSettings, 'auth' | 'tls'>, authField: string): void {
  const { auth, tls } = settings;
  if (auth.enabled && tls.mode === 'none' && auth.allowUnencrypted !== true) {
    throw new InputError(
      VALIDATION_FAILED,
      'With TLS off the credentials would be sent in clear: choose TLS "opportunistic" or "required", or allow unencrypted authentication explicitly.',
      joinField(authField, 'allowUnencrypted'),
    );
  }
}

/** The secret an auth configuration uses, by its input key (`password`, `oauth2.clientSecret`, …). */
export type SecretKey = 'password' | 'oauth2.clientSecret' | 'oauth2.serviceAccountKey';

/** The secret enabled auth would send (or use to get a token). */
export function secretInUse(auth: AuthSettings): SecretKey {
  if (authMechanismOf(auth) === 'password') return 'password';
  return auth.oauth2?.provider === 'google' ? 'oauth2.serviceAccountKey' : 'oauth2.clientSecret';
}

function sameServers(a: readonly string[], b: readonly string[]): boolean {
  const norm = (list: readonly string[]): string => JSON.stringify(list.map((s) => s.toLowerCase()).sort());
  return norm(a) === norm(b);
}

/** Where an OAuth secret goes: the token endpoint is decided by these. */
function tokenDestination(oauth2: OAuth2Settings | undefined): string {
  if (oauth2 === undefined) return 'null';
  return JSON.stringify([oauth2.provider, oauth2.tenant?.toLowerCase() ?? null, oauth2.tokenUrl]);
}

/**
 * Whether the secret would now go somewhere else than where it was saved for: other servers
 * (order aside), port, MX use, TLS mode or implicit TLS — and for OAuth, another token
 * endpoint (provider, tenant, tokenUrl).
 */
export function destinationChanged(next: EmailSettings, previous: EmailSettings): boolean {
  if (!sameServers(next.servers, previous.servers)) return true;
  if (next.port !== previous.port || next.useMx !== previous.useMx) return true;
  if (next.tls.mode !== previous.tls.mode || next.tls.implicit !== previous.tls.implicit) return true;
  return authMechanismOf(next.auth) === 'oauth2' && tokenDestination(next.auth.oauth2) !== tokenDestination(previous.auth.oauth2);
}

function supplied(key: SecretKey, given: SuppliedSecrets): boolean {
  switch (key) {
    case 'password':
      return given.password;
    case 'oauth2.clientSecret':
      return given.clientSecret;
    case 'oauth2.serviceAccountKey':
      return given.serviceAccountKey;
  }
}

/**
 * Refuses settings that enable auth with a secret kept from `previous` when the secret would
 * go somewhere new. `previous` null (nothing stored) needs no check: nothing could be kept.
 */
export function checkSecretStaysWithServers(next: EmailSettings, previous: EmailSettings | null, given: SuppliedSecrets, authField: string): void {
  // Nothing stored to keep, or no server to send anything to (a later change compares with that).
  if (!next.auth.enabled || previous === null || next.servers.length === 0) return;
  const key = secretInUse(next.auth);
  if (supplied(key, given) || !destinationChanged(next, previous)) return;
  const what = key === 'password' ? 'password' : key === 'oauth2.clientSecret' ? 'client secret' : 'service account key';
  throw new InputError(
    PASSWORD_REQUIRED,
    `The servers (or where the credentials go) changed: enter the ${what} again, so a stored secret is never sent to a server it was not saved for.`,
    joinField(authField, key),
  );
}

/** No secret given at all (what a policy or a stored document contributes). */
export const NO_SUPPLIED_SECRETS: SuppliedSecrets = { password: false, clientSecret: false, serviceAccountKey: false };
