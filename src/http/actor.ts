/**
 * Who is making a change (the audit log's actor, and who created an admin token), and who may
 * create admin tokens.
 */
import type { FastifyRequest } from 'fastify';
import type { Actor } from '../domain/change.js';
import { InputError } from '../domain/errors.js';
import type { Principal } from './auth.js';

/** Name shown for changes made with the static `HERALD_ADMIN_TOKEN`. */
export const STATIC_ADMIN_TOKEN_NAME = 'HERALD_ADMIN_TOKEN';

/** The actor of an authenticated admin request: the console user's name, or the token's name. */
export function actorOf(request: FastifyRequest): Actor {
  const principal = request.principal;
  const clientIp = request.ip;
  if (principal?.kind === 'admin') {
    switch (principal.via) {
      case 'session':
        return { kind: 'user', name: principal.username, clientIp };
      case 'admin-token':
        return { kind: 'admin-token', name: principal.name, clientIp };
      case 'token':
        return { kind: 'admin-token', name: STATIC_ADMIN_TOKEN_NAME, clientIp };
    }
  }
  // Unreachable behind the auth hook (admin routes refuse others); a clear 403 if a route forgets its access level.
  throw new InputError('FORBIDDEN', 'This change needs an admin token or a console session.', undefined, 403);
}

/**
 * Whether the caller may create admin tokens (API.md "Agent tokens"): a signed-in user or
 * HERALD_ADMIN_TOKEN may; a stored admin token, itself created by someone, may not, so a
 * leaked automation token cannot mint itself successors that outlive its revocation.
 */
export function mayCreateAdminTokens(principal: Principal | null): boolean {
  return principal !== null && principal.kind === 'admin' && (principal.via === 'session' || principal.via === 'token');
}
