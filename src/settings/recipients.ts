/**
 * The `recipients` list: what an admin types in KSC (`soc@corp.example; Jane Doe <jane@x>;`)
 * or an array, checked entry by entry and normalised (trimmed, IDN domains in punycode,
 * duplicates removed by address, case-insensitively, first wins).
 */
import { InputError } from '../domain/errors.js';
import { dedupeBy, listEntries } from './list-input.js';
import { parseMailbox, type Mailbox } from '../domain/mailbox.js';

/** The API's error code for a bad recipient entry. */
export const INVALID_RECIPIENT = 'INVALID_RECIPIENT';

/**
 * Parses recipient input into normalised entries. Fails on the first bad entry with 400
 * `INVALID_RECIPIENT` and field `${fieldPrefix}[i]` (i = index among the non-empty entries).
 */
export function parseRecipients(input: unknown, fieldPrefix = 'recipients'): string[] {
  const entries = listEntries(input, fieldPrefix, 'e-mail addresses', true);
  const mailboxes = entries.map((entry, i) => parseRecipient(entry, `${fieldPrefix}[${i}]`));
  return dedupeBy(mailboxes, (m) => m.address.toLowerCase()).map((m) => m.entry);
}

/** Parses one trimmed entry or throws `INVALID_RECIPIENT` with the given field. */
export function parseRecipient(entry: string, field: string): Mailbox {
  const result = parseMailbox(entry);
  if (!result.ok) {
    throw new InputError(INVALID_RECIPIENT, `Recipient "${entry}" is not valid: ${result.problem}.`, field);
  }
  return result.mailbox;
}

/**
 * The bare address of a stored (normalised) entry, e.g. `jane@example.com` for
 * `Jane Doe <jane@example.com>`: delivery needs it for the SMTP envelope (RCPT TO).
 * Throws `INVALID_RECIPIENT` if the entry is not a valid mailbox.
 */
export function mailboxAddress(entry: string): string {
  return parseRecipient(entry.trim(), 'recipients').address;
}
