/**
 * The protocol transcript of one attempt, with every secret removed. nodemailer's
 * `transactionLog` passes each command and reply to the logger we give it; this recorder turns
 * them into `S: …` / `C: …` lines and redacts AUTH payloads (`C: AUTH PLAIN ****`, the LOGIN
 * and CRAM-MD5 answers as `C: ****`), then scrubs any remaining form of the credentials.
 */
import type { ExternalLogger } from 'nodemailer/lib/shared';

/** The mask that replaces secrets. */
export const REDACTED = '****';

/** The strings that must never appear: the password and the base64 forms a SASL exchange uses. */
export function secretVariants(username: string, password: string | null): string[] {
  if (password === null || password === '') return [];
  const b64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64');
  const variants = [
    password,
    b64(password),
    b64(`\0${username}\0${password}`),
    b64(`${username}\0${username}\0${password}`),
  ];
  if (username !== '') variants.push(b64(username));
  // Longest first, so a longer form is not left half-masked by a shorter one inside it.
  return [...new Set(variants)].sort((a, b) => b.length - a.length);
}

/** The forms of an OAuth access token that must never appear: itself, base64, and the XOAUTH2 initial response. */
export function tokenVariants(username: string, token: string): string[] {
  const b64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64');
  const variants = [token, b64(token), b64(`user=${username}\x01auth=Bearer ${token}\x01\x01`), Buffer.from(token).toString('base64url')];
  return [...new Set(variants)].sort((a, b) => b.length - a.length);
}

/** Merges lists of secret variants, longest first. */
export function mergeVariants(...lists: ReadonlyArray<readonly string[]>): string[] {
  return [...new Set(lists.flat())].filter((v) => v !== '').sort((a, b) => b.length - a.length);
}

/** Replaces every occurrence of every variant with `****`. */
export function scrub(text: string, variants: readonly string[]): string {
  let result = text;
  for (const variant of variants) {
    if (variant !== '' && result.includes(variant)) result = result.split(variant).join(REDACTED);
  }
  return result;
}

/** Collects the redacted transcript lines of one attempt (possibly over several connections). */
export class Transcript {
  /** The lines so far, already redacted. */
  readonly lines: string[] = [];
  private inAuthExchange = false;

  private variants: readonly string[];

  constructor(variants: readonly string[]) {
    this.variants = variants;
  }

  /** More secrets to mask from now on (an access token obtained during the attempt). */
  addSecrets(variants: readonly string[]): void {
    this.variants = mergeVariants(this.variants, variants);
  }

  /** A line sent by Herald. */
  client(raw: string): void {
    let line = raw;
    if (this.inAuthExchange) {
      line = REDACTED;
    } else {
      const auth = /^AUTH\s+(\S+)(\s+\S.*)?$/i.exec(line);
      if (auth) {
        this.inAuthExchange = true;
        line = auth[2] === undefined ? `AUTH ${auth[1] ?? ''}` : `AUTH ${auth[1] ?? ''} ${REDACTED}`;
      }
    }
    this.lines.push(`C: ${scrub(line, this.variants)}`);
  }

  /** A (possibly multi-line) reply of the server. */
  server(raw: string): void {
    const lines = raw.split(/\r?\n/).filter((line) => line !== '');
    const last = lines[lines.length - 1] ?? '';
    if (this.inAuthExchange && !last.startsWith('334')) this.inAuthExchange = false;
    for (const line of lines) this.lines.push(`S: ${scrub(line, this.variants)}`);
  }

  /** A remark of Herald's own (TLS facts, reconnects). */
  note(text: string): void {
    this.lines.push(`* ${scrub(text, this.variants)}`);
  }

  /** A bunyan-style logger for nodemailer's `logger` option that feeds this transcript. */
  logger(): ExternalLogger {
    const record = (entry: unknown, message?: unknown): void => {
      if (typeof entry !== 'object' || entry === null || typeof message !== 'string') return;
      const tnx = (entry as { tnx?: unknown }).tnx;
      if (tnx === 'client') this.client(message);
      else if (tnx === 'server') this.server(message);
    };
    const ignore = (): void => undefined;
    return { trace: ignore, debug: record, info: ignore, warn: ignore, error: ignore, fatal: ignore };
  }
}
