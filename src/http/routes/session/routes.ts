/**
 * The console's login session: admin credentials → an HttpOnly, SameSite=Strict cookie plus a
 * CSRF token the console echoes in `X-CSRF-Token`. Repeated failures are rate limited.
 */
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { InputError } from '../../../domain/errors.js';
import { hashToken, newToken, verifyPassword } from '../../../auth/passwords.js';
import { SESSION_COOKIE } from '../../auth.js';
import type { AppContext } from '../../context.js';
import { LoginThrottle } from './throttle.js';

/** How long a console session lasts. */
export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;

const sessionBody = {
  type: 'object',
  required: ['username', 'password'],
  additionalProperties: false,
  properties: { username: { type: 'string', maxLength: 200 }, password: { type: 'string', maxLength: 1000 } },
} as const;

const sessionAnswer = {
  type: 'object',
  properties: { username: { type: 'string' }, csrfToken: { type: 'string' } },
} as const;

/** `POST/GET/DELETE /api/v1/session`. */
export function sessionRoutes(context: AppContext): FastifyPluginAsync {
  const throttle = new LoginThrottle(context.clock);
  // A hash to compare against when the user does not exist, so timing does not reveal names.
  const decoyHash = 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';
  return async (app: FastifyInstance) => {
    app.post<{ Body: { username: string; password: string } }>(
      '/api/v1/session',
      { config: { access: 'public' }, schema: { tags: ['session'], summary: 'Log in to the console', body: sessionBody, response: { 200: sessionAnswer } } },
      async (request, reply) => {
        const { username, password } = request.body;
        const key = `${request.ip}|${username.toLowerCase()}`;
        if (throttle.isBlocked(key)) {
          throw new InputError('RATE_LIMITED', 'Too many failed log-ins; wait a few minutes and try again.', undefined, 429);
        }
        const user = await context.store.users.findByUsername(username);
        const ok = await verifyPassword(password, user?.passwordHash ?? decoyHash);
        if (user === null || !ok) {
          throttle.fail(key);
          throw new InputError('INVALID_CREDENTIALS', 'The user name or password is wrong.', undefined, 401);
        }
        throttle.succeed(key);
        const token = newToken();
        const csrfToken = newToken();
        const now = context.clock();
        await context.store.sessions.create({
          tokenHash: hashToken(token),
          userId: user.id,
          csrfToken,
          createdAt: now,
          expiresAt: new Date(now.getTime() + SESSION_TTL_MS),
        });
        void reply.setCookie(SESSION_COOKIE, token, {
          httpOnly: true,
          sameSite: 'strict',
          secure: request.protocol === 'https',
          path: '/',
          maxAge: SESSION_TTL_MS / 1000,
        });
        return { username: user.username, csrfToken };
      },
    );

    app.get('/api/v1/session', { schema: { tags: ['session'], summary: 'The current console session', response: { 200: sessionAnswer } } }, async (request) => {
      const principal = request.principal;
      if (principal?.kind === 'admin' && principal.via === 'session') {
        return { username: await usernameOf(context, principal.userId), csrfToken: principal.csrfToken };
      }
      return { username: 'token', csrfToken: '' };
    });

    app.delete('/api/v1/session', { schema: { tags: ['session'], summary: 'Log out' } }, async (request, reply) => {
      const principal = request.principal;
      if (principal?.kind === 'admin' && principal.via === 'session') await context.store.sessions.delete(principal.sessionHash);
      void reply.clearCookie(SESSION_COOKIE, { path: '/' });
      return reply.status(204).send();
    });
  };
}

async function usernameOf(context: AppContext, userId: string): Promise<string> {
  return (await context.store.users.findById(userId))?.username ?? 'admin';
}
