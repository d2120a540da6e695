import { describe, expect, it } from 'vitest';
import type { InputError } from '../domain/errors.js';
import { inputErrorOf } from '../domain/errors.test-helpers.js';
import { formatServerAddress, parseServerEntry, parseServers, type ServerAddress } from './servers.js';

function failure(input: unknown): InputError {
  return inputErrorOf(() => parseServers(input), input);
}

describe('parseServers accepts what people type', () => {
  const accepted: Array<[string, unknown, string[]]> = [
    ['DNS name', 'mail1.corp.example', ['mail1.corp.example']],
    ['IPv4', '10.0.0.25', ['10.0.0.25']],
    ['NetBIOS', 'MAILSRV01', ['MAILSRV01']],
    ['the API example', 'mail1.corp.example; 10.0.0.25; MAILSRV01', ['mail1.corp.example', '10.0.0.25', 'MAILSRV01']],
    ['trailing ;', 'mail.example;', ['mail.example']],
    ['doubled ;;', 'a.example;;b.example', ['a.example', 'b.example']],
    ['spaces around entries', '  a.example ;   b.example  ', ['a.example', 'b.example']],
    ['empty string', '', []],
    ['only separators', ';;', []],
    ['array', ['a.example', '10.0.0.1'], ['a.example', '10.0.0.1']],
    ['array with ; inside an element', ['a.example;b.example', ''], ['a.example', 'b.example']],
    ['case kept', 'Mail.Corp.Example', ['Mail.Corp.Example']],
    ['duplicates case-insensitive, first wins', 'Mail.example; mail.EXAMPLE', ['Mail.example']],
    ['NetBIOS duplicates', 'mailsrv; MAILSRV', ['mailsrv']],
    ['host with port', 'mail.example:587', ['mail.example:587']],
    ['IPv4 with port', '10.0.0.25:2525', ['10.0.0.25:2525']],
    ['NetBIOS with port', 'MAILSRV01:465', ['MAILSRV01:465']],
    ['port with leading zeros normalised', 'mail.example:0025', ['mail.example:25']],
    ['port 1', 'mail.example:1', ['mail.example:1']],
    ['port 65535', 'mail.example:65535', ['mail.example:65535']],
    ['same host, different ports kept', 'm.example; m.example:25', ['m.example', 'm.example:25']],
    ['bare IPv6', '2001:db8::1', ['2001:db8::1']],
    ['IPv6 compressed', '2001:0db8:0000:0000:0000:0000:0000:0001', ['2001:db8::1']],
    ['IPv6 upper case compressed', '2001:DB8::A', ['2001:db8::a']],
    ['IPv6 loopback', '::1', ['::1']],
    ['IPv6 in brackets without port', '[2001:db8::1]', ['2001:db8::1']],
    ['IPv6 with port', '[2001:db8::1]:2525', ['[2001:db8::1]:2525']],
    ['IPv6 with port compressed', '[2001:db8:0:0::1]:25', ['[2001:db8::1]:25']],
    ['IPv4-mapped IPv6', '::ffff:10.0.0.1', ['::ffff:10.0.0.1']],
    ['IPv6 duplicates in different spelling', '2001:db8::1; 2001:0DB8::0001', ['2001:db8::1']],
    ['IDN to punycode', 'mail.bücher.example', ['mail.xn--bcher-kva.example']],
    ['IDN with port', 'mail.bücher.example:587', ['mail.xn--bcher-kva.example:587']],
    ['hyphens inside labels', 'smtp-relay-1.eu-west.corp.example', ['smtp-relay-1.eu-west.corp.example']],
    ['label of 63', `${'a'.repeat(63)}.example`, [`${'a'.repeat(63)}.example`]],
    ['NetBIOS of 15', 'ABCDEFGHIJKLMNO', ['ABCDEFGHIJKLMNO']],
    ['NetBIOS with underscore', 'MAIL_SRV', ['MAIL_SRV']],
    ['NetBIOS with hyphen', 'MAIL-SRV-2', ['MAIL-SRV-2']],
    ['single letter', 'm', ['m']],
    ['localhost', 'localhost', ['localhost']],
    ['digits-first DNS label', '1mail.example', ['1mail.example']],
    ['IPv4 0.0.0.0 is syntax-valid', '0.0.0.0', ['0.0.0.0']],
    ['tab around entry', '\tmail.example\t', ['mail.example']],
  ];
  it.each(accepted)('%s', (_name, input, expected) => {
    expect(parseServers(input)).toEqual(expected);
  });
});

describe('parseServers rejects with INVALID_SERVER and the entry index', () => {
  const rejected: Array<[string, string, number, RegExp]> = [
    ['comma separator', 'mail1.example, mail2.example', 0, /separate servers with ";"/],
    ['comma later', 'a.example; b.example,c.example', 1, /";"/],
    ['smtp URL', 'smtp://mail.example:25', 0, /not a URL: mail\.example:25/],
    ['smtps URL with user', 'smtps://user@mail.example', 0, /not a URL: mail\.example/],
    ['http URL', 'https://mail.example/', 0, /not a URL/],
    ['space inside', 'mail server.example', 0, /space/],
    ['space before port', 'mail.example :25', 0, /space/],
    ['e-mail address', 'admin@mail.example', 0, /e-mail address/],
    ['path', 'mail.example/smtp', 0, /"\/"/],
    ['empty host', ':25', 0, /host before ":" is empty/],
    ['host: without port', 'mail.example:', 0, /port after ":" is missing/],
    ['port 0', 'mail.example:0', 0, /out of range/],
    ['port 70000', 'mail.example:70000', 0, /out of range/],
    ['port 65536', 'mail.example:65536', 0, /out of range/],
    ['non-numeric port', 'mail.example:smtp', 0, /not a number/],
    ['negative port', 'mail.example:-25', 0, /not a number/],
    ['fractional port', 'mail.example:25.5', 0, /not a number/],
    ['huge port', 'mail.example:99999999', 0, /not a number/],
    ['zone id', 'fe80::1%eth0', 0, /zone ids/],
    ['zone id in brackets', '[fe80::1%25eth0]:25', 0, /zone ids/],
    ['invalid IPv6', '2001:db8:::1', 0, /not a valid IPv6 address.*\[address\]:port/],
    ['IPv6 with port but no brackets hint', '2001:db8::1::25', 0, /\[address\]:port/],
    ['unclosed bracket', '[2001:db8::1:25', 0, /not closed/],
    ['junk after bracket', '[2001:db8::1]x', 0, /only ":port"/],
    ['IPv4 in brackets', '[10.0.0.1]:25', 0, /only for IPv6/],
    ['name in brackets', '[mail.example]', 0, /not a valid IPv6/],
    ['bad IPv4 octet', '10.0.0.256', 0, /not a valid IPv4/],
    ['three-part IPv4', '10.0.0', 0, /not a valid IPv4/],
    ['leading zero IPv4', '010.0.0.1', 0, /not a valid IPv4/],
    ['leading hyphen label', '-mail.example', 0, /hyphen/],
    ['trailing hyphen label', 'mail-.example', 0, /hyphen/],
    ['label of 64', `${'a'.repeat(64)}.example`, 0, /longer than 63/],
    ['name over 253', `${Array.from({ length: 5 }, () => 'a'.repeat(60)).join('.')}.example`, 0, /longer than 253/],
    ['empty label', 'mail..example', 0, /empty label/],
    ['leading dot', '.mail.example', 0, /empty label/],
    ['trailing dot', 'mail.example.', 0, /trailing dot/],
    ['underscore in DNS name', 'mail_1.corp.example', 0, /"_" is not allowed/],
    ['numeric TLD', 'mail.123', 0, /all digits/],
    ['16-char name without dots', 'MAILSERVER012345', 0, /NetBIOS name.*at most 15.*DNS name/],
    ['long single label', 'thisisaverylongservername', 0, /at most 15/],
    ['bad NetBIOS character', 'MAIL*SRV', 0, /"\*" is not allowed in a NetBIOS name/],
    ['NetBIOS with leading hyphen', '-MAILSRV', 0, /hyphen/],
    ['only digits', '12345', 0, /only digits/],
    ['control character', 'mail\u0000.example', 0, /control character/],
    ['line break inside', 'mail\n.example', 0, /control character/],
    ['invalid punycode', 'xn--zz.example', 0, /punycode/],
    ['punycode decoding to nothing', 'mail.xn--a.example:587', 0, /punycode/],
    ['non-canonical punycode', 'xn--a-ecp.example', 0, /punycode/],
    ['index counts non-empty entries', ';;a.example;;bad host;', 1, /space/],
  ];
  it.each(rejected)('%s', (_name, input, index, message) => {
    const error = failure(input);
    expect(error.code).toBe('INVALID_SERVER');
    expect(error.status).toBe(400);
    expect(error.field).toBe(`servers[${index}]`);
    expect(error.message).toMatch(message);
  });

  it('uses the field prefix', () => {
    expect(() => parseServers('a.example; b c', 'email.servers')).toThrow(
      expect.objectContaining({ code: 'INVALID_SERVER', field: 'email.servers[1]' }),
    );
  });

  it.each([[null], [25], [{ host: 'x' }]])('rejects input of the wrong type: %j', (input) => {
    const error = failure(input);
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.field).toBe('servers');
  });
});

describe('parseServerEntry', () => {
  const cases: Array<[string, ServerAddress]> = [
    ['10.0.0.25', { host: '10.0.0.25', port: null, kind: 'ipv4' }],
    ['10.0.0.25:2525', { host: '10.0.0.25', port: 2525, kind: 'ipv4' }],
    ['2001:db8::1', { host: '2001:db8::1', port: null, kind: 'ipv6' }],
    ['[2001:db8::1]:2525', { host: '2001:db8::1', port: 2525, kind: 'ipv6' }],
    ['mail.corp.example', { host: 'mail.corp.example', port: null, kind: 'dns' }],
    ['mail.bücher.example:587', { host: 'mail.xn--bcher-kva.example', port: 587, kind: 'dns' }],
    ['MAILSRV01', { host: 'MAILSRV01', port: null, kind: 'netbios' }],
    ['MAILSRV01:25', { host: 'MAILSRV01', port: 25, kind: 'netbios' }],
  ];
  it.each(cases)('%s', (entry, expected) => {
    expect(parseServerEntry(entry)).toEqual(expected);
    expect(parseServers(entry)).toEqual([formatServerAddress(expected)]);
  });

  it('throws INVALID_SERVER naming the given field', () => {
    expect(() => parseServerEntry('bad host', 'x')).toThrow(expect.objectContaining({ code: 'INVALID_SERVER', field: 'x' }));
  });
});
