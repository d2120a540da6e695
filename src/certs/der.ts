/**
 * A minimal BER/DER reader: just enough ASN.1 to walk PKCS#7 SignedData, PKCS#12 and the
 * algorithm identifiers of encrypted keys, while handing the *exact* bytes of certificates
 * and keys to Node. (node-forge's ASN.1 re-encodes what it decodes and its certificate parser
 * only knows RSA, so it cannot be trusted to give back an EC certificate byte for byte.)
 *
 * Supports definite and indefinite lengths (Windows and Java sometimes write BER), single-
 * byte tags (all that these formats use) and constructed OCTET STRINGs.
 */

/** ASN.1 universal tag numbers used here. */
export const Tag = {
  BOOLEAN: 0x01,
  INTEGER: 0x02,
  BIT_STRING: 0x03,
  OCTET_STRING: 0x04,
  NULL: 0x05,
  OID: 0x06,
  UTF8_STRING: 0x0c,
  SEQUENCE: 0x10,
  SET: 0x11,
  UTC_TIME: 0x17,
  GENERALIZED_TIME: 0x18,
} as const;

/** One decoded TLV; `raw` is the whole element, `content` its value bytes (empty for indefinite constructed). */
export interface Asn1Node {
  /** 0 universal, 1 application, 2 context-specific, 3 private. */
  tagClass: number;
  constructed: boolean;
  /** Tag number (low five bits; multi-byte tags are refused). */
  tag: number;
  /** The element exactly as encoded (header + value [+ end-of-contents]). */
  raw: Buffer;
  /** The value bytes of a definite-length element. */
  content: Buffer;
  /** Children of a constructed element. */
  children: Asn1Node[];
}

/** Thrown for bytes that are not well-formed BER; callers turn it into their API error. */
export class Asn1Error extends Error {
  override readonly name = 'Asn1Error';
}

const MAX_DEPTH = 32;

/** Decodes one element at `offset`; returns it and the offset after it. */
function decodeAt(buf: Buffer, offset: number, depth: number): { node: Asn1Node; end: number } {
  if (depth > MAX_DEPTH) throw new Asn1Error('ASN.1 nested too deeply');
  if (offset + 2 > buf.length) throw new Asn1Error('ASN.1 truncated header');
  const first = buf[offset] as number;
  if ((first & 0x1f) === 0x1f) throw new Asn1Error('multi-byte ASN.1 tags are not supported');
  const tagClass = first >> 6;
  const constructed = (first & 0x20) !== 0;
  const tag = first & 0x1f;
  let pos = offset + 1;
  const lenByte = buf[pos++] as number;
  let length: number | null;
  if (lenByte < 0x80) {
    length = lenByte;
  } else if (lenByte === 0x80) {
    if (!constructed) throw new Asn1Error('indefinite length on a primitive ASN.1 element');
    length = null;
  } else {
    const n = lenByte & 0x7f;
    if (n > 4 || pos + n > buf.length) throw new Asn1Error('ASN.1 length too large');
    length = 0;
    for (let i = 0; i < n; i++) length = length * 256 + (buf[pos++] as number);
  }
  const children: Asn1Node[] = [];
  if (length === null) {
    for (;;) {
      if (pos + 2 > buf.length) throw new Asn1Error('ASN.1 missing end-of-contents');
      if (buf[pos] === 0 && buf[pos + 1] === 0) {
        pos += 2;
        break;
      }
      const child = decodeAt(buf, pos, depth + 1);
      children.push(child.node);
      pos = child.end;
    }
    return {
      node: { tagClass, constructed, tag, raw: buf.subarray(offset, pos), content: Buffer.alloc(0), children },
      end: pos,
    };
  }
  const end = pos + length;
  if (end > buf.length) throw new Asn1Error('ASN.1 element runs past the end of the data');
  const content = buf.subarray(pos, end);
  if (constructed) {
    let p = pos;
    while (p < end) {
      const child = decodeAt(buf.subarray(0, end), p, depth + 1);
      children.push(child.node);
      p = child.end;
    }
  }
  return { node: { tagClass, constructed, tag, raw: buf.subarray(offset, end), content, children }, end };
}

/** Decodes exactly one element filling all of `buf` (trailing bytes are an error). */
export function decodeDer(buf: Buffer): Asn1Node {
  const { node, end } = decodeAt(buf, 0, 0);
  if (end !== buf.length) throw new Asn1Error('trailing bytes after the ASN.1 element');
  return node;
}

/** Decodes a sequence of concatenated elements (e.g. several DER certificates in one file). */
export function decodeDerSequence(buf: Buffer): Asn1Node[] {
  const nodes: Asn1Node[] = [];
  let pos = 0;
  while (pos < buf.length) {
    const { node, end } = decodeAt(buf, pos, 0);
    nodes.push(node);
    pos = end;
  }
  return nodes;
}

/** True when `node` is the universal element `tag`. */
export function isUniversal(node: Asn1Node | undefined, tag: number): node is Asn1Node {
  return node !== undefined && node.tagClass === 0 && node.tag === tag;
}

/** True when `node` is the context-specific element `[n]`. */
export function isContext(node: Asn1Node | undefined, n: number): node is Asn1Node {
  return node !== undefined && node.tagClass === 2 && node.tag === n;
}

/** Child `index` of a constructed element, or an Asn1Error naming `what`. */
export function child(node: Asn1Node, index: number, what: string): Asn1Node {
  const c = node.children[index];
  if (c === undefined) throw new Asn1Error(`missing ${what}`);
  return c;
}

/** The value of an OCTET STRING, joining the chunks of a constructed (BER) one. */
export function octets(node: Asn1Node): Buffer {
  if (!node.constructed) return node.content;
  return Buffer.concat(node.children.map(octets));
}

/** Dotted form of an OBJECT IDENTIFIER element. */
export function oid(node: Asn1Node): string {
  if (!isUniversal(node, Tag.OID)) throw new Asn1Error('expected an OBJECT IDENTIFIER');
  const bytes = node.content;
  if (bytes.length === 0) throw new Asn1Error('empty OBJECT IDENTIFIER');
  const parts: number[] = [];
  let value = 0;
  for (const b of bytes) {
    value = value * 128 + (b & 0x7f);
    if ((b & 0x80) === 0) {
      parts.push(value);
      value = 0;
    }
  }
  const firstArc = parts.shift() ?? 0;
  const head = firstArc < 40 ? [0, firstArc] : firstArc < 80 ? [1, firstArc - 40] : [2, firstArc - 80];
  return [...head, ...parts].join('.');
}

/** A small non-negative INTEGER (iteration counts, versions, key lengths). */
export function smallInt(node: Asn1Node): number {
  if (!isUniversal(node, Tag.INTEGER)) throw new Asn1Error('expected an INTEGER');
  if (node.content.length > 6) throw new Asn1Error('INTEGER too large');
  let value = 0;
  for (const b of node.content) value = value * 256 + b;
  return value;
}

/** The date of a UTCTime or GeneralizedTime element (UTC, `Z` form as X.509 requires). */
export function time(node: Asn1Node): Date {
  const text = node.content.toString('latin1');
  let m: RegExpMatchArray | null;
  if (isUniversal(node, Tag.UTC_TIME) && (m = /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?Z$/.exec(text))) {
    const yy = Number(m[1]);
    return new Date(Date.UTC(yy < 50 ? 2000 + yy : 1900 + yy, Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0)));
  }
  if (isUniversal(node, Tag.GENERALIZED_TIME) && (m = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})?(?:\.\d+)?Z$/.exec(text))) {
    return new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0)));
  }
  throw new Asn1Error(`unsupported ASN.1 time ${JSON.stringify(text)}`);
}
