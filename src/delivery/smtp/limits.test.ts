/**
 * The test message's limits (issue 13 item 9), against real sockets: an overall deadline cuts
 * off a server that never answers (and no later server is tried), and at most `maxAttempts`
 * servers are tried, the rest named in a note. The deadline is asserted by what happened (the
 * silent server was cut off, the working one after it never reached), not by a clock.
 */
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliver } from './deliver.js';
import { TEST_TIMEOUTS, testConfig, testMail } from './test-config.test-helpers.js';
import { closedPorts, startPeer, type TestPeer } from './test-peer.test-helpers.js';

let silent: net.Server;
let silentPort: number;
const held: net.Socket[] = [];
let peer: TestPeer;


beforeAll(async () => {
  // Accepts connections and never says a word (no 220 greeting).
  silent = net.createServer((socket) => held.push(socket));
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  silentPort = (silent.address() as net.AddressInfo).port;
  peer = await startPeer();
});
afterAll(async () => {
  for (const socket of held) socket.destroy();
  await new Promise<void>((resolve) => silent.close(() => resolve()));
  await peer.close();
});

describe('deliver limits', () => {
  it('cuts the attempt under way off at the overall deadline and tries no further server', async () => {
    // The greeting timeout (5 s) would end the first attempt and the peer would then deliver;
    // the 300 ms deadline comes first.
    const config = testConfig([`127.0.0.1:${silentPort}`, `127.0.0.1:${peer.port}`]);
    const report = await deliver(config, testMail(), { timeouts: TEST_TIMEOUTS, deadlineMs: 300, transcript: true });
    expect(report.delivered).toBe(false);
    expect(report.attempts).toHaveLength(1);
    expect(report.attempts[0]).toMatchObject({ port: silentPort, ok: false, retryable: true, error: { code: 'CONNECTION_TIMEOUT' } });
    expect(report.attempts[0]?.error?.message).toMatch(/time limit \(0.3 s\)/);
    expect(report.attempts[0]?.note).toMatch(/1 more server was not tried: the time limit of 0.3 s ran out/);
    expect(peer.connections).toBe(0);
    expect(held.length).toBeGreaterThan(0);
  });

  it('tries at most maxAttempts servers and says how many were left out', async () => {
    const ports = await closedPorts(12);
    const report = await deliver(testConfig(ports.map((port) => `127.0.0.1:${port}`)), testMail(), { timeouts: TEST_TIMEOUTS, allServers: true, maxAttempts: 10 });
    expect(report.attempts.map((a) => a.port)).toEqual(ports.slice(0, 10));
    expect(report.attempts.at(-1)?.note).toMatch(/2 more servers were not tried: at most 10 are tried/);
  });
});
