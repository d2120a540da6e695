/** Health, metrics and the OpenAPI document. */
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { InputError } from '../../../domain/errors.js';
import { safeEqual } from '../../../auth/passwords.js';
import type { AppContext } from '../../context.js';

/** `GET /healthz`, `GET /metrics`, `GET /api/openapi.json`. */
export function operationsRoutes(context: AppContext): FastifyPluginAsync {
  return async (app: FastifyInstance) => {
    app.get('/healthz', { config: { access: 'public' }, schema: { hide: true } }, async () => ({ status: 'ok' }));

    app.get('/metrics', { config: { access: 'public' }, schema: { hide: true } }, async (request, reply) => {
      const token = context.config.metricsToken;
      if (token !== null) {
        const sent = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
        if (sent === undefined || !safeEqual(sent, token)) {
          throw new InputError('UNAUTHORIZED', 'Metrics need the HERALD_METRICS_TOKEN as a bearer token.', undefined, 401);
        }
      }
      reply.type(context.metrics.registry.contentType);
      return context.metrics.registry.metrics();
    });

    app.get('/api/openapi.json', { config: { access: 'public' }, schema: { hide: true } }, async () => app.swagger());
  };
}
