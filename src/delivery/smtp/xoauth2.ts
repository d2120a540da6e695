/**
 * SASL XOAUTH2 on an open SMTP connection with a token from the shared TokenSource. The
 * token is obtained before connecting (stage `token`); nodemailer's XOAuth2 builds the
 * initial response and, when the server rejects the token (334 error challenge, then 535),
 * asks our provision callback for a new one exactly once. A failure to get that new token is
 * TOKEN_FAILED, not AUTH_FAILED.
 */
import type SMTPConnection from 'nodemailer/lib/smtp-connection';
import XOAuth2 from 'nodemailer/lib/xoauth2';
import type { AttemptFailure } from './types.js';
import type { TokenSource } from '../oauth/token-cache.js';
import type { AccessToken } from '../oauth/token-endpoint.js';
import type { TokenGrant } from '../oauth/grant.js';
import { TokenError } from '../oauth/token-endpoint.js';
import { failureFromError, heraldFailure } from './failure.js';
import { scrub, tokenVariants, type Transcript } from './transcript.js';

/** TOKEN_FAILED at stage `token`, with the provider's message (already free of secrets). */
export function tokenFailure(err: unknown, secrets: readonly string[]): AttemptFailure {
  if (err instanceof TokenError) {
    return { stage: 'token', retryable: err.retryable, error: { code: 'TOKEN_FAILED', message: `${scrub(err.message, secrets)}` } };
  }
  const detail = err instanceof Error ? err.message : String(err);
  return heraldFailure('TOKEN_FAILED', 'token', scrub(detail, secrets), true);
}

/** Gets the token for a session; the caller adds its forms to the secrets to scrub. */
export async function obtainToken(
  source: TokenSource,
  grant: TokenGrant,
  secrets: readonly string[],
): Promise<{ ok: true; token: AccessToken } | { ok: false; failure: AttemptFailure }> {
  try {
    return { ok: true, token: await source.get(grant) };
  } catch (err) {
    return { ok: false, failure: tokenFailure(err, secrets) };
  }
}

/** What the login needs. */
export interface XOAuth2Login {
  source: TokenSource;
  grant: TokenGrant;
  username: string;
  /** Secrets to scrub; a renewed token's forms are added to it. */
  secrets: string[];
  transcript: Transcript | null;
}

/** AUTH XOAUTH2 with `token`; one renewal when the server rejects it. Never throws. */
export function loginWithToken(
  conn: SMTPConnection,
  token: AccessToken,
  login: XOAuth2Login,
  step: (run: (done: (err: Error | null | undefined) => void) => void) => Promise<unknown>,
): Promise<{ ok: true; token: AccessToken } | { ok: false; failure: AttemptFailure }> {
  let current = token;
  let renewError: unknown = null;
  const oauth2 = new XOAuth2({
    user: login.username,
    accessToken: token.value,
    provisionCallback: (_user, renew, callback) => {
      if (!renew) {
        callback(null, current.value);
        return;
      }
      login.source.renew(login.grant, current).then(
        (fresh) => {
          current = fresh;
          const variants = tokenVariants(login.username, fresh.value);
          login.secrets.push(...variants);
          login.transcript?.addSecrets(variants);
          callback(null, fresh.value);
        },
        (err: unknown) => {
          renewError = err;
          callback(err instanceof Error ? err : new Error(String(err)));
        },
      );
    },
  });
  return step((done) => conn.login({ type: 'OAuth2', user: login.username, method: 'XOAUTH2', oauth2 }, (err) => done(err))).then(
    () => ({ ok: true as const, token: current }),
    (err: unknown) => ({
      ok: false as const,
      failure: renewError !== null ? tokenFailure(renewError, login.secrets) : failureFromError(err, 'auth', login.secrets),
    }),
  );
}
