import { defaultGrouping, type Grouping } from './grouping.js';
import type { Severity } from './severity.js';

/** Which events become e-mails: by severity, with per-event-type overrides that win; and how they are grouped. */
export interface Rules {
  severities: Severity[];
  eventTypes: Record<string, boolean>;
  /** Storm control (a policy overrides it as a whole). */
  grouping: Grouping;
}

/** Default rules: critical and error notify (API.md), grouped by application and event type. */
export function defaultRules(): Rules {
  return { severities: ['critical', 'error'], eventTypes: {}, grouping: defaultGrouping() };
}

/** Pure: does an event of this type and severity notify under these rules? */
export function shouldNotify(rules: Rules, type: string, severity: Severity): boolean {
  const override = Object.prototype.hasOwnProperty.call(rules.eventTypes, type)
    ? rules.eventTypes[type]
    : undefined;
  return override ?? rules.severities.includes(severity);
}
