/**
 * Wires the process together: config ▶ master key ▶ store ▶ services ▶ roles (api, worker).
 * No logic of its own beyond start and orderly shutdown.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FastifyInstance } from 'fastify';
import type { Config } from './config/config.js';
import { loadMasterKeys } from './config/master-key.js';
import { createSecretBox } from './config/secret-box.js';
import type { SecretBox } from './domain/secrets.js';
import { hashPassword } from './auth/passwords.js';
import { DeliveryThread } from './delivery/thread/delivery-thread.js';
import { TransportCache } from './delivery/transport-cache.js';
import { requestToken, TokenCache, type TokenFetcher } from './delivery/oauth/index.js';
import { TransportGate } from './delivery/transport-gate.js';
import { Worker } from './delivery/worker.js';
import { GroupScheduler } from './grouping/scheduler.js';
import { buildApp } from './http/app.js';
import { AuditLog } from './audit/audit-log.js';
import { IngestService } from './ingest/service.js';
import { createLogger, type Logger } from './observability/logger.js';
import { createMetrics, type Metrics } from './observability/metrics.js';
import { Pruner } from './outbox/retention.js';
import { SettingsService } from './settings/service.js';
import { ConfigSnapshots } from './settings/snapshot.js';
import { openStore } from './store/open.js';
import type { Store } from './store/ports.js';

/** Which parts run in this process (`herald serve --role`). */
export type Role = 'api' | 'worker' | 'all';

/** A running Herald. */
export interface RunningHerald {
  url: string | null;
  store: Store;
  stop(): Promise<void>;
}

/** Where the built console lives (dist/web next to dist/src). */
export function defaultConsoleDir(): string {
  const here = path.dirname(fileURLToPath(import.meta.url));
  // dist/src/main.js → dist/web ; src/main.ts (tsx) → dist/web
  return path.resolve(here, '..', here.includes(`${path.sep}dist${path.sep}`) ? 'web' : 'dist/web');
}

/** Starts Herald with the given configuration and role. */
export async function startHerald(config: Config, role: Role, output: NodeJS.WritableStream = process.stdout): Promise<RunningHerald> {
  const core = await openCore(config, output);
  const background = role === 'api' ? null : startBackground(core);
  const api = role === 'worker' ? null : await startApi(core, output);
  // The API role announces itself with its URL; a worker-only process says it is delivering,
  // so an operator (and a supervisor waiting for readiness) sees it came up.
  if (api === null) output.write('Herald worker is running (role worker: delivers the outbox, serves no HTTP)\n');
  core.logger.info({ role, store: core.store.kind, url: api?.url ?? null }, 'herald started');
  let stopping: Promise<void> | null = null;
  return {
    url: api?.url ?? null,
    store: core.store,
    stop() {
      stopping ??= stopAll(core, background, api);
      return stopping;
    },
  };
}

/** What every role shares: the store and the services over it. */
interface Core {
  config: Config;
  logger: Logger;
  clock: () => Date;
  secrets: SecretBox;
  store: Store;
  metrics: Metrics;
  snapshots: ConfigSnapshots;
  ingest: IngestService;
  transports: TransportCache;
  deliveryThread: DeliveryThread;
  fetchToken: TokenFetcher;
}

/** The worker's parts (roles `worker` and `all`). */
interface Background {
  worker: Worker;
  pruner: Pruner;
  scheduler: GroupScheduler;
}

/** The HTTP part (roles `api` and `all`). */
interface Api {
  app: FastifyInstance;
  url: string;
}

/** Master key ▶ store ▶ first admin ▶ leases taken back (SQLite) ▶ services. */
async function openCore(config: Config, output: NodeJS.WritableStream): Promise<Core> {
  const logger: Logger = createLogger(config.logLevel);
  const clock = () => new Date();
  const masterKeys = loadMasterKeys(config.masterKeys, config.dataDir);
  const secrets = createSecretBox(masterKeys.keys);
  if (secrets.keyIds.length > 1) {
    logger.warn({ currentKeyId: secrets.currentKeyId, keyIds: secrets.keyIds }, 'several master keys are configured: a key rotation is under way or was interrupted; finish it with `herald admin rotate-key`');
  }
  const store = await openStore({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    sqliteSync: config.sqliteSync,
    ...(config.databaseSchema !== null ? { postgresSchema: config.databaseSchema } : {}),
  });
  await bootstrapAdmin(store, config, output);
  if (store.kind === 'sqlite') {
    const released = await store.notifications.releaseAllLeases();
    if (released > 0) logger.info({ released }, 'took back leases left by an earlier process');
  }
  const metrics = createMetrics(store, clock);
  const snapshots = new ConfigSnapshots(store, clock);
  // One token cache for every delivery and pooled connection: a token is fetched once per settings.
  const fetchToken: TokenFetcher = (grant, now) => requestToken(grant, now);
  const tokens = new TokenCache(fetchToken, clock);
  // SMTP (MIME, pooled sessions, server health) runs in a thread of its own; see delivery-thread.ts.
  const deliveryThread = new DeliveryThread({ maxConnections: config.smtpMaxConnections, tokens, logger });
  const transports = new TransportCache(store, secrets, config.dnsServers, (transport) => deliveryThread.sender(transport));
  const ingest = new IngestService(store, snapshots, metrics, clock);
  return { config, logger, clock, secrets, store, metrics, snapshots, ingest, transports, deliveryThread, fetchToken };
}

/** Starts the delivery worker and the retention pruner. */
function startBackground({ config, logger, clock, store, snapshots, transports, deliveryThread, metrics }: Core): Background {
  deliveryThread.start();
  const worker = new Worker(
    {
      store,
      snapshots,
      transports,
      metrics,
      clock,
      random: Math.random,
      limits: { baseMs: config.retryBaseMs, maxMs: config.retryMaxMs, maxAgeMs: config.maxAgeMs },
      gate: new TransportGate(store.transportGates, { baseMs: config.retryBaseMs, maxMs: config.retryMaxMs }, clock),
    },
    { concurrency: config.workerConcurrency, leaseMs: config.leaseMs },
    logger,
  );
  worker.start();
  // Storm control: turns due groups into first/digest notifications.
  const scheduler = new GroupScheduler(store, snapshots, clock, logger);
  scheduler.start();
  const pruner = new Pruner(store, config, clock, logger);
  pruner.start();
  return { worker, pruner, scheduler };
}

/** Builds the HTTP app over the core and listens. */
async function startApi(core: Core, output: NodeJS.WritableStream): Promise<Api> {
  const { config, store, secrets, logger, clock, metrics, snapshots, ingest, fetchToken } = core;
  const audit = new AuditLog(store, clock);
  const app = await buildApp({
    config,
    store,
    secrets,
    logger,
    clock,
    metrics,
    snapshots,
    settings: new SettingsService({ store, secrets, snapshots, clock, onChange: audit.onSettingsChange }),
    audit,
    ingest,
    // A test diagnoses the credentials: its own token, fetched fresh, not the delivery cache's.
    // Loaded on the first test: SMTP code (nodemailer) otherwise lives only in the delivery thread.
    sendTestMessage: async (transport, message, options) => {
      const { diagnose } = await import('./delivery/smtp/diagnose.js');
      return diagnose(transport, message, { ...options, tokens: new TokenCache(fetchToken, clock) });
    },
    consoleDir: defaultConsoleDir(),
  });
  const address = await app.listen({ host: config.listen.host, port: config.listen.port });
  // Fastify names the scheme from its own `https` option; ours comes through a server factory.
  const url = config.tls === null ? address : address.replace(/^http:/, 'https:');
  output.write(`Herald is listening on ${url} (console: ${url}/, API: ${url}/api/v1, OpenAPI: ${url}/api/openapi.json)\n`);
  return { app, url };
}

/** Orderly shutdown: no new requests ▶ no new claims, attempts in flight recorded ▶ connections ▶ store. */
async function stopAll(core: Core, background: Background | null, api: Api | null): Promise<void> {
  try {
    await api?.app.close();
    await background?.pruner.stop();
    await background?.scheduler.stop();
    await background?.worker.stop();
    await core.transports.close();
  } finally {
    // Whatever failed above, the thread ends and the store is closed (its WAL checkpointed).
    await core.deliveryThread.close();
    await core.store.close();
  }
  core.logger.info('herald stopped');
}

/**
 * First start without HERALD_ADMIN_TOKEN and without any admin: create `admin` with a random
 * password and print both once (the only time the password exists in clear).
 */
async function bootstrapAdmin(store: Store, config: Config, output: NodeJS.WritableStream): Promise<void> {
  if (config.adminToken !== null || (await store.users.count()) > 0) return;
  const password = randomBytes(18).toString('base64url');
  await store.users.create({ id: randomUUID(), username: 'admin', passwordHash: await hashPassword(password), createdAt: new Date() });
  output.write(
    [
      '',
      '  Herald created the first administrator. Note the password now; it is not shown again:',
      '    user:     admin',
      `    password: ${password}`,
      '',
    ].join('\n') + '\n',
  );
}
