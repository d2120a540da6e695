/**
 * The messages between the event loop and the delivery thread (delivery-thread.ts ⇄
 * thread-main.ts). Everything is plain data, copied by the structured clone.
 */
import type { TokenGrant } from '../oauth/grant.js';
import type { AccessToken } from '../oauth/token-endpoint.js';
import type { DeliveryReport, OutgoingMessage, TransportConfig } from '../smtp/types.js';

/** What the event loop asks of the thread. */
export type ThreadRequest =
  /** A sender (SmtpDeliverer with its pools) for one transport configuration. */
  | { kind: 'open'; senderId: number; config: TransportConfig; maxConnections: number }
  /** Delivers one message over a sender; answered by `delivered` (or `failed`). */
  | { kind: 'send'; callId: number; senderId: number; message: OutgoingMessage }
  /** Closes a sender's pooled connections (QUIT); answered by `closed`. */
  | { kind: 'close'; callId: number; senderId: number }
  /** The answer to the thread's `token` question. */
  | { kind: 'token'; callId: number; answer: TokenAnswer }
  /** The watchdog: is the thread's event loop turning? Answered by `pong`. */
  | { kind: 'ping' };

/** What the thread tells the event loop. */
export type ThreadReply =
  | { kind: 'delivered'; callId: number; report: DeliveryReport }
  /** `send` or `close` threw (a bug or a closed sender, never SMTP trouble: that is in the report). */
  | { kind: 'failed'; callId: number; message: string }
  | { kind: 'closed'; callId: number }
  /** A session needs an access token: the event loop's token cache answers. */
  | { kind: 'token'; callId: number; request: TokenQuestion }
  | { kind: 'pong' };

/** A token question: a token for the grant, or a replacement for one the server rejected. */
export type TokenQuestion = { op: 'get'; grant: TokenGrant } | { op: 'renew'; grant: TokenGrant; rejected: AccessToken };

/** A token, or the TokenError's facts. */
export type TokenAnswer = { ok: true; token: AccessToken } | { ok: false; message: string; endpoint: string | null; retryable: boolean };
