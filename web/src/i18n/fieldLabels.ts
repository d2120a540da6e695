/**
 * The API's `error.field` (`recipients[2]`, `settings.auth.oauth2.clientId`, `/port`) as the
 * label the admin sees on the form, so no message ever shows a JSON key.
 */
import type { MessageKey } from './en';

/** Label keys by field path (list indices removed, `body`/`settings`/`email` wrappers dropped). */
const LABELS: Readonly<Record<string, MessageKey>> = {
  recipients: 'settings.recipients',
  servers: 'settings.servers',
  port: 'settings.port',
  useMx: 'settings.useMx',
  helo: 'settings.helo',
  auth: 'settings.auth',
  'auth.enabled': 'settings.auth',
  'auth.mechanism': 'settings.mechanism',
  'auth.username': 'settings.username',
  'auth.password': 'settings.password',
  'auth.allowUnencrypted': 'settings.allowUnencrypted',
  'auth.oauth2': 'settings.mechanism.oauth2',
  'auth.oauth2.provider': 'oauth.provider',
  'auth.oauth2.tenant': 'oauth.tenant',
  'auth.oauth2.clientId': 'oauth.clientId',
  'auth.oauth2.clientSecret': 'oauth.clientSecret',
  'auth.oauth2.serviceAccountKey': 'oauth.serviceAccountKey',
  'auth.oauth2.tokenUrl': 'oauth.tokenUrl',
  tls: 'settings.tlsLegend',
  'tls.mode': 'settings.tlsLegend',
  'tls.implicit': 'settings.implicit',
  'tls.minVersion': 'settings.minVersion',
  'tls.verifyHostname': 'settings.verifyHostname',
  'tls.serverName': 'settings.serverName',
  'tls.serverCa': 'settings.caFile',
  'tls.clientCertificate': 'settings.clientCert',
  sender: 'settings.sender',
  subject: 'settings.subject',
  body: 'settings.body',
  digestSubject: 'storm.digestSubject',
  digestBody: 'storm.digestBody',
  rateLimit: 'storm.rateLimit',
  'rateLimit.perMinute': 'storm.rateLimit',
  severities: 'rules.severities',
  eventTypes: 'rules.eventTypes',
  grouping: 'storm.grouping',
  'grouping.by': 'storm.groupBy',
  'grouping.waitSeconds': 'storm.waitSeconds',
  'grouping.intervalSeconds': 'storm.intervalSeconds',
  'grouping.idleSeconds': 'storm.idleSeconds',
  'grouping.maxListed': 'storm.maxListed',
  currentPassword: 'account.current',
  newPassword: 'account.new',
};

/** Normalises JSON-pointer or dotted paths and drops the `body`/`settings`/`email` wrappers. */
export function normaliseFieldPath(field: string): string {
  let path = field.trim();
  if (path.startsWith('/')) path = path.slice(1).replace(/\/(\d+)(?=\/|$)/g, '[$1]').replace(/\//g, '.');
  path = path.replace(/\.(\d+)(?=\.|$)/g, '[$1]');
  for (const prefix of ['body.', 'settings.', 'email.']) {
    if (path.startsWith(prefix)) path = path.slice(prefix.length);
  }
  return path;
}

/** The label key of an API field, or undefined when the console has no control for it. */
export function fieldLabelKey(field: string | undefined): MessageKey | undefined {
  if (field === undefined) return undefined;
  // a policy's fields sit under `email.` (dropped above) and `rules.`
  const path = normaliseFieldPath(field).replace(/\[\d+\]/g, '').replace(/^rules\./, '');
  return Object.hasOwn(LABELS, path) ? LABELS[path] : undefined;
}
