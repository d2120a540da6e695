import { describe, expect, it } from 'vitest';
import { checkDnsName, isValidPunycodeLabel } from './hostname.js';

/** Labels that are not valid punycode, or punycode of something IDNA forbids. Node 24+'s
 * `url.domainToASCII` accepts several of these, so they must be refused on every Node. */
const INVALID_PUNYCODE = [
  ['no encoded part', 'xn--zz'],
  ['decodes to nothing', 'xn--a'],
  ['double prefix', 'xn--xn--'],
  ['decodes to plain ASCII', 'xn--abc-'],
  ['not in the label\'s canonical encoding', 'xn--a-ecp'],
  ['overflowing delta', 'xn--99999999999'],
] as const;

describe('isValidPunycodeLabel', () => {
  it.each([
    ['bücher', 'xn--bcher-kva'],
    ['upper-case ACE', 'XN--BCHER-KVA'],
    ['emoji', 'xn--ls8h'],
    ['CJK', 'xn--55qx5d'],
    ['Arabic', 'xn--mgbh0fb'],
  ])('accepts %s (%s)', (_what, label) => {
    expect(isValidPunycodeLabel(label)).toBe(true);
  });

  it.each(INVALID_PUNYCODE)('refuses %s (%s)', (_what, label) => {
    expect(isValidPunycodeLabel(label)).toBe(false);
  });
});

describe('checkDnsName punycode', () => {
  it.each(INVALID_PUNYCODE)('refuses a name whose label has %s (%s)', (_what, label) => {
    expect(checkDnsName(`mail.${label}.example`, false).ok).toBe(false);
  });

  it.each(INVALID_PUNYCODE.filter(([, label]) => !label.endsWith('-')))(
    'names the label that has %s (%s)',
    (_what, label) => {
      const checked = checkDnsName(`mail.${label}.example`, false);
      expect(checked).toEqual({ ok: false, problem: expect.stringContaining(`"${label}" is not valid punycode`) });
    },
  );

  it('refuses an invalid punycode label next to a Unicode label', () => {
    expect(checkDnsName('bücher.xn--zz.example', false).ok).toBe(false);
  });

  it('refuses an invalid punycode label as the last label', () => {
    expect(checkDnsName('mail.xn--zz', false).ok).toBe(false);
  });

  it.each([
    ['mail.xn--bcher-kva.example', 'mail.xn--bcher-kva.example'],
    ['MAIL.XN--BCHER-KVA.EXAMPLE', 'MAIL.XN--BCHER-KVA.EXAMPLE'],
    ['mail.bücher.example', 'mail.xn--bcher-kva.example'],
    ['Mail.BÜCHER.example', 'mail.xn--bcher-kva.example'],
  ])('accepts %j as %j', (input, value) => {
    expect(checkDnsName(input, false)).toEqual({ ok: true, value });
  });

  it('refuses a Unicode name IDNA forbids (a right-to-left label mixed with digits first)', () => {
    expect(checkDnsName('1\u05d0.example', false).ok).toBe(false);
  });
});
