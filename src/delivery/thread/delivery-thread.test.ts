/**
 * The delivery thread with real parts: the thread itself (thread-main under tsx), in-process
 * smtp-server peers, and the event loop's side answering its token questions.
 */
import { Worker } from 'node:worker_threads';
import pino from 'pino';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { TokenGrant } from '../oauth/grant.js';
import type { TokenSource } from '../oauth/token-cache.js';
import { TokenError, type AccessToken } from '../oauth/token-endpoint.js';
import { startPeer, type TestPeer } from '../smtp/test-peer.test-helpers.js';
import { testConfig, testMail } from '../smtp/test-config.test-helpers.js';
import { SenderUnavailableError } from '../transport-cache.js';
import { DeliveryThread, RESTART_BASE_MS, startDeliveryThread } from './delivery-thread.js';

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

  it('puts the sends of a thread that died back (SenderUnavailableError), and a new thread starts after a pause', async () => {
    // A server that never answers DATA keeps the send in the thread until the thread is ended.
    const stuck = await peer({ onData: () => undefined });
    const p = await peer();
    const delivery = deliveryThread();
    const pending = delivery.sender(testConfig([`127.0.0.1:${stuck.port}`])).send(testMail(['soc@example.com']));
    const failed = expect(pending).rejects.toBeInstanceOf(SenderUnavailableError);
    await expect.poll(() => stuck.connections, { timeout: 15_000 }).toBeGreaterThan(0);
    await started[0]?.terminate();
    await failed;
    const error = await pending.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SenderUnavailableError);
    const retryAt = (error as SenderUnavailableError).retryAt.getTime();
    expect(retryAt - Date.now()).toBeLessThanOrEqual(RESTART_BASE_MS);

    const sender = delivery.sender(testConfig([`127.0.0.1:${p.port}`]));
    // During the pause nothing starts; the send is put back until the pause ends.
    await expect(sender.send(testMail(['soc@example.com']))).rejects.toBeInstanceOf(SenderUnavailableError);
    expect(started).toHaveLength(1);
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, retryAt - Date.now()) + 10));
    expect((await sender.send(testMail(['soc@example.com']))).delivered).toBe(true);
    expect(started).toHaveLength(2);
  }, 30_000);

  it('ends a thread that stops answering (watchdog), so its sends go back to the queue', async () => {
    const silent: Worker[] = [];
    thread = new DeliveryThread({
      maxConnections: 1,
      tokens: noTokens,
      logger: pino({ level: 'silent' }),
      watchdog: { intervalMs: 50, deadlineMs: 300 },
      // A thread whose event loop never turns to the port: it neither delivers nor answers pings.
      startThread: () => {
        const worker = new Worker('Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 60_000);', { eval: true });
        silent.push(worker);
        return worker;
      },
    });
    const started = Date.now();
    await expect(thread.sender(testConfig(['127.0.0.1:25'])).send(testMail(['soc@example.com']))).rejects.toThrow(/did not answer for 0.3 s/);
    expect(Date.now() - started).toBeLessThan(5_000);
    await expect.poll(() => silent[0]?.threadId, { timeout: 5_000 }).toBe(-1); // terminated
  });

  it('renews a token the server refused through the event loop\'s cache', async () => {
    const p = await peer({
      authMethods: ['XOAUTH2'],
      authOptional: false,
      allowInsecureAuth: true,
      // An expired token gets XOAUTH2's error challenge (334, then 535), which asks for a new one.
      onAuth: (auth, _session, callback) =>
        auth.accessToken === 'token-2' ? callback(null, { user: auth.username }) : callback(null, { data: { status: '401', schemes: 'bearer', scope: 'smtp' } }),
    });
    const renewed: string[] = [];
    const token = (value: string): AccessToken => ({ value, endpoint: 'https://login.example/token', obtainedAt: Date.now(), expiresAt: Date.now() + 3_600_000 });
    const tokens: TokenSource = {
      get: async () => token('token-1'),
      renew: async (_grant, rejected) => {
        renewed.push(rejected.value);
        return token('token-2');
      },
      now: () => new Date(),
    };
    const config = testConfig([`127.0.0.1:${p.port}`], { auth: { enabled: true, username: 'herald@corp.example', password: null, allowUnencrypted: true, oauth2: grant } });
    const report = await deliveryThread(tokens).sender(config).send(testMail(['soc@example.com']));
    expect(report.delivered).toBe(true);
    expect(renewed).toEqual(['token-1']);
  });

  it('takes no sends after it was closed', async () => {
    const p = await peer();
    const delivery = deliveryThread();
    const sender = delivery.sender(testConfig([`127.0.0.1:${p.port}`]));
    expect((await sender.send(testMail(['soc@example.com']))).delivered).toBe(true);
    await delivery.close();
    await expect(sender.send(testMail(['soc@example.com']))).rejects.toThrow(/closed/);
    await expect(sender.send(testMail(['soc@example.com']))).rejects.toBeInstanceOf(SenderUnavailableError);
  });
});
