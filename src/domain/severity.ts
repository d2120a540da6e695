/** How bad an event is, as agents report it (KSC's four levels). */
export type Severity = 'critical' | 'error' | 'warning' | 'info';

/** Every severity, most severe first; the order the console lists them in. */
export const SEVERITIES: readonly Severity[] = ['critical', 'error', 'warning', 'info'];

/** Type guard for untrusted input. */
export function isSeverity(value: unknown): value is Severity {
  return typeof value === 'string' && (SEVERITIES as readonly string[]).includes(value);
}

/** KSC's display name of a severity, the value of `%SEVERITY%`. */
export function severityDisplayName(severity: Severity): string {
  switch (severity) {
    case 'critical':
      return 'Critical';
    case 'error':
      return 'Functional failure';
    case 'warning':
      return 'Warning';
    case 'info':
      return 'Info';
  }
}

/** KSC's numeric severity (`%KLCSAK_EVENT_SEVERITY_NUM%`): 1 info … 4 critical. */
export function severityNumber(severity: Severity): 1 | 2 | 3 | 4 {
  switch (severity) {
    case 'critical':
      return 4;
    case 'error':
      return 3;
    case 'warning':
      return 2;
    case 'info':
      return 1;
  }
}
