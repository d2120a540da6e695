/**
 * Checks certificate uploads in a worker thread (upload-worker.ts), one at a time, each with a
 * deadline. An upload's password-based key derivation is capped (kdf-budget.ts) and, being off
 * the event loop, cannot freeze ingest or /healthz while it runs. The worker starts on the
 * first upload, does not keep the process alive, and ends after a while without uploads.
 */
import type { Worker } from 'node:worker_threads';
import { startModuleWorker } from '../runtime/module-worker.js';
import { InputError } from '../domain/errors.js';
import type { ErrorCode } from '../domain/error-codes.js';
import type { CertificateUpload, IngestedUpload } from './upload.js';

/** One upload to check (`now` as epoch ms: the clock stays injected). */
export interface CheckRequest {
  id: number;
  upload: CertificateUpload;
  now: number;
}

/** The worker's answer: the checked upload, the InputError to answer with, or an unexpected failure. */
export type CheckReply =
  | { id: number; ok: true; result: IngestedUpload }
  | { id: number; ok: false; error: { code: ErrorCode; message: string; field: string | undefined; status: number } }
  | { id: number; ok: false; crash: string };

/** Longest one check may take; the worker is stopped after it (the budget keeps real files far below). */
export const CHECK_DEADLINE_MS = 30_000;

/** A worker without uploads for this long is stopped (the next upload starts one). */
export const WORKER_IDLE_MS = 60_000;

/** Options (tests shorten the deadline). */
export interface UploadCheckerOptions {
  deadlineMs?: number;
  idleMs?: number;
}

/** Checks uploads off the event loop; see the module comment. */
export class UploadChecker {
  readonly #deadlineMs: number;
  readonly #idleMs: number;
  #worker: Worker | null = null;
  #idleTimer: NodeJS.Timeout | null = null;
  #nextId = 1;
  #tail: Promise<unknown> = Promise.resolve();

  constructor(options: UploadCheckerOptions = {}) {
    this.#deadlineMs = options.deadlineMs ?? CHECK_DEADLINE_MS;
    this.#idleMs = options.idleMs ?? WORKER_IDLE_MS;
  }

  /** Checks one upload (queued behind the ones before it); throws its InputError. */
  check(upload: CertificateUpload, now: Date): Promise<IngestedUpload> {
    const run = this.#tail.then(() => this.#run(upload, now));
    this.#tail = run.catch(() => undefined);
    return run;
  }

  /** Stops the worker (a later check starts a new one). */
  async close(): Promise<void> {
    if (this.#idleTimer !== null) clearTimeout(this.#idleTimer);
    const worker = this.#worker;
    this.#worker = null;
    if (worker !== null) await worker.terminate();
  }

  #run(upload: CertificateUpload, now: Date): Promise<IngestedUpload> {
    if (this.#idleTimer !== null) clearTimeout(this.#idleTimer);
    const worker = this.#worker ?? (this.#worker = startWorker());
    const id = this.#nextId++;
    return new Promise<IngestedUpload>((resolve, reject) => {
      const finish = () => {
        clearTimeout(deadline);
        worker.off('message', onMessage);
        worker.off('error', onFailure);
        worker.off('exit', onFailure);
        this.#idleTimer = setTimeout(() => void this.close(), this.#idleMs).unref();
      };
      const onMessage = (reply: CheckReply) => {
        if (reply.id !== id) return;
        finish();
        if (reply.ok) resolve(reply.result);
        else if ('error' in reply) reject(new InputError(reply.error.code, reply.error.message, reply.error.field, reply.error.status));
        else reject(new Error(`the certificate check failed: ${reply.crash}`));
      };
      const onFailure = (error: unknown) => {
        finish();
        this.#worker = null;
        reject(error instanceof Error ? error : new Error(`the certificate check worker stopped (${String(error)})`));
      };
      const deadline = setTimeout(() => {
        finish();
        this.#worker = null;
        void worker.terminate();
        reject(tookTooLong(upload, this.#deadlineMs));
      }, this.#deadlineMs);
      worker.on('message', onMessage);
      worker.once('error', onFailure);
      worker.once('exit', onFailure);
      const request: CheckRequest = { id, upload, now: now.getTime() };
      worker.postMessage(request);
    });
  }
}

function tookTooLong(upload: CertificateUpload, deadlineMs: number): InputError {
  const field = upload.kind === 'ca' ? 'file' : upload.format === 'pkcs12' ? 'container' : 'privateKey';
  const code = field === 'privateKey' ? 'KEY_UNREADABLE' : 'CERT_UNREADABLE';
  return new InputError(code, `Checking the file took longer than ${deadlineMs / 1000} s, so Herald stopped; export it again with the usual encryption settings and upload it.`, field);
}

/** Starts the worker (`upload-worker.js`, or its TypeScript source under tsx). */
function startWorker(): Worker {
  const worker = startModuleWorker(import.meta.url, 'upload-worker');
  worker.unref();
  return worker;
}
