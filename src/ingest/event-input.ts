/**
 * Turns validated request JSON into stored events. Fastify has already checked the structure
 * against schema.ts; this adds what a schema cannot say and fixes the received time.
 */
import type { HeraldEvent } from '../domain/event.js';
import { InputError } from '../domain/errors.js';
import { markStorable, storableText } from '../domain/text.js';
import type { Severity } from '../domain/severity.js';
import { MAX_EVENTS_PER_REQUEST } from './schema.js';

/** An event as it arrives (after schema validation). */
export interface EventInput {
  id: string;
  occurredAt: string;
  severity: Severity;
  type: string;
  typeName?: string | null;
  description?: string | null;
  device?: { id?: string | null; name?: string | null; domain?: string | null; ip?: string | null } | null;
  application?: { id?: string | null; name?: string | null; version?: string | null } | null;
  task?: string | null;
  data?: Record<string, unknown> | null;
}

/**
 * Converts a batch; throws 413 beyond the per-request limit and 400 for an impossible time.
 * `inputs` must come from a JSON body parsed by `http/json-body.ts` (NUL and lone surrogates
 * already replaced): the events are marked storable (`markStorable`), so the store does not
 * check their text a second time; the source address is made storable here.
 */
export function toEvents(inputs: readonly EventInput[], receivedAt: Date, sourceIp: string | null): HeraldEvent[] {
  if (inputs.length > MAX_EVENTS_PER_REQUEST) {
    throw new InputError(
      'PAYLOAD_TOO_LARGE',
      `A request may carry at most ${MAX_EVENTS_PER_REQUEST} events (this one has ${inputs.length}); split the batch.`,
      'events',
      413,
    );
  }
  const source = sourceIp === null ? null : storableText(sourceIp);
  return inputs.map((input, index) => {
    const occurredAt = new Date(input.occurredAt);
    if (Number.isNaN(occurredAt.getTime())) {
      throw new InputError('VALIDATION_FAILED', `"events[${index}].occurredAt" is not a valid RFC 3339 time.`, `events[${index}].occurredAt`);
    }
    return markStorable<HeraldEvent>({
      id: input.id,
      occurredAt,
      receivedAt,
      severity: input.severity,
      type: input.type,
      typeName: input.typeName ?? null,
      description: input.description ?? null,
      device: {
        id: input.device?.id ?? null,
        name: input.device?.name ?? null,
        domain: input.device?.domain ?? null,
        ip: input.device?.ip ?? null,
      },
      application: {
        id: input.application?.id ?? null,
        name: input.application?.name ?? null,
        version: input.application?.version ?? null,
      },
      task: input.task ?? null,
      data: input.data ?? null,
      sourceIp: source,
    });
  });
}
