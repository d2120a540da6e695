/**
 * PEM text as admins upload it: a UTF-8 BOM, CRLF line ends, explanatory text around the
 * blocks (`openssl x509 -text`, Windows' "Bag Attributes"), headers (`Proc-Type`). This module
 * finds the blocks; it does not interpret them.
 */

/** One `-----BEGIN X-----` … `-----END X-----` block. */
export interface PemBlock {
  /** The label, e.g. `CERTIFICATE`, `ENCRYPTED PRIVATE KEY`. */
  label: string;
  /** RFC 1421 headers (`Proc-Type`, `DEK-Info`), names as written. */
  headers: Record<string, string>;
  /** The decoded body. */
  der: Buffer;
  /** The block re-emitted with LF line ends (headers kept), for handing to Node as is. */
  text: string;
}

const BEGIN = '-----BEGIN ';
const END = '-----END ';
const DASHES = '-----';
/** A label: upper-case letters, digits and spaces (RFC 7468 allows no more in practice). */
const MAX_LABEL_LENGTH = 64;
const LABEL = /^[A-Z0-9 ]+$/;

/** True when the bytes look like PEM text (there is a BEGIN line). */
export function looksLikePem(data: Buffer): boolean {
  return data.includes(BEGIN);
}

/** Where a `-----BEGIN X-----` / `-----END X-----` marker is: its label, start and end. */
interface Marker {
  label: string;
  start: number;
  end: number;
}

/** Every `-----<kind> LABEL-----` marker, in order; one pass with indexOf. */
function markers(text: string, kind: string): Marker[] {
  const found: Marker[] = [];
  for (let at = text.indexOf(kind); at !== -1; at = text.indexOf(kind, at + 1)) {
    const labelStart = at + kind.length;
    const close = text.indexOf(DASHES, labelStart);
    if (close === -1) break;
    if (close - labelStart > MAX_LABEL_LENGTH) continue;
    const label = text.slice(labelStart, close);
    if (LABEL.test(label)) found.push({ label, start: at, end: close + DASHES.length });
  }
  return found;
}

/**
 * The blocks as `[BEGIN, END]` pairs: each BEGIN is closed by the first END with its label
 * after it, and scanning resumes after that END (what `/BEGIN (X)…?END \1/g` means). Written
 * by hand so the time is linear in the input: every END position is visited once per label,
 * even for a file of thousands of BEGIN lines that never end (where that regular expression
 * rescans the rest of the file for each of them).
 */
function blockSpans(text: string): Array<{ begin: Marker; end: Marker }> {
  const endsByLabel = new Map<string, { positions: Marker[]; next: number }>();
  for (const end of markers(text, END)) {
    const entry = endsByLabel.get(end.label) ?? { positions: [], next: 0 };
    entry.positions.push(end);
    endsByLabel.set(end.label, entry);
  }
  const spans: Array<{ begin: Marker; end: Marker }> = [];
  let resumeAt = 0;
  for (const begin of markers(text, BEGIN)) {
    if (begin.start < resumeAt) continue;
    const ends = endsByLabel.get(begin.label);
    if (ends === undefined) continue;
    while (ends.next < ends.positions.length && (ends.positions[ends.next] as Marker).start < begin.end) ends.next += 1;
    const end = ends.positions[ends.next];
    if (end === undefined) continue;
    spans.push({ begin, end });
    resumeAt = end.end;
  }
  return spans;
}

/** Every PEM block in `data`, in order. A body that is not base64 gives an empty `der` (so the reader reports that block). */
export function pemBlocks(data: Buffer): PemBlock[] {
  const text = data.toString('utf8').replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const blocks: PemBlock[] = [];
  for (const { begin, end } of blockSpans(text)) {
    const label = begin.label;
    const lines = text.slice(begin.end, end.start).split('\n').map((l) => l.trim()).filter((l) => l.length > 0);
    const headers: Record<string, string> = {};
    const body: string[] = [];
    for (const line of lines) {
      const header = /^([A-Za-z-]+):\s*(.*)$/.exec(line);
      if (header && body.length === 0) headers[header[1] as string] = header[2] as string;
      else body.push(line);
    }
    const joined = body.join('');
    const b64 = /^[A-Za-z0-9+/]*={0,2}$/.test(joined) ? joined : '';
    const headerText = Object.entries(headers).map(([k, v]) => `${k}: ${v}\n`).join('');
    blocks.push({
      label,
      headers,
      der: Buffer.from(b64, 'base64'),
      text: `-----BEGIN ${label}-----\n${headerText}${headerText ? '\n' : ''}${wrap64(b64)}-----END ${label}-----\n`,
    });
  }
  return blocks;
}

function wrap64(b64: string): string {
  let out = '';
  for (let i = 0; i < b64.length; i += 64) out += `${b64.slice(i, i + 64)}\n`;
  return out;
}

/** Encodes DER as one PEM block with LF line ends and a final newline. */
export function toPem(label: string, der: Buffer): string {
  return `-----BEGIN ${label}-----\n${wrap64(der.toString('base64'))}-----END ${label}-----\n`;
}
