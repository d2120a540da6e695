/** The audit log, newest first (API.md "Audit log"). */
import type { FastifyInstance, FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../../context.js';
import { pageRequest, pagingQuerySchema } from '../../paging.js';
import { presentAuditRecord } from '../../presenters/resources.js';

const listQuery = { type: 'object', properties: { ...pagingQuerySchema } } as const;

/** `GET /api/v1/audit?limit=&before=`. */
export function auditRoutes(context: AppContext): FastifyPluginAsync {
  return async (app: FastifyInstance) => {
    app.get<{ Querystring: { limit?: string; before?: string } }>(
      '/api/v1/audit',
      { schema: { tags: ['audit'], summary: 'Who changed what and when (field names only), newest first', querystring: listQuery } },
      async (request) => {
        const page = await context.store.audit.list(pageRequest(request.query));
        return { items: page.items.map(presentAuditRecord), nextCursor: page.nextCursor };
      },
    );
  };
}
