/**
 * `herald events send --file events.json`: posts a file of events (an array, or
 * `{"events": […]}`) to a running Herald, in requests of at most 1,000 events.
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { MAX_EVENTS_PER_REQUEST } from '../ingest/schema.js';
import { apiTarget, callApi, errorMessage } from './api-client.js';
import { CliError } from './errors.js';

/** Runs the command; exit code 0 when every batch was accepted. */
export async function runEventsSend(args: string[], out: NodeJS.WritableStream = process.stdout): Promise<number> {
  const { values } = parseArgs({ args, options: { file: { type: 'string' }, url: { type: 'string' }, token: { type: 'string' } } });
  if (values.file === undefined) throw new CliError('Pass --file events.json (an array of events or {"events": [...]}).');
  let document: unknown;
  try {
    document = JSON.parse(fs.readFileSync(values.file, 'utf8'));
  } catch (error) {
    throw new CliError(`Cannot read ${values.file} as JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
  const events = Array.isArray(document) ? document : (document as { events?: unknown }).events;
  if (!Array.isArray(events) || events.length === 0) throw new CliError(`${values.file} holds no events: expected an array or {"events": [...]}.`);
  const target = apiTarget(values.url, values.token);
  let accepted = 0;
  let duplicates = 0;
  for (let start = 0; start < events.length; start += MAX_EVENTS_PER_REQUEST) {
    const batch = events.slice(start, start + MAX_EVENTS_PER_REQUEST);
    const { status, body } = await callApi(target, 'POST', '/api/v1/events', { events: batch });
    if (status !== 202) {
      const message = errorMessage(body).replace(/events\[(\d+)\]/g, (_m, i: string) => `events[${start + Number(i)}]`);
      throw new CliError(`Herald refused events ${start}–${start + batch.length - 1} (HTTP ${status}) — ${message}; ${accepted} earlier events were accepted.`);
    }
    const result = body as { accepted: number; duplicates: number };
    accepted += result.accepted;
    duplicates += result.duplicates;
  }
  out.write(`Sent ${events.length} events: ${accepted} accepted, ${duplicates} duplicate${duplicates === 1 ? '' : 's'}.\n`);
  return 0;
}
