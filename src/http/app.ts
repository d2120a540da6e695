/**
 * The Fastify application: contract-shaped errors everywhere, auth on every route, request
 * schemas that are also the published OpenAPI document, and the console's static files.
 */
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import path from 'node:path';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import fastifyCookie from '@fastify/cookie';
import fastifyMultipart from '@fastify/multipart';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import { type HttpsMaterial, loadHttpsMaterial } from '../config/https-material.js';
import { registerSecurityHeaders, securityHeaders, type SecurityHeaders } from './security-headers.js';
import { authHook } from './auth.js';
import type { AppContext } from './context.js';
import { openApiComponentSchemas } from './schemas.js';
import { errorBody, handleError, handleFrameworkError } from './errors.js';
import { parseJsonBody } from './json-body.js';
import { pathParamsFit, storableQuery } from './request-text.js';
import { auditRoutes } from './routes/audit/routes.js';
import { adminTokenRoutes, agentTokenRoutes } from './routes/tokens/routes.js';
import { certificateRoutes } from './routes/certificates/routes.js';
import { eventRoutes } from './routes/events/routes.js';
import { groupRoutes } from './routes/groups/routes.js';
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
  // Read before anything listens: a bad file stops the start with one sentence (ConfigError).
  const tlsMaterial = context.config.tls === null ? null : loadHttpsMaterial(context.config.tls);
  const setSecurityHeaders = securityHeaders(tlsMaterial !== null);
  const app = createFastify(context, tlsMaterial, setSecurityHeaders);
  recordRoutes(app);
  setErrorAnswers(app, context);
  parseJsonBodies(app);
  registerSecurityHeaders(app, setSecurityHeaders);
  await registerPlugins(app);
  addAuthentication(app, context);
  await registerRoutes(app, context);
  await serveConsole(app, context);
  return app;
}

/** Fastify over HTTP or HTTPS with our limits, logger, proxy trust and error shape for framework errors. */
function createFastify(context: AppContext, tlsMaterial: HttpsMaterial | null, setSecurityHeaders: SecurityHeaders): FastifyInstance {
  return Fastify({
    // HTTPS through a server factory keeps one FastifyInstance type for both schemes; Fastify
    // only calls `listen`/`close` on it and reads `socket.encrypted` for `request.protocol`.
    serverFactory: (handler) =>
      tlsMaterial === null ? http.createServer(handler) : (https.createServer(tlsMaterial, handler) as unknown as http.Server),
    // X-Forwarded-For/-Proto are believed only from these addresses (proxy-addr semantics).
    trustProxy: context.config.trustProxy.length > 0 ? context.config.trustProxy : false,
    loggerInstance: context.logger as FastifyBaseLogger,
    // Per-request lines would dominate the log at ingest rates; errors are logged by handleError.
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: BODY_LIMIT_BYTES,
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false, allErrors: false } },
    return503OnClosing: true,
    // Query values without NUL or lone surrogates (API.md), like every body.
    routerOptions: { querystringParser: storableQuery },
    // Malformed URL encoding and over-long path parameters answer in the contract's shape too
    // (and with the security headers: Fastify answers these before any hook runs).
    frameworkErrors: (error, request, reply) => {
      setSecurityHeaders(request, reply);
      handleFrameworkError(error, request, reply);
    },
  });
}

/** Keeps the route table (for `routesOf`). */
function recordRoutes(app: FastifyInstance): void {
  const routes: RouteSummary[] = [];
  routeTables.set(app, routes);
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) routes.push({ method, url: route.url });
  });
}

/** Every error in the contract's shape; unknown non-API GETs from a browser get the console (SPA). */
function setErrorAnswers(app: FastifyInstance, context: AppContext): void {
  app.setErrorHandler(handleError);
  app.setNotFoundHandler((request, reply) => {
    if (context.consoleDir !== null && request.method === 'GET' && !request.url.startsWith('/api/') && acceptsHtml(request.headers.accept)) {
      return reply.type('text/html').sendFile('index.html');
    }
    return reply.status(404).send(errorBody('NOT_FOUND', `No route for ${request.method} ${request.url.split('?')[0]}.`));
  });
}

/** JSON without prototype keys, deep nesting, NUL or lone surrogates (json-body.ts). */
function parseJsonBodies(app: FastifyInstance): void {
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_request, body, done) => {
    try {
      done(null, parseJsonBody(typeof body === 'string' ? body : body.toString('utf8')));
    } catch (error) {
      done(error as Error, undefined);
    }
  });
}

/** Cookies, multipart uploads and the OpenAPI document. */
async function registerPlugins(app: FastifyInstance): Promise<void> {
  await app.register(fastifyCookie);
  await app.register(fastifyMultipart, { limits: { fileSize: BODY_LIMIT_BYTES, files: 3, fields: 10 } });
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.0.3',
      info: { title: 'Herald API', version: '1.0.0', description: 'Event notifications by e-mail through your own SMTP servers.' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } }, schemas: openApiComponentSchemas },
      security: [{ bearer: [] }],
    },
  });
}

/** Identifies and authorises every routed request before its handler (auth.ts). */
function addAuthentication(app: FastifyInstance, context: AppContext): void {
  app.decorateRequest('principal', null);
  const authenticate = authHook(context.store, context.config.adminToken, context.clock);
  app.addHook('onRequest', async (request, reply) => {
    if (request.is404) return;
    await authenticate(request, reply);
    if (!reply.sent && !pathParamsFit(request.params)) {
      await reply.status(404).send(errorBody('NOT_FOUND', 'No such resource: a path parameter holds characters no id has.'));
    }
  });
}

/** Every resource's routes (routes/<resource>/routes.ts). */
async function registerRoutes(app: FastifyInstance, context: AppContext): Promise<void> {
  const resources = [
    operationsRoutes,
    sessionRoutes,
    agentTokenRoutes,
    adminTokenRoutes,
    auditRoutes,
    settingsRoutes,
    certificateRoutes,
    policyRoutes,
    eventRoutes,
    notificationRoutes,
    groupRoutes,
    templateRoutes,
  ];
  for (const routes of resources) await app.register(routes(context));
}

/** The built console's files at `/`, when there is a build. */
async function serveConsole(app: FastifyInstance, context: AppContext): Promise<void> {
  if (context.consoleDir !== null && fs.existsSync(path.join(context.consoleDir, 'index.html'))) {
    await app.register(fastifyStatic, { root: context.consoleDir, wildcard: false, index: 'index.html' });
  } else {
    context.consoleDir = null;
  }
}

/** One route of the app: method and URL pattern (`/api/v1/certificates/:id`). */
export interface RouteSummary {
  method: string;
  url: string;
}

const routeTables = new WeakMap<FastifyInstance, RouteSummary[]>();

/** Every route `app` serves, e.g. for a test that must reach all of them. */
export function routesOf(app: FastifyInstance): readonly RouteSummary[] {
  return routeTables.get(app) ?? [];
}

function acceptsHtml(accept: string | undefined): boolean {
  return accept === undefined || accept.includes('text/html') || accept.includes('*/*');
}
