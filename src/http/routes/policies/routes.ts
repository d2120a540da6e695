/** Per-application policies and their effective settings (with what was inherited). */
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { defaultEmailSettings } from '../../../domain/email-settings.js';
import { defaultRules } from '../../../domain/rules.js';
import { effectivePolicy } from '../../../settings/effective.js';
import { presentEmailSettings } from '../../../settings/email-settings.js';
import { parsePolicy, presentPolicy } from '../../../settings/policy.js';
import type { AppContext } from '../../context.js';
import { notFound } from '../../errors.js';
import { applicationParams, documentedOnly, policySchema } from '../../schemas.js';
import { checkCertificateReferences } from '../settings/certificate-references.js';

type Params = { Params: { applicationId: string } };

/** `GET /api/v1/policies`, `GET/PUT/DELETE /api/v1/policies/{applicationId}`, `…/effective`. */
export function policyRoutes(context: AppContext): FastifyPluginAsync {
  const { store, secrets, clock, snapshots } = context;
  return async (app: FastifyInstance) => {
    app.get('/api/v1/policies', { schema: { tags: ['policies'], summary: 'List policies' } }, async () => ({
      items: (await store.policies.list()).map(presentPolicy),
      nextCursor: null,
    }));

    app.get<Params>('/api/v1/policies/:applicationId', { schema: { tags: ['policies'], summary: 'One policy', params: applicationParams } }, async (request) => {
      const policy = await store.policies.get(request.params.applicationId);
      if (policy === null) throw notFound(`Policy "${request.params.applicationId}"`);
      return presentPolicy(policy);
    });

    app.put<Params>(
      '/api/v1/policies/:applicationId',
      { ...documentedOnly, schema: { tags: ['policies'], summary: 'Create or replace a policy', params: applicationParams, body: policySchema } },
      async (request) => {
        const applicationId = request.params.applicationId;
        const stored = await store.policies.get(applicationId);
        const policy = parsePolicy(request.body, { applicationId, stored, secrets, now: clock() });
        await checkCertificateReferences(store, policy.email.tls, 'email.');
        const saved = await store.policies.put(policy);
        snapshots.invalidate();
        await store.notifications.expediteDeferred(clock());
        return presentPolicy(saved);
      },
    );

    app.delete<Params>('/api/v1/policies/:applicationId', { schema: { tags: ['policies'], summary: 'Delete a policy', params: applicationParams } }, async (request, reply) => {
      if (!(await store.policies.delete(request.params.applicationId))) throw notFound(`Policy "${request.params.applicationId}"`);
      snapshots.invalidate();
      return reply.status(204).send();
    });

    app.get<Params>(
      '/api/v1/policies/:applicationId/effective',
      { schema: { tags: ['policies'], summary: 'The merged settings and rules, and which fields were inherited', params: applicationParams } },
      async (request) => {
        const policy = await store.policies.get(request.params.applicationId);
        if (policy === null) throw notFound(`Policy "${request.params.applicationId}"`);
        const email = (await store.settings.getEmail())?.value ?? defaultEmailSettings();
        const rules = (await store.settings.getRules())?.value ?? defaultRules();
        const effective = effectivePolicy(email, rules, policy);
        return { email: presentEmailSettings(effective.email), rules: effective.rules, inherited: effective.inherited };
      },
    );
  };
}
