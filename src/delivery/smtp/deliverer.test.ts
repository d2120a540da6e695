/** The pooled deliverer against real in-process SMTP servers. */
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SmtpDeliverer } from './deliverer.js';
import { ServerHealth } from './health.js';
import { makeSmtpTestPki, type SmtpTestPki } from './test-pki.test-helpers.js';
import { smtpError, startPeer, type TestPeer } from './test-peer.test-helpers.js';
import { TEST_TIMEOUTS, testConfig, testMail } from './test-config.test-helpers.js';
import type { TransportConfig } from './types.js';

let pki: SmtpTestPki;
const peers: TestPeer[] = [];
const deliverers: SmtpDeliverer[] = [];
let now = Date.parse('2026-11-28T04:00:00Z');
const clock = { now: () => new Date(now) };

async function peer(options: Parameters<typeof startPeer>[0] = {}): Promise<TestPeer> {
  const p = await startPeer(options);
  peers.push(p);
  return p;
}

function deliverer(config: TransportConfig, over: { maxConnections?: number; health?: ServerHealth } = {}): SmtpDeliverer {
  const d = new SmtpDeliverer(config, { clock, timeouts: TEST_TIMEOUTS, ...over });
  deliverers.push(d);
  return d;
}

async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

beforeAll(() => {
  pki = makeSmtpTestPki();
});
afterAll(async () => {
  await Promise.all(deliverers.map((d) => d.close()));
  await Promise.all(peers.map((p) => p.close()));
  pki.cleanup();
});

describe('SmtpDeliverer', () => {
  it('reuses pooled connections: 30 messages over at most maxConnections sessions, authenticated once each, over TLS', async () => {
    const p = await peer({
      key: pki.server.key,
      cert: pki.server.cert,
      authOptional: false,
      onAuth: (auth, _s, cb) => (auth.password === 'pw' ? cb(null, { user: auth.username }) : cb(smtpError('bad', 535))),
    });
    const d = deliverer(
      testConfig([`127.0.0.1:${p.port}`], { tls: { mode: 'required' }, tlsMaterial: { ca: pki.ca.cert }, auth: { enabled: true, username: 'herald', password: 'pw' } }),
      { maxConnections: 3 },
    );
    const reports = await Promise.all(Array.from({ length: 30 }, () => d.send(testMail(['soc@example.com']))));
    expect(reports.every((r) => r.delivered)).toBe(true);
    expect(reports[0]!.attempts[0]!.tls).toMatchObject({ authorized: true });
    expect(reports[0]!.attempts[0]!.transcript).toEqual([]);
    expect(p.messages).toHaveLength(30);
    expect(p.messages.every((m) => m.secure && m.user === 'herald')).toBe(true);
    expect(p.connections).toBeLessThanOrEqual(3);
    expect(p.authAttempts).toHaveLength(p.connections);
  });

  it('keeps a connection usable after a refused message (RSET), and says on every message over it why it is in clear', async () => {
    const p = await peer({
      disabledCommands: ['STARTTLS'],
      onRcptTo: (a, _s, cb) => (a.address === 'nobody@example.com' ? cb(smtpError('No such user', 550)) : cb()),
    });
    const d = deliverer(testConfig([`127.0.0.1:${p.port}`]), { maxConnections: 1 });
    const refused = await d.send(testMail(['nobody@example.com']));
    expect(refused).toMatchObject({ delivered: false, permanent: true, rejectedRecipients: ['nobody@example.com'] });
    const ok = await d.send(testMail(['soc@example.com']));
    expect(ok.delivered).toBe(true);
    expect(p.connections).toBe(1);
    // "if supported" (the default) without STARTTLS: the fresh session and the reused one alike
    for (const report of [refused, ok]) expect(report.attempts[0]).toMatchObject({ tls: null, plaintextReason: 'STARTTLS_NOT_OFFERED' });
  });

  it('reconnects when the server dropped an idle pooled connection', async () => {
    const p = await peer({ disabledCommands: ['STARTTLS'], socketTimeout: 200 });
    const d = deliverer(testConfig([`127.0.0.1:${p.port}`]), { maxConnections: 1 });
    expect((await d.send(testMail())).delivered).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 700));
    const again = await d.send(testMail());
    expect(again.delivered).toBe(true);
    expect(again.attempts).toHaveLength(1);
    expect(p.messages).toHaveLength(2);
    expect(p.connections).toBe(2);
  });

  it('fails over, then tries the failed server last for a while (health with an injected clock)', async () => {
    const dead = await closedPort();
    const live = await peer({ disabledCommands: ['STARTTLS'] });
    const health = new ServerHealth(clock, 60_000);
    const d = deliverer(testConfig([`127.0.0.1:${dead}`, `127.0.0.1:${live.port}`]), { health });
    const first = await d.send(testMail());
    expect(first.attempts.map((a) => [a.port, a.ok])).toEqual([
      [dead, false],
      [live.port, true],
    ]);
    expect(first.attempts[0]!.error!.code).toBe('CONNECTION_FAILED');
    const second = await d.send(testMail());
    expect(second.attempts.map((a) => a.port)).toEqual([live.port]);
    now += 61_000;
    const third = await d.send(testMail());
    expect(third.attempts.map((a) => a.port)).toEqual([dead, live.port]);
  });

  it('AUTH_NOT_OFFERED in the pool too, and nothing is sent', async () => {
    const p = await peer({ disabledCommands: ['STARTTLS', 'AUTH'] });
    const d = deliverer(testConfig([`127.0.0.1:${p.port}`], { tls: { mode: 'none' }, auth: { enabled: true, username: 'u', password: 'p', allowUnencrypted: true } }));
    const report = await d.send(testMail());
    expect(report.attempts[0]!.error!.code).toBe('AUTH_NOT_OFFERED');
    expect(p.messages).toHaveLength(0);
  });

  it('close() ends pooled connections and refuses further messages', async () => {
    const p = await peer({ disabledCommands: ['STARTTLS'] });
    let closedSessions = 0;
    const counting = await peer({ disabledCommands: ['STARTTLS'], onClose: () => (closedSessions += 1) });
    const d = deliverer(testConfig([`127.0.0.1:${counting.port}`]));
    expect((await d.send(testMail())).delivered).toBe(true);
    await d.close();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(closedSessions).toBe(1);
    await expect(d.send(testMail())).rejects.toThrow(/closed/);
    expect(p.connections).toBe(0);
  });
});
