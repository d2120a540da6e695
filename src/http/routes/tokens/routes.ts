/**
 * Agent and admin tokens (API.md "Agent tokens"): created (shown once), listed (never the
 * token), revoked (then 401). Both kinds share these routes; admin tokens are for automation
 * and the CLI, keep who created each, and may be created only by a signed-in user or
 * HERALD_ADMIN_TOKEN.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyPluginAsync, FastifyRequest } from 'fastify';
import { hashToken, newBearerToken } from '../../../auth/passwords.js';
import type { Actor } from '../../../domain/change.js';
import { InputError } from '../../../domain/errors.js';
import type { AdminToken, AgentToken, Store, TokenRepo } from '../../../store/ports.js';
import { actorOf, mayCreateAdminTokens } from '../../actor.js';
import type { AppContext } from '../../context.js';
import { notFound } from '../../errors.js';
import { presentAdminToken, presentAgentToken } from '../../presenters/resources.js';
import { idParams } from '../../schemas.js';

/** What sets one kind of token apart in the API. */
interface TokenKind<T extends AgentToken> {
  /** Path segment, OpenAPI tag and audit action prefix without the `s`: `agent-token`. */
  resource: 'agent-token' | 'admin-token';
  /** For "not found" answers: `Agent token`. */
  label: string;
  nameDescription: string;
  /** OpenAPI summaries. */
  summaries: { create: string; list: string; revoke: string };
  repo(store: Store): TokenRepo<T>;
  /** The stored record of a new token (`base` holds the common fields). */
  record(base: AgentToken, actor: Actor): T;
  present(token: T): object;
  /** Throws when the caller may not create this kind of token. */
  checkMayCreate(request: FastifyRequest): void;
}

const AGENT_TOKEN: TokenKind<AgentToken> = {
  resource: 'agent-token',
  label: 'Agent token',
  nameDescription: 'What the token is for, e.g. the agent host.',
  summaries: {
    create: 'Create an agent token (the token is shown only in this answer)',
    list: 'List agent tokens (without the tokens)',
    revoke: 'Revoke an agent token',
  },
  repo: (store) => store.agentTokens,
  record: (base) => base,
  present: presentAgentToken,
  checkMayCreate: () => undefined,
};

const ADMIN_TOKEN: TokenKind<AdminToken> = {
  resource: 'admin-token',
  label: 'Admin token',
  nameDescription: 'What the token is for, e.g. "backup script".',
  summaries: {
    create: 'Create an admin token (shown only in this answer); only a signed-in user or HERALD_ADMIN_TOKEN may',
    list: 'List admin tokens (without the tokens)',
    revoke: 'Revoke an admin token',
  },
  repo: (store) => store.adminTokens,
  record: (base, actor) => ({ ...base, createdBy: { kind: actor.kind, name: actor.name } }),
  present: presentAdminToken,
  checkMayCreate: (request) => {
    if (mayCreateAdminTokens(request.principal)) return;
    throw new InputError(
      'FORBIDDEN',
      'An admin token cannot create admin tokens; sign in to the console (or use HERALD_ADMIN_TOKEN) to create one.',
      undefined,
      403,
    );
  },
};

/** `POST/GET /api/v1/agent-tokens`, `DELETE /api/v1/agent-tokens/{id}`. */
export function agentTokenRoutes(context: AppContext): FastifyPluginAsync {
  return tokenRoutes(context, AGENT_TOKEN);
}

/** `POST/GET /api/v1/admin-tokens`, `DELETE /api/v1/admin-tokens/{id}`. */
export function adminTokenRoutes(context: AppContext): FastifyPluginAsync {
  return tokenRoutes(context, ADMIN_TOKEN);
}

/** The three routes of one kind of token. */
function tokenRoutes<T extends AgentToken>(context: AppContext, kind: TokenKind<T>): FastifyPluginAsync {
  const path = `/api/v1/${kind.resource}s`;
  const tags = [`${kind.resource}s`];
  const createBody = {
    type: 'object',
    required: ['name'],
    additionalProperties: false,
    properties: { name: { type: 'string', minLength: 1, maxLength: 200, description: kind.nameDescription } },
  } as const;
  return async (app: FastifyInstance) => {
    app.post<{ Body: { name: string } }>(
      path,
      { schema: { tags, summary: kind.summaries.create, body: createBody } },
      async (request, reply) => {
        kind.checkMayCreate(request);
        const name = request.body.name.trim();
        if (name === '') throw new InputError('VALIDATION_FAILED', 'Give the token a name.', 'name', 400, { kind: 'required' });
        const actor = actorOf(request);
        const token = newBearerToken();
        const base = { id: randomUUID(), name, tokenHash: hashToken(token), createdAt: context.clock(), revokedAt: null, lastUsedAt: null };
        const record = kind.record(base, actor);
        await kind.repo(context.store).create(record);
        await context.audit.record({ actor, action: `${kind.resource}.create`, target: record.id, changedFields: ['name'] });
        return reply.status(201).send({ ...kind.present(record), token });
      },
    );

    app.get(path, { schema: { tags, summary: kind.summaries.list } }, async () => {
      const tokens = await kind.repo(context.store).list();
      return { items: tokens.map((token) => kind.present(token)), nextCursor: null };
    });

    app.delete<{ Params: { id: string } }>(
      `${path}/:id`,
      { schema: { tags, summary: kind.summaries.revoke, params: idParams } },
      async (request, reply) => {
        const revoked = await kind.repo(context.store).revoke(request.params.id, context.clock());
        if (!revoked) throw notFound(`${kind.label} "${request.params.id}"`);
        await context.audit.record({ actor: actorOf(request), action: `${kind.resource}.revoke`, target: request.params.id, changedFields: ['revokedAt'] });
        return reply.status(204).send();
      },
    );
  };
}

