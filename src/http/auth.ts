/**
 * Who is calling: the static admin token, an agent token, or a console session cookie.
 * Routes declare `config.access`; this hook answers 401/403 before any handler runs.
 *
 * - `public`: no credentials (health, OpenAPI, login, console files).
 * - `agent`: agent or admin (only POST /api/v1/events).
 * - `admin`: admin token or console session (everything else).
 * Cookie-authenticated unsafe requests must carry `X-CSRF-Token` (double submit on top of
 * SameSite=Strict).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { InputError } from '../domain/errors.js';
import type { Store } from '../store/ports.js';
import { hashToken, safeEqual } from '../auth/passwords.js';

/** What a route requires. */
export type Access = 'public' | 'agent' | 'admin';

/** The authenticated caller. */
export type Principal =
  | { kind: 'admin'; via: 'token' }
  | { kind: 'admin'; via: 'session'; userId: string; csrfToken: string; sessionHash: string }
  | { kind: 'agent'; tokenId: string };

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
  }
  interface FastifyContextConfig {
    access?: Access;
  }
}

/** Name of the console's session cookie. */
export const SESSION_COOKIE = 'herald_session';

/** How precisely an agent token's `lastUsedAt` is kept (one write per token per minute at most). */
export const LAST_USED_RESOLUTION_MS = 60_000;

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function unauthorized(message: string): InputError {
  return new InputError('UNAUTHORIZED', message, undefined, 401);
}

/** Resolves the caller from the request; null when it presents no credentials. */
export async function identify(request: FastifyRequest, store: Store, adminToken: string | null, now: Date): Promise<Principal | null> {
  const header = request.headers.authorization;
  if (header !== undefined) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match?.[1]) throw unauthorized('The Authorization header must be "Bearer <token>".');
    const token = match[1];
    if (adminToken !== null && safeEqual(token, adminToken)) return { kind: 'admin', via: 'token' };
    const agent = await store.agentTokens.findByHash(hashToken(token));
    if (agent === null) throw unauthorized('The token is not valid.');
    if (agent.revokedAt !== null) throw unauthorized('The token has been revoked.');
    if (agent.lastUsedAt === null || now.getTime() - agent.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
      // Best effort and rate limited: "last used" is for the admin's overview, not an audit log.
      store.agentTokens.markUsed(agent.id, now).catch(() => undefined);
    }
    return { kind: 'agent', tokenId: agent.id };
  }
  const cookie = request.cookies[SESSION_COOKIE];
  if (cookie) {
    const sessionHash = hashToken(cookie);
    const session = await store.sessions.find(sessionHash, now);
    if (session === null) throw unauthorized('Your session has expired; log in again.');
    return { kind: 'admin', via: 'session', userId: session.userId, csrfToken: session.csrfToken, sessionHash };
  }
  return null;
}

/** Enforces a route's access level for an identified caller. */
export function authorize(request: FastifyRequest, access: Access): void {
  if (access === 'public') return;
  const principal = request.principal;
  if (principal === null) throw unauthorized('This request needs a token: send "Authorization: Bearer <token>".');
  if (principal.kind === 'agent' && access === 'admin') {
    throw new InputError('FORBIDDEN', 'Agent tokens may only send events; this request needs an admin token.', undefined, 403);
  }
  if (principal.kind === 'admin' && principal.via === 'session' && !SAFE_METHODS.has(request.method)) {
    const sent = request.headers['x-csrf-token'];
    if (typeof sent !== 'string' || !safeEqual(sent, principal.csrfToken)) {
      throw new InputError('FORBIDDEN', 'The X-CSRF-Token header is missing or wrong; reload the console.', undefined, 403);
    }
  }
}

/** Builds the onRequest hook that identifies and authorises every request. */
export function authHook(store: Store, adminToken: string | null, clock: () => Date) {
  return async (request: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    // API routes are admin-only unless they say otherwise; other routes (the console's files) are public.
    const access = request.routeOptions.config.access ?? (request.url.startsWith('/api/') ? 'admin' : 'public');
    request.principal = null;
    if (access === 'public') return;
    request.principal = await identify(request, store, adminToken, clock());
    authorize(request, access);
  };
}
