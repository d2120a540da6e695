/**
 * The message built once per delivery (MIME + envelope), so failover and the pool only move
 * bytes. nodemailer's MailComposer does the encoding (header-safe, RFC 2047, QP).
 *
 * Addresses reach MailComposer already parsed, as `{name, address}`: the sender and the
 * recipients were checked by Herald's own mailbox parser (domain/mailbox.ts), and handing
 * nodemailer the string again would let its own, different parser decide — a display name
 * rendered from event data such as `x:evil@attacker.example;` would become an address group
 * and change the From header and the envelope sender.
 */
import MailComposer from 'nodemailer/lib/mail-composer';
import { parseMailbox } from '../../domain/mailbox.js';
import type { OutgoingMessage } from './types.js';

/** A message ready for the wire. */
export interface BuiltMessage {
  envelope: { from: string; to: string[] };
  raw: Buffer;
}

/** A mailbox as MailComposer takes it without parsing (name is encoded, never interpreted). */
export interface MimeAddress {
  name: string;
  address: string;
}

/** Parses a stored mailbox entry (`addr` or `Name <addr>`) with Herald's parser; throws when it is none. */
export function mimeAddress(entry: string): MimeAddress {
  const parsed = parseMailbox(entry.trim());
  if (!parsed.ok) throw new Error(`"${entry}" is not a mailbox: ${parsed.problem}`);
  return { name: parsed.mailbox.displayName ?? '', address: parsed.mailbox.address };
}

/** Builds the MIME bytes and the envelope (bare addresses) of a message. */
export async function buildMessage(message: OutgoingMessage): Promise<BuiltMessage> {
  const from = mimeAddress(message.from);
  const to = message.to.map(mimeAddress);
  const envelope = { from: from.address, to: to.map((mailbox) => mailbox.address) };
  const node = new MailComposer({
    from,
    to,
    envelope,
    subject: message.subject,
    text: message.text,
    headers: message.headers,
    messageId: message.messageId,
  }).compile();
  const raw = await node.build();
  return { envelope, raw };
}
