/**
 * `herald events send --file events.json`: posts a file of events (an array, or
 * `{"events": […]}`) to a running Herald, in requests of at most 1,000 events.
 */
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { MAX_EVENTS_PER_REQUEST } from '../ingest/schema.js';
import { apiTarget, callApi, CONNECTION_HELP, CONNECTION_OPTIONS, errorMessage } from './api-client.js';
import type { CommandHelp } from './help.js';
import { CliError } from './errors.js';
import { count, formatNumber, itemRange } from './wording.js';

// `duplicates` pairs these two declarations with test-message.ts's: every command declares its options and help as data of this shape (help.ts prints it).
/** The command's options (`parseArgs` config). */
export const EVENTS_SEND_OPTIONS = {
  file: { type: 'string' },
  ...CONNECTION_OPTIONS,
} as const;

/** `herald events send --help`. */
export const EVENTS_SEND_HELP: CommandHelp<keyof typeof EVENTS_SEND_OPTIONS> = {
  name: 'events send',
  brief: 'report the events in a JSON file to a running Herald',
  summary: `Reports the events in a JSON file to a running Herald, as an agent does (in requests of at most ${formatNumber(MAX_EVENTS_PER_REQUEST)} events).`,
  options: {
    file: { value: 'FILE', text: 'the events: a JSON array of events, or {"events": [...]} (required)' },
    ...CONNECTION_HELP,
  },
  notes: [
    'Each event needs "id" (unique: a re-sent id counts as a duplicate), "occurredAt" (ISO 8601),',
    '"severity" (critical, error, warning or info) and "type"; "description", "device", "application",',
    '"task" and "data" are optional (see docs/API.md, "Events").',
    'Takes an agent or an admin token. Exit status: 0 when every event was accepted, 1 otherwise.',
  ],
};

/** Runs the command; exit code 0 when every batch was accepted. */
export async function runEventsSend(args: string[], out: NodeJS.WritableStream = process.stdout): Promise<number> {
  const { values } = parseArgs({ args, options: EVENTS_SEND_OPTIONS });
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
      // `events[i]` is the event's index in the file (0-based, as jq shows it), not in this request.
      const message = errorMessage(body).replace(/events\[(\d+)\]/g, (_m, i: string) => `events[${start + Number(i)}]`);
      const before = start === 0 ? 'nothing was accepted' : `the ${count(start, 'event')} before them were accepted`;
      throw new CliError(
        `Herald refused ${itemRange(start + 1, start + batch.length, 'event')} of ${count(events.length, 'event')} (HTTP ${status}) — ${message}; ${before}.`,
      );
    }
    const result = body as { accepted: number; duplicates: number };
    accepted += result.accepted;
    duplicates += result.duplicates;
  }
  const duplicateText = duplicates === 0 ? 'no duplicates' : count(duplicates, 'duplicate');
  out.write(`Sent ${count(events.length, 'event')}: ${formatNumber(accepted)} accepted, ${duplicateText}.\n`);
  return 0;
}
