/**
 * "Credentials never travel in clear by accident" against real smtp-server peers: in
 * opportunistic mode a server without STARTTLS — or a man in the middle who strips STARTTLS
 * from the EHLO answer — gets no AUTH at all (AUTH_REQUIRES_TLS, next server tried), unless
 * `allowUnencrypted` says so.
 */
import net from 'node:net';
import type { SMTPServerOptions } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deliver } from './deliver.js';
import { makeSmtpTestPki, type SmtpTestPki } from './test-pki.test-helpers.js';
import { smtpError, startPeer, type TestPeer } from './test-peer.test-helpers.js';
import { TEST_TIMEOUTS, testConfig, testMail } from './test-config.test-helpers.js';

let pki: SmtpTestPki;
const peers: TestPeer[] = [];
const proxies: net.Server[] = [];

const accept: Pick<SMTPServerOptions, 'onAuth'> = {
  onAuth(auth, _session, cb) {
    if (auth.username === 'herald' && auth.password === 'Secret-pw-9') cb(null, { user: 'herald' });
    else cb(smtpError('Invalid username or password', 535));
  },
};

async function peer(options: SMTPServerOptions): Promise<TestPeer> {
  const p = await startPeer({ authOptional: false, ...accept, ...options });
  peers.push(p);
  return p;
}

/** A man in the middle that hides STARTTLS in the server's EHLO answer. */
async function strippingProxy(targetPort: number): Promise<number> {
  const server = net.createServer((client) => {
    const upstream = net.connect(targetPort, '127.0.0.1');
    client.pipe(upstream);
    upstream.on('data', (chunk: Buffer) => client.write(chunk.toString('latin1').replace(/STARTTLS/g, 'XSTRIPPED'), 'latin1'));
    const end = (): void => {
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  proxies.push(server);
  const address = server.address();
  return typeof address === 'object' && address !== null ? address.port : 0;
}

beforeAll(() => {
  pki = makeSmtpTestPki();
});
afterAll(async () => {
  await Promise.all(peers.map((p) => p.close()));
  for (const proxy of proxies) proxy.close();
  pki.cleanup();
});

const auth = { enabled: true, username: 'herald', password: 'Secret-pw-9' };
const run = (servers: string[], over: { allowUnencrypted?: boolean } = {}) =>
  deliver(testConfig(servers, { auth: { ...auth, ...over } }), testMail(), { transcript: true, timeouts: TEST_TIMEOUTS });

describe('opportunistic TLS with AUTH', () => {
  it('a server without STARTTLS gets no password: AUTH_REQUIRES_TLS, and the next server (with TLS) delivers', async () => {
    // The server would take AUTH in clear: only Herald's rule keeps the password back.
    const plain = await peer({ disabledCommands: ['STARTTLS'], allowInsecureAuth: true });
    const secure = await peer({ key: pki.server.key, cert: pki.server.cert });
    const report = await run([`127.0.0.1:${plain.port}`, `127.0.0.1:${secure.port}`]);
    expect(report.attempts[0]).toMatchObject({ ok: false, stage: 'auth', error: { code: 'AUTH_REQUIRES_TLS' } });
    expect(plain.authAttempts).toEqual([]);
    expect(plain.messages).toHaveLength(0);
    expect(report.attempts[0]!.transcript.some((line) => line.startsWith('C: AUTH'))).toBe(false);
    expect(report.delivered).toBe(true);
    expect(secure.authAttempts).toEqual([{ method: 'PLAIN', username: 'herald', secure: true }]);
  });

  it('STARTTLS stripped by a man in the middle: the password never crosses the wire', async () => {
    const target = await peer({ key: pki.server.key, cert: pki.server.cert, allowInsecureAuth: true });
    const proxyPort = await strippingProxy(target.port);
    const report = await run([`127.0.0.1:${proxyPort}`]);
    expect(report.delivered).toBe(false);
    expect(report.attempts[0]!.error!.code).toBe('AUTH_REQUIRES_TLS');
    expect(target.authAttempts).toEqual([]);
    expect(target.tlsSessions).toEqual([]);
  });

  it('with allowUnencrypted the admin accepts AUTH in clear, and it works', async () => {
    const plain = await peer({ disabledCommands: ['STARTTLS'], allowInsecureAuth: true });
    const report = await run([`127.0.0.1:${plain.port}`], { allowUnencrypted: true });
    expect(report.delivered).toBe(true);
    expect(plain.authAttempts).toEqual([{ method: 'PLAIN', username: 'herald', secure: false }]);
  });
});
