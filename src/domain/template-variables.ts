/**
 * The KSC-compatible template variables (API.md "Templates"): the closed list. No imports,
 * because the console imports it too (its German descriptions are keyed by these names);
 * their values for an event are `templates/variables.ts`.
 */

/** Every variable with a one-line English description, in the order the console lists them. */
export const TEMPLATE_VARIABLES = [
  { name: 'SEVERITY', description: 'Severity: Critical, Functional failure, Warning or Info.' },
  { name: 'KLCSAK_EVENT_SEVERITY_NUM', description: 'Severity as a number: 1 Info, 2 Warning, 3 Functional failure, 4 Critical.' },
  { name: 'COMPUTER', description: 'Name of the device the event happened on.' },
  { name: 'DOMAIN', description: 'Windows domain or workgroup of the device.' },
  { name: 'EVENT', description: 'Display name of the event type (the type itself when the application sent no name).' },
  { name: 'EVENT_TYPE', description: 'Event type identifier, e.g. GNRL_EV_VIRUS_FOUND.' },
  { name: 'DESCR', description: 'Event description as the application reported it.' },
  { name: 'RISE_TIME', description: 'When the event happened on the device, ISO 8601 in UTC (2026-11-28T04:00:00Z).' },
  { name: 'KLCSAK_EVENT_TASK_DISPLAY_NAME', description: 'Name of the task that raised the event.' },
  { name: 'KL_PRODUCT', description: 'Name of the application that reported the event (its id when no name was sent).' },
  { name: 'KL_VERSION', description: 'Version of the application that reported the event.' },
  { name: 'HOST_IP', description: 'IP address of the device, as the agent reported it.' },
  { name: 'HOST_CONN_IP', description: 'IP address the event was received from.' },
  { name: 'EVENT_ID', description: 'Unique id of the event.' },
  { name: 'EVENT_COUNT', description: 'How many events the message covers (a digest: all events of the group since its last message; otherwise 1).' },
  { name: 'DEVICE_COUNT', description: 'On how many different devices those events happened.' },
  { name: 'FIRST_TIME', description: 'When the earliest of those events happened (ISO 8601, UTC).' },
  { name: 'LAST_TIME', description: 'When the latest of those events happened (ISO 8601, UTC).' },
  { name: 'EVENT_LIST', description: 'One line per event, newest first, at most "maxListed" lines, then "… and N more".' },
] as const satisfies ReadonlyArray<{ name: string; description: string }>;
