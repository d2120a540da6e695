import { describe, expect, it } from 'vitest';
import { DEFAULT_BODY, DEFAULT_SENDER, DEFAULT_SUBJECT } from '../domain/email-settings.js';
import type { HeraldEvent } from '../domain/event.js';
import { renderNotification } from './notification.js';
import { TemplateError } from './render.js';
import { sampleEvent } from './variables.js';

const defaults = { sender: DEFAULT_SENDER, subject: DEFAULT_SUBJECT, body: DEFAULT_BODY };

describe('renderNotification', () => {
  it('renders the defaults for the sample event into something readable', () => {
    const out = renderNotification(defaults, sampleEvent());
    expect(out.sender).toBe('herald@localhost');
    expect(out.subject).toBe('[Critical] Malicious object detected on WKS-042');
    expect(out.body).toContain('Malicious object detected');
    expect(out.body).toContain('Trojan.Win32.Agent.xyz detected in C:\\Users\\jdoe');
    expect(out.body).toContain('WKS-042');
    expect(out.body).toContain('CORP');
    expect(out.body).toContain('10.1.2.3');
    expect(out.body).toContain('2026-11-28T04:00:00Z');
    expect(out.body).toContain('Kaspersky Endpoint Security for Windows 12.1.0.506');
    expect(out.body).toContain('Virus scan');
    expect(out.body).toContain('GNRL_EV_VIRUS_FOUND');
    expect(out.body).toContain('7d0c2f4e-5b1a-4c39-9d2e-3f6a8b1c0e57');
    expect(out.body).not.toMatch(/%[A-Z_]+%/);
    expect(out.body).not.toMatch(/\r/);
  });

  it('renders the default body without dangling punctuation when the event carries little', () => {
    const event: HeraldEvent = {
      ...sampleEvent(),
      typeName: null,
      description: null,
      device: { id: null, name: null, domain: null, ip: null },
      application: { id: 'kes', name: null, version: null },
      task: null,
      sourceIp: null,
    };
    const out = renderNotification(defaults, event);
    expect(out.body).not.toMatch(/\(\s*\)|\(domain ,|, IP \)/);
    expect(out.body).toContain('GNRL_EV_VIRUS_FOUND');
  });

  it('renders variables in the sender and normalises an IDN domain', () => {
    const out = renderNotification({ ...defaults, sender: 'Herald %COMPUTER% <herald@bücher.example>' }, sampleEvent());
    expect(out.sender).toBe('Herald WKS-042 <herald@xn--bcher-kva.example>');
  });

  it('refuses a sender that does not render to an address', () => {
    const event = { ...sampleEvent(), device: { ...sampleEvent().device, name: 'WKS 042' } };
    expect(() => renderNotification({ ...defaults, sender: '%COMPUTER%@corp.example' }, event)).toThrow(TemplateError);
    expect(() => renderNotification({ ...defaults, sender: 'not an address' }, sampleEvent())).toThrow(
      /not a valid e-mail address/,
    );
  });

  it('cannot be used to inject headers through the sender or subject', () => {
    const event = { ...sampleEvent(), typeName: 'x\r\nBcc: evil@x', device: { ...sampleEvent().device, name: 'a\r\nBcc: evil@x' } };
    const out = renderNotification({ ...defaults, sender: '"%COMPUTER%" <h@corp.example>' }, event);
    expect(out.subject).toBe('[Critical] x Bcc: evil@x on a Bcc: evil@x');
    expect(out.sender).toBe('"a Bcc: evil@x" <h@corp.example>');
    expect(out.sender + out.subject).not.toMatch(/[\r\n]/);
  });

  it('throws TemplateError for an unknown variable in any template', () => {
    expect(() => renderNotification({ ...defaults, body: '%NOPE%' }, sampleEvent())).toThrow(TemplateError);
    expect(() => renderNotification({ ...defaults, subject: '%NOPE%' }, sampleEvent())).toThrow(TemplateError);
    expect(() => renderNotification({ ...defaults, sender: '%NOPE%@x.example' }, sampleEvent())).toThrow(TemplateError);
  });
});
