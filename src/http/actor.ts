/** Who is making a change, for the settings service's change listener (the audit log). */
import type { FastifyRequest } from 'fastify';
import type { Actor } from '../domain/change.js';
import { InputError } from '../domain/errors.js';

/** Name shown for changes made with the static `HERALD_ADMIN_TOKEN`. */
export const STATIC_ADMIN_TOKEN_NAME = 'HERALD_ADMIN_TOKEN';

/** The actor of an authenticated admin request (`user` names the user id of the console session). */
export function actorOf(request: FastifyRequest): Actor {
  const principal = request.principal;
  const clientIp = request.ip;
  if (principal?.kind === 'admin') {
    return principal.via === 'session'
      ? { kind: 'user', name: principal.userId, clientIp }
      : { kind: 'admin-token', name: STATIC_ADMIN_TOKEN_NAME, clientIp };
  }
  // Unreachable behind the auth hook (admin routes refuse others); a clear 403 if a route forgets its access level.
  throw new InputError('FORBIDDEN', 'This change needs an admin token or a console session.', undefined, 403);
}
