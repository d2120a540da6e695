/**
 * KSC-style `%VARIABLE%` rendering, safe for mail headers.
 *
 * Syntax (chosen so ordinary text with percent signs keeps working):
 * - `%%` is a literal `%`.
 * - `%NAME%` where NAME starts with a letter or `_` and continues with letters, digits or `_`
 *   is a variable reference; a NAME that is not a known variable (case-sensitive, like KSC)
 *   is an error (`%severity%`, `%HOSTNAME%`).
 * - Any other `%` is literal text: `100%`, `50% off`, `%50`, a lone `%` at the end,
 *   `% of disk%`. A percent-encoded URL whose escape starts with a letter (`%C3%A9`) reads
 *   as a variable: write `%%C3%%A9` there.
 */
import { boundedMemo } from '../domain/bounded-memo.js';
import { isTemplateVariable, type TemplateValues } from './variables.js';

/** Where rendered text goes: one header line, or the plain-text body. */
export type RenderMode = 'header' | 'body';

/**
 * A template that cannot be rendered (unknown variable, sender not an address). Permanent
 * for delivery (reason `TEMPLATE_ERROR`); settings validation prevents it up front.
 */
export class TemplateError extends Error {
  override readonly name = 'TemplateError';
  /** The delivery reason this maps to. */
  readonly code = 'TEMPLATE_ERROR';

  constructor(
    message: string,
    /** Unknown variable names found, without `%` (empty for other problems). */
    readonly unknownVariables: readonly string[] = [],
  ) {
    super(message);
  }
}

/**
 * Longest rendered header text (subject, sender name): far above any useful subject, and it
 * keeps a template of many long variables from making megabyte headers.
 */
export const MAX_RENDERED_HEADER_LENGTH = 2_000;

/**
 * Longest rendered body. A 64 KiB template repeating %DESCR% (itself up to 64 KiB per event)
 * would otherwise render half a gigabyte per notification; real bodies are a few KiB.
 */
export const MAX_RENDERED_BODY_LENGTH = 1_000_000;

/** What a cut rendering ends with. */
export const TRUNCATION_MARK = ' [… truncated]';

/** One piece of a parsed template. */
type Token =
  | { kind: 'text'; text: string }
  | { kind: 'variable'; name: string };

const REFERENCE = /%([A-Za-z_][A-Za-z0-9_]*)%/y;

/**
 * The tokens of a template, memoised: every notification renders the same few templates (a
 * deployment has a handful; 256 kept at most), and parsing them again for each event was half
 * the cost of creating a notification. Pure input → output, so the cache cannot change a result.
 */
const tokenize: (template: string) => readonly Token[] = boundedMemo(parse, 256);

function parse(template: string): Token[] {
  const tokens: Token[] = [];
  let text = '';
  let i = 0;
  while (i < template.length) {
    const ch = template.charAt(i);
    if (ch !== '%') {
      text += ch;
      i++;
      continue;
    }
    if (template.charAt(i + 1) === '%') {
      text += '%';
      i += 2;
      continue;
    }
    REFERENCE.lastIndex = i;
    const match = REFERENCE.exec(template);
    if (match?.[1] !== undefined) {
      if (text !== '') tokens.push({ kind: 'text', text });
      text = '';
      tokens.push({ kind: 'variable', name: match[1] });
      i = REFERENCE.lastIndex;
    } else {
      text += '%';
      i++;
    }
  }
  if (text !== '') tokens.push({ kind: 'text', text });
  return tokens;
}

/** The unknown variable names in a template (without `%`, each once, in order); [] when it is fine. */
export function findUnknownVariables(template: string): string[] {
  const unknown: string[] = [];
  for (const token of tokenize(template)) {
    if (token.kind === 'variable' && !isTemplateVariable(token.name) && !unknown.includes(token.name)) {
      unknown.push(token.name);
    }
  }
  return unknown;
}

// Line breaks, C0 and C1 controls, DEL, and the Unicode line/paragraph separators.
const HEADER_UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g;
const BODY_UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/** Makes text safe for one header line: every run of control characters becomes one space. */
export function sanitizeHeader(text: string): string {
  return text.replace(HEADER_UNSAFE, ' ');
}

/** Normalises body text: CRLF and CR become LF; control characters other than LF and TAB are removed. */
export function sanitizeBody(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(BODY_UNSAFE, '');
}

/**
 * Renders a template with the values. Header mode: no value (nor the template) can create a
 * header line, control characters become a space. Body mode: line ends normalised to LF,
 * other controls except TAB removed. Throws `TemplateError` for an unknown variable.
 */
export function renderTemplate(template: string, values: TemplateValues, mode: RenderMode): string {
  const unknown = findUnknownVariables(template);
  if (unknown.length > 0) {
    const list = unknown.map((n) => `%${n}%`).join(', ');
    throw new TemplateError(
      `The template uses unknown variable${unknown.length > 1 ? 's' : ''} ${list}; write %% for a literal percent sign.`,
      unknown,
    );
  }
  const limit = mode === 'header' ? MAX_RENDERED_HEADER_LENGTH : MAX_RENDERED_BODY_LENGTH;
  let out = '';
  for (const token of tokenize(template)) {
    if (out.length > limit) break;
    switch (token.kind) {
      case 'text':
        out += token.text;
        break;
      case 'variable':
        out += isTemplateVariable(token.name) ? values[token.name] : '';
        break;
    }
  }
  if (out.length > limit) {
    let cut = limit - TRUNCATION_MARK.length;
    if (/[\uD800-\uDBFF]/.test(out.charAt(cut - 1))) cut -= 1; // never half a surrogate pair
    out = out.slice(0, cut) + TRUNCATION_MARK;
  }
  switch (mode) {
    case 'header':
      return sanitizeHeader(out);
    case 'body':
      return sanitizeBody(out);
  }
}
