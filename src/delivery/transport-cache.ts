/**
 * Reuses SMTP senders (with their pooled connections) per settings version and transport
 * settings, and retires them when the settings change: a change takes effect for the next
 * attempt without dropping in-flight ones.
 */
import type { EmailSettings } from '../domain/email-settings.js';
import type { SecretBox } from '../domain/secrets.js';
import type { Store } from '../store/ports.js';
import type { DeliveryReport, OutgoingMessage, TransportConfig } from './smtp/types.js';
import { transportConfigFor, transportKey } from './transport-config.js';

/** Something that delivers messages over one transport configuration (SmtpDeliverer). */
export interface MessageSender {
  send(message: OutgoingMessage): Promise<DeliveryReport>;
  close(): Promise<void> | void;
}

/**
 * A sender cannot take messages for a while (e.g. the delivery thread died and is restarting):
 * nothing was attempted, so the notification waits until `retryAt` without an attempt.
 */
export class SenderUnavailableError extends Error {
  override readonly name = 'SenderUnavailableError';
  constructor(
    message: string,
    readonly retryAt: Date,
  ) {
    super(message);
  }
}

/** Makes a sender for a configuration. */
export type SenderFactory = (config: TransportConfig) => MessageSender;

/** How long a retired sender keeps its connections for attempts already under way. */
export const RETIRED_SENDER_GRACE_MS = 120_000;

/** Cache of senders keyed by (settings version, transport settings). */
export class TransportCache {
  private version = -1;
  private readonly senders = new Map<string, Promise<MessageSender>>();
  private readonly retiring = new Set<ReturnType<typeof setTimeout>>();

  constructor(
    private readonly store: Store,
    private readonly secrets: SecretBox,
    private readonly dnsServers: string[],
    private readonly createSender: SenderFactory,
  ) {}

  /** The sender for these effective settings under this config version. */
  async senderFor(version: number, settings: EmailSettings): Promise<MessageSender> {
    if (version !== this.version) {
      this.retireAll();
      this.version = version;
    }
    const key = transportKey(settings);
    let sender = this.senders.get(key);
    if (sender === undefined) {
      sender = transportConfigFor(settings, this.store, this.secrets, this.dnsServers).then(this.createSender);
      // A failure (e.g. certificate unavailable) must not be cached: the next attempt retries.
      sender.catch(() => this.senders.delete(key));
      this.senders.set(key, sender);
    }
    return sender;
  }

  /** Closes every sender now (shutdown, after in-flight attempts finished). */
  async close(): Promise<void> {
    for (const timer of this.retiring) clearTimeout(timer);
    this.retiring.clear();
    const senders = [...this.senders.values()];
    this.senders.clear();
    await Promise.all(senders.map(async (sender) => (await sender.catch(() => null))?.close()));
  }

  private retireAll(): void {
    const old = [...this.senders.values()];
    this.senders.clear();
    if (old.length === 0) return;
    const timer = setTimeout(() => {
      this.retiring.delete(timer);
      for (const sender of old) void sender.then((s) => s.close()).catch(() => undefined);
    }, RETIRED_SENDER_GRACE_MS);
    timer.unref();
    this.retiring.add(timer);
  }
}
