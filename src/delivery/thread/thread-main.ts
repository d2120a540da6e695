/**
 * The delivery thread: hosts the SmtpDeliverers (MIME build, pooled SMTP sessions, TLS,
 * failover, server health) so that speaking SMTP never takes the event loop that answers
 * ingest, claims and records. It keeps no state worth saving: the outbox is in the store, and
 * a notification whose answer never came back is retried after its lease, as after a crash.
 */
import { parentPort } from 'node:worker_threads';
import type { TokenSource } from '../oauth/token-cache.js';
import { TokenError, type AccessToken } from '../oauth/token-endpoint.js';
import { SmtpDeliverer } from '../smtp/deliverer.js';
import { ServerHealth } from '../smtp/health.js';
import type { ThreadReply, ThreadRequest, TokenAnswer, TokenQuestion } from './protocol.js';

const port = parentPort;
if (port === null) throw new Error('thread-main runs only as a worker thread');

const post = (reply: ThreadReply): void => port.postMessage(reply);
const clock = { now: () => new Date() };
/** One health record for all senders, so a settings change does not forget a dead host. */
const health = new ServerHealth(clock);
const senders = new Map<number, SmtpDeliverer>();

/** Token questions waiting for the event loop's answer, by call id. */
const tokenCalls = new Map<number, (answer: TokenAnswer) => void>();
let nextTokenCall = 1;

function ask(request: TokenQuestion): Promise<AccessToken> {
  const callId = nextTokenCall++;
  return new Promise((resolve, reject) => {
    tokenCalls.set(callId, (answer) => (answer.ok ? resolve(answer.token) : reject(new TokenError(answer.message, answer.endpoint, answer.retryable))));
    post({ kind: 'token', callId, request });
  });
}

/** The event loop's token cache, asked over the port. */
const tokens: TokenSource = {
  get: (grant) => ask({ op: 'get', grant }),
  renew: (grant, rejected) => ask({ op: 'renew', grant, rejected }),
  now: () => new Date(),
};

function senderOf(senderId: number): SmtpDeliverer {
  const sender = senders.get(senderId);
  if (sender === undefined) throw new Error(`no sender ${senderId} in the delivery thread`);
  return sender;
}

async function handle(request: ThreadRequest): Promise<void> {
  switch (request.kind) {
    case 'open':
      senders.set(request.senderId, new SmtpDeliverer(request.config, { clock, health, maxConnections: request.maxConnections, tokens }));
      return;
    case 'send':
      post({ kind: 'delivered', callId: request.callId, report: await senderOf(request.senderId).send(request.message) });
      return;
    case 'close': {
      const sender = senderOf(request.senderId);
      senders.delete(request.senderId);
      await sender.close();
      post({ kind: 'closed', callId: request.callId });
      return;
    }
    case 'token':
      tokenCalls.get(request.callId)?.(request.answer);
      tokenCalls.delete(request.callId);
      return;
  }
}

port.on('message', (request: ThreadRequest) => {
  handle(request).catch((error: unknown) => {
    if (request.kind === 'send' || request.kind === 'close') {
      post({ kind: 'failed', callId: request.callId, message: error instanceof Error ? error.message : String(error) });
    }
  });
});
