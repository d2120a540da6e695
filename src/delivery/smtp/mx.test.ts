/**
 * `deliver` with `useMx` through Herald's own resolver (`dnsServers`) pointed at an in-process
 * DNS responder, against a real smtp-server peer on 127.0.0.1. MX delivery uses the configured
 * `port` for every MX host, so hosts are told apart by address: 127.0.0.2 (loopback on Linux,
 * nothing listening on the peer's port → connection refused) versus 127.0.0.1 (the peer).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliver } from './deliver.js';
import { startDnsResponder, type DnsResponder } from './dns-responder.test-helpers.js';
import { startPeer, type TestPeer } from './test-peer.test-helpers.js';
import { TEST_TIMEOUTS, testConfig, testMail } from './test-config.test-helpers.js';
import type { DeliveryReport } from './types.js';

let dns: DnsResponder;
let peer: TestPeer;

beforeAll(async () => {
  dns = await startDnsResponder({
    // Listed worst preference first: Herald must sort, not trust the answer order.
    'mx.test': [
      { type: 'MX', preference: 20, exchange: 'b.mx.test' },
      { type: 'MX', preference: 10, exchange: 'a.mx.test' },
    ],
    'a.mx.test': [{ type: 'A', address: '127.0.0.2' }],
    'b.mx.test': [{ type: 'A', address: '127.0.0.1' }],
    'nomx.test': [{ type: 'A', address: '127.0.0.1' }],
    'nullmx.test': [
      { type: 'MX', preference: 0, exchange: '.' },
      { type: 'A', address: '127.0.0.1' },
    ],
  });
  peer = await startPeer({ disabledCommands: ['STARTTLS'] });
});
afterAll(async () => {
  await peer.close();
  await dns.close();
});

/** Delivers the test mail to `domain` with MX look-ups through the responder, on the peer's port. */
function deliverTo(domain: string): Promise<DeliveryReport> {
  const config = testConfig([domain], { useMx: true, port: peer.port, dnsServers: [dns.address] });
  return deliver(config, testMail(), { transcript: true, timeouts: TEST_TIMEOUTS });
}

/** Runs `body` and reports what the peer and the responder saw meanwhile. */
async function observe(body: () => Promise<DeliveryReport>): Promise<{ report: DeliveryReport; messages: number; connections: number; queries: string[] }> {
  const messagesBefore = peer.messages.length;
  const connectionsBefore = peer.connections;
  const queriesBefore = dns.queries.length;
  const report = await body();
  return {
    report,
    messages: peer.messages.length - messagesBefore,
    connections: peer.connections - connectionsBefore,
    queries: dns.queries.slice(queriesBefore).map((q) => `${q.type} ${q.name}`),
  };
}

describe('useMx through dnsServers (a real DNS responder)', () => {
  it('tries MX hosts by preference: a (10, refused) then b (20, delivers)', async () => {
    const { report, messages, connections } = await observe(() => deliverTo('mx.test'));
    expect(report.attempts.map((a) => [a.server, a.ok])).toEqual([
      ['a.mx.test', false],
      ['b.mx.test', true],
    ]);
    const [first, second] = report.attempts;
    expect(first).toMatchObject({ port: peer.port, stage: 'connect', retryable: true });
    expect(first!.error!.code).toBe('CONNECTION_FAILED');
    expect(first!.note).toBe('MX 10 of mx.test; address 127.0.0.2');
    expect(second).toMatchObject({ port: peer.port, stage: 'done', error: null });
    expect(second!.note).toBe('MX 20 of mx.test; address 127.0.0.1; the server did not offer STARTTLS; sent without TLS (opportunistic)');
    expect(report).toMatchObject({ delivered: true, acceptedBy: 'b.mx.test' });
    // The server saw exactly one connection (b's; a's went to 127.0.0.2) and the message.
    expect(connections).toBe(1);
    expect(messages).toBe(1);
    const seen = peer.messages[peer.messages.length - 1]!;
    expect(seen.rcptTo).toEqual(['soc@example.com', 'jane@example.com']);
    expect(seen.data).toContain('Message-ID: <n-1@corp.example>');
  });

  it('a domain without MX falls back to its own A record and delivers', async () => {
    const { report, messages, queries } = await observe(() => deliverTo('nomx.test'));
    expect(report.delivered).toBe(true);
    expect(report.attempts).toHaveLength(1);
    expect(report.attempts[0]).toMatchObject({ server: 'nomx.test', ok: true, stage: 'done', port: peer.port });
    expect(report.attempts[0]!.note).toBe('no MX for nomx.test; its own address (RFC 5321); address 127.0.0.1; the server did not offer STARTTLS; sent without TLS (opportunistic)');
    expect(queries).toEqual(expect.arrayContaining(['MX nomx.test', 'A nomx.test']));
    expect(messages).toBe(1);
    expect(peer.messages[peer.messages.length - 1]!.data).toContain('Subject: Hello from the tests');
  });

  it('an unknown domain (NXDOMAIN) is DNS_FAILED at connect, without connecting', async () => {
    const { report, connections, queries } = await observe(() => deliverTo('unknown.test'));
    expect(report.delivered).toBe(false);
    expect(report.attempts).toHaveLength(1);
    expect(report.attempts[0]).toMatchObject({ server: 'unknown.test', ok: false, stage: 'connect', retryable: true });
    expect(report.attempts[0]!.error!.code).toBe('DNS_FAILED');
    expect(queries).toContain('MX unknown.test');
    expect(connections).toBe(0);
  });

  it('a null MX ("0 .") fails as DNS_FAILED without resolving or connecting to anything', async () => {
    const { report, connections, queries, messages } = await observe(() => deliverTo('nullmx.test'));
    expect(report.delivered).toBe(false);
    expect(report.attempts).toHaveLength(1);
    expect(report.attempts[0]).toMatchObject({ server: 'nullmx.test', ok: false, stage: 'connect', port: peer.port });
    expect(report.attempts[0]!.error!.code).toBe('DNS_FAILED');
    expect(report.attempts[0]!.error!.message).toContain('nullmx.test accepts no mail (null MX)');
    // Only the MX question: the domain's own A record (127.0.0.1, the live peer) is never used.
    expect(queries).toEqual(['MX nullmx.test']);
    expect(connections).toBe(0);
    expect(messages).toBe(0);
  });
});
