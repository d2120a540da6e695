/**
 * The HTTP app in-process over a real store (`app.inject`), for API tests that do not need a
 * separate process. Log lines are captured so tests can prove secrets never reach them.
 */
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { loadConfig } from '../../src/config/config.js';
import { createSecretBox } from '../../src/config/secret-box.js';
import { diagnose } from '../../src/delivery/smtp/index.js';
import { requestToken, TokenCache } from '../../src/delivery/oauth/index.js';
import type { AppContext } from '../../src/http/context.js';
import { buildApp } from '../../src/http/app.js';
import { IngestService } from '../../src/ingest/service.js';
import { createLogger } from '../../src/observability/logger.js';
import { createMetrics } from '../../src/observability/metrics.js';
import { SettingsService } from '../../src/settings/service.js';
import { AuditLog } from '../../src/audit/audit-log.js';
import { ConfigSnapshots } from '../../src/settings/snapshot.js';
import type { Store } from '../../src/store/ports.js';

/** An in-process app and what it logged. */
export interface TestApp {
  app: FastifyInstance;
  context: AppContext;
  adminToken: string;
  logs: string[];
  /** `app.inject` with the admin token and JSON; `T` is the expected answer shape (not checked). */
  call<T = unknown>(method: string, url: string, body?: unknown, token?: string | null): Promise<{ status: number; body: T; raw: string }>;
}

/**
 * Builds the app over `store` with a fresh master key and an admin token. `tokenCa`: the CA of a
 * local OAuth token endpoint, trusted by this app's token requests only; any other option
 * replaces that part of the app's context.
 */
export async function buildTestApp(store: Store, env: Record<string, string> = {}, options: { tokenCa?: string } & Partial<AppContext> = {}): Promise<TestApp> {
  const { tokenCa, ...overrides } = options;
  const adminToken = randomBytes(24).toString('hex');
  const config = loadConfig({ HERALD_ADMIN_TOKEN: adminToken, HERALD_LOG_LEVEL: 'debug', ...env });
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logs.push(chunk.toString());
      done();
    },
  });
  const clock = () => new Date();
  const metrics = createMetrics(store, clock);
  const snapshots = new ConfigSnapshots(store, clock);
  const secrets = createSecretBox(randomBytes(32));
  const audit = new AuditLog(store, clock);
  const context: AppContext = {
    config,
    store,
    secrets,
    logger: createLogger('debug', sink),
    clock,
    metrics,
    snapshots,
    settings: new SettingsService({ store, secrets, snapshots, clock, onChange: audit.onSettingsChange }),
    audit,
    ingest: new IngestService(store, snapshots, metrics, clock),
    sendTestMessage: (transport, message, test) =>
      diagnose(transport, message, {
        ...test,
        tokens: new TokenCache((grant, now) => requestToken(grant, now, tokenCa === undefined ? {} : { ca: tokenCa }), clock),
      }),
    consoleDir: null,
    ...overrides,
  };
  const app = await buildApp(context);
  await app.ready();
  return {
    app,
    context,
    adminToken,
    logs,
    async call<T>(method: string, url: string, body?: unknown, token: string | null = adminToken) {
      const response = await app.inject({
        method: method as 'GET',
        url,
        headers: {
          ...(token === null ? {} : { authorization: `Bearer ${token}` }),
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { payload: typeof body === 'string' ? body : JSON.stringify(body) }),
      });
      const raw = response.body;
      let parsed: unknown = raw;
      try {
        parsed = raw === '' ? null : JSON.parse(raw);
      } catch {
        // not JSON (metrics)
      }
      return { status: response.statusCode, body: parsed as T, raw };
    },
  };
}
