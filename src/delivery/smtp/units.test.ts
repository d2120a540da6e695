import { describe, expect, it } from 'vitest';
import { splitServerEntry } from './server-entry.js';
import { ServerHealth } from './health.js';
import { REDACTED, Transcript, scrub, secretVariants } from './transcript.js';
import { advertisedAuth } from './session.js';
import { planTargets, type HostResolver } from './resolve.js';
import { testConfig } from './test-config.test-helpers.js';
import { connectionOptions } from './connection-options.js';
import { TEST_TIMEOUTS } from './test-config.test-helpers.js';

describe('splitServerEntry', () => {
  it.each([
    ['mail.corp.example', { host: 'mail.corp.example', port: null }],
    ['mail.corp.example:587', { host: 'mail.corp.example', port: 587 }],
    ['10.0.0.25', { host: '10.0.0.25', port: null }],
    ['10.0.0.25:2525', { host: '10.0.0.25', port: 2525 }],
    ['[2001:db8::1]:25', { host: '2001:db8::1', port: 25 }],
    ['[2001:db8::1]', { host: '2001:db8::1', port: null }],
    ['2001:db8::1', { host: '2001:db8::1', port: null }],
    ['::1', { host: '::1', port: null }],
    ['MAILSRV01', { host: 'MAILSRV01', port: null }],
  ])('%s', (entry, expected) => {
    expect(splitServerEntry(entry)).toEqual(expected);
  });
});

describe('ServerHealth', () => {
  it('moves a recently failed server last, and back after the penalty', () => {
    let now = 1_000_000;
    const health = new ServerHealth({ now: () => new Date(now) }, 60_000);
    const servers = ['a', 'b', 'c'];
    expect(health.order(servers, (s) => s)).toEqual(['a', 'b', 'c']);
    health.failed('a');
    expect(health.order(servers, (s) => s)).toEqual(['b', 'c', 'a']);
    health.failed('b');
    expect(health.order(servers, (s) => s)).toEqual(['c', 'a', 'b']);
    now += 59_999;
    expect(health.isPenalized('a')).toBe(true);
    now += 1;
    expect(health.order(servers, (s) => s)).toEqual(['a', 'b', 'c']);
    health.failed('c');
    health.succeeded('c');
    expect(health.order(servers, (s) => s)).toEqual(['a', 'b', 'c']);
  });
});

describe('transcript redaction', () => {
  const secrets = secretVariants('herald', 'pa55word');
  it('masks AUTH PLAIN, LOGIN and CRAM-MD5 payloads', () => {
    const t = new Transcript(secrets);
    t.client(`AUTH PLAIN ${Buffer.from('\0herald\0pa55word').toString('base64')}`);
    t.server('235 ok');
    t.client('AUTH LOGIN');
    t.server('334 VXNlcm5hbWU6');
    t.client(Buffer.from('herald').toString('base64'));
    t.server('334 UGFzc3dvcmQ6');
    t.client(Buffer.from('pa55word').toString('base64'));
    t.server('235 ok');
    t.client('MAIL FROM:<a@b>');
    expect(t.lines).toEqual([
      `C: AUTH PLAIN ${REDACTED}`,
      'S: 235 ok',
      'C: AUTH LOGIN',
      'S: 334 VXNlcm5hbWU6',
      `C: ${REDACTED}`,
      'S: 334 UGFzc3dvcmQ6',
      `C: ${REDACTED}`,
      'S: 235 ok',
      'C: MAIL FROM:<a@b>',
    ]);
  });
  it('scrubs the password and its base64 wherever it appears', () => {
    expect(scrub('server said pa55word and cGE1NXdvcmQ=', secrets)).toBe(`server said ${REDACTED} and ${REDACTED}`);
    expect(secretVariants('u', null)).toEqual([]);
  });
  it('splits multi-line replies', () => {
    const t = new Transcript([]);
    t.server('250-mail\n250-AUTH PLAIN\n250 OK');
    expect(t.lines).toEqual(['S: 250-mail', 'S: 250-AUTH PLAIN', 'S: 250 OK']);
  });
});

describe('advertisedAuth', () => {
  it('reads AUTH and AUTH= lines', () => {
    expect(advertisedAuth('250-mail.test\n250-AUTH LOGIN PLAIN\n250-AUTH=LOGIN\n250 OK')).toEqual(['LOGIN', 'PLAIN']);
    expect(advertisedAuth('250-mail.test\n250 8BITMIME')).toEqual([]);
    expect(advertisedAuth(false)).toEqual([]);
  });
});

describe('planTargets', () => {
  const resolver = (mx: Record<string, Array<{ exchange: string; priority: number }> | Error>): HostResolver => ({
    async mx(domain) {
      const answer = mx[domain];
      if (answer instanceof Error) throw answer;
      return [...(answer ?? [])].sort((a, b) => a.priority - b.priority);
    },
    async addresses(name) {
      return [name];
    },
  });

  it('keeps the configured order and ports without MX', async () => {
    const steps = await planTargets(testConfig(['a.example', 'b.example:2525', '[::1]:26'], { port: 25 }), resolver({}));
    expect(steps).toEqual([
      { kind: 'target', target: { server: 'a.example', name: 'a.example', port: 25 } },
      { kind: 'target', target: { server: 'b.example', name: 'b.example', port: 2525 } },
      { kind: 'target', target: { server: '::1', name: '::1', port: 26 } },
    ]);
  });

  it('with useMx tries MX hosts by preference, falls back to the domain without MX, reports DNS errors', async () => {
    const steps = await planTargets(
      testConfig(['corp.example', 'nomx.example', 'broken.example', '10.0.0.1'], { useMx: true }),
      resolver({
        'corp.example': [
          { exchange: 'mx2.corp.example', priority: 20 },
          { exchange: 'mx1.corp.example', priority: 10 },
        ],
        'nomx.example': [],
        'broken.example': Object.assign(new Error('queryMx ESERVFAIL broken.example'), { code: 'ESERVFAIL' }),
      }),
    );
    expect(steps.map((s) => (s.kind === 'target' ? s.target.server : `failed:${s.server}`))).toEqual([
      'mx1.corp.example',
      'mx2.corp.example',
      'nomx.example',
      'failed:broken.example',
      '10.0.0.1',
    ]);
  });
});

describe('connectionOptions', () => {
  const target = { address: '10.0.0.5', name: 'mail.corp.example', port: 465 };
  it('always sets secure explicitly, even on 465', () => {
    for (const mode of ['none', 'opportunistic', 'required'] as const) {
      const opts = connectionOptions(testConfig(['x'], { tls: { mode } }), target, TEST_TIMEOUTS, 'configured', null);
      expect(opts.secure).toBe(false);
    }
    const implicit = connectionOptions(testConfig(['x'], { tls: { mode: 'required', implicit: true } }), target, TEST_TIMEOUTS, 'configured', null);
    expect(implicit).toMatchObject({ secure: true, requireTLS: false });
  });
  it('maps minVersion and SNI', () => {
    const modern = connectionOptions(testConfig(['x'], { tls: { mode: 'required', minVersion: '1.2' } }), target, TEST_TIMEOUTS, 'configured', null);
    expect(modern.tls).toMatchObject({ minVersion: 'TLSv1.2', rejectUnauthorized: true, servername: 'mail.corp.example' });
    expect(modern.tls?.ciphers).toBeUndefined();
    const any = connectionOptions(testConfig(['x'], { tls: { mode: 'required', minVersion: 'any', serverName: 'smtp.corp.example' } }), target, TEST_TIMEOUTS, 'configured', null);
    expect(any.tls).toMatchObject({ minVersion: 'TLSv1', ciphers: 'DEFAULT@SECLEVEL=0', servername: 'smtp.corp.example' });
    const byIp = connectionOptions(testConfig(['x'], { tls: { mode: 'required' } }), { ...target, name: '10.0.0.5' }, TEST_TIMEOUTS, 'configured', null);
    expect(byIp.tls?.servername).toBeUndefined();
  });
  it('the plaintext fallback ignores STARTTLS', () => {
    expect(connectionOptions(testConfig(['x']), target, TEST_TIMEOUTS, 'plaintext', null)).toMatchObject({ ignoreTLS: true, secure: false });
  });
});
