/**
 * Cross-instance wake-ups: LISTEN on `herald_outbox` over one dedicated connection, and
 * `pg_notify` after commits that created pending notifications. The payload names the schema
 * (instances of another schema ignore it) and the sending instance (which already woke its
 * own workers through the in-process signal). A lost connection is re-opened after a pause;
 * on reconnect the listeners are woken once, since notifications may have been missed.
 */
import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { QueueSignal } from '../signal.js';

/** The channel every Herald instance listens on. */
export const OUTBOX_CHANNEL = 'herald_outbox';

/** Pause before re-opening a lost LISTEN connection. */
export const RECONNECT_DELAY_MS = 1_000;

/** Wakes the other instances (transactional: delivered only if the transaction commits); see `notifyParams`. */
export const NOTIFY_SQL = 'SELECT pg_notify($1, $2)';

/** Sends and receives outbox wake-ups for one store instance. */
export class OutboxListener {
  /** This instance's identity in payloads. */
  readonly #payload: string;
  readonly #schemaKey: string;
  #client: pg.Client | null = null;
  #closed = false;
  #timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly config: pg.ClientConfig,
    schemaKey: string,
    private readonly signal: QueueSignal,
  ) {
    this.#schemaKey = schemaKey;
    this.#payload = `${schemaKey}|${randomUUID()}`;
  }

  /** Opens the LISTEN connection; resolves once LISTEN is active. */
  async start(): Promise<void> {
    const client = new pg.Client(this.config);
    client.on('notification', (message) => {
      if (message.channel !== OUTBOX_CHANNEL || message.payload === undefined) return;
      if (message.payload === this.#payload) return;
      if (!message.payload.startsWith(`${this.#schemaKey}|`)) return;
      this.signal.emit();
    });
    client.on('error', () => this.#lost(client));
    client.on('end', () => this.#lost(client));
    await client.connect();
    await client.query(`LISTEN ${OUTBOX_CHANNEL}`);
    if (this.#closed) {
      await client.end().catch(() => undefined);
      return;
    }
    this.#client = client;
  }

  /** Parameters of `NOTIFY_SQL`, the `pg_notify` call that wakes the other instances. */
  notifyParams(): [string, string] {
    return [OUTBOX_CHANNEL, this.#payload];
  }

  /** Closes the LISTEN connection for good. */
  async close(): Promise<void> {
    this.#closed = true;
    if (this.#timer !== null) clearTimeout(this.#timer);
    const client = this.#client;
    this.#client = null;
    await client?.end().catch(() => undefined);
  }

  #lost(client: pg.Client): void {
    if (this.#closed || this.#client !== client) return;
    this.#client = null;
    client.end().catch(() => undefined);
    this.#reconnectLater();
  }

  #reconnectLater(): void {
    if (this.#closed || this.#timer !== null) return;
    this.#timer = setTimeout(() => {
      this.#timer = null;
      if (this.#closed) return;
      this.start().then(
        () => this.signal.emit(),
        () => this.#reconnectLater(),
      );
    }, RECONNECT_DELAY_MS);
    this.#timer.unref();
  }
}
