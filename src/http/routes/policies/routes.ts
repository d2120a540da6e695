/** Per-application policies and their effective settings (with what was inherited). */
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { actorOf } from '../../actor.js';
import type { AppContext } from '../../context.js';
import { presentEffectivePolicy, presentPolicy } from '../../presenters/settings.js';
import { applicationParams, documentedOnly, policySchema } from '../../schemas.js';

type Params = { Params: { applicationId: string } };

/** `GET /api/v1/policies`, `GET/PUT/DELETE /api/v1/policies/{applicationId}`, `…/effective`. */
export function policyRoutes(context: AppContext): FastifyPluginAsync {
  const { settings } = context;
  return async (app: FastifyInstance) => {
    app.get('/api/v1/policies', { schema: { tags: ['policies'], summary: 'List policies' } }, async () => ({
      items: (await settings.policies()).map(presentPolicy),
      nextCursor: null,
    }));

    app.get<Params>('/api/v1/policies/:applicationId', { schema: { tags: ['policies'], summary: 'One policy', params: applicationParams } }, async (request) =>
      presentPolicy(await settings.policy(request.params.applicationId)),
    );

    app.put<Params>(
      '/api/v1/policies/:applicationId',
      { ...documentedOnly, schema: { tags: ['policies'], summary: 'Create or replace a policy', params: applicationParams, body: policySchema } },
      async (request) => presentPolicy(await settings.putPolicy(request.params.applicationId, request.body, actorOf(request))),
    );

    app.delete<Params>('/api/v1/policies/:applicationId', { schema: { tags: ['policies'], summary: 'Delete a policy', params: applicationParams } }, async (request, reply) => {
      await settings.deletePolicy(request.params.applicationId, actorOf(request));
      return reply.status(204).send();
    });

    app.get<Params>(
      '/api/v1/policies/:applicationId/effective',
      { schema: { tags: ['policies'], summary: 'The merged settings and rules, and which fields were inherited', params: applicationParams } },
      async (request) => presentEffectivePolicy(await settings.effectivePolicy(request.params.applicationId)),
    );
  };
}
