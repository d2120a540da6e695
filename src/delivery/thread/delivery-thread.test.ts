/**
 * The delivery thread with real parts: the thread itself (thread-main under tsx), in-process
 * smtp-server peers, and the event loop's side answering its token questions.
 */
import type { Worker } from 'node:worker_threads';
import pino from 'pino';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { TokenGrant } from '../oauth/grant.js';
import type { TokenSource } from '../oauth/token-cache.js';
import { TokenError, type AccessToken } from '../oauth/token-endpoint.js';
import { startPeer, type TestPeer } from '../smtp/test-peer.test-helpers.js';
import { testConfig, testMail } from '../smtp/test-config.test-helpers.js';
import { DeliveryThread, startDeliveryThread } from './delivery-thread.js';

const peers: TestPeer[] = [];
let thread: DeliveryThread | null = null;
/** Every worker the thread under test started, in order. */
let started: Worker[] = [];

async function peer(options: Parameters<typeof startPeer>[0] = {}): Promise<TestPeer> {
  const p = await startPeer(options);
  peers.push(p);
  return p;
}

const noTokens: TokenSource = {
  get: () => Promise.reject(new Error('no token expected')),
  renew: () => Promise.reject(new Error('no token expected')),
  now: () => new Date(),
};

function deliveryThread(tokens: TokenSource = noTokens): DeliveryThread {
  started = [];
  thread = new DeliveryThread({
    maxConnections: 2,
    tokens,
    logger: pino({ level: 'silent' }),
    startThread: () => {
      const worker = startDeliveryThread();
      started.push(worker);
      return worker;
    },
  });
  return thread;
}

const grant: TokenGrant = { kind: 'client-credentials', tokenUrl: 'https://login.example/token', clientId: 'herald', clientSecret: 's3cret', scope: 'smtp' };

afterEach(async () => {
  await thread?.close();
  thread = null;
});
afterAll(async () => {
  await Promise.all(peers.map((p) => p.close()));
});

describe('DeliveryThread', () => {
  it('delivers messages in the thread over pooled connections and answers with the report', async () => {
    const p = await peer();
    const sender = deliveryThread().sender(testConfig([`127.0.0.1:${p.port}`]));
    const reports = await Promise.all(Array.from({ length: 10 }, () => sender.send(testMail(['soc@example.com']))));
    expect(reports.every((r) => r.delivered)).toBe(true);
    expect(reports[0]?.acceptedBy).toBe('127.0.0.1');
    expect(reports[0]?.attempts[0]?.port).toBe(p.port);
    expect(p.messages).toHaveLength(10);
    expect(p.messages[0]?.data).toContain('Subject:');
    expect(p.connections).toBeLessThanOrEqual(2);
    expect(started).toHaveLength(1);
  });

  it("reports SMTP trouble in the report, as the event loop's deliverer did", async () => {
    const p = await peer({ onRcptTo: (_address, _session, callback) => callback(Object.assign(new Error('No such user'), { responseCode: 550 })) });
    const report = await deliveryThread().sender(testConfig([`127.0.0.1:${p.port}`])).send(testMail(['nobody@example.com']));
    expect(report.delivered).toBe(false);
    expect(report.permanent).toBe(true);
    expect(report.attempts[0]?.error?.code).toBe('RECIPIENT_REJECTED');
  });

  it("asks the event loop's token cache for XOAUTH2 tokens, and a TokenError comes back as one", async () => {
    const p = await peer({
      authMethods: ['XOAUTH2'],
      authOptional: false,
      allowInsecureAuth: true,
      onAuth: (auth, _session, callback) => (auth.accessToken === 'token-1' ? callback(null, { user: auth.username }) : callback(new Error('bad token'))),
    });
    const asked: TokenGrant[] = [];
    let failing = false;
    const tokens: TokenSource = {
      get: async (g): Promise<AccessToken> => {
        asked.push(g);
        if (failing) throw new TokenError('invalid_client: the secret expired', g.tokenUrl, false);
        return { value: 'token-1', endpoint: 'https://login.example/token', obtainedAt: Date.now(), expiresAt: Date.now() + 3_600_000 };
      },
      renew: () => Promise.reject(new Error('not rejected here')),
      now: () => new Date(),
    };
    const config = testConfig([`127.0.0.1:${p.port}`], { auth: { enabled: true, username: 'herald@corp.example', password: null, allowUnencrypted: true, oauth2: grant } });
    const sending = deliveryThread(tokens);
    const report = await sending.sender(config).send(testMail(['soc@example.com']));
    expect(report.delivered).toBe(true);
    expect(p.messages[0]?.user).toBe('herald@corp.example');
    expect(asked).toEqual([grant]);

    failing = true;
    const refused = await sending.sender(config).send(testMail(['soc@example.com']));
    expect(refused.delivered).toBe(false);
    expect(refused.attempts[0]?.stage).toBe('token');
    expect(refused.attempts[0]?.error?.message).toContain('invalid_client: the secret expired');
  });

  it('fails the sends of a thread that died, and the next send starts a new thread', async () => {
    // A server that never answers DATA keeps the first send in the thread until it is ended.
    const stuck = await peer({ onData: () => undefined });
    const p = await peer();
    const delivery = deliveryThread();
    const pending = delivery.sender(testConfig([`127.0.0.1:${stuck.port}`])).send(testMail(['soc@example.com']));
    await expect.poll(() => stuck.messages.length + stuck.connections).toBeGreaterThan(0);
    await started[0]?.terminate();
    await expect(pending).rejects.toThrow(/the delivery thread stopped/);

    const report = await delivery.sender(testConfig([`127.0.0.1:${p.port}`])).send(testMail(['soc@example.com']));
    expect(report.delivered).toBe(true);
    expect(started).toHaveLength(2);
  });

  it('takes no sends after it was closed', async () => {
    const p = await peer();
    const delivery = deliveryThread();
    const sender = delivery.sender(testConfig([`127.0.0.1:${p.port}`]));
    expect((await sender.send(testMail(['soc@example.com']))).delivered).toBe(true);
    await delivery.close();
    await expect(sender.send(testMail(['soc@example.com']))).rejects.toThrow(/closed/);
  });
});
