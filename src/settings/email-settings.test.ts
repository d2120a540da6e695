import { describe, expect, it } from 'vitest';
import { storedWithPassword } from './stored.test-helpers.js';
import { DEFAULT_BODY, defaultEmailSettings, type EmailSettings } from '../domain/email-settings.js';
import type { InputError } from '../domain/errors.js';
import { inputErrorOf } from '../domain/errors.test-helpers.js';
import { parseEmailSettings } from './email-settings.js';
import { fakeSecrets, sealedFake } from './fake-secrets.test-helpers.js';

const secrets = fakeSecrets();

function parse(raw: unknown, stored: EmailSettings | null = null): EmailSettings {
  return parseEmailSettings(raw, { stored, secrets });
}

function failure(raw: unknown, stored: EmailSettings | null = null): InputError {
  return inputErrorOf(() => parse(raw, stored), raw);
}

describe('parseEmailSettings', () => {
  it('gives the defaults for an empty document', () => {
    expect(parse({})).toEqual(defaultEmailSettings());
  });

  it('parses the API.md example', () => {
    const settings = parse({
      recipients: ['soc@example.com', 'Jane Doe <jane@example.com>'],
      servers: ['mail1.corp.example', '10.0.0.25', 'MAILSRV01'],
      port: 25,
      useMx: false,
      helo: null,
      auth: {
        enabled: false,
        mechanism: 'password',
        username: '',
        passwordSet: false,
        allowUnencrypted: false,
        oauth2: { provider: 'microsoft', tenant: null, clientId: '', clientSecretSet: false, serviceAccountKeySet: false, tokenUrl: null, scope: null },
      },
      // Spelled out, not DEFAULT_TLS_SETTINGS: the test pins the defaults API.md names.
      tls: {
        mode: 'opportunistic',
        implicit: false,
        minVersion: 'any',
        verifyHostname: true,
        serverName: null,
        serverCa: null,
        clientCertificate: null,
      },
      sender: 'herald@corp.example',
      subject: '[%SEVERITY%] %EVENT% on %COMPUTER%',
      body: DEFAULT_BODY,
    });
    expect(settings.recipients).toEqual(['soc@example.com', 'Jane Doe <jane@example.com>']);
    expect(settings.servers).toEqual(['mail1.corp.example', '10.0.0.25', 'MAILSRV01']);
    expect(settings.sender).toBe('herald@corp.example');
  });

  it('accepts ;-separated strings for recipients and servers', () => {
    const settings = parse({ recipients: 'a@x.example; b@x.example;', servers: 'm1.example;; m2.example:587' });
    expect(settings.recipients).toEqual(['a@x.example', 'b@x.example']);
    expect(settings.servers).toEqual(['m1.example', 'm2.example:587']);
  });

  it('passes list errors through with their field', () => {
    expect(failure({ recipients: 'a@x.example, b@x.example' })).toMatchObject({ code: 'INVALID_RECIPIENT', field: 'recipients[0]' });
    expect(failure({ servers: 'ok.example; bad host' })).toMatchObject({ code: 'INVALID_SERVER', field: 'servers[1]' });
  });

  it('replaces the whole document: absent fields go back to defaults', () => {
    const stored = { ...defaultEmailSettings(), port: 587, useMx: true, recipients: ['a@x.example'] };
    expect(parse({ servers: ['m.example'] }, stored)).toEqual({ ...defaultEmailSettings(), servers: ['m.example'] });
  });

  describe('port', () => {
    it.each([1, 25, 465, 65535])('accepts %s', (port) => {
      expect(parse({ port }).port).toBe(port);
    });
    it.each([0, 65536, -1, 25.5, '25', null, true])('rejects %j', (port) => {
      expect(failure({ port })).toMatchObject({ code: 'VALIDATION_FAILED', field: 'port' });
    });
  });

  it.each([
    ['useMx', { useMx: 'yes' }],
    ['helo', { helo: 5 }],
    ['auth', { auth: 'x' }],
    ['auth.enabled', { auth: { enabled: 1 } }],
    ['auth.username', { auth: { username: 5 } }],
    ['auth.password', { auth: { password: 5 } }],
    ['auth.passwordSet', { auth: { passwordSet: 'yes' } }],
    ['tls', { tls: [] }],
    ['tls.mode', { tls: { mode: 'starttls' } }],
    ['tls.minVersion', { tls: { minVersion: '1.3' } }],
    ['tls.minVersion', { tls: { minVersion: 1.2 } }],
    ['tls.verifyHostname', { tls: { verifyHostname: 'true' } }],
    ['tls.serverName', { tls: { serverName: 'bad name.example' } }],
    ['tls.serverCa', { tls: { serverCa: 7 } }],
    ['tls.serverCa', { tls: { serverCa: '' } }],
    ['tls.clientCertificate', { tls: { clientCertificate: {} } }],
    ['sender', { sender: 5 }],
    ['subject', { subject: null }],
    ['subject', { subject: 'a\r\nBcc: x@y' }],
    ['body', { body: ['x'] }],
    ['recipients', { recipients: 5 }],
  ])('rejects a bad %s with VALIDATION_FAILED', (field, raw) => {
    expect(failure(raw)).toMatchObject({ code: 'VALIDATION_FAILED', field, status: 400 });
  });

  it.each([
    [[]],
    [null],
    ['text'],
  ])('rejects a body that is not an object: %j', (raw) => {
    expect(failure(raw).code).toBe('VALIDATION_FAILED');
  });

  it.each([
    ['recipent', { recipent: 'a@x.example' }],
    ['tls.implict', { tls: { implict: true } }],
    ['auth.user', { auth: { user: 'x' } }],
  ])('rejects the unknown key %s', (field, raw) => {
    const error = failure(raw);
    expect(error).toMatchObject({ code: 'VALIDATION_FAILED', field });
    expect(error.message).toMatch(/Unknown field/);
  });

  describe('auth.password', () => {
    it('a string sets it, sealed', () => {
      expect(parse({ auth: { enabled: true, username: 'u', password: 'p@ss' } }).auth).toEqual({
        enabled: true,
        mechanism: 'password',
        username: 'u',
        password: sealedFake('p@ss'),
        allowUnencrypted: false,
      });
    });
    it('absent keeps the stored one', () => {
      expect(parse({ auth: { enabled: true, username: 'herald' } }, storedWithPassword()).auth.password).toBe(sealedFake('old'));
    });
    it('absent auth object keeps the stored password too (auth itself goes back to off)', () => {
      expect(parse({}, storedWithPassword()).auth).toEqual({ enabled: false, mechanism: 'password', username: '', password: sealedFake('old'), allowUnencrypted: false });
    });
    it('null clears it', () => {
      expect(parse({ auth: { password: null } }, storedWithPassword()).auth.password).toBeNull();
    });
    it('passwordSet is ignored', () => {
      expect(parse({ auth: { passwordSet: false } }, storedWithPassword()).auth.password).toBe(sealedFake('old'));
      expect(parse({ auth: { passwordSet: true } }).auth.password).toBeNull();
    });
    it('an error about the password never contains it', () => {
      const error = failure({ auth: { password: 'x'.repeat(2000) } });
      expect(error.field).toBe('auth.password');
      expect(error.message).not.toContain('xxxx');
    });
    it('enabled auth needs a user name and a password', () => {
      expect(failure({ auth: { enabled: true, password: 'p' } })).toMatchObject({ field: 'auth.username' });
      expect(failure({ auth: { enabled: true, username: 'u' } })).toMatchObject({ field: 'auth.password' });
    });
    it('trims the user name', () => {
      expect(parse({ auth: { enabled: true, username: '  CORP\\herald ', password: 'p' } }).auth.username).toBe('CORP\\herald');
    });
  });

  describe('tls', () => {
    it('takes defaults for absent tls fields', () => {
      expect(parse({ tls: { mode: 'none' } }).tls).toEqual({ ...defaultEmailSettings().tls, mode: 'none' });
    });
    it.each(['none', 'opportunistic'])('implicit with mode %s is refused on tls.implicit', (mode) => {
      const error = failure({ tls: { mode, implicit: true } });
      expect(error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'tls.implicit' });
      expect(error.message).toMatch(/required/);
    });
    it('implicit with the default mode is refused', () => {
      expect(failure({ tls: { implicit: true } }).field).toBe('tls.implicit');
    });
    it('implicit with required is fine', () => {
      expect(parse({ tls: { mode: 'required', implicit: true } }).tls.implicit).toBe(true);
    });
    it('keeps the other tls fields whatever the mode', () => {
      const tls = parse({ tls: { mode: 'none', serverCa: 'ca-1', clientCertificate: 'client-1', serverName: 'mail.bücher.example', minVersion: '1.2', verifyHostname: false } }).tls;
      expect(tls).toEqual({
        mode: 'none',
        implicit: false,
        minVersion: '1.2',
        verifyHostname: false,
        serverName: 'mail.xn--bcher-kva.example',
        serverCa: 'ca-1',
        clientCertificate: 'client-1',
      });
    });
    it.each([
      ['10.0.0.5', '10.0.0.5'],
      ['2001:db8:0::1', '2001:db8::1'],
      ['', null],
      [null, null],
    ])('serverName %j → %j', (input, expected) => {
      expect(parse({ tls: { serverName: input } }).tls.serverName).toBe(expected);
    });
    it.each(['xn--zz.example', 'mail.xn--a.example', 'mail.xn--a-ecp.example'])('rejects the invalid punycode serverName %j', (serverName) => {
      expect(failure({ tls: { serverName } })).toMatchObject({ code: 'VALIDATION_FAILED', field: 'tls.serverName', message: expect.stringMatching(/punycode/) });
    });
  });

  describe('helo', () => {
    it.each([
      [null, null],
      ['', null],
      ['herald.corp.example', 'herald.corp.example'],
      ['HERALD', 'HERALD'],
      ['herald.bücher.example', 'herald.xn--bcher-kva.example'],
      ['10.0.0.5', '[10.0.0.5]'],
      ['[10.0.0.5]', '[10.0.0.5]'],
      ['2001:db8::5', '[IPv6:2001:db8::5]'],
      ['[IPv6:2001:db8:0::5]', '[IPv6:2001:db8::5]'],
    ])('%j → %j', (input, expected) => {
      expect(parse({ helo: input }).helo).toBe(expected);
    });
    it.each(['xn--zz.example', 'herald.xn--a.example', 'xn--a-ecp'])('rejects the invalid punycode %j', (helo) => {
      expect(failure({ helo })).toMatchObject({ code: 'VALIDATION_FAILED', field: 'helo', message: expect.stringMatching(/punycode/) });
    });
    it.each(['bad name', 'under_score.example', '[nope]', '-x.example', 'a\nb'])('rejects %j', (helo) => {
      expect(failure({ helo })).toMatchObject({ code: 'VALIDATION_FAILED', field: 'helo' });
    });
  });

  describe('templates', () => {
    it.each(['sender', 'subject', 'body'])('an unknown variable in %s is UNKNOWN_TEMPLATE_VARIABLE', (field) => {
      const raw = { [field]: field === 'sender' ? '%HOSTNAME%@corp.example' : 'x %HOSTNAME% y' };
      const error = failure(raw);
      expect(error).toMatchObject({ code: 'UNKNOWN_TEMPLATE_VARIABLE', field });
      expect(error.message).toMatch(/%HOSTNAME%/);
    });
    it('accepts literal percent signs', () => {
      expect(parse({ subject: '100% %% %SEVERITY%', body: 'CPU at 95%' }).subject).toBe('100% %% %SEVERITY%');
    });
    it.each([
      ['herald@corp.example', 'herald@corp.example'],
      ['  Herald <herald@corp.example>  ', 'Herald <herald@corp.example>'],
      ['herald@bücher.example', 'herald@xn--bcher-kva.example'],
      ['%COMPUTER%@corp.example', '%COMPUTER%@corp.example'],
      ['"Herald on %COMPUTER%" <herald@corp.example>', '"Herald on %COMPUTER%" <herald@corp.example>'],
    ])('sender %j → %j', (sender, expected) => {
      expect(parse({ sender }).sender).toBe(expected);
    });
    it.each(['herald@xn--zz.example', 'Herald <herald@mail.xn--a-ecp.example>'])('rejects the sender %j with invalid punycode', (sender) => {
      expect(failure({ sender })).toMatchObject({ code: 'VALIDATION_FAILED', field: 'sender', message: expect.stringMatching(/punycode/) });
    });
    it.each(['', 'herald', 'Herald Corp', 'a@x.example; b@x.example', 'a@x.example, b@x.example', '%SEVERITY% <h@x.example>x'])(
      'rejects sender %j',
      (sender) => {
        expect(failure({ sender })).toMatchObject({ code: 'VALIDATION_FAILED', field: 'sender' });
      },
    );
    it('stores body line ends as LF', () => {
      expect(parse({ body: 'a\r\nb\rc' }).body).toBe('a\nb\nc');
    });
    it('trims the subject', () => {
      expect(parse({ subject: '  [%SEVERITY%] x ' }).subject).toBe('[%SEVERITY%] x');
    });
  });
});
