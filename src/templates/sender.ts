/**
 * The sender of a notification, rendered by its STRUCTURE: the template (an admin's) decides
 * which part is the display name and which the address; the values (an event's, i.e. a client
 * device's) only fill them in. So a `%COMPUTER%` holding `:`, `;`, `<`, `,` or quotes stays in
 * the display name and can never add an address, start a group or change the envelope sender.
 * The result is one canonical mailbox entry that Herald's own parser reads back to exactly the
 * same `{name, address}` (the MIME layer gives that pair to nodemailer, unparsed).
 */
import { checkAddress, parseMailbox } from '../domain/mailbox.js';
import { renderTemplate, TemplateError } from './render.js';
import type { TemplateValues } from './variables.js';

/** A rendered sender: display name ('' for none), bare address, and the canonical entry. */
export interface RenderedSender {
  name: string;
  address: string;
  /** `address`, or `Name <address>` with the name quoted when it holds anything special. */
  entry: string;
}

/** `display <address>` at the end of a template; the split is at the last `<`. */
const NAME_AND_ADDRESS = /^(.*?)<([^<>]*)>$/s;

/** A display name that needs no quotes (and reads back unchanged). */
const PLAIN_NAME = /^[\p{L}\p{N}][\p{L}\p{N} .'_-]*$/u;

/** Renders the sender template; throws `TemplateError` when the address part is no address. */
export function renderSender(template: string, values: TemplateValues): RenderedSender {
  const trimmed = template.trim();
  const parts = NAME_AND_ADDRESS.exec(trimmed);
  const nameTemplate = parts === null ? '' : unquoted((parts[1] ?? '').trim());
  const addressTemplate = parts === null ? trimmed : (parts[2] ?? '').trim();

  const addressText = renderTemplate(addressTemplate, values, 'header').trim();
  const address = /\s/.test(addressText)
    ? { ok: false as const, problem: 'the address contains a space' }
    : checkAddress(addressText);
  if (!address.ok) {
    throw new TemplateError(`The sender "${addressText}" is not a valid e-mail address: ${address.problem}.`);
  }
  const name = renderTemplate(nameTemplate, values, 'header').trim();
  const entry = name === '' ? address.value : `${quotedName(name)} <${address.value}>`;
  // Defence in depth: the entry must read back as exactly this pair.
  const reread = parseMailbox(entry);
  if (!reread.ok || reread.mailbox.address !== address.value || (reread.mailbox.displayName ?? '') !== name) {
    throw new TemplateError(`The sender name "${name}" cannot be written as a mail header.`);
  }
  return { name, address: address.value, entry };
}

/** The template text inside `"…"` (admin-written escapes undone), or the text as it is. */
function unquoted(display: string): string {
  if (display.length >= 2 && display.startsWith('"') && display.endsWith('"')) {
    return display.slice(1, -1).replace(/\\(.)/gs, '$1');
  }
  return display;
}

function quotedName(name: string): string {
  return PLAIN_NAME.test(name) ? name : `"${name.replace(/[\\"]/g, '\\$&')}"`;
}
