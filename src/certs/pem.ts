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

const BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/g;

/** True when the bytes look like PEM text (there is a BEGIN line). */
export function looksLikePem(data: Buffer): boolean {
  return data.includes('-----BEGIN ');
}

/** Every PEM block in `data`, in order. A body that is not base64 gives an empty `der` (so the reader reports that block). */
export function pemBlocks(data: Buffer): PemBlock[] {
  const text = data.toString('utf8').replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const blocks: PemBlock[] = [];
  for (const match of text.matchAll(BLOCK)) {
    const label = match[1] as string;
    const lines = (match[2] as string).split('\n').map((l) => l.trim()).filter((l) => l.length > 0);
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
