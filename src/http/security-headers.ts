/**
 * Security headers on every answer, through helmet (its well-kept defaults, with the few
 * choices below made explicit):
 * - a Content-Security-Policy without `unsafe-inline` anywhere: the console is one bundled
 *   script and one stylesheet from this origin; `frame-ancestors 'none'` (plus
 *   `X-Frame-Options: DENY` for old browsers) so no page can frame the console (click-jacking);
 * - `X-Content-Type-Options: nosniff`, `Referrer-Policy: no-referrer`;
 * - HSTS and `upgrade-insecure-requests` only when this server itself speaks HTTPS: on a
 *   plain-HTTP listener they would break the console (and HSTS is ignored over HTTP anyway).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';

/** HSTS lifetime when the server listens with HTTPS: half a year, this host only. */
export const HSTS_MAX_AGE_SECONDS = 180 * 24 * 60 * 60;

/** The console's Content-Security-Policy directives. */
export function contentSecurityPolicy(https: boolean): Record<string, string[]> {
  return {
    'default-src': ["'self'"],
    'script-src': ["'self'"],
    'style-src': ["'self'"],
    'img-src': ["'self'", 'data:'],
    'font-src': ["'self'"],
    'connect-src': ["'self'"],
    'object-src': ["'none'"],
    'base-uri': ["'none'"],
    'form-action': ["'self'"],
    'frame-ancestors': ["'none'"],
    ...(https ? { 'upgrade-insecure-requests': [] } : {}),
  };
}

function helmetOptions(https: boolean) {
  return {
    contentSecurityPolicy: { useDefaults: false, directives: contentSecurityPolicy(https) },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    strictTransportSecurity: https ? { maxAge: HSTS_MAX_AGE_SECONDS, includeSubDomains: false } : false,
  } satisfies HelmetOptions;
}

/** Sets the security headers on a reply's raw response. */
export type SecurityHeaders = (request: FastifyRequest, reply: FastifyReply) => void;

/**
 * The headers as one helmet middleware, built once per app and shared by the route hook and the
 * framework-error answers. (Not @fastify/helmet: it builds a new helmet middleware, CSP directives
 * parsed again, for every request, which was 7.7 % of the event loop under single-event ingest;
 * Herald has no per-route header options and no CSP nonces, the only things that plugin adds.)
 */
export function securityHeaders(https: boolean): SecurityHeaders {
  const setHeaders = helmet(helmetOptions(https));
  return (request, reply) =>
    setHeaders(request.raw, reply.raw, (error) => {
      if (error instanceof Error) throw error;
    });
}

/** Sets the headers for every route of `app` (API, console files, errors, 404s) from a root `onRequest` hook. */
export function registerSecurityHeaders(app: FastifyInstance, setHeaders: SecurityHeaders): void {
  app.addHook('onRequest', async (request, reply) => setHeaders(request, reply));
}
