/**
 * Who is calling: the static admin token, a stored admin token, an agent token, or a console
 * session cookie.
 * Routes declare `config.access`; this hook answers 401/403 before any handler runs.
 *
 * - `public`: no credentials (health, OpenAPI, login, console files).
 * - `agent`: agent or admin (only POST /api/v1/events).
 * - `admin`: HERALD_ADMIN_TOKEN, a stored admin token or console session (everything else).
 * Cookie-authenticated unsafe requests must carry `X-CSRF-Token` (double submit on top of
 * SameSite=Strict).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { InputError } from '../domain/errors.js';
import type { Store } from '../store/ports.js';
import { hashToken, safeEqual, tokenHashesEqual } from '../auth/passwords.js';
import { readSessionCookie } from './session-cookie.js';

/** What a route requires. */
export type Access = 'public' | 'agent' | 'admin';

/** The authenticated caller. */
export type Principal =
  | { kind: 'admin'; via: 'token' }
  | { kind: 'admin'; via: 'admin-token'; tokenId: string; name: string }
  | { kind: 'admin'; via: 'session'; userId: string; username: string; csrfToken: string; sessionHash: string }
  | { kind: 'agent'; tokenId: string };

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
  }
  interface FastifyContextConfig {
    access?: Access;
  }
}

/** How precisely an agent token's `lastUsedAt` is kept (one write per token per minute at most). */
export const LAST_USED_RESOLUTION_MS = 60_000;

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

function unauthorized(message: string): InputError {
  return new InputError('UNAUTHORIZED', message, undefined, 401);
}

/**
 * Resolves the caller from the request; null when it presents no credentials.
 * `adminTokenHash`: `hashToken(HERALD_ADMIN_TOKEN)`, computed once (the presented token is hashed
 * for the look-up anyway, so one digest per request answers both questions).
 */
export async function identify(request: FastifyRequest, store: Store, adminTokenHash: string | null, now: Date): Promise<Principal | null> {
  const header = request.headers.authorization;
  if (header !== undefined) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    if (!match?.[1]) throw unauthorized('The Authorization header must be "Bearer <token>".');
    const tokenHash = hashToken(match[1]);
    if (adminTokenHash !== null && tokenHashesEqual(tokenHash, adminTokenHash)) return { kind: 'admin', via: 'token' };
    const agent = await store.agentTokens.findByHash(tokenHash);
    if (agent !== null) {
      if (agent.revokedAt !== null) throw unauthorized('The token has been revoked.');
      if (isStale(agent.lastUsedAt, now)) store.agentTokens.markUsed(agent.id, now).catch(() => undefined);
      return { kind: 'agent', tokenId: agent.id };
    }
    const admin = await store.adminTokens.findByHash(tokenHash);
    if (admin === null) throw unauthorized('The token is not valid.');
    if (admin.revokedAt !== null) throw unauthorized('The token has been revoked.');
    if (isStale(admin.lastUsedAt, now)) store.adminTokens.markUsed(admin.id, now).catch(() => undefined);
    return { kind: 'admin', via: 'admin-token', tokenId: admin.id, name: admin.name };
  }
  const cookie = readSessionCookie(request);
  if (cookie !== undefined) {
    const sessionHash = hashToken(cookie);
    const session = await store.sessions.find(sessionHash, now);
    if (session === null) throw unauthorized('Your session has expired; log in again.');
    // The user's name for the audit log (sessions end with their user, so it exists).
    const user = await store.users.findById(session.userId);
    if (user === null) throw unauthorized('Your user no longer exists; log in again.');
    return { kind: 'admin', via: 'session', userId: session.userId, username: user.username, csrfToken: session.csrfToken, sessionHash };
  }
  return null;
}

/**
 * Whether a token's `lastUsedAt` is worth rewriting: best effort and at most once a minute,
 * since "last used" is for the admin's overview (the audit log records changes).
 */
function isStale(lastUsedAt: Date | null, now: Date): boolean {
  return lastUsedAt === null || now.getTime() - lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS;
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
  const adminTokenHash = adminToken === null ? null : hashToken(adminToken);
  return async (request: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    // API routes are admin-only unless they say otherwise; other routes (the console's files) are public.
    const access = request.routeOptions.config.access ?? (request.url.startsWith('/api/') ? 'admin' : 'public');
    request.principal = null;
    if (access === 'public') return;
    request.principal = await identify(request, store, adminTokenHash, clock());
    authorize(request, access);
  };
}
