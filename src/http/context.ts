/**
 * What route handlers need, injected once when the app is built (no module singletons).
 */
import type { Logger } from 'pino';
import type { Config } from '../config/config.js';
import type { SecretBox } from '../domain/secrets.js';
import type { IngestService } from '../ingest/service.js';
import type { Metrics } from '../observability/metrics.js';
import type { ConfigSnapshots } from '../settings/snapshot.js';
import type { DeliveryReport, OutgoingMessage, TransportConfig } from '../delivery/smtp/types.js';
import type { Store } from '../store/ports.js';

/** Sends the test message ("Send test message"): real SMTP, fresh connections, transcripts. */
export type TestMessageSender = (
  config: TransportConfig,
  message: OutgoingMessage,
  options: { allServers: boolean },
) => Promise<DeliveryReport>;

/** Dependencies of the HTTP app. */
export interface AppContext {
  config: Config;
  store: Store;
  secrets: SecretBox;
  logger: Logger;
  clock: () => Date;
  metrics: Metrics;
  snapshots: ConfigSnapshots;
  ingest: IngestService;
  sendTestMessage: TestMessageSender;
  /** Folder of the built console (index.html), or null to serve no console. */
  consoleDir: string | null;
}
