import { describe, expect, it } from 'vitest';
import { parseMailbox } from '../domain/mailbox.js';
import { TemplateError } from './render.js';
import { renderSender } from './sender.js';
import { eventTemplateValues, sampleEvent } from './variables.js';

const withComputer = (name: string) => eventTemplateValues({ ...sampleEvent(), device: { ...sampleEvent().device, name } });

describe('renderSender', () => {
  it('takes name and address from the template structure, never from values', () => {
    for (const name of ['a <b@evil.example>', 'x:y@evil.example;', 'a, b', '"q" \\ z', 'Müller (x)']) {
      const sender = renderSender('%COMPUTER% <herald@corp.example>', withComputer(name));
      expect(sender).toMatchObject({ name, address: 'herald@corp.example' });
      const reread = parseMailbox(sender.entry);
      expect(reread.ok && reread.mailbox).toMatchObject({ displayName: name, address: 'herald@corp.example' });
    }
  });

  it('leaves plain names unquoted, unquotes a quoted template name, and renders a bare address', () => {
    expect(renderSender('Herald %COMPUTER% <herald@corp.example>', withComputer('WKS-042')).entry).toBe('Herald WKS-042 <herald@corp.example>');
    expect(renderSender('"Herald, %COMPUTER%" <h@corp.example>', withComputer('WKS')).entry).toBe('"Herald, WKS" <h@corp.example>');
    expect(renderSender('herald@bücher.example', withComputer('x'))).toEqual({ name: '', address: 'herald@xn--bcher-kva.example', entry: 'herald@xn--bcher-kva.example' });
    expect(renderSender('100%% <h@corp.example>', withComputer('x')).name).toBe('100%');
  });

  it('refuses an address part that does not render to an address', () => {
    expect(() => renderSender('%COMPUTER%@corp.example', withComputer('WKS 042'))).toThrow(TemplateError);
    expect(() => renderSender('%COMPUTER%', withComputer('Evil <evil@attacker.example>'))).toThrow(/not a valid e-mail address/);
    expect(() => renderSender('Name <%COMPUTER%>', withComputer('a>b'))).toThrow(TemplateError);
  });
});
