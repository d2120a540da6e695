/** The browser's own check of the settings form: every bad field at once, nothing for a good form. */
import { describe, expect, it } from 'vitest';
import type { SettingsForm } from './model';
import { isRecipientEntry, isServerEntry, validateSettings } from './validate';

const good: SettingsForm = {
  recipients: 'soc@example.com; Jane Doe <jane@bücher.example>',
  servers: 'mail1.corp.example; 10.0.0.25; MAILSRV01; [2001:db8::1]:587; mail2.corp.example:2525',
  port: '25',
  useMx: false,
  helo: null,
  authEnabled: false,
  username: '',
  passwordSet: false,
  password: { kind: 'set', value: '' },
  mechanism: 'password',
  allowUnencrypted: false,
  oauth2: {
    provider: 'microsoft',
    tenant: '',
    clientId: '',
    tokenUrl: '',
    scope: '',
    clientSecretSet: false,
    clientSecret: { kind: 'set', value: '' },
    serviceAccountKeySet: false,
    serviceAccountKey: { kind: 'set', value: '' },
  },
  tls: { mode: 'opportunistic', implicit: false, minVersion: 'any', verifyHostname: true, serverName: null, serverCa: null, clientCertificate: null },
  sender: 'herald@corp.example',
  subject: '[%SEVERITY%] %EVENT%',
  body: '%DESCRIPTION%',
  digestSubject: 'digest',
  digestBody: '%EVENT_LIST%',
  ratePerMinute: '',
};

describe('validateSettings', () => {
  it('finds nothing wrong with a good form', () => {
    expect(validateSettings(good)).toEqual({});
  });

  it('reports every bad field at once, each bad list entry by position', () => {
    const problems = validateSettings({
      ...good,
      recipients: 'ok@example.com; kaputt; also bad@; x@y.example',
      servers: 'mail.example; bad host; -lead.example; mail.example:70000',
      port: '0',
      ratePerMinute: '100001',
      sender: ' ',
      authEnabled: true,
      tls: { ...good.tls, mode: 'none' },
    });
    expect(problems).toEqual({
      recipients: { kind: 'entries', code: 'INVALID_RECIPIENT', entries: [{ n: 2, value: 'kaputt' }, { n: 3, value: 'also bad@' }] },
      servers: { kind: 'entries', code: 'INVALID_SERVER', entries: [{ n: 2, value: 'bad host' }, { n: 3, value: '-lead.example' }, { n: 4, value: 'mail.example:70000' }] },
      port: { kind: 'range', min: 1, max: 65535 },
      'auth.username': { kind: 'required' },
      'auth.password': { kind: 'required' },
      'auth.allowUnencrypted': { kind: 'unencrypted' },
      sender: { kind: 'required' },
      'rateLimit.perMinute': { kind: 'range', min: 1, max: 100_000 },
    });
  });

  it('asks for what each OAuth provider needs, and a stored secret counts', () => {
    const oauth = (patch: Partial<SettingsForm['oauth2']>) => validateSettings({ ...good, authEnabled: true, username: 'alerts@corp.example', mechanism: 'oauth2', oauth2: { ...good.oauth2, ...patch } });
    expect(Object.keys(oauth({ provider: 'microsoft' }))).toEqual(['auth.oauth2.tenant', 'auth.oauth2.clientId', 'auth.oauth2.clientSecret']);
    expect(oauth({ provider: 'microsoft', tenant: 'corp.onmicrosoft.com', clientId: 'id', clientSecretSet: true, clientSecret: { kind: 'keep' } })).toEqual({});
    expect(oauth({ provider: 'generic', tokenUrl: 'http://idp.example/token', clientId: 'id', clientSecret: { kind: 'set', value: 's' } })).toEqual({ 'auth.oauth2.tokenUrl': { kind: 'https' } });
    expect(Object.keys(oauth({ provider: 'google' }))).toEqual(['auth.oauth2.serviceAccountKey']);
  });

  it('knows the shapes of recipients and servers', () => {
    for (const ok of ['a@b.example', '"Ops" <ops@corp.example>', 'x@[10.0.0.1]', 'jörg@bücher.example']) expect(isRecipientEntry(ok), ok).toBe(true);
    for (const bad of ['a', 'a@b', '@b.example', 'a b@c.example', 'Name <a@b.example', 'a@b..example']) expect(isRecipientEntry(bad), bad).toBe(false);
    for (const ok of ['mail', 'mail.example', '10.0.0.1:25', '::1', '[::1]:25', 'bücher.example']) expect(isServerEntry(ok), ok).toBe(true);
    for (const bad of ['a b', 'a..b', 'host:0', 'host:x', '[zz]:25', 'a:b:c.example']) expect(isServerEntry(bad), bad).toBe(false);
  });
});
