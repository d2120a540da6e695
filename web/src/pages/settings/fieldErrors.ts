/**
 * Maps the API's `error.field` (`recipients[2]`, `tls.implicit`, `settings.port`, `/port`) to
 * the form control it belongs to, so the error can be shown next to that control.
 */
import { normaliseFieldPath } from '../../i18n/fieldLabels';

/** Re-exported for the pages that map API fields to their own controls. */
export { normaliseFieldPath };

/** Form control keys that can carry an error; also their DOM ids (`settings-<key>` with `.` → `-`). */
export type SettingsFieldKey =
  | 'recipients'
  | 'servers'
  | 'port'
  | 'useMx'
  | 'helo'
  | 'auth.enabled'
  | 'auth.username'
  | 'auth.password'
  | 'auth.mechanism'
  | 'auth.allowUnencrypted'
  | 'auth.oauth2.provider'
  | 'auth.oauth2.tenant'
  | 'auth.oauth2.clientId'
  | 'auth.oauth2.clientSecret'
  | 'auth.oauth2.serviceAccountKey'
  | 'auth.oauth2.tokenUrl'
  | 'auth.oauth2.scope'
  | 'tls.mode'
  | 'tls.implicit'
  | 'tls.minVersion'
  | 'tls.verifyHostname'
  | 'tls.serverName'
  | 'tls.serverCa'
  | 'tls.clientCertificate'
  | 'sender'
  | 'subject'
  | 'body'
  | 'digestSubject'
  | 'digestBody'
  | 'rateLimit.perMinute';

const KEYS: ReadonlySet<string> = new Set<SettingsFieldKey>([
  'recipients',
  'servers',
  'port',
  'useMx',
  'helo',
  'auth.enabled',
  'auth.username',
  'auth.password',
  'auth.mechanism',
  'auth.allowUnencrypted',
  'auth.oauth2.provider',
  'auth.oauth2.tenant',
  'auth.oauth2.clientId',
  'auth.oauth2.clientSecret',
  'auth.oauth2.serviceAccountKey',
  'auth.oauth2.tokenUrl',
  'auth.oauth2.scope',
  'tls.mode',
  'tls.implicit',
  'tls.minVersion',
  'tls.verifyHostname',
  'tls.serverName',
  'tls.serverCa',
  'tls.clientCertificate',
  'sender',
  'subject',
  'body',
  'digestSubject',
  'digestBody',
  'rateLimit.perMinute',
]);

/** Where an API field points in the form: the control and, for lists, the entry index. */
export interface FieldTarget {
  key: SettingsFieldKey;
  index: number | null;
}

/** The control an API field belongs to, or null when the form has none. */
export function fieldTarget(field: string | undefined): FieldTarget | null {
  if (field === undefined) return null;
  const path = normaliseFieldPath(field);
  const list = /^(recipients|servers)(?:\[(\d+)\])?$/.exec(path);
  if (list !== null) return { key: list[1] as SettingsFieldKey, index: list[2] === undefined ? null : Number(list[2]) };
  if (path === 'auth') return { key: 'auth.username', index: null };
  if (path === 'tls') return { key: 'tls.mode', index: null };
  if (KEYS.has(path)) return { key: path as SettingsFieldKey, index: null };
  return null;
}

/** The DOM id of a settings control. */
export function controlId(key: SettingsFieldKey): string {
  return 'settings-' + key.replace(/\./g, '-');
}
