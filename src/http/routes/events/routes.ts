/** Events in (agents) and the event list (admins). */
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { SEVERITIES, type Severity } from '../../../domain/severity.js';
import { toEvents, type EventInput } from '../../../ingest/event-input.js';
import { ingestBodySchema, MAX_EVENTS_BODY_BYTES } from '../../../ingest/schema.js';
import { InputError } from '../../../domain/errors.js';
import { AgentRateLimiter } from '../../agent-rate-limit.js';
import type { AppContext } from '../../context.js';
import { pageRequest, pagingQuerySchema } from '../../paging.js';
import { orNotFound } from '../../errors.js';
import { presentEvent } from '../../presenters/resources.js';
import { idParams } from '../../schemas.js';

const listQuery = {
  type: 'object',
  properties: {
    severity: { type: 'string', enum: [...SEVERITIES] },
    applicationId: { type: 'string' },
    deviceName: { type: 'string' },
    notificationId: { type: 'string', description: 'Only the events this notification covers (a digest lists at most 50 in eventIds).' },
    ...pagingQuerySchema,
  },
} as const;

const acceptedAnswer = {
  type: 'object',
  properties: { accepted: { type: 'integer' }, duplicates: { type: 'integer' } },
} as const;

/** `POST /api/v1/events` (agent or admin), `GET /api/v1/events`. */
export function eventRoutes(context: AppContext): FastifyPluginAsync {
  const agentLimit = new AgentRateLimiter(context.config.agentEventsPerSecond, context.clock);
  return async (app: FastifyInstance) => {
    app.post<{ Body: { events: EventInput[] } }>(
      '/api/v1/events',
      {
        bodyLimit: MAX_EVENTS_BODY_BYTES,
        config: { access: 'agent' },
        schema: {
          tags: ['events'],
          summary: 'Report events (at most 1,000 / 1 MiB); 202 once they and their notifications are durable',
          body: ingestBodySchema,
          response: { 202: acceptedAnswer },
        },
      },
      async (request, reply) => {
        const principal = request.principal;
        if (principal?.kind === 'agent') {
          const retryAfter = agentLimit.take(principal.tokenId, request.body.events.length);
          if (retryAfter !== null) {
            void reply.header('retry-after', String(retryAfter));
            throw new InputError(
              'RATE_LIMITED',
              `This agent token sends more than ${context.config.agentEventsPerSecond} events per second; retry after ${retryAfter} s (HERALD_AGENT_EVENTS_PER_SECOND).`,
              undefined,
              429,
            );
          }
        }
        const events = toEvents(request.body.events, context.clock(), request.ip);
        const result = await context.ingest.ingest(events);
        return reply.status(202).send(result);
      },
    );

    app.get<{ Querystring: { severity?: Severity; applicationId?: string; deviceName?: string; notificationId?: string; limit?: string; before?: string } }>(
      '/api/v1/events',
      { schema: { tags: ['events'], summary: 'Stored events, newest first', querystring: listQuery } },
      async (request) => {
        const { severity, applicationId, deviceName, notificationId } = request.query;
        const page = await context.store.events.list({ severity, applicationId, deviceName, notificationId }, pageRequest(request.query));
        return { items: page.items.map(presentEvent), nextCursor: page.nextCursor };
      },
    );

    app.get<{ Params: { id: string } }>(
      '/api/v1/events/:id',
      { schema: { tags: ['events'], summary: 'One event as stored, with its group and the notification that covers it', params: idParams } },
      async (request) => {
        return presentEvent(orNotFound(await context.store.events.get(request.params.id), `Event "${request.params.id}"`));
      },
    );
  };
}
