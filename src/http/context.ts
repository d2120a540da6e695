/**
 * What route handlers need, injected once when the app is built (no module singletons).
 */
import type { Logger } from 'pino';
import type { Config } from '../config/config.js';
import type { SecretBox } from '../domain/secrets.js';
import type { IngestService } from '../ingest/service.js';
import type { Metrics } from '../observability/metrics.js';
import type { TestMessageSender } from '../delivery/test-message.js';
import type { SettingsService } from '../settings/service.js';
import type { ConfigSnapshots } from '../settings/snapshot.js';
import type { Store } from '../store/ports.js';
import type { LoginLimits } from '../auth/login-limits.js';
import type { PasswordCheck } from '../auth/password-check.js';
import type { AuditLog } from '../audit/audit-log.js';

/** Dependencies of the HTTP app. */
export interface AppContext {
  config: Config;
  store: Store;
  secrets: SecretBox;
  logger: Logger;
  clock: () => Date;
  metrics: Metrics;
  snapshots: ConfigSnapshots;
  /** Every settings, rules, policy and certificate read and write. */
  settings: SettingsService;
  ingest: IngestService;
  /** Sends "Send test message" (real SMTP, transcripts): `diagnose` in production. */
  sendTestMessage: TestMessageSender;
  /** Folder of the built console (index.html), or null to serve no console. */
  consoleDir: string | null;
  /** Bounded scrypt for log-ins and password changes; default: a new one per app. */
  passwordCheck?: PasswordCheck;
  /** Failed-login limits; default `DEFAULT_LOGIN_LIMITS`. */
  loginLimits?: LoginLimits;
  /** The audit log (also the settings service's change listener). */
  audit: AuditLog;
}
