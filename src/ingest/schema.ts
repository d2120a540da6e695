/**
 * JSON schema of `POST /api/v1/events` (Fastify validates with it and publishes it in the
 * OpenAPI document). Structure only; counts and content rules live in validate.ts.
 */
import { SEVERITIES } from '../domain/severity.js';

/** Most events one request may carry (API.md); more is a 413. */
export const MAX_EVENTS_PER_REQUEST = 1000;

/** Most bytes one events request may carry (API.md); more is a 413. */
export const MAX_EVENTS_BODY_BYTES = 1024 * 1024;

const text = (maxLength: number) => ({ type: ['string', 'null'], maxLength }) as const;

/** One event as an agent sends it. */
export const eventSchema = {
  type: 'object',
  required: ['id', 'occurredAt', 'severity', 'type'],
  properties: {
    id: { type: 'string', minLength: 1, maxLength: 200, description: "The client's idempotency key, unique across Herald." },
    occurredAt: { type: 'string', format: 'date-time', description: 'RFC 3339 time on the device.' },
    severity: { type: 'string', enum: [...SEVERITIES] },
    type: { type: 'string', minLength: 1, maxLength: 200, description: 'Event type, e.g. GNRL_EV_VIRUS_FOUND.' },
    typeName: text(500),
    description: text(65_536),
    device: {
      type: ['object', 'null'],
      properties: { id: text(200), name: text(255), domain: text(255), ip: text(64) },
    },
    application: {
      type: ['object', 'null'],
      properties: { id: text(200), name: text(255), version: text(100) },
    },
    task: text(500),
    data: { type: ['object', 'null'], additionalProperties: true },
  },
} as const;

/** The request body. */
export const ingestBodySchema = {
  type: 'object',
  required: ['events'],
  properties: { events: { type: 'array', minItems: 1, items: eventSchema } },
} as const;
