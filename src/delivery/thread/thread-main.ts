/**
 * The delivery thread: hosts the SmtpDeliverers (MIME build, pooled SMTP sessions, TLS,
 * failover, server health) so that speaking SMTP never takes the event loop that answers
 * ingest, claims and records. It keeps no state worth saving: the outbox is in the store, and
 * a notification whose answer never came back goes back to the queue, as after a crash.
 */
import { parentPort, type MessagePort } from 'node:worker_threads';
import type { TokenSource } from '../oauth/token-cache.js';
import { TokenError, type AccessToken } from '../oauth/token-endpoint.js';
import { SmtpDeliverer } from '../smtp/deliverer.js';
import { ServerHealth } from '../smtp/health.js';
import type { ThreadReply, ThreadRequest, TokenAnswer, TokenQuestion } from './protocol.js';

/** Serves the event loop's requests on `port` until the thread ends. */
export function serveDeliveryThread(port: MessagePort): void {
  const post = (reply: ThreadReply): void => port.postMessage(reply);
  const clock = { now: () => new Date() };
  /** One health record for all senders, so a settings change does not forget a dead host. */
  const health = new ServerHealth(clock);
  /** Each sender, or why it could not be made (said to every send that uses it). */
  const senders = new Map<number, SmtpDeliverer | Error>();
  const tokens = tokenSourceOver(post);

  const senderOf = (senderId: number): SmtpDeliverer => {
    const sender = senders.get(senderId);
    if (sender === undefined) throw new Error(`no sender ${senderId} in the delivery thread`);
    if (sender instanceof Error) throw sender;
    return sender;
  };

  const handle = async (request: ThreadRequest): Promise<void> => {
    switch (request.kind) {
      case 'open':
        try {
          senders.set(request.senderId, new SmtpDeliverer(request.config, { clock, health, maxConnections: request.maxConnections, tokens }));
        } catch (error) {
          senders.set(request.senderId, error instanceof Error ? error : new Error(String(error)));
        }
        return;
      case 'send':
        post({ kind: 'delivered', callId: request.callId, report: await senderOf(request.senderId).send(request.message) });
        return;
      case 'close': {
        const sender = senders.get(request.senderId);
        senders.delete(request.senderId);
        if (sender instanceof SmtpDeliverer) await sender.close();
        post({ kind: 'closed', callId: request.callId });
        return;
      }
      case 'token':
        tokens.answer(request.callId, request.answer);
        return;
      case 'ping':
        post({ kind: 'pong' });
        return;
    }
  };

  port.on('message', (request: ThreadRequest) => {
    handle(request).catch((error: unknown) => {
      if (request.kind === 'send' || request.kind === 'close') {
        post({ kind: 'failed', callId: request.callId, message: error instanceof Error ? error.message : String(error) });
      }
    });
  });
}

/** The event loop's token cache, asked over the port; `answer` settles a question. */
function tokenSourceOver(post: (reply: ThreadReply) => void): TokenSource & { answer(callId: number, answer: TokenAnswer): void } {
  const waiting = new Map<number, (answer: TokenAnswer) => void>();
  let nextCall = 1;
  const ask = (request: TokenQuestion): Promise<AccessToken> => {
    const callId = nextCall++;
    return new Promise((resolve, reject) => {
      waiting.set(callId, (answer) => (answer.ok ? resolve(answer.token) : reject(new TokenError(answer.message, answer.endpoint, answer.retryable))));
      post({ kind: 'token', callId, request });
    });
  };
  return {
    get: (grant) => ask({ op: 'get', grant }),
    renew: (grant, rejected) => ask({ op: 'renew', grant, rejected }),
    now: () => new Date(),
    answer(callId, answer) {
      waiting.get(callId)?.(answer);
      waiting.delete(callId);
    },
  };
}

if (parentPort !== null) serveDeliveryThread(parentPort);
