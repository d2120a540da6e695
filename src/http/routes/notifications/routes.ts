/** The delivery ledger: list, detail with the attempt log, manual retry of a failed one. */
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import { NOTIFICATION_STATUSES, type NotificationStatus } from '../../../domain/notification.js';
import { actorOf } from '../../actor.js';
import type { AppContext } from '../../context.js';
import { conflict, orNotFound } from '../../errors.js';
import { pageRequest, pagingQuerySchema } from '../../paging.js';
import { presentNotification, presentNotificationDetail } from '../../presenters/resources.js';
import { idParams } from '../../schemas.js';

const listQuery = {
  type: 'object',
  properties: { status: { type: 'string', enum: [...NOTIFICATION_STATUSES] }, ...pagingQuerySchema },
} as const;

/** `GET /api/v1/notifications`, `GET /api/v1/notifications/{id}`, `POST /api/v1/notifications/{id}/retry`. */
export function notificationRoutes(context: AppContext): FastifyPluginAsync {
  const { store } = context;
  return async (app: FastifyInstance) => {
    app.get<{ Querystring: { status?: NotificationStatus; limit?: string; before?: string } }>(
      '/api/v1/notifications',
      { schema: { tags: ['notifications'], summary: 'The delivery ledger, newest first', querystring: listQuery } },
      async (request) => {
        const page = await store.notifications.list({ status: request.query.status }, pageRequest(request.query));
        return { items: page.items.map(presentNotification), nextCursor: page.nextCursor };
      },
    );

    app.get<{ Params: { id: string } }>(
      '/api/v1/notifications/:id',
      { schema: { tags: ['notifications'], summary: 'One notification with its attempt log', params: idParams } },
      async (request) => {
        const notification = orNotFound(await store.notifications.get(request.params.id), `Notification "${request.params.id}"`);
        return presentNotificationDetail(notification);
      },
    );

    app.post<{ Params: { id: string } }>(
      '/api/v1/notifications/:id/retry',
      { schema: { tags: ['notifications'], summary: 'Requeue a failed notification (restarts its age clock)', params: idParams } },
      async (request, reply) => {
        const id = request.params.id;
        const requeued = await store.notifications.retry(id, context.clock());
        if (!requeued) {
          const existing = orNotFound(await store.notifications.get(id), `Notification "${id}"`);
          throw conflict(`Only failed notifications can be retried; this one is ${existing.status}.`);
        }
        await context.audit.record({ actor: actorOf(request), action: 'notification.retry', target: id, changedFields: ['status'] });
        return reply.status(202).send({ id, status: 'queued' });
      },
    );
  };
}
