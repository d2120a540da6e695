/**
 * The event loop's side of the delivery thread (thread-main.ts). Its `sender` is the
 * TransportCache's SenderFactory: each MessageSender it makes delivers in the thread, so
 * building MIME and speaking SMTP run on a core of their own while this event loop ingests,
 * claims and records. Access tokens still come from this side's cache (one per grant).
 *
 * If the thread dies, or stops answering its watchdog's pings, every send it had fails with
 * SenderUnavailableError (the notification goes back to the queue without an attempt; a
 * message a server may already have accepted is sent again: at least once, as after a crash),
 * and a new thread starts after a pause that doubles while threads keep dying.
 */
import type { Worker } from 'node:worker_threads';
import type { Logger } from 'pino';
import { startModuleWorker } from '../../runtime/module-worker.js';
import type { TokenSource } from '../oauth/token-cache.js';
import { TokenError } from '../oauth/token-endpoint.js';
import type { DeliveryReport, OutgoingMessage, TransportConfig } from '../smtp/types.js';
import { SenderUnavailableError, type MessageSender } from '../transport-cache.js';
import type { ThreadReply, ThreadRequest, TokenAnswer, TokenQuestion } from './protocol.js';

/** First pause before a thread that died is replaced; it doubles up to RESTART_MAX_MS. */
export const RESTART_BASE_MS = 1_000;
/** Longest pause before a replacement thread. */
export const RESTART_MAX_MS = 30_000;
/** A thread that lived this long resets the pause (it was not dying at start). */
const HEALTHY_AFTER_MS = 60_000;
/** While calls are pending the thread is pinged this often… */
export const WATCHDOG_INTERVAL_MS = 5_000;
/** …and ended when a ping is not answered within this long (its event loop is stuck). */
export const WATCHDOG_DEADLINE_MS = 15_000;

/** What the thread's senders need. */
export interface DeliveryThreadOptions {
  /** Pooled SMTP connections per server. */
  maxConnections: number;
  /** The process-wide token cache. */
  tokens: TokenSource;
  /** Where a thread's death is reported (once per death). */
  logger: Logger;
  /** Starts the thread (tests keep a handle to end it); default: thread-main beside this module. */
  startThread?: () => Worker;
  /** Watchdog timing (tests shorten it). */
  watchdog?: { intervalMs: number; deadlineMs: number };
}

type Answer = Extract<ThreadReply, { kind: 'delivered' | 'closed' }>;

interface PendingCall {
  resolve(answer: Answer): void;
  reject(error: Error): void;
}

/** Starts thread-main.ts (or .js) in a new worker thread. */
export function startDeliveryThread(): Worker {
  return startModuleWorker(import.meta.url, 'thread-main');
}

/** One delivery thread and the senders that use it. */
export class DeliveryThread {
  #worker: Worker | null = null;
  #startedAt = 0;
  #closed = false;
  readonly #pending = new Map<number, PendingCall>();
  #nextCall = 1;
  #nextSender = 1;
  /** No new thread before this (epoch ms), and the pause after the next death. */
  #restartAt = 0;
  #restartPauseMs = RESTART_BASE_MS;
  #watchdog: ReturnType<typeof setInterval> | null = null;
  #lastPong = 0;
  /** Every thread started that has not exited yet (a lost one may still be ending). */
  readonly #exits = new Set<Promise<void>>();

  constructor(private readonly options: DeliveryThreadOptions) {}

  /** Starts the thread now, so the first delivery does not wait for it to load. */
  start(): void {
    this.#thread();
  }

  /** A sender for one transport configuration, delivering in the thread (a SenderFactory). */
  sender(config: TransportConfig): MessageSender {
    const senderId = this.#nextSender++;
    let openedIn: Worker | null = null;
    // (Re)opens the sender in the current thread: a thread that replaced a dead one has none.
    const thread = (): Worker => {
      const worker = this.#thread();
      if (openedIn !== worker) {
        this.#post(worker, { kind: 'open', senderId, config, maxConnections: this.options.maxConnections });
        openedIn = worker;
      }
      return worker;
    };
    return {
      send: async (message: OutgoingMessage): Promise<DeliveryReport> => {
        const answer = await this.#call(thread(), (callId) => ({ kind: 'send', callId, senderId, message }));
        if (answer.kind !== 'delivered') throw new Error('the delivery thread answered a send with something else');
        return answer.report;
      },
      close: async (): Promise<void> => {
        if (openedIn === null || openedIn !== this.#worker) return;
        // A thread that dies meanwhile took the connections with it: nothing left to close.
        await this.#call(openedIn, (callId) => ({ kind: 'close', callId, senderId })).catch(() => undefined);
      },
    };
  }

  /**
   * Stops the thread (after the senders were closed); later sends fail. Resolves when every
   * thread has exited, a lost one (the watchdog's) still ending too, so nothing of a thread
   * outlives the store it was started with.
   */
  async close(): Promise<void> {
    this.#closed = true;
    const worker = this.#worker;
    if (worker !== null) {
      this.#lost(worker, new Error('Herald is stopping'));
      await worker.terminate();
    }
    await Promise.all(this.#exits);
  }

  /** The running thread, or a new one; throws SenderUnavailableError while closed or pausing. */
  #thread(): Worker {
    if (this.#worker !== null) return this.#worker;
    if (this.#closed) throw new SenderUnavailableError('The delivery thread is closed', new Date(Date.now() + RESTART_MAX_MS));
    if (Date.now() < this.#restartAt) {
      throw new SenderUnavailableError('The delivery thread is restarting after it stopped', new Date(this.#restartAt));
    }
    const worker = this.options.startThread?.() ?? startDeliveryThread();
    worker.unref();
    worker.on('message', (reply: ThreadReply) => this.#receive(worker, reply));
    worker.on('error', (error) => this.#lost(worker, error));
    worker.on('messageerror', (error) => this.#lost(worker, error));
    const exited = new Promise<void>((resolve) =>
      worker.once('exit', (code) => {
        this.#exits.delete(exited);
        this.#lost(worker, new Error(`the delivery thread exited with code ${code}`));
        resolve();
      }),
    );
    this.#exits.add(exited);
    this.#worker = worker;
    this.#startedAt = Date.now();
    return worker;
  }

  #call(worker: Worker, request: (callId: number) => ThreadRequest): Promise<Answer> {
    const callId = this.#nextCall++;
    return new Promise((resolve, reject) => {
      this.#pending.set(callId, { resolve, reject });
      // The thread keeps the process alive only while it has work for this side.
      if (this.#pending.size === 1) this.#busy(worker);
      try {
        this.#post(worker, request(callId));
      } catch (error) {
        this.#settle(callId);
        reject(error instanceof Error ? error : new Error(String(error)));
      }
    });
  }

  #post(worker: Worker, request: ThreadRequest): void {
    worker.postMessage(request);
  }

  /** Calls are pending: keep the process alive and watch the thread. */
  #busy(worker: Worker): void {
    worker.ref();
    this.#lastPong = Date.now();
    const { intervalMs, deadlineMs } = this.options.watchdog ?? { intervalMs: WATCHDOG_INTERVAL_MS, deadlineMs: WATCHDOG_DEADLINE_MS };
    this.#watchdog ??= setInterval(() => {
      if (Date.now() - this.#lastPong > deadlineMs) {
        this.#lost(worker, new Error(`the delivery thread did not answer for ${deadlineMs / 1000} s`));
        void worker.terminate();
        return;
      }
      this.#post(worker, { kind: 'ping' });
    }, intervalMs);
  }

  /** Nothing pending: the thread may idle (and the process exit). */
  #idle(): void {
    this.#worker?.unref();
    if (this.#watchdog !== null) clearInterval(this.#watchdog);
    this.#watchdog = null;
  }

  #settle(callId: number): PendingCall | undefined {
    const call = this.#pending.get(callId);
    this.#pending.delete(callId);
    if (this.#pending.size === 0) this.#idle();
    return call;
  }

  #receive(worker: Worker, reply: ThreadReply): void {
    switch (reply.kind) {
      case 'delivered':
      case 'closed':
        this.#settle(reply.callId)?.resolve(reply);
        return;
      case 'failed':
        this.#settle(reply.callId)?.reject(new Error(reply.message));
        return;
      case 'pong':
        this.#lastPong = Date.now();
        return;
      case 'token':
        void this.#answerToken(reply.request).then((answer) => this.#post(worker, { kind: 'token', callId: reply.callId, answer }));
        return;
    }
  }

  async #answerToken(question: TokenQuestion): Promise<TokenAnswer> {
    const { tokens } = this.options;
    try {
      const token = question.op === 'get' ? await tokens.get(question.grant) : await tokens.renew(question.grant, question.rejected);
      return { ok: true, token };
    } catch (error) {
      if (error instanceof TokenError) return { ok: false, message: error.message, endpoint: error.endpoint, retryable: error.retryable };
      return { ok: false, message: error instanceof Error ? error.message : String(error), endpoint: null, retryable: true };
    }
  }

  /** The thread died or hangs: its calls fail now, and a new one starts after a pause. */
  #lost(worker: Worker, error: Error): void {
    if (this.#worker !== worker) return;
    this.#worker = null;
    this.#restartPauseMs = Date.now() - this.#startedAt > HEALTHY_AFTER_MS ? RESTART_BASE_MS : this.#restartPauseMs;
    this.#restartAt = Date.now() + this.#restartPauseMs;
    this.#restartPauseMs = Math.min(RESTART_MAX_MS, this.#restartPauseMs * 2);
    if (!this.#closed) {
      this.options.logger.error({ err: error, restartInMs: this.#restartAt - Date.now() }, 'the delivery thread stopped; its deliveries go back to the queue');
    }
    const calls = [...this.#pending.values()];
    this.#pending.clear();
    this.#idle();
    const unavailable = new SenderUnavailableError(`The delivery thread stopped: ${error.message}`, new Date(this.#restartAt));
    for (const call of calls) call.reject(unavailable);
  }
}
