/**
 * The console's session cookie: HttpOnly, SameSite=Strict, path `/`; over HTTPS (directly or
 * through a trusted proxy) also `Secure` and named with the `__Host-` prefix, which browsers
 * accept only from a secure origin, without Domain and with path `/` — so neither a plain-HTTP
 * page nor a sibling subdomain can plant or overwrite it.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';

/** Cookie name over plain HTTP. */
export const SESSION_COOKIE = 'herald_session';
/** Cookie name over HTTPS. */
export const SECURE_SESSION_COOKIE = '__Host-herald_session';

/** Whether the request arrived over HTTPS (`X-Forwarded-Proto` counts only from a trusted proxy). */
export function isHttps(request: FastifyRequest): boolean {
  return request.protocol === 'https';
}

/** The session token the request carries, under the name that fits its scheme. */
export function readSessionCookie(request: FastifyRequest): string | undefined {
  const value = request.cookies[isHttps(request) ? SECURE_SESSION_COOKIE : SESSION_COOKIE];
  return value === undefined || value === '' ? undefined : value;
}

/** Sets the session cookie for `maxAgeMs`. */
export function setSessionCookie(request: FastifyRequest, reply: FastifyReply, token: string, maxAgeMs: number): void {
  const secure = isHttps(request);
  void reply.setCookie(secure ? SECURE_SESSION_COOKIE : SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'strict',
    secure,
    path: '/',
    maxAge: Math.floor(maxAgeMs / 1000),
  });
}

/** Clears the session cookie (both names: a console may have switched schemes). */
export function clearSessionCookie(request: FastifyRequest, reply: FastifyReply): void {
  const secure = isHttps(request);
  void reply.clearCookie(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'strict', secure });
  if (secure) void reply.clearCookie(SECURE_SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'strict', secure: true });
}
