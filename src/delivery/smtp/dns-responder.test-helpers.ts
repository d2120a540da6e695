/**
 * A tiny authoritative DNS responder for tests: UDP on 127.0.0.1 (port 0), answering A, AAAA
 * and MX questions from a fixed table, NXDOMAIN for names not in the table and an empty
 * NOERROR answer (NODATA) for names that exist but lack the asked type.
 *
 * Why hand-written: no DNS server library is installed (and the team may not add one), and
 * the slice of RFC 1035 needed here is small — a 12-byte header, one question, and answer
 * records whose name is a compression pointer back to the question. Anything else (several
 * questions, truncation, TCP, EDNS options) is out of scope; malformed queries are dropped.
 */
import dgram from 'node:dgram';
import net from 'node:net';

/** One record of the table. `exchange: '.'` (preference 0) is a null MX (RFC 7505). */
export type DnsRecord =
  | { type: 'A'; address: string }
  | { type: 'AAAA'; address: string }
  | { type: 'MX'; preference: number; exchange: string };

/** One question the responder received, name lower-cased. */
export interface SeenQuery {
  name: string;
  type: string;
}

/** A running responder. */
export interface DnsResponder {
  port: number;
  /** `127.0.0.1:<port>`, ready for `TransportConfig.dnsServers`. */
  address: string;
  /** Every question answered, in arrival order. */
  queries: SeenQuery[];
  close(): Promise<void>;
}

/** RFC 1035 §3.2.2 / RFC 3596 type codes. */
const TYPE_CODES: Record<DnsRecord['type'], number> = { A: 1, MX: 15, AAAA: 28 };
const CLASS_IN = 1;
const RCODE_NXDOMAIN = 3;
const TTL_SECONDS = 60;
/** A compression pointer to offset 12, where the (echoed) question name starts. */
const POINTER_TO_QUESTION = Buffer.from([0xc0, 0x0c]);

/** A domain name as length-prefixed labels ending in the root's zero byte; `.` is the root alone. */
function encodeName(name: string): Buffer {
  const labels = name.split('.').filter((label) => label !== '');
  const parts = labels.map((label) => {
    const bytes = Buffer.from(label, 'ascii');
    return Buffer.concat([Buffer.from([bytes.length]), bytes]);
  });
  return Buffer.concat([...parts, Buffer.from([0])]);
}

/** The 16 bytes of an IPv6 address (expands `::`). */
function ipv6Bytes(address: string): Buffer {
  const [head = '', tail] = address.split('::');
  const groupsOf = (part: string): string[] => (part === '' ? [] : part.split(':'));
  const left = groupsOf(head);
  const right = tail === undefined ? [] : groupsOf(tail);
  const groups = [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right];
  const out = Buffer.alloc(16);
  groups.forEach((group, i) => out.writeUInt16BE(parseInt(group, 16), i * 2));
  return out;
}

/** The RDATA of one record. */
function rdataOf(record: DnsRecord): Buffer {
  switch (record.type) {
    case 'A':
      return Buffer.from(record.address.split('.').map(Number));
    case 'AAAA':
      return ipv6Bytes(record.address);
    case 'MX': {
      const preference = Buffer.alloc(2);
      preference.writeUInt16BE(record.preference);
      return Buffer.concat([preference, encodeName(record.exchange)]);
    }
  }
}

/** One answer record: pointer to the question name, type, class, TTL, RDLENGTH, RDATA. */
function encodeAnswer(record: DnsRecord): Buffer {
  const rdata = rdataOf(record);
  const fixed = Buffer.alloc(10);
  fixed.writeUInt16BE(TYPE_CODES[record.type], 0);
  fixed.writeUInt16BE(CLASS_IN, 2);
  fixed.writeUInt32BE(TTL_SECONDS, 4);
  fixed.writeUInt16BE(rdata.length, 8);
  return Buffer.concat([POINTER_TO_QUESTION, fixed, rdata]);
}

/** The single question of a query: its name, type, and raw bytes (to echo verbatim). */
function parseQuestion(query: Buffer): { name: string; qtype: number; raw: Buffer } | null {
  if (query.length < 12 || query.readUInt16BE(4) !== 1) return null;
  const labels: string[] = [];
  let offset = 12;
  for (;;) {
    const length = query[offset];
    if (length === undefined || length > 63) return null; // truncated, or a pointer (never in a question)
    offset += 1;
    if (length === 0) break;
    labels.push(query.subarray(offset, offset + length).toString('ascii'));
    offset += length;
  }
  if (offset + 4 > query.length) return null;
  return { name: labels.join('.').toLowerCase(), qtype: query.readUInt16BE(offset), raw: query.subarray(12, offset + 4) };
}

/** The response to one query, or null to drop it. */
function respond(query: Buffer, zone: ReadonlyMap<string, readonly DnsRecord[]>, seen: SeenQuery[]): Buffer | null {
  const question = parseQuestion(query);
  if (question === null) return null;
  const typeName = Object.entries(TYPE_CODES).find(([, code]) => code === question.qtype)?.[0] ?? `TYPE${question.qtype}`;
  seen.push({ name: question.name, type: typeName });
  const records = zone.get(question.name);
  const answers = (records ?? []).filter((r) => TYPE_CODES[r.type] === question.qtype).map(encodeAnswer);
  const header = Buffer.alloc(12);
  header.writeUInt16BE(query.readUInt16BE(0), 0); // same id
  const opcodeAndRd = query.readUInt8(2) & 0x79; // OPCODE (bits 6-3) and RD (bit 0), copied
  header.writeUInt8(0x80 | 0x04 | opcodeAndRd, 2); // QR = response, AA = authoritative
  header.writeUInt8(records === undefined ? RCODE_NXDOMAIN : 0, 3); // RA = 0, RCODE
  header.writeUInt16BE(1, 4); // QDCOUNT
  header.writeUInt16BE(answers.length, 6); // ANCOUNT; NSCOUNT = ARCOUNT = 0
  return Buffer.concat([header, question.raw, ...answers]);
}

/** Starts a responder over `zone` (names without the trailing dot, any case). */
export async function startDnsResponder(zone: Record<string, DnsRecord[]>): Promise<DnsResponder> {
  for (const records of Object.values(zone)) {
    for (const r of records) {
      if (r.type === 'A' && !net.isIPv4(r.address)) throw new Error(`not an IPv4 address: ${r.address}`);
      if (r.type === 'AAAA' && !net.isIPv6(r.address)) throw new Error(`not an IPv6 address: ${r.address}`);
    }
  }
  const table = new Map(Object.entries(zone).map(([name, records]) => [name.toLowerCase().replace(/\.$/, ''), records] as const));
  const queries: SeenQuery[] = [];
  const socket = dgram.createSocket('udp4');
  socket.on('message', (message, remote) => {
    const response = respond(message, table, queries);
    if (response !== null) socket.send(response, remote.port, remote.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', () => resolve()));
  const port = socket.address().port;
  return {
    port,
    address: `127.0.0.1:${port}`,
    queries,
    close: () => new Promise<void>((resolve) => socket.close(() => resolve())),
  };
}
