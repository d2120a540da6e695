/**
 * The Fastify application: contract-shaped errors everywhere, auth on every route, request
 * schemas that are also the published OpenAPI document, and the console's static files.
 */
import fs from 'node:fs';
import path from 'node:path';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import fastifyCookie from '@fastify/cookie';
import fastifyMultipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import { InputError } from '../domain/errors.js';
import { authHook } from './auth.js';
import type { AppContext } from './context.js';
import { errorBody, handleError } from './errors.js';
import { replaceNulCharacters } from './sanitize.js';
import { agentTokenRoutes } from './routes/agent-tokens/routes.js';
import { certificateRoutes } from './routes/certificates/routes.js';
import { eventRoutes } from './routes/events/routes.js';
import { notificationRoutes } from './routes/notifications/routes.js';
import { operationsRoutes } from './routes/operations/routes.js';
import { policyRoutes } from './routes/policies/routes.js';
import { sessionRoutes } from './routes/session/routes.js';
import { settingsRoutes } from './routes/settings/routes.js';
import { templateRoutes } from './routes/templates/routes.js';

/** Largest request body on any route (API.md: 1 MiB for events; certificates fit easily). */
export const BODY_LIMIT_BYTES = 1024 * 1024;

/** Builds the app (not listening yet). */
export async function buildApp(context: AppContext): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: context.logger as FastifyBaseLogger,
    // Per-request lines would dominate the log at ingest rates; errors are logged by handleError.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: BODY_LIMIT_BYTES,
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false, allErrors: false } },
    return503OnClosing: true,
  });
  app.decorateRequest('principal', null);
  app.setErrorHandler(handleError);
  app.setNotFoundHandler((request, reply) => {
    if (context.consoleDir !== null && request.method === 'GET' && !request.url.startsWith('/api/') && acceptsHtml(request.headers.accept)) {
      return reply.type('text/html').sendFile('index.html');
    }
    return reply.status(404).send(errorBody('NOT_FOUND', `No route for ${request.method} ${request.url.split('?')[0]}.`));
  });

  // JSON with NUL characters replaced by U+FFFD (PostgreSQL cannot store them; API.md).
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    const text = typeof body === 'string' ? body : body.toString('utf8');
    if (text.trim() === '') {
      done(new InputError('VALIDATION_FAILED', 'The request body is empty; send a JSON document.'), undefined);
      return;
    }
    try {
      const parsed: unknown = JSON.parse(text);
      done(null, /\\u0000/i.test(text) ? replaceNulCharacters(parsed) : parsed);
    } catch {
      done(new InputError('INVALID_JSON', 'The request body is not valid JSON.'), undefined);
    }
  });

  await app.register(fastifyCookie);
  await app.register(fastifyMultipart, { limits: { fileSize: BODY_LIMIT_BYTES, files: 3, fields: 10 } });
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: 'Herald API', version: '1.0.0', description: 'Event notifications by e-mail through your own SMTP servers.' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearer: [] }],
    },
  });
  const authenticate = authHook(context.store, context.config.adminToken, context.clock);
  app.addHook('onRequest', async (request, reply) => {
    if (!request.is404) await authenticate(request, reply);
  });

  await app.register(operationsRoutes(context));
  await app.register(sessionRoutes(context));
  await app.register(agentTokenRoutes(context));
  await app.register(settingsRoutes(context));
  await app.register(certificateRoutes(context));
  await app.register(policyRoutes(context));
  await app.register(eventRoutes(context));
  await app.register(notificationRoutes(context));
  await app.register(templateRoutes(context));

  if (context.consoleDir !== null && fs.existsSync(path.join(context.consoleDir, 'index.html'))) {
    await app.register(fastifyStatic, { root: context.consoleDir, wildcard: false, index: 'index.html' });
  } else {
    context.consoleDir = null;
  }
  return app;
}

function acceptsHtml(accept: string | undefined): boolean {
  return accept === undefined || accept.includes('text/html') || accept.includes('*/*');
}
