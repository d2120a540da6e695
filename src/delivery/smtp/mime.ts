/**
 * The message built once per delivery (MIME + envelope), so failover and the pool only move
 * bytes. nodemailer's MailComposer does the encoding (header-safe, RFC 2047, QP).
 *
 * Addresses reach MailComposer already parsed, as `{name, address}`: the sender and the
 * recipients were checked by Herald's own mailbox parser (domain/mailbox.ts), and handing
 * nodemailer the string again would let its own, different parser decide — a display name
 * rendered from event data such as `x:evil@attacker.example;` would become an address group
 * and change the From header and the envelope sender.
 *
 * What else is ours: Herald's messages are one text/plain part held in a string, so the body is
 * encoded by nodemailer's `qp`/`base64` modules in one synchronous call instead of through
 * MailComposer's stream pipeline (a PassThrough, a `pipeline`, an AbortSignal and several
 * setImmediate hops per message — about a fifth of the worker's CPU under load). MailComposer
 * still decides every header and the transfer encoding; `mime.test.ts` checks that the bytes
 * are identical to its own `build()`, and any other message shape still goes through `build()`.
 */
import MailComposer from 'nodemailer/lib/mail-composer';
import type MimeNode from 'nodemailer/lib/mime-node';
import { encode as base64Encode, wrap as base64Wrap } from 'nodemailer/lib/base64';
import { encode as qpEncode, wrap as qpWrap } from 'nodemailer/lib/qp';
import { boundedMemo } from '../../domain/bounded-memo.js';
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

/** Parses a mailbox entry for MIME (mimeAddress, or a cache in front of it). */
export type MailboxParser = (entry: string) => MimeAddress;

/** Entries a cached parser keeps: far more than one transport's sender and recipients. */
const PARSED_MAILBOXES_KEPT = 1_000;

/**
 * mimeAddress with a cache: a deliverer sends message after message from the same sender to
 * the same recipients, and parsing them (IDNA checks included) was ~3 % of the delivery
 * thread. Entries that are no mailbox are not kept (each call throws as mimeAddress does).
 */
export function cachedMailboxParser(): MailboxParser {
  return boundedMemo(mimeAddress, PARSED_MAILBOXES_KEPT);
}

/** Body lines are wrapped at this length, as nodemailer's encoders do by default. */
const LINE_LENGTH = 76;

/** Builds the MIME bytes and the envelope (bare addresses) of a message (`date`: for tests; default now; `parse`: see cachedMailboxParser). */
export async function buildMessage(message: OutgoingMessage, date?: Date, parse: MailboxParser = mimeAddress): Promise<BuiltMessage> {
  const from = parse(message.from);
  const to = message.to.map((entry) => parse(entry));
  const envelope = { from: from.address, to: to.map((mailbox) => mailbox.address) };
  // No `envelope` for MailComposer: it does not change a byte of the message (mime-bytes.test.ts
  // compares with a build that has one), and parsing it again cost ~7 % of the delivery thread.
  const node = new MailComposer({
    from,
    to,
    subject: message.subject,
    text: message.text,
    headers: message.headers,
    messageId: message.messageId,
    ...(date === undefined ? {} : { date }),
  }).compile();
  const raw = buildTextOnly(node) ?? (await node.build());
  return { envelope, raw };
}

/**
 * The bytes of a single-part node whose content is a string, as `node.build()` would stream
 * them (headers, blank line, encoded body, a final line break); null for any other shape.
 */
export function buildTextOnly(node: MimeNode): Buffer | null {
  const content = node.content;
  if (typeof content !== 'string' || node.childNodes.length > 0) return null;
  // buildHeaders() also sets contentType/multipart, so read them after it.
  const headers = node.buildHeaders();
  if (node.multipart !== false || node.newline !== undefined || !/^text\//i.test(node.contentType ?? '')) return null;
  let body: string;
  switch (node.getTransferEncoding()) {
    case 'quoted-printable':
      body = qpWrap(qpEncode(content), LINE_LENGTH);
      break;
    case 'base64':
      body = base64Wrap(base64Encode(content), LINE_LENGTH);
      break;
    default:
      body = content;
  }
  const text = `${headers}\r\n\r\n${body}`;
  // As nodemailer's LastNewline: the message ends with a line break.
  const ending = text.endsWith('\n') ? '' : text.endsWith('\r') ? '\n' : '\r\n';
  return Buffer.from(text + ending, 'utf8');
}
