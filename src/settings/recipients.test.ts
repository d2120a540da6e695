import { describe, expect, it } from 'vitest';
import { InputError } from '../domain/errors.js';
import { inputErrorOf } from '../domain/errors.test-helpers.js';
import { mailboxAddress, parseRecipients } from './recipients.js';

/** Runs parseRecipients and returns the InputError it throws (fails the test if none). */
function failure(input: unknown): InputError {
  return inputErrorOf(() => parseRecipients(input), input);
}

describe('parseRecipients accepts what people type', () => {
  const accepted: Array<[string, unknown, string[]]> = [
    ['plain address', 'soc@example.com', ['soc@example.com']],
    ['two with ;', 'a@example.com;b@example.com', ['a@example.com', 'b@example.com']],
    ['spaces around ;', ' a@example.com ;  b@example.com ', ['a@example.com', 'b@example.com']],
    ['trailing ;', 'a@example.com;', ['a@example.com']],
    ['doubled ;;', 'a@example.com;;b@example.com', ['a@example.com', 'b@example.com']],
    ['leading ;', ';a@example.com', ['a@example.com']],
    ['only separators', ' ; ;; ', []],
    ['empty string', '', []],
    ['empty array', [], []],
    ['array', ['a@example.com', 'b@example.com'], ['a@example.com', 'b@example.com']],
    ['array with empty strings', ['', ' a@example.com ', '  '], ['a@example.com']],
    ['array element with ;', ['a@example.com; b@example.com'], ['a@example.com', 'b@example.com']],
    ['upper case kept', 'SOC@Example.COM', ['SOC@Example.COM']],
    ['duplicate differing in case, first wins', 'Soc@example.com; soc@EXAMPLE.com', ['Soc@example.com']],
    ['exact duplicate', 'a@example.com;a@example.com', ['a@example.com']],
    ['duplicate with and without name', 'a@example.com; A <a@example.com>', ['a@example.com']],
    ['display name', 'Jane Doe <jane@example.com>', ['Jane Doe <jane@example.com>']],
    ['quoted display name with comma', '"Doe, Jane" <jane@x.example>', ['"Doe, Jane" <jane@x.example>']],
    ['quoted display name with ;', '"Doe; Jane" <jane@x.example>; b@x.example', ['"Doe; Jane" <jane@x.example>', 'b@x.example']],
    ['quoted name with escaped quote', '"Jane \\"JD\\" Doe" <jane@x.example>', ['"Jane \\"JD\\" Doe" <jane@x.example>']],
    ['angle brackets only', '<jane@example.com>', ['<jane@example.com>']],
    ['spaces inside brackets', 'Jane < jane@example.com >', ['Jane < jane@example.com >']],
    ['display name unicode', 'Jürgen Müller <jm@example.de>', ['Jürgen Müller <jm@example.de>']],
    ['display name with @ (Outlook copy)', 'jane@example.com <jane@example.com>', ['jane@example.com <jane@example.com>']],
    ['IDN domain to punycode', 'user@bücher.example', ['user@xn--bcher-kva.example']],
    ['IDN domain upper case', 'user@Bücher.Example', ['user@xn--bcher-kva.example']],
    ['IDN with display name', 'Bücher <info@bücher.example>', ['Bücher <info@xn--bcher-kva.example>']],
    ['IDN and punycode duplicates', 'u@bücher.example; u@xn--bcher-kva.example', ['u@xn--bcher-kva.example']],
    ['already punycode', 'u@xn--bcher-kva.example', ['u@xn--bcher-kva.example']],
    ['IPv4 literal', 'user@[10.0.0.1]', ['user@[10.0.0.1]']],
    ['IPv6 literal compressed', 'user@[IPv6:2001:db8:0:0::1]', ['user@[IPv6:2001:db8::1]']],
    ['quoted local part with space', '"john doe"@example.com', ['"john doe"@example.com']],
    ['quoted local part with comma', '"a,b"@example.com', ['"a,b"@example.com']],
    ['quoted local part with @', '"a@b"@example.com', ['"a@b"@example.com']],
    ['plus addressing', 'soc+herald@example.com', ['soc+herald@example.com']],
    ['dots in local part', 'first.last@example.com', ['first.last@example.com']],
    ['special atext', "o'brien!#$%&*=?^_`{|}~-/@example.com", ["o'brien!#$%&*=?^_`{|}~-/@example.com"]],
    ['single-label domain', 'admin@localhost', ['admin@localhost']],
    ['subdomains and hyphens', 'x@mail-1.eu.corp-example.co.uk', ['x@mail-1.eu.corp-example.co.uk']],
    ['digits in domain', 'x@123.example', ['x@123.example']],
    ['local part exactly 64', `${'a'.repeat(64)}@example.com`, [`${'a'.repeat(64)}@example.com`]],
    ['label exactly 63', `x@${'a'.repeat(63)}.example`, [`x@${'a'.repeat(63)}.example`]],
    ['tab and newline around entries', '\ta@example.com\n;\r\nb@example.com ', ['a@example.com', 'b@example.com']],
    ['non-breaking space trimmed', '\u00a0a@example.com\u00a0', ['a@example.com']],
  ];
  it.each(accepted)('%s', (_name, input, expected) => {
    expect(parseRecipients(input)).toEqual(expected);
  });
});

describe('parseRecipients rejects with INVALID_RECIPIENT and the entry index', () => {
  const rejected: Array<[string, string, number, RegExp]> = [
    ['comma separator', 'a@example.com, b@example.com', 0, /separate addresses with ";"/],
    ['comma separator in second entry', 'a@example.com; b@x.example, c@x.example', 1, /";"/],
    ['unquoted comma in display name', 'Doe, Jane <jane@example.com>', 0, /double quotes/],
    ['space inside address', 'jane doe@example.com', 0, /space/],
    ['space in domain', 'jane@exa mple.com', 0, /space/],
    ['name without brackets', 'Jane Doe jane@example.com', 0, /angle brackets.*Name <jane@example.com>/],
    ['no @', 'jane.example.com', 0, /no "@"/],
    ['empty local part', '@example.com', 0, /before "@" is empty/],
    ['empty quoted local part', '""@example.com', 0, /before "@" is empty/],
    ['missing domain', 'jane@', 0, /domain after "@" is missing/],
    ['two @', 'jane@doe@example.com', 0, /more than one "@"/],
    ['.. in local part', 'jane..doe@example.com', 0, /two dots/],
    ['leading dot local', '.jane@example.com', 0, /starts or ends with a dot/],
    ['trailing dot local', 'jane.@example.com', 0, /starts or ends with a dot/],
    ['.. in domain', 'jane@example..com', 0, /empty label/],
    ['leading dot domain', 'jane@.example.com', 0, /empty label/],
    ['trailing dot domain', 'jane@example.com.', 0, /trailing dot/],
    ['local part 65', `${'a'.repeat(65)}@example.com`, 0, /longer than 64/],
    ['address too long', `a@${Array.from({ length: 5 }, () => 'b'.repeat(50)).join('.')}.example`, 0, /longer than 25[34]/],
    ['label 64', `x@${'a'.repeat(64)}.example`, 0, /longer than 63/],
    ['leading hyphen label', 'x@-mail.example', 0, /hyphen/],
    ['trailing hyphen label', 'x@mail-.example', 0, /hyphen/],
    ['underscore in domain', 'x@mail_1.example', 0, /"_" is not allowed/],
    ['bad character in domain', 'x@mail!.example', 0, /"!" is not allowed/],
    ['numeric TLD', 'x@mail.123', 0, /all digits/],
    ['bare IP domain', 'x@10.0.0.1', 0, /brackets: \[10\.0\.0\.1\]/],
    ['bad IPv4 literal', 'x@[10.0.0.300]', 0, /not an IP address/],
    ['IPv6 literal without tag', 'x@[2001:db8::1]', 0, /IPv6:/],
    ['unclosed literal', 'x@[10.0.0.1', 0, /closing "\]"/],
    ['control character inside', 'ja\u0007ne@example.com', 0, /control character/],
    ['tab inside', 'Jane\t<jane@example.com>', 0, /control character/],
    ['line break inside', 'jane@exa\nmple.com', 0, /control character/],
    ['unbalanced <', 'Jane <jane@example.com', 0, /do not match/],
    ['unbalanced >', 'jane@example.com>', 0, /do not match/],
    ['reversed brackets', '>jane@example.com<', 0, /do not match/],
    ['two addresses in brackets', 'A <a@x.example> <b@x.example>', 0, /more than one/],
    ['text after >', 'Jane <jane@example.com> extra', 0, /after ">"/],
    ['unbalanced quote', '"Jane <jane@example.com>', 0, /not closed/],
    ['empty brackets', 'Jane <>', 0, /empty/],
    ['quote inside local part', 'ja"ne@example.com', 0, /double quote/],
    ['non-ASCII local part', 'jürgen@example.de', 0, /non-ASCII/],
    ['invalid punycode', 'x@xn--zz.example', 0, /punycode/],
    ['punycode decoding to nothing', 'x@mail.xn--a.example', 0, /punycode/],
    ['non-canonical punycode', 'Ops <ops@xn--a-ecp.example>', 0, /punycode/],
    ['bad entry after empty ones counts non-empty', ';;a@example.com;;bad;', 1, /no "@"/],
    ['parenthesis in local part', 'ja(ne)@example.com', 0, /"\(" is not allowed/],
  ];
  it.each(rejected)('%s', (_name, input, index, message) => {
    const error = failure(input);
    expect(error.code).toBe('INVALID_RECIPIENT');
    expect(error.status).toBe(400);
    expect(error.field).toBe(`recipients[${index}]`);
    expect(error.message).toMatch(message);
  });

  it('uses the field prefix', () => {
    expect(() => parseRecipients('a@x.example;nope', 'email.recipients')).toThrow(
      expect.objectContaining({ field: 'email.recipients[1]' }),
    );
  });

  it.each([[null], [42], [{ a: 1 }], [undefined]])('rejects input of the wrong type: %j', (input) => {
    const error = failure(input);
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.field).toBe('recipients');
  });

  it('names a non-string array element by its array index', () => {
    const error = failure(['a@x.example', 5]);
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.field).toBe('recipients[1]');
  });

  it('refuses absurdly long lists', () => {
    expect(failure(Array.from({ length: 1001 }, (_, i) => `u${i}@x.example`)).code).toBe('VALIDATION_FAILED');
  });
});

describe('mailboxAddress', () => {
  it.each([
    ['jane@example.com', 'jane@example.com'],
    ['Jane Doe <jane@example.com>', 'jane@example.com'],
    ['"Doe, Jane" <jane@x.example>', 'jane@x.example'],
    ['Bücher <info@xn--bcher-kva.example>', 'info@xn--bcher-kva.example'],
    ['<a@[10.0.0.1]>', 'a@[10.0.0.1]'],
    ['"john doe"@example.com', '"john doe"@example.com'],
  ])('%s → %s', (entry, address) => {
    expect(mailboxAddress(entry)).toBe(address);
  });

  it('throws for something that is not a mailbox', () => {
    expect(() => mailboxAddress('not an address')).toThrow(InputError);
  });
});
