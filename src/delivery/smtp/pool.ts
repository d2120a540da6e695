/**
 * A small connection pool for one target: up to `maxConnections` open, authenticated
 * sessions reused message after message (RSET after a refusal), idle ones closed with QUIT
 * after a while, dead ones dropped. Built on SmtpSession rather than nodemailer's pool so
 * mandatory AUTH, the opportunistic fallback and TLS facts work the same as in the test
 * message, and no connection is ever recycled after N messages (nodemailer pauses 100 ms then).
 */
import type { TlsFacts } from '../../domain/notification.js';
import type { Reason } from '../../domain/reason.js';
import type { AttemptFailure } from './types.js';
import type { HostResolver, Target } from './resolve.js';
import type { SessionSettings, SmtpSession } from './session.js';
import { openTarget } from './open-target.js';

/** A session lent out by the pool. */
export interface Lease {
  session: SmtpSession;
  /** Whether the session carried a message before (a dead idle connection is then worth one retry). */
  reused: boolean;
  note: string | undefined;
  /** Why "if supported" went in clear on this session (see SmtpAttempt.plaintextReason). */
  plaintextReason: Reason | undefined;
}

/** What `acquire` gives: a lease, or why no session could be opened. */
export type Acquired = { ok: true; lease: Lease } | { ok: false; failure: AttemptFailure; tls: TlsFacts | null; note: string | undefined };

interface Idle {
  lease: Lease;
  timer: NodeJS.Timeout;
}

/** The pool of one target. */
export class TargetPool {
  private readonly idle: Idle[] = [];
  private size = 0;
  private readonly waiters: Array<() => void> = [];
  private closed = false;

  constructor(
    private readonly target: Target,
    private readonly resolver: HostResolver,
    private readonly settings: Omit<SessionSettings, 'plan'>,
    private readonly maxConnections: number,
    private readonly idleTimeoutMs: number,
  ) {}

  /** An idle session, a new one (up to the limit), or the next one released. */
  async acquire(): Promise<Acquired> {
    for (;;) {
      if (this.closed) throw new Error('The SMTP deliverer is closed');
      const idle = this.idle.pop();
      if (idle !== undefined) {
        clearTimeout(idle.timer);
        if (idle.lease.session.usable) return { ok: true, lease: { ...idle.lease, reused: true } };
        continue;
      }
      if (this.size < this.maxConnections) {
        this.size += 1;
        const opened = await openTarget(this.target, this.resolver, this.settings);
        if (!opened.ok) {
          this.size -= 1;
          this.wakeOne();
          return opened;
        }
        opened.session.onEnd(() => {
          this.size -= 1;
          const index = this.idle.findIndex((i) => i.lease.session === opened.session);
          if (index >= 0) clearTimeout(this.idle.splice(index, 1)[0]?.timer);
          this.wakeOne();
        });
        return { ok: true, lease: { session: opened.session, reused: false, note: opened.note, plaintextReason: opened.plaintextReason } };
      }
      await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
  }

  /** Gives a session back for the next message (or closes it when the pool is closed). */
  release(lease: Lease): void {
    if (!lease.session.usable) return;
    if (this.closed) {
      void lease.session.quit();
      return;
    }
    const timer = setTimeout(() => {
      const index = this.idle.findIndex((i) => i.lease === lease);
      if (index >= 0) this.idle.splice(index, 1);
      void lease.session.quit();
    }, this.idleTimeoutMs);
    timer.unref();
    this.idle.push({ lease, timer });
    this.wakeOne();
  }

  /** Closes idle sessions now; sessions in use are closed when released. */
  async close(): Promise<void> {
    this.closed = true;
    const idle = this.idle.splice(0);
    for (const i of idle) clearTimeout(i.timer);
    for (const waiter of this.waiters.splice(0)) waiter();
    await Promise.all(idle.map((i) => i.lease.session.quit()));
  }

  private wakeOne(): void {
    this.waiters.shift()?.();
  }
}
