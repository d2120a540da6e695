/**
 * The outbox worker's sender: one per settings version, pooled connections per server,
 * failover in configured order with recently failed servers last, no transcripts. The MIME
 * is built once per message; everything after is moving bytes.
 */
import type { DeliveryReport, OutgoingMessage, SmtpAttempt, TransportConfig } from './types.js';
import { MX_CACHE_TTL_MS, POOL_IDLE_TIMEOUT_MS, WORKER_TIMEOUTS, type SmtpTimeouts } from './timeouts.js';
import { buildMessage, cachedMailboxParser, type BuiltMessage } from './mime.js';
import { createHostResolver, planTargets, type HostResolver, type PlanStep, type Target } from './resolve.js';
import { configSecrets } from './secrets.js';
import type { TokenSource } from '../oauth/token-cache.js';
import { failureFromError } from './failure.js';
import { failedAttempt, sentAttempt, withPlaintextReason } from './attempt.js';
import { isPermanentAttempt, summarize } from './report.js';
import { ServerHealth, type Clock } from './health.js';
import { TargetPool } from './pool.js';

/** Connections per server when not configured. */
export const DEFAULT_MAX_CONNECTIONS = 5;

/** Dependencies and tuning of a deliverer. */
export interface SmtpDelivererOptions {
  clock: Clock;
  /** Shared across deliverers so a settings change does not forget a dead host; default: a new one. */
  health?: ServerHealth;
  /** Most open connections per server. */
  maxConnections?: number;
  timeouts?: Partial<SmtpTimeouts>;
  /** Idle pooled connections are closed after this many ms. */
  idleTimeoutMs?: number;
  /** The process-wide token cache (required when the config uses OAuth). */
  tokens?: TokenSource;
}

function keyOf(target: { server: string; port: number }): string {
  return `${target.server}:${target.port}`;
}

/** Pooled SMTP delivery for one transport configuration. */
export class SmtpDeliverer {
  private readonly health: ServerHealth;
  private readonly timeouts: SmtpTimeouts;
  private readonly secrets: readonly string[];
  private readonly resolver: HostResolver;
  private readonly pools = new Map<string, TargetPool>();
  private readonly parseMailbox = cachedMailboxParser();
  private plan: { steps: Promise<PlanStep[]>; until: number } | null = null;
  private closed = false;

  constructor(
    private readonly config: TransportConfig,
    private readonly options: SmtpDelivererOptions,
  ) {
    this.health = options.health ?? new ServerHealth(options.clock);
    this.timeouts = { ...WORKER_TIMEOUTS, ...options.timeouts };
    this.secrets = configSecrets(config);
    this.resolver = createHostResolver(config.dnsServers, this.timeouts.dnsMs);
  }

  /** Delivers one message; never throws for SMTP trouble (the report says what happened). */
  async send(message: OutgoingMessage): Promise<DeliveryReport> {
    if (this.closed) throw new Error('The SMTP deliverer is closed');
    const built = await buildMessage(message, undefined, this.parseMailbox);
    const steps = this.health.order(await this.currentPlan(), (s) => keyOf(s.kind === 'target' ? s.target : s));
    const attempts: SmtpAttempt[] = [];
    for (const step of steps) {
      if (step.kind === 'failed') {
        attempts.push(failedAttempt(step.server, step.port, failureFromError(step.error, 'connect', this.secrets), null, [], undefined));
        this.health.failed(keyOf(step));
        continue;
      }
      const attempt = await this.attempt(step.target, built);
      attempts.push(attempt);
      if (attempt.ok) {
        this.health.succeeded(keyOf(step.target));
        break;
      }
      // No token: every server would fail the same way, and none of them is to blame.
      if (attempt.stage === 'token' || isPermanentAttempt(attempt)) break;
      this.health.failed(keyOf(step.target));
    }
    return summarize(attempts);
  }

  /** Closes every pooled connection (QUIT); the deliverer takes no more messages. */
  async close(): Promise<void> {
    this.closed = true;
    const pools = [...this.pools.values()];
    this.pools.clear();
    await Promise.all(pools.map((pool) => pool.close()));
  }

  private async attempt(target: Target, built: BuiltMessage): Promise<SmtpAttempt> {
    const pool = this.poolFor(target);
    for (let tries = 0; ; tries += 1) {
      const acquired = await pool.acquire();
      if (!acquired.ok) return failedAttempt(target.server, target.port, acquired.failure, acquired.tls, [], acquired.note);
      const { lease } = acquired;
      const result = await lease.session.send(built.envelope, built.raw);
      if (result.ok) {
        pool.release(lease);
      } else if (result.connectionLost) {
        // A reused connection the server had dropped: nothing was accepted, try a fresh one once.
        if (lease.reused && tries === 0) continue;
      } else if (await lease.session.reset()) {
        pool.release(lease);
      }
      return withPlaintextReason(sentAttempt(target, result, lease.session.tls, [], lease.note, lease.session.token), lease.plaintextReason);
    }
  }

  private poolFor(target: Target): TargetPool {
    const key = keyOf(target);
    let pool = this.pools.get(key);
    if (pool === undefined) {
      pool = new TargetPool(
        target,
        this.resolver,
        { config: this.config, timeouts: this.timeouts, transcript: null, secrets: this.secrets, tokens: this.options.tokens ?? null },
        this.options.maxConnections ?? DEFAULT_MAX_CONNECTIONS,
        this.options.idleTimeoutMs ?? POOL_IDLE_TIMEOUT_MS,
      );
      this.pools.set(key, pool);
    }
    return pool;
  }

  /** The plan, cached (MX answers for MX_CACHE_TTL_MS; without MX it never changes). */
  private currentPlan(): Promise<PlanStep[]> {
    const now = this.options.clock.now().getTime();
    if (this.plan === null || now >= this.plan.until) {
      const steps = planTargets(this.config, this.resolver);
      this.plan = { steps, until: this.config.useMx ? now + MX_CACHE_TTL_MS : Number.POSITIVE_INFINITY };
    }
    return this.plan.steps;
  }
}
