/**
 * The console's login session: admin credentials → an HttpOnly, SameSite=Strict cookie plus a
 * CSRF token the console echoes in `X-CSRF-Token`. Failed log-ins are limited per client
 * address and per user name in the store (shared by every instance); a blocked attempt never
 * reaches the password hash. Password change ends the user's other sessions; log-out works
 * with an expired session too.
 */
import type { FastifyInstance, FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { InputError } from '../../../domain/errors.js';
import { hashToken, newToken } from '../../../auth/passwords.js';
import { DEFAULT_LOGIN_LIMITS, loginKeys, loginVerdict, type LoginLimits } from '../../../auth/login-limits.js';
import { PasswordCheck } from '../../../auth/password-check.js';
import type { Store } from '../../../store/ports.js';
import { actorOf } from '../../actor.js';
import type { AppContext } from '../../context.js';
import { clearSessionCookie, readSessionCookie, setSessionCookie } from '../../session-cookie.js';

/** How long a console session lasts. */
export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;

/** Shortest new password (a console password is typed, not generated: ask for a passphrase). */
export const MIN_PASSWORD_LENGTH = 12;

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

const passwordBody = {
  type: 'object',
  required: ['currentPassword', 'newPassword'],
  additionalProperties: false,
  properties: {
    currentPassword: { type: 'string', maxLength: 1000 },
    newPassword: { type: 'string', maxLength: 1000, description: `At least ${MIN_PASSWORD_LENGTH} characters.` },
  },
} as const;

// A hash to compare against when the user does not exist, so timing does not reveal names.
const DECOY_HASH = 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';

function rateLimited(message: string): InputError {
  return new InputError('RATE_LIMITED', message, undefined, 429);
}

const TOO_MANY_FAILURES = 'Too many failed log-ins; wait a quarter of an hour and try again.';
const TOO_MANY_AT_ONCE = 'Too many log-ins at once; try again in a moment.';

/** Counts one attempt against the address and user-name budgets; throws 429 when either is spent. */
async function admitAttempt(store: Store, limits: LoginLimits, request: FastifyRequest, username: string, now: Date) {
  const keys = loginKeys(request.ip, username);
  const counts = await store.loginFailures.recordAttempt([keys.address, keys.user], now, new Date(now.getTime() - limits.windowMs));
  // The attempt itself is counted, so "blocked" means more than the limit were made.
  const verdict = loginVerdict({ address: (counts.get(keys.address) ?? 1) - 1, user: (counts.get(keys.user) ?? 1) - 1 }, limits);
  if (verdict.blocked) throw rateLimited(TOO_MANY_FAILURES);
  return keys;
}

/** What the session handlers share. */
interface SessionDeps {
  context: AppContext;
  passwords: PasswordCheck;
  limits: LoginLimits;
}

/** `POST/GET/DELETE /api/v1/session`, `PUT /api/v1/session/password`. */
export function sessionRoutes(context: AppContext): FastifyPluginAsync {
  const deps: SessionDeps = { context, passwords: context.passwordCheck ?? new PasswordCheck(), limits: context.loginLimits ?? DEFAULT_LOGIN_LIMITS };
  return async (app: FastifyInstance) => {
    app.post<{ Body: LogInBody }>(
      '/api/v1/session',
      { config: { access: 'public' }, schema: { tags: ['session'], summary: 'Log in to the console', body: sessionBody, response: { 200: sessionAnswer } } },
      (request, reply) => logIn(deps, request, reply),
    );
    app.get('/api/v1/session', { schema: { tags: ['session'], summary: 'The current console session', response: { 200: sessionAnswer } } }, async (request) => {
      const principal = request.principal;
      if (principal?.kind === 'admin' && principal.via === 'session') {
        return { username: principal.username, csrfToken: principal.csrfToken };
      }
      return { username: 'token', csrfToken: '' };
    });
    // Public: an expired (or already deleted) session must still be able to log out and lose its cookie.
    app.delete(
      '/api/v1/session',
      { config: { access: 'public' }, schema: { tags: ['session'], summary: 'Log out (also with an expired session); clears the cookie' } },
      (request, reply) => logOut(context, request, reply),
    );
    app.put<{ Body: PasswordChangeBody }>(
      '/api/v1/session/password',
      { schema: { tags: ['session'], summary: "Change the signed-in user's password; ends the user's other sessions", body: passwordBody } },
      (request, reply) => changePassword(deps, request, reply),
    );
  };
}

type LogInBody = { username: string; password: string };
type PasswordChangeBody = { currentPassword: string; newPassword: string };

/** Checks the credentials (within the log-in limits), starts a session and sets its cookie. */
async function logIn({ context, passwords, limits }: SessionDeps, request: FastifyRequest<{ Body: LogInBody }>, reply: FastifyReply) {
  const { username, password } = request.body;
  const keys = await admitAttempt(context.store, limits, request, username, context.clock());
  const user = await context.store.users.findByUsername(username);
  const check = await passwords.verify(password, user?.passwordHash ?? DECOY_HASH);
  if (check.kind === 'busy') throw rateLimited(TOO_MANY_AT_ONCE);
  if (user === null || !check.ok) {
    // The typed name is recorded only when such a user exists: a password typed into the
    // user-name field must not end up in the audit log.
    const name = user?.username ?? '(unknown user)';
    await context.audit.record({ actor: { kind: 'user', name, clientIp: request.ip }, action: 'session.login.failed', target: name, changedFields: [] });
    throw new InputError('INVALID_CREDENTIALS', 'The user name or password is wrong.', undefined, 401);
  }
  await Promise.all([context.store.loginFailures.clear(keys.user), context.store.loginFailures.clear(keys.address)]);
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
  setSessionCookie(request, reply, token, SESSION_TTL_MS);
  await context.audit.record({ actor: { kind: 'user', name: user.username, clientIp: request.ip }, action: 'session.login', target: user.username, changedFields: [] });
  return { username: user.username, csrfToken };
}

/** Ends the cookie's session (if any is left) and clears the cookie. */
async function logOut(context: AppContext, request: FastifyRequest, reply: FastifyReply) {
  const cookie = readSessionCookie(request);
  if (cookie !== undefined) {
    const tokenHash = hashToken(cookie);
    const session = await context.store.sessions.find(tokenHash, new Date(0));
    await context.store.sessions.delete(tokenHash);
    const user = session === null ? null : await context.store.users.findById(session.userId);
    if (user !== null) {
      await context.audit.record({ actor: { kind: 'user', name: user.username, clientIp: request.ip }, action: 'session.logout', target: user.username, changedFields: [] });
    }
  }
  clearSessionCookie(request, reply);
  return reply.status(204).send();
}

/** Changes the signed-in user's password (the current one checked within the log-in limits); ends their other sessions. */
async function changePassword({ context, passwords, limits }: SessionDeps, request: FastifyRequest<{ Body: PasswordChangeBody }>, reply: FastifyReply) {
  const principal = request.principal;
  if (principal?.kind !== 'admin' || principal.via !== 'session') {
    throw new InputError('FORBIDDEN', 'Only a signed-in console user has a password to change.', undefined, 403);
  }
  const { currentPassword, newPassword } = request.body;
  if ([...newPassword].length < MIN_PASSWORD_LENGTH) {
    throw new InputError('VALIDATION_FAILED', `The new password must have at least ${MIN_PASSWORD_LENGTH} characters.`, 'newPassword');
  }
  const user = await context.store.users.findById(principal.userId);
  if (user === null) throw new InputError('UNAUTHORIZED', 'Your user no longer exists; log in again.', undefined, 401);
  // A wrong current password counts like a failed log-in: a stolen session cannot guess it at speed.
  const keys = await admitAttempt(context.store, limits, request, user.username, context.clock());
  const check = await passwords.verify(currentPassword, user.passwordHash);
  if (check.kind === 'busy') throw rateLimited(TOO_MANY_AT_ONCE);
  if (!check.ok) throw new InputError('INVALID_CREDENTIALS', 'The current password is wrong.', 'currentPassword', 400);
  await context.store.loginFailures.clear(keys.user);
  await context.store.users.setPasswordHash(user.id, await passwords.hash(newPassword));
  await context.store.sessions.deleteForUser(user.id, principal.sessionHash);
  await context.audit.record({ actor: actorOf(request), action: 'user.password.change', target: user.username, changedFields: ['password'] });
  return reply.status(204).send();
}
