/**
 * One token request: the grant's form POSTed to its token endpoint over HTTPS, the answer
 * read as RFC 6749 §5.1 (token) or §5.2 (error — Microsoft's AADSTS texts and Google's are
 * both that shape). Written on node:https rather than a library (see docs/ARCHITECTURE.md,
 * "OAuth 2.0"): the grant is one form POST, and the TLS options — the system trust store plus
 * NODE_EXTRA_CA_CERTS by default, an explicit CA only when injected (tests) — stay in our hands.
 * Certificate verification is never turned off; redirects are not followed.
 */
import https from 'node:https';
import { grantSecrets, type TokenGrant } from './grant.js';
import { signAssertion } from './jwt.js';

/** An access token and where and until when it is good. */
export interface AccessToken {
  value: string;
  /** The token endpoint that issued it. */
  endpoint: string;
  obtainedAt: number;
  /** Epoch ms. */
  expiresAt: number;
}

/** Why no token could be had; `message` carries the provider's `error` and `error_description`. */
export class TokenError extends Error {
  override readonly name = 'TokenError';
  constructor(
    message: string,
    /** The endpoint asked (null when the settings named none). */
    readonly endpoint: string | null,
    /** Trying again later may work (network trouble, 5xx, 429). */
    readonly retryable: boolean,
  ) {
    super(message);
  }
}

/** Options of the HTTP exchange. */
export interface TokenEndpointOptions {
  /** Extra trust anchors for this request only (tests' local CA); default: Node's store + NODE_EXTRA_CA_CERTS. */
  ca?: string;
  timeoutMs?: number;
}

/** How long a token request may take. */
export const TOKEN_TIMEOUT_MS = 15_000;
/** Largest answer read from a token endpoint. */
const MAX_ANSWER_BYTES = 65_536;
/** Lifetime assumed when the answer has no `expires_in` (RFC 6749 makes it optional). */
export const DEFAULT_TOKEN_LIFETIME_SECONDS = 3600;

/** The form a grant sends (exactly these fields). */
export function tokenForm(grant: Exclude<TokenGrant, { kind: 'unusable' }>, now: Date): URLSearchParams {
  switch (grant.kind) {
    case 'client-credentials': {
      const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: grant.clientId, client_secret: grant.clientSecret });
      if (grant.scope !== '') form.set('scope', grant.scope);
      return form;
    }
    case 'jwt-bearer':
      return new URLSearchParams({
        grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer',
        assertion: signAssertion({ issuer: grant.issuer, subject: grant.subject, scope: grant.scope, audience: grant.tokenUrl }, grant.privateKey, grant.keyId, now),
      });
  }
}

interface HttpAnswer {
  status: number;
  body: string;
}

function post(url: string, form: string, options: TokenEndpointOptions): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const request = https.request(
      url,
      {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json', 'content-length': Buffer.byteLength(form) },
        timeout: options.timeoutMs ?? TOKEN_TIMEOUT_MS,
        ...(options.ca === undefined ? {} : { ca: options.ca }),
      },
      (response) => {
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_ANSWER_BYTES) request.destroy(new Error('the answer is too large'));
          else chunks.push(chunk);
        });
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        response.on('error', reject);
      },
    );
    request.on('timeout', () => request.destroy(Object.assign(new Error(`no answer within ${options.timeoutMs ?? TOKEN_TIMEOUT_MS} ms`), { code: 'ETIMEDOUT' })));
    request.on('error', reject);
    request.end(form);
  });
}

function parseJson(body: string): Record<string, unknown> | null {
  try {
    const value: unknown = JSON.parse(body);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function scrubAll(text: string, secrets: readonly string[]): string {
  let result = text;
  for (const secret of secrets) if (secret !== '') result = result.split(secret).join('****');
  return result;
}

/** The provider's error as one line: `invalid_client: AADSTS7000215: Invalid client secret provided. …`. */
function providerError(answer: HttpAnswer): string {
  const json = parseJson(answer.body);
  const error = typeof json?.['error'] === 'string' ? json['error'] : null;
  const description = typeof json?.['error_description'] === 'string' ? json['error_description'] : null;
  if (error !== null) return description === null ? error : `${error}: ${description}`;
  const text = answer.body.replace(/\s+/g, ' ').trim().slice(0, 200);
  return text === '' ? 'no error details' : text;
}

/** Requests a token for `grant`. Throws TokenError (never with a secret in it). */
export async function requestToken(grant: TokenGrant, now: Date, options: TokenEndpointOptions = {}): Promise<AccessToken> {
  if (grant.kind === 'unusable') throw new TokenError(`The OAuth 2.0 settings are incomplete: ${grant.problem}`, grant.tokenUrl, false);
  const secrets = grantSecrets(grant);
  const endpoint = grant.tokenUrl;
  if (!endpoint.startsWith('https://')) throw new TokenError(`The token endpoint ${endpoint} is not https://; Herald sends no secret in clear.`, endpoint, false);
  let answer: HttpAnswer;
  try {
    answer = await post(endpoint, tokenForm(grant, now).toString(), options);
  } catch (err) {
    const code = typeof err === 'object' && err !== null && typeof (err as { code?: unknown }).code === 'string' ? ` [${(err as { code: string }).code}]` : '';
    const message = err instanceof Error ? err.message : String(err);
    throw new TokenError(`The token endpoint ${endpoint} could not be reached: ${scrubAll(message, secrets)}${code}`, endpoint, true);
  }
  if (answer.status !== 200) {
    const retryable = answer.status >= 500 || answer.status === 429 || answer.status === 408;
    throw new TokenError(`The token endpoint ${endpoint} answered ${answer.status}: ${scrubAll(providerError(answer), secrets)}`, endpoint, retryable);
  }
  const json = parseJson(answer.body);
  const value = json?.['access_token'];
  if (typeof value !== 'string' || value === '') {
    throw new TokenError(`The token endpoint ${endpoint} answered 200 without an access_token.`, endpoint, true);
  }
  const tokenType = json?.['token_type'];
  if (typeof tokenType === 'string' && tokenType.toLowerCase() !== 'bearer') {
    throw new TokenError(`The token endpoint ${endpoint} issued a "${tokenType}" token; XOAUTH2 needs a bearer token.`, endpoint, false);
  }
  const expiresIn = Number(json?.['expires_in'] ?? DEFAULT_TOKEN_LIFETIME_SECONDS);
  const lifetime = Number.isFinite(expiresIn) && expiresIn > 0 ? expiresIn : DEFAULT_TOKEN_LIFETIME_SECONDS;
  const obtainedAt = now.getTime();
  return { value, endpoint, obtainedAt, expiresAt: obtainedAt + lifetime * 1000 };
}
