/**
 * Turns every failure into the contract's body `{"error": {code, message, field}}` — our own
 * InputErrors, Fastify's validation/parse/size errors and 404s alike — and never leaks a
 * stack trace or a secret.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { InputError } from '../domain/errors.js';
import type { ErrorCode, ErrorDetail } from '../domain/error-codes.js';

/** The error body of every route. */
export interface ErrorBody {
  error: { code: string; message: string; field?: string; detail?: ErrorDetail };
}

/** Builds an error body; `field` and `detail` only when there are. */
export function errorBody(code: ErrorCode, message: string, field?: string, detail?: ErrorDetail): ErrorBody {
  return { error: { code, message, ...(field === undefined ? {} : { field }), ...(detail === undefined ? {} : { detail }) } };
}

/** Shorthands for 404/409; they live in the domain so services can throw them too. */
export { conflict, notFound, orNotFound } from '../domain/errors.js';

interface AjvError {
  instancePath: string;
  keyword: string;
  message?: string;
  params: Record<string, unknown>;
}

/** `/events/17/severity` + missingProperty → `events[17].severity`. */
export function jsonPathOf(instancePath: string, missing?: unknown): string | undefined {
  const parts = instancePath.split('/').filter(Boolean).map(decodeURIComponent);
  if (typeof missing === 'string') parts.push(missing);
  let path = '';
  for (const part of parts) path += /^\d+$/.test(part) ? `[${part}]` : path === '' ? part : `.${part}`;
  return path === '' ? undefined : path;
}

function validationBody(error: FastifyError): ErrorBody {
  const first = (error.validation as AjvError[] | undefined)?.[0];
  if (!first) return errorBody('VALIDATION_FAILED', error.message);
  const extra = first.params.additionalProperty;
  const field = jsonPathOf(first.instancePath, first.params.missingProperty ?? extra);
  const where = error.validationContext === 'querystring' ? 'query parameter' : 'field';
  let message: string;
  if (first.keyword === 'required') message = `The ${where} "${field}" is required.`;
  else if (first.keyword === 'additionalProperties') message = `The ${where} "${field}" is not known here; check its spelling.`;
  else if (first.keyword === 'enum') {
    const allowed = (first.params.allowedValues as unknown[] | undefined)?.map((v) => JSON.stringify(v)).join(', ');
    message = `The ${where} "${field}" must be one of ${allowed}.`;
  } else message = `The ${where} "${field ?? 'body'}" ${first.message ?? 'is invalid'}.`;
  return errorBody('VALIDATION_FAILED', message, field, schemaDetailOf(first));
}

/** The limit a request-schema check names, as `error.detail` (so the console can word it). */
function schemaDetailOf(error: AjvError): ErrorDetail | undefined {
  const limit = error.params.limit;
  if (error.keyword === 'required' || (error.keyword === 'minLength' && limit === 1)) return { kind: 'required' };
  if (error.keyword === 'maxLength' && typeof limit === 'number') return { kind: 'maxLength', max: limit };
  return undefined;
}

/**
 * Fastify's `frameworkErrors`: what the router answers before any route runs (malformed URL
 * encoding, a path parameter longer than any id).
 */
export function handleFrameworkError(error: FastifyError, _request: FastifyRequest, reply: FastifyReply): void {
  if (error.code === 'FST_ERR_MAX_PARAM_LENGTH') {
    void reply.status(404).send(errorBody('NOT_FOUND', 'No such resource: a path parameter is too long to be an id.'));
  } else {
    void reply.status(400).send(errorBody('VALIDATION_FAILED', 'The URL is not validly percent-encoded (UTF-8); check the path.'));
  }
}

/** Fastify error handler: maps to status + contract body; logs only unexpected errors. */
export function handleError(error: FastifyError | InputError | Error, request: FastifyRequest, reply: FastifyReply): void {
  if (error instanceof InputError) {
    void reply.status(error.status).send(errorBody(error.code, error.message, error.field, error.detail));
    return;
  }
  const fastifyError = error as FastifyError;
  if (fastifyError.validation) {
    void reply.status(400).send(validationBody(fastifyError));
    return;
  }
  switch (fastifyError.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      void reply.status(413).send(errorBody('PAYLOAD_TOO_LARGE', 'The request body is too large; send at most 1 MiB (for events: at most 1,000 per request).'));
      return;
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      void reply.status(415).send(errorBody('UNSUPPORTED_MEDIA_TYPE', 'Send JSON (Content-Type: application/json).'));
      return;
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      void reply.status(400).send(errorBody('VALIDATION_FAILED', 'The request body is empty; send a JSON document.'));
      return;
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      void reply.status(400).send(errorBody('INVALID_JSON', 'The request body is not valid JSON.'));
      return;
  }
  if (error instanceof SyntaxError || fastifyError.statusCode === 400) {
    void reply.status(400).send(errorBody('INVALID_JSON', 'The request body is not valid JSON.'));
    return;
  }
  if (fastifyError.statusCode === 413) {
    void reply.status(413).send(errorBody('PAYLOAD_TOO_LARGE', 'The request body is too large; send at most 1 MiB.'));
    return;
  }
  if (fastifyError.statusCode === 429) {
    void reply.status(429).send(errorBody('RATE_LIMITED', 'Too many requests; wait a minute and try again.'));
    return;
  }
  if (fastifyError.statusCode !== undefined && fastifyError.statusCode >= 400 && fastifyError.statusCode < 500) {
    void reply.status(fastifyError.statusCode).send(errorBody('BAD_REQUEST', 'The request cannot be processed.'));
    return;
  }
  request.log.error({ err: { type: error.name, message: error.message, stack: error.stack } }, 'unexpected error');
  void reply.status(500).send(errorBody('INTERNAL_ERROR', 'Something went wrong on the server; the error was logged.'));
}
