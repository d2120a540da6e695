import { describe, expect, it } from 'vitest';
import { Asn1Error, decodeDer, octets, oid, time } from './der.js';

describe('BER reader', () => {
  it('reads indefinite lengths and constructed OCTET STRINGs', () => {
    // SEQUENCE (indefinite) { OCTET STRING (constructed, indefinite) { "ab", "c" }, OID 1.2.840.113549 }
    const ber = Buffer.from('3080' + '2480' + '04026162' + '040163' + '0000' + '06062a864886f70d' + '0000', 'hex');
    const node = decodeDer(ber);
    expect(node.children).toHaveLength(2);
    expect(octets(node.children[0]!).toString()).toBe('abc');
    expect(oid(node.children[1]!)).toBe('1.2.840.113549');
    expect(node.raw.equals(ber)).toBe(true);
  });
  it('refuses truncated data and trailing bytes', () => {
    expect(() => decodeDer(Buffer.from('3005020101', 'hex'))).toThrow(Asn1Error);
    expect(() => decodeDer(Buffer.from('3003020101ff', 'hex'))).toThrow(Asn1Error);
    expect(() => decodeDer(Buffer.from('3080020101', 'hex'))).toThrow(Asn1Error);
  });
  it('reads UTCTime and GeneralizedTime', () => {
    expect(time(decodeDer(Buffer.from('170d3439313233313233353935395a', 'hex'))).toISOString()).toBe('2049-12-31T23:59:59.000Z');
    expect(time(decodeDer(Buffer.from('170d3530303130313030303030305a', 'hex'))).toISOString()).toBe('1950-01-01T00:00:00.000Z');
    expect(time(decodeDer(Buffer.from('180f32303530303130313030303030305a', 'hex'))).toISOString()).toBe('2050-01-01T00:00:00.000Z');
  });
});
