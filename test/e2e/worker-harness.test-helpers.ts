/**
 * An in-process worker wired like src/main.ts (snapshots ▶ transport cache ▶ real SmtpDeliverer
 * ▶ worker) over a real store, for tests that need deliveries without a server process.
 */
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { createSecretBox } from '../../src/config/secret-box.js';
import { ServerHealth, SmtpDeliverer } from '../../src/delivery/smtp/index.js';
import { TransportCache, type MessageSender } from '../../src/delivery/transport-cache.js';
import { TransportGate } from '../../src/delivery/transport-gate.js';
import { Worker } from '../../src/delivery/worker.js';
import type { SecretBox } from '../../src/domain/secrets.js';
import { createLogger } from '../../src/observability/logger.js';
import { createMetrics, type Metrics } from '../../src/observability/metrics.js';
import { ConfigSnapshots } from '../../src/settings/snapshot.js';
import type { Store } from '../../src/store/ports.js';

/** Fast retries for tests (API.md HERALD_RETRY_* semantics). */
export const FAST_LIMITS = { baseMs: 200, maxMs: 1000, maxAgeMs: 60_000 };

/** A worker and what it is built from. */
export interface WorkerHarness {
  worker: Worker;
  transports: TransportCache;
  snapshots: ConfigSnapshots;
  metrics: Metrics;
  logs: string[];
  stop(): Promise<void>;
}

/** Builds and starts a worker over `store`; `secrets`/`metrics`/`snapshots` may be shared with an in-process app. */
export function startWorker(
  store: Store,
  options: { secrets?: SecretBox; metrics?: Metrics; snapshots?: ConfigSnapshots; leaseMs?: number; concurrency?: number; limits?: typeof FAST_LIMITS; wrapSender?: (sender: MessageSender) => MessageSender } = {},
): WorkerHarness {
  const clock = () => new Date();
  const logs: string[] = [];
  const logger = createLogger(
    'warn',
    new Writable({
      write(chunk: Buffer, _encoding, done) {
        logs.push(chunk.toString());
        done();
      },
    }),
  );
  const secrets = options.secrets ?? createSecretBox(randomBytes(32));
  const metrics = options.metrics ?? createMetrics(store, clock);
  const snapshots = options.snapshots ?? new ConfigSnapshots(store, clock);
  const health = new ServerHealth({ now: clock });
  const wrap = options.wrapSender ?? ((sender: MessageSender) => sender);
  const transports = new TransportCache(store, secrets, [], (config) => wrap(new SmtpDeliverer(config, { clock: { now: clock }, health, maxConnections: 4 })));
  const worker = new Worker(
    {
      store,
      snapshots,
      transports,
      metrics,
      clock,
      random: Math.random,
      limits: options.limits ?? FAST_LIMITS,
      gate: new TransportGate(store.transportGates, options.limits ?? FAST_LIMITS, clock),
    },
    { concurrency: options.concurrency ?? 8, leaseMs: options.leaseMs ?? 2000 },
    logger,
  );
  worker.start();
  return {
    worker,
    transports,
    snapshots,
    metrics,
    logs,
    async stop() {
      await worker.stop();
      await transports.close();
    },
  };
}
