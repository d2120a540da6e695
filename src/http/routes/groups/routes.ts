/** Storm control: the groups of events (`GET /api/v1/groups`) and the per-minute throughput chart. */
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../../context.js';
import { orNotFound } from '../../errors.js';
import { pageRequest, pagingQuerySchema } from '../../paging.js';
import { presentGroup, presentThroughputMinute } from '../../presenters/resources.js';
import { idParams } from '../../schemas.js';

const listQuery = {
  type: 'object',
  properties: {
    active: { type: 'string', enum: ['true', 'false'], description: 'true: only groups still collecting events (open and not idle).' },
    ...pagingQuerySchema,
  },
} as const;

/** Longest window of the throughput chart: one day. */
export const MAX_THROUGHPUT_MINUTES = 24 * 60;
/** Default window: the last three hours. */
export const DEFAULT_THROUGHPUT_MINUTES = 180;

const throughputQuery = {
  type: 'object',
  properties: {
    minutes: { type: 'string', pattern: '^[0-9]{1,5}$', description: `Minutes back from now, 1–${MAX_THROUGHPUT_MINUTES} (clamped), default ${DEFAULT_THROUGHPUT_MINUTES}.` },
  },
} as const;

/** `GET /api/v1/groups`, `GET /api/v1/groups/{id}`, `GET /api/v1/stats/throughput`. */
export function groupRoutes(context: AppContext): FastifyPluginAsync {
  const { store } = context;
  return async (app: FastifyInstance) => {
    app.get<{ Querystring: { active?: 'true' | 'false'; limit?: string; before?: string } }>(
      '/api/v1/groups',
      { schema: { tags: ['groups'], summary: 'Groups of events (storm control), latest activity first', querystring: listQuery } },
      async (request) => {
        const active = request.query.active === undefined ? undefined : request.query.active === 'true';
        const page = await store.groups.list({ active }, pageRequest(request.query), context.clock());
        return { items: page.items.map(presentGroup), nextCursor: page.nextCursor };
      },
    );

    app.get<{ Params: { id: string } }>(
      '/api/v1/groups/:id',
      { schema: { tags: ['groups'], summary: 'One group', params: idParams } },
      async (request) => {
        return presentGroup(orNotFound(await store.groups.get(request.params.id), `Group "${request.params.id}"`));
      },
    );

    app.get<{ Querystring: { minutes?: string } }>(
      '/api/v1/stats/throughput',
      {
        schema: {
          tags: ['groups'],
          summary: 'Events received and e-mails sent per minute over the last `minutes` (the console chart)',
          querystring: throughputQuery,
        },
      },
      async (request) => {
        const now = context.clock();
        const asked = request.query.minutes === undefined ? DEFAULT_THROUGHPUT_MINUTES : Number(request.query.minutes);
        const minutes = Math.min(Math.max(asked, 1), MAX_THROUGHPUT_MINUTES);
        const items = await store.throughput.perMinute(new Date(now.getTime() - (minutes - 1) * 60_000), now);
        return { items: items.map(presentThroughputMinute) };
      },
    );
  };
}
