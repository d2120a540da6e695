/**
 * OAuth 2.0 access tokens for SMTP XOAUTH2: grants per provider (grant.ts), the token request
 * (token-endpoint.ts), the shared cache (token-cache.ts).
 */
export { grantFor, grantKey, grantSecrets, microsoftTokenUrl, MICROSOFT_SCOPE, GOOGLE_SCOPE, GOOGLE_TOKEN_URL, type TokenGrant } from './grant.js';
export { requestToken, tokenForm, TokenError, TOKEN_TIMEOUT_MS, type AccessToken, type TokenEndpointOptions } from './token-endpoint.js';
export { TokenCache, refreshDueAt, REFRESH_BEFORE_EXPIRY_MS, type TokenSource, type TokenFetcher } from './token-cache.js';
