/**
 * The KSC-compatible template variables (API.md "Templates") and their values for an event.
 * One list, so validation, rendering and the console's help text cannot drift apart.
 */
import type { HeraldEvent } from '../domain/event.js';
import { severityDisplayName, severityNumber } from '../domain/severity.js';
import { TEMPLATE_VARIABLES } from '../domain/template-variables.js';

/** A variable name, without the surrounding `%`. */
export type TemplateVariable = (typeof TEMPLATE_VARIABLES)[number]['name'];

/** The value of every variable for one event. */
export type TemplateValues = Readonly<Record<TemplateVariable, string>>;

const NAMES: ReadonlySet<string> = new Set(TEMPLATE_VARIABLES.map((v) => v.name));

/** Type guard: is `name` (without `%`) a known variable? Case-sensitive, like KSC. */
export function isTemplateVariable(name: string): name is TemplateVariable {
  return NAMES.has(name);
}

/** `2026-11-28T04:00:00Z`: ISO 8601 UTC to the second (milliseconds dropped); '' for an invalid date. */
export function formatRiseTime(date: Date): string {
  const time = date.getTime();
  if (Number.isNaN(time)) return '';
  const iso = date.toISOString();
  // `YYYY-MM-DDTHH:MM:SS.mmmZ`: cut the milliseconds (extended years ±YYYYYY take the long way).
  if (iso.length === 24) return `${iso.slice(0, 19)}Z`;
  return new Date(Math.floor(time / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/**
 * The values of every variable for an event; anything the event lacks is ''. Two fallbacks
 * keep messages useful: `%EVENT%` uses the type when there is no type name, and `%KL_PRODUCT%`
 * the application id when there is no application name. Values are raw (may contain line
 * breaks); the renderer makes them safe for headers.
 */
export function eventTemplateValues(event: HeraldEvent): TemplateValues {
  return {
    SEVERITY: severityDisplayName(event.severity),
    KLCSAK_EVENT_SEVERITY_NUM: String(severityNumber(event.severity)),
    COMPUTER: event.device.name ?? '',
    DOMAIN: event.device.domain ?? '',
    EVENT: event.typeName ?? event.type,
    EVENT_TYPE: event.type,
    DESCR: event.description ?? '',
    RISE_TIME: formatRiseTime(event.occurredAt),
    KLCSAK_EVENT_TASK_DISPLAY_NAME: event.task ?? '',
    KL_PRODUCT: event.application.name ?? event.application.id ?? '',
    KL_VERSION: event.application.version ?? '',
    HOST_IP: event.device.ip ?? '',
    HOST_CONN_IP: event.sourceIp ?? '',
    EVENT_ID: event.id,
    EVENT_COUNT: '1',
    DEVICE_COUNT: '1',
    FIRST_TIME: formatRiseTime(event.occurredAt),
    LAST_TIME: formatRiseTime(event.occurredAt),
    EVENT_LIST: eventListLine(event),
  };
}

/** One line of `%EVENT_LIST%`: time, device, what happened (the description's first line). */
export function eventListLine(event: HeraldEvent): string {
  const what = (event.description ?? '').split(/\r\n|\r|\n/, 1)[0]?.trim() ?? '';
  const device = event.device.name ?? event.device.ip ?? event.device.id ?? '?';
  return `${formatRiseTime(event.occurredAt)}  ${device}  ${event.typeName ?? event.type}${what === '' ? '' : `: ${what}`}`;
}

/** What a digest covers, as the store summarises a group's pending events. */
export interface DigestFacts {
  /** The newest events, newest first (at least `maxListed` of them when there are that many). */
  newest: readonly HeraldEvent[];
  eventCount: number;
  deviceCount: number;
  firstOccurredAt: Date;
  lastOccurredAt: Date;
  /** Lines listed in %EVENT_LIST% before "… and N more". */
  maxListed: number;
}

/**
 * The values for a digest: the single-event variables take the newest event's values (API.md),
 * the digest variables the group's counts, span and list.
 */
export function digestTemplateValues(digest: DigestFacts): TemplateValues {
  const latest = digest.newest[0];
  if (latest === undefined) throw new Error('a digest covers at least one event');
  const listed = digest.newest.slice(0, digest.maxListed).map(eventListLine);
  const more = digest.eventCount - listed.length;
  if (more > 0) listed.push(`… and ${more} more`);
  return {
    ...eventTemplateValues(latest),
    EVENT_COUNT: String(digest.eventCount),
    DEVICE_COUNT: String(digest.deviceCount),
    FIRST_TIME: formatRiseTime(digest.firstOccurredAt),
    LAST_TIME: formatRiseTime(digest.lastOccurredAt),
    EVENT_LIST: listed.join('\n'),
  };
}

/** A realistic event for previews in the console and for checking templates when settings are saved. */
export function sampleEvent(): HeraldEvent {
  return {
    id: '7d0c2f4e-5b1a-4c39-9d2e-3f6a8b1c0e57',
    occurredAt: new Date('2026-11-28T04:00:00Z'),
    receivedAt: new Date('2026-11-28T04:00:02Z'),
    severity: 'critical',
    type: 'GNRL_EV_VIRUS_FOUND',
    typeName: 'Malicious object detected',
    description:
      'Trojan.Win32.Agent.xyz detected in C:\\Users\\jdoe\\Downloads\\invoice_2026-11.pdf.exe\nResult: Deleted',
    device: { id: 'b1e6a0c4-2d7f-4e8a-9c13-5f0b7d2e4a61', name: 'WKS-042', domain: 'CORP', ip: '10.1.2.3' },
    application: { id: 'kes', name: 'Kaspersky Endpoint Security for Windows', version: '12.1.0.506' },
    task: 'Virus scan',
    data: { path: 'C:\\Users\\jdoe\\Downloads\\invoice_2026-11.pdf.exe' },
    sourceIp: '10.1.0.15',
  };
}
