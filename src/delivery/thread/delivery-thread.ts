/**
 * The event loop's side of the delivery thread (thread-main.ts). Its `sender` is the
 * TransportCache's SenderFactory: each MessageSender it makes delivers in the thread, so
 * building MIME and speaking SMTP run on a core of their own while this event loop ingests,
 * claims and records. Access tokens still come from this side's cache (one per grant).
 *
 * If the thread dies, every send it had is rejected (the worker logs it; the lease expires and
 * the notification is tried again, as after a crash) and the next send starts a new thread.
 */
import type { Worker } from 'node:worker_threads';
import type { Logger } from 'pino';
import { startModuleWorker } from '../../runtime/module-worker.js';
import type { TokenSource } from '../oauth/token-cache.js';
import { TokenError } from '../oauth/token-endpoint.js';
import type { DeliveryReport, OutgoingMessage, TransportConfig } from '../smtp/types.js';
import type { MessageSender } from '../transport-cache.js';
import type { ThreadReply, ThreadRequest, TokenAnswer, TokenQuestion } from './protocol.js';

/** What the thread's senders need. */
export interface DeliveryThreadOptions {
  /** Pooled SMTP connections per server. */
  maxConnections: number;
  /** The process-wide token cache. */
  tokens: TokenSource;
  logger: Logger;
  /** Starts the thread (tests keep a handle to end it); default: thread-main beside this module. */
  startThread?: () => Worker;
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
  #closed = false;
  readonly #pending = new Map<number, PendingCall>();
  #nextCall = 1;
  #nextSender = 1;

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
        await this.#call(openedIn, (callId) => ({ kind: 'close', callId, senderId }));
      },
    };
  }

  /** Stops the thread (after the senders were closed); later sends fail. */
  async close(): Promise<void> {
    this.#closed = true;
    const worker = this.#worker;
    if (worker === null) return;
    this.#lost(worker, new Error('Herald is stopping'));
    await worker.terminate();
  }

  #thread(): Worker {
    if (this.#closed) throw new Error('The delivery thread is closed');
    if (this.#worker !== null) return this.#worker;
    const worker = this.options.startThread?.() ?? startDeliveryThread();
    worker.unref();
    worker.on('message', (reply: ThreadReply) => this.#receive(worker, reply));
    worker.on('error', (error) => this.#lost(worker, error));
    worker.on('exit', (code) => this.#lost(worker, new Error(`the delivery thread exited with code ${code}`)));
    this.#worker = worker;
    return worker;
  }

  #call(worker: Worker, request: (callId: number) => ThreadRequest): Promise<Answer> {
    const callId = this.#nextCall++;
    return new Promise((resolve, reject) => {
      this.#pending.set(callId, { resolve, reject });
      // The thread keeps the process alive only while it has work for this side.
      if (this.#pending.size === 1) worker.ref();
      this.#post(worker, request(callId));
    });
  }

  #post(worker: Worker, request: ThreadRequest): void {
    worker.postMessage(request);
  }

  #settle(callId: number): PendingCall | undefined {
    const call = this.#pending.get(callId);
    this.#pending.delete(callId);
    if (this.#pending.size === 0) this.#worker?.unref();
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

  /** The thread died: its calls fail now, and the next send starts a new one. */
  #lost(worker: Worker, error: Error): void {
    if (this.#worker !== worker) return;
    this.#worker = null;
    if (!this.#closed) this.options.logger.error({ err: error }, 'the delivery thread stopped; deliveries under way are retried after their lease');
    const calls = [...this.#pending.values()];
    this.#pending.clear();
    for (const call of calls) call.reject(new Error(`the delivery thread stopped: ${error.message}`));
  }
}
