/**
 * Token requests against a real HTTPS token endpoint in this process (test CA): the exact
 * forms of both grants, the Google JWT checked with the key's public half, the providers'
 * error texts, and no secret in any error.
 */
import crypto from 'node:crypto';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeSmtpTestPki, type SmtpTestPki } from '../smtp/test-pki.test-helpers.js';
import { grantFor, microsoftTokenUrl, type TokenGrant } from './grant.js';
import { requestToken, TokenError } from './token-endpoint.js';
import { GOOGLE_UNAUTHORIZED, MICROSOFT_BAD_SECRET, MICROSOFT_BAD_TENANT, startTokenServer, type TokenServer } from './token-server.test-helpers.js';
import { defaultOAuth2Settings, type SealedSecret } from '../../domain/email-settings.js';

let pki: SmtpTestPki;
let endpoint: TokenServer;
const NOW = new Date('2026-11-30T23:00:00Z');
const SECRET = 'cl13nt~S3cret.value+/=';
const { privateKey, publicKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
const PRIVATE_PEM = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

beforeAll(async () => {
  pki = makeSmtpTestPki();
  endpoint = await startTokenServer(pki.server);
});
afterAll(async () => {
  await endpoint.close();
  pki.cleanup();
});

const open = (sealed: SealedSecret): string => sealed;
const clientCredentials = (): TokenGrant => ({ kind: 'client-credentials', tokenUrl: `${endpoint.origin}/corp/oauth2/v2.0/token`, clientId: 'app-id', clientSecret: SECRET, scope: 'https://outlook.office365.com/.default' });

async function tokenError(grant: TokenGrant, options: { ca?: string } = { ca: pki.ca.cert }): Promise<TokenError> {
  try {
    await requestToken(grant, NOW, options);
  } catch (err) {
    if (err instanceof TokenError) return err;
    throw err;
  }
  throw new Error('expected a TokenError');
}

describe('client-credentials grant (Microsoft, generic)', () => {
  it('posts exactly grant_type, client_id, client_secret and scope as a form, and reads the token', async () => {
    endpoint.respond = null;
    const token = await requestToken(clientCredentials(), NOW, { ca: pki.ca.cert });
    const request = endpoint.requests.at(-1)!;
    expect(request.path).toBe('/corp/oauth2/v2.0/token');
    expect(request.contentType).toBe('application/x-www-form-urlencoded');
    expect(request.form).toEqual({ grant_type: 'client_credentials', client_id: 'app-id', client_secret: SECRET, scope: 'https://outlook.office365.com/.default' });
    expect(token.value).toBe(endpoint.issued.at(-1));
    expect(token.expiresAt - token.obtainedAt).toBe(3600_000);
    expect(token.endpoint).toBe(`${endpoint.origin}/corp/oauth2/v2.0/token`);
  });

  it('Microsoft: the tenant names the v2.0 endpoint and the scope is Exchange Online SMTP', () => {
    const grant = grantFor({ ...defaultOAuth2Settings(), tenant: 'corp.onmicrosoft.com', clientId: 'app', clientSecret: 'x' as SealedSecret }, 'alerts@corp.example', open);
    expect(grant).toEqual({
      kind: 'client-credentials',
      tokenUrl: 'https://login.microsoftonline.com/corp.onmicrosoft.com/oauth2/v2.0/token',
      clientId: 'app',
      clientSecret: 'x',
      scope: 'https://outlook.office365.com/.default',
    });
    expect(microsoftTokenUrl('a/b')).toBe('https://login.microsoftonline.com/a%2Fb/oauth2/v2.0/token');
  });

  it.each([
    ['Microsoft, wrong secret (401)', MICROSOFT_BAD_SECRET, /answered 401: invalid_client: AADSTS7000215: Invalid client secret provided/],
    ['Microsoft, unknown tenant (400)', MICROSOFT_BAD_TENANT, /answered 400: invalid_request: AADSTS90002: Tenant 'nope.onmicrosoft.com' not found/],
    ['Google, no delegation (401)', GOOGLE_UNAUTHORIZED, /answered 401: unauthorized_client: Client is unauthorized/],
  ])('%s: TokenError with the provider’s error and error_description, not retryable', async (_name, answer, expected) => {
    endpoint.respond = () => answer;
    const error = await tokenError(clientCredentials());
    endpoint.respond = null;
    expect(error.message).toMatch(expected);
    expect(error.retryable).toBe(false);
    expect(error.message).not.toContain(SECRET);
  });

  it('a 503 is retryable; an endpoint that is down says it could not be reached, retryable', async () => {
    endpoint.respond = () => ({ status: 503, body: { error: 'temporarily_unavailable' } });
    expect(await tokenError(clientCredentials())).toMatchObject({ retryable: true, message: expect.stringMatching(/answered 503: temporarily_unavailable/) });
    endpoint.respond = null;
    const closed = net.createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', () => resolve()));
    const port = (closed.address() as net.AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const down = await tokenError({ ...clientCredentials(), tokenUrl: `https://127.0.0.1:${port}/token` } as TokenGrant);
    expect(down.retryable).toBe(true);
    expect(down.message).toMatch(/could not be reached: .*ECONNREFUSED/);
  });

  it('verifies the endpoint certificate: without the test CA the request fails (never verification off)', async () => {
    const before = endpoint.requests.length;
    const error = await tokenError(clientCredentials(), {});
    expect(error.message).toMatch(/could not be reached.*(self.signed|unable to (get|verify)|certificate)/i);
    expect(endpoint.requests.length).toBe(before);
  });

  it('refuses a 200 without access_token and a non-bearer token', async () => {
    endpoint.respond = () => ({ status: 200, body: { token_type: 'Bearer' } });
    expect((await tokenError(clientCredentials())).message).toMatch(/without an access_token/);
    endpoint.respond = () => ({ status: 200, body: { token_type: 'MAC', access_token: 'x', expires_in: 60 } });
    expect((await tokenError(clientCredentials())).message).toMatch(/"MAC" token/);
    endpoint.respond = null;
  });

  it('incomplete settings are a TokenError naming what is missing, with no request', async () => {
    const before = endpoint.requests.length;
    const grant = grantFor({ ...defaultOAuth2Settings(), provider: 'generic', clientId: 'a', clientSecret: 'b' as SealedSecret }, 'u@x', open);
    expect((await tokenError(grant)).message).toMatch(/No token endpoint is set/);
    expect(endpoint.requests.length).toBe(before);
  });
});

describe('JWT bearer grant (Google service account, RFC 7523)', () => {
  const key = (): string =>
    JSON.stringify({
      type: 'service_account',
      project_id: 'p',
      private_key_id: 'kid-1234',
      private_key: PRIVATE_PEM,
      client_email: 'herald@p.iam.gserviceaccount.com',
      client_id: '1',
      token_uri: `${endpoint.origin}/token`,
    });

  it('posts grant_type and a signed assertion whose claims and RS256 signature check out with the public key', async () => {
    endpoint.respond = null;
    const grant = grantFor({ ...defaultOAuth2Settings(), provider: 'google', serviceAccountKey: key() as SealedSecret }, 'alerts@corp.example', open);
    const token = await requestToken(grant, NOW, { ca: pki.ca.cert });
    expect(token.value).toBe(endpoint.issued.at(-1));
    const request = endpoint.requests.at(-1)!;
    expect(request.path).toBe('/token');
    expect(Object.keys(request.form).sort()).toEqual(['assertion', 'grant_type']);
    expect(request.form['grant_type']).toBe('urn:ietf:params:oauth:grant-type:jwt-bearer');
    const [headerB64, payloadB64, signatureB64] = request.form['assertion']!.split('.');
    const header = JSON.parse(Buffer.from(headerB64!, 'base64url').toString()) as Record<string, unknown>;
    const claims = JSON.parse(Buffer.from(payloadB64!, 'base64url').toString()) as Record<string, unknown>;
    expect(header).toEqual({ alg: 'RS256', typ: 'JWT', kid: 'kid-1234' });
    const iat = Math.floor(NOW.getTime() / 1000);
    expect(claims).toEqual({
      iss: 'herald@p.iam.gserviceaccount.com',
      sub: 'alerts@corp.example',
      scope: 'https://mail.google.com/',
      aud: `${endpoint.origin}/token`,
      iat,
      exp: iat + 3600,
    });
    const signed = Buffer.from(`${headerB64}.${payloadB64}`);
    expect(crypto.verify('sha256', signed, publicKey, Buffer.from(signatureB64!, 'base64url'))).toBe(true);
    const otherKey = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey;
    expect(crypto.verify('sha256', signed, otherKey, Buffer.from(signatureB64!, 'base64url'))).toBe(false);
  });

  it('tokenUrl overrides the key’s token_uri (and becomes the audience)', () => {
    const grant = grantFor({ ...defaultOAuth2Settings(), provider: 'google', serviceAccountKey: key() as SealedSecret, tokenUrl: 'https://oauth2.example/t' }, 'a@x', open);
    expect(grant).toMatchObject({ kind: 'jwt-bearer', tokenUrl: 'https://oauth2.example/t' });
  });

  it('the private key never appears in an error', async () => {
    endpoint.respond = () => ({ status: 400, body: { error: 'invalid_grant', error_description: 'Invalid JWT Signature.' } });
    const grant = grantFor({ ...defaultOAuth2Settings(), provider: 'google', serviceAccountKey: key() as SealedSecret }, 'a@x', open);
    const error = await tokenError(grant);
    endpoint.respond = null;
    expect(error.message).toMatch(/invalid_grant: Invalid JWT Signature\./);
    expect(error.message).not.toContain('PRIVATE KEY');
  });
});
