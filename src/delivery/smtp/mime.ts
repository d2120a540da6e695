/**
 * The message built once per delivery (MIME + envelope), so failover and the pool only move
 * bytes. nodemailer's MailComposer does the encoding (header-safe, RFC 2047, QP).
 */
import MailComposer from 'nodemailer/lib/mail-composer';
import type { OutgoingMessage } from './types.js';

/** A message ready for the wire. */
export interface BuiltMessage {
  envelope: { from: string; to: string[] };
  raw: Buffer;
}

/** Builds the MIME bytes and the envelope (bare addresses) of a message. */
export async function buildMessage(message: OutgoingMessage): Promise<BuiltMessage> {
  const node = new MailComposer({
    from: message.from,
    to: message.to,
    subject: message.subject,
    text: message.text,
    headers: message.headers,
    messageId: message.messageId,
  }).compile();
  const envelope = node.getEnvelope();
  const raw = await node.build();
  return { envelope: { from: envelope.from === false ? '' : envelope.from, to: envelope.to }, raw };
}
