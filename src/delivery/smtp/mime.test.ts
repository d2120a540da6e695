/**
 * Sender display names from event data (issue 13 item 7): whatever a device calls itself, the
 * From header and the envelope sender stay the configured address. Rendered by the real
 * template code, sent by the real SMTP code to an in-process smtp-server, checked on what the
 * SERVER received.
 */
import addressparser from 'nodemailer/lib/addressparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_BODY, DEFAULT_SUBJECT } from '../../domain/email-settings.js';
import { renderNotification } from '../../templates/notification.js';
import { sampleEvent } from '../../templates/variables.js';
import { deliver } from './deliver.js';
import { buildMessage, cachedMailboxParser } from './mime.js';
import { TEST_TIMEOUTS, testConfig, testMail } from './test-config.test-helpers.js';
import { startPeer, type TestPeer } from './test-peer.test-helpers.js';

const HOSTILE_NAMES = [
  'x:evil@attacker.example;',
  'a@evil.example;',
  'evil@attacker.example: x;',
  'WKS <evil@attacker.example>',
  'a, b@evil.example',
  '"quoted" evil@attacker.example',
  'back\\slash "q" (comment@evil.example)',
  'Rechner: Müller; <x@evil.example>',
];

function fromHeader(raw: string): string {
  const headers = raw.split('\r\n\r\n')[0] ?? '';
  const match = /^From: (.*(?:\r\n[ \t].*)*)/im.exec(headers);
  return (match?.[1] ?? '').replace(/\r\n[ \t]/g, ' ');
}

describe('sender display names from event data', () => {
  let peer: TestPeer;
  beforeAll(async () => {
    peer = await startPeer();
  });
  afterAll(() => peer.close());

  it.each(HOSTILE_NAMES)('keeps From and the envelope on the configured address for %j', async (name) => {
    const event = { ...sampleEvent(), device: { ...sampleEvent().device, name } };
    const rendered = renderNotification({ sender: '%COMPUTER% <herald@corp.example>', subject: DEFAULT_SUBJECT, body: DEFAULT_BODY }, event);
    const message = { ...testMail(['soc@example.com', '"Doe, Jane" <jane@example.com>']), from: rendered.sender };

    const report = await deliver(testConfig([`127.0.0.1:${peer.port}`]), message, { timeouts: TEST_TIMEOUTS });
    expect(report.delivered).toBe(true);
    const received = peer.messages.at(-1);
    expect(received?.mailFrom).toBe('herald@corp.example');
    expect(received?.rcptTo).toEqual(['soc@example.com', 'jane@example.com']);

    const from = addressparser(fromHeader(received?.data ?? ''));
    expect(from).toHaveLength(1);
    expect(from[0]).toMatchObject({ address: 'herald@corp.example' });
    if (/^[\x20-\x7e]*$/.test(name)) expect((from[0] as { name: string }).name).toBe(name);
  });

  it('gives nodemailer the parsed pair: the envelope never comes from its parser', async () => {
    // An unquoted entry that nodemailer's own parser reads as a group plus a second address.
    const built = await buildMessage({ ...testMail(['soc@example.com']), from: 'x:evil@attacker.example; <herald@corp.example>' });
    expect(built.envelope).toEqual({ from: 'herald@corp.example', to: ['soc@example.com'] });
    expect(fromHeader(built.raw.toString())).toBe('"x:evil@attacker.example;" <herald@corp.example>');
  });

  it('caches parsed mailboxes per parser, and still refuses an entry that is no mailbox', () => {
    const parse = cachedMailboxParser();
    const first = parse('Jane Doe <jane@example.com>');
    expect(first).toEqual({ name: 'Jane Doe', address: 'jane@example.com' });
    expect(parse('Jane Doe <jane@example.com>')).toBe(first);
    expect(() => parse('not a mailbox')).toThrow(/is not a mailbox/);
    expect(() => parse('not a mailbox')).toThrow(/is not a mailbox/);
  });
});
