/**
 * Admin tokens (API.md "Agent tokens"): for automation and the CLI. Created (shown once)
 * only by a signed-in user or HERALD_ADMIN_TOKEN, listed without the token, revoked (then 401).
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { hashToken, newToken } from '../../../auth/passwords.js';
import { InputError } from '../../../domain/errors.js';
import type { AdminToken } from '../../../store/ports.js';
import { actorOf, mayCreateAdminTokens } from '../../actor.js';
import type { AppContext } from '../../context.js';
import { notFound } from '../../errors.js';
import { presentAdminToken } from '../../presenters/resources.js';
import { idParams } from '../../schemas.js';

const createBody = {
  type: 'object',
  required: ['name'],
  additionalProperties: false,
  properties: { name: { type: 'string', minLength: 1, maxLength: 200, description: 'What the token is for, e.g. "backup script".' } },
} as const;

/** `POST/GET /api/v1/admin-tokens`, `DELETE /api/v1/admin-tokens/{id}`. */
export function adminTokenRoutes(context: AppContext): FastifyPluginAsync {
  return async (app: FastifyInstance) => {
    app.post<{ Body: { name: string } }>(
      '/api/v1/admin-tokens',
      {
        schema: {
          tags: ['admin-tokens'],
          summary: 'Create an admin token (shown only in this answer); only a signed-in user or HERALD_ADMIN_TOKEN may',
          body: createBody,
        },
      },
      async (request, reply) => {
        if (!mayCreateAdminTokens(request.principal)) {
          throw new InputError(
            'FORBIDDEN',
            'An admin token cannot create admin tokens; sign in to the console (or use HERALD_ADMIN_TOKEN) to create one.',
            undefined,
            403,
          );
        }
        const name = request.body.name.trim();
        if (name === '') throw new InputError('VALIDATION_FAILED', 'Give the token a name.', 'name');
        const actor = actorOf(request);
        const token = newToken();
        const record: AdminToken = {
          id: randomUUID(),
          name,
          tokenHash: hashToken(token),
          createdAt: context.clock(),
          createdBy: { kind: actor.kind, name: actor.name },
          revokedAt: null,
          lastUsedAt: null,
        };
        await context.store.adminTokens.create(record);
        await context.audit.record({ actor, action: 'admin-token.create', target: record.id, changedFields: ['name'] });
        return reply.status(201).send({ ...presentAdminToken(record), token });
      },
    );

    app.get('/api/v1/admin-tokens', { schema: { tags: ['admin-tokens'], summary: 'List admin tokens (without the tokens)' } }, async () => {
      const tokens = await context.store.adminTokens.list();
      return { items: tokens.map(presentAdminToken), nextCursor: null };
    });

    app.delete<{ Params: { id: string } }>(
      '/api/v1/admin-tokens/:id',
      { schema: { tags: ['admin-tokens'], summary: 'Revoke an admin token', params: idParams } },
      async (request, reply) => {
        const revoked = await context.store.adminTokens.revoke(request.params.id, context.clock());
        if (!revoked) throw notFound(`Admin token "${request.params.id}"`);
        await context.audit.record({ actor: actorOf(request), action: 'admin-token.revoke', target: request.params.id, changedFields: ['revokedAt'] });
        return reply.status(204).send();
      },
    );
  };
}
