import crypto from 'node:crypto';
import os from 'node:os';
import type { OutgoingMessage } from './types.js';

/** The domain of an address (for the Message-ID), or `herald.invalid`. */
function domainOf(address: string): string {
  const at = address.lastIndexOf('@');
  const domain = at >= 0 ? address.slice(at + 1).replace(/>.*$/, '').trim() : '';
  return domain === '' ? 'herald.invalid' : domain;
}

/**
 * The "Send test message" message: says which Herald instance sent it and when, so the admin
 * who finds it knows the path works (and which instance to thank).
 */
export function testMessage(from: string, to: string[], now: Date): OutgoingMessage {
  const instance = os.hostname();
  const id = crypto.randomUUID();
  return {
    messageId: `<test-${id}@${domainOf(from)}>`,
    from,
    to,
    subject: 'Herald test message',
    text: [
      'This is a test message from Herald.',
      '',
      `Sent by the Herald instance on ${instance} at ${now.toISOString()}.`,
      'If you can read this, e-mail notifications can reach this mailbox with the settings that were tested.',
      '',
      '--',
      'Herald event notifications',
    ].join('\n'),
    headers: { 'Auto-Submitted': 'auto-generated', 'X-Herald-Test': 'yes' },
  };
}
