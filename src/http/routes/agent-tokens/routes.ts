/** Agent tokens: created (shown once), listed (never the token), revoked (then 401). */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { hashToken, newToken } from '../../../auth/passwords.js';
import { actorOf } from '../../actor.js';
import type { AppContext } from '../../context.js';
import { notFound } from '../../errors.js';
import { presentAgentToken } from '../../presenters/resources.js';
import { idParams } from '../../schemas.js';

const createBody = {
  type: 'object',
  required: ['name'],
  additionalProperties: false,
  properties: { name: { type: 'string', minLength: 1, maxLength: 200, description: 'What the token is for, e.g. the agent host.' } },
} as const;



/** `POST/GET /api/v1/agent-tokens`, `DELETE /api/v1/agent-tokens/{id}`. */
export function agentTokenRoutes(context: AppContext): FastifyPluginAsync {
  return async (app: FastifyInstance) => {
    app.post<{ Body: { name: string } }>(
      '/api/v1/agent-tokens',
      { schema: { tags: ['agent-tokens'], summary: 'Create an agent token (the token is shown only in this answer)', body: createBody } },
      async (request, reply) => {
        const token = newToken();
        const record = {
          id: randomUUID(),
          name: request.body.name.trim(),
          tokenHash: hashToken(token),
          createdAt: context.clock(),
          revokedAt: null,
          lastUsedAt: null,
        };
        await context.store.agentTokens.create(record);
        await context.audit.record({ actor: actorOf(request), action: 'agent-token.create', target: record.id, changedFields: ['name'] });
        return reply.status(201).send({ ...presentAgentToken(record), token });
      },
    );

    app.get('/api/v1/agent-tokens', { schema: { tags: ['agent-tokens'], summary: 'List agent tokens (without the tokens)' } }, async () => {
      const tokens = await context.store.agentTokens.list();
      return { items: tokens.map(presentAgentToken), nextCursor: null };
    });

    app.delete<{ Params: { id: string } }>(
      '/api/v1/agent-tokens/:id',
      { schema: { tags: ['agent-tokens'], summary: 'Revoke an agent token', params: idParams } },
      async (request, reply) => {
        const revoked = await context.store.agentTokens.revoke(request.params.id, context.clock());
        if (!revoked) throw notFound(`Agent token "${request.params.id}"`);
        await context.audit.record({ actor: actorOf(request), action: 'agent-token.revoke', target: request.params.id, changedFields: ['revokedAt'] });
        return reply.status(204).send();
      },
    );
  };
}
