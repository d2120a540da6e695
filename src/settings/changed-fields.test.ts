import { describe, expect, it } from 'vitest';
import { defaultEmailSettings } from '../domain/email-settings.js';
import { changedFields } from './changed-fields.js';

describe('changedFields', () => {
  it('names nothing for equal documents', () => {
    expect(changedFields(defaultEmailSettings(), defaultEmailSettings())).toEqual([]);
  });

  it('names the changed leaves with dotted paths, sorted', () => {
    const before = defaultEmailSettings();
    const after = { ...defaultEmailSettings(), port: 587, tls: { ...before.tls, mode: 'required' as const } };
    expect(changedFields(before, after)).toEqual(['port', 'tls.mode']);
  });

  it('treats an array as one value', () => {
    expect(changedFields({ recipients: ['a', 'b'] }, { recipients: ['b', 'a'] })).toEqual(['recipients']);
    expect(changedFields({ recipients: ['a'] }, { recipients: ['a'] })).toEqual([]);
  });

  it('names a field that appeared or vanished, down to its leaves', () => {
    expect(changedFields({}, { email: { port: 25, tls: { mode: 'none' } } })).toEqual(['email.port', 'email.tls.mode']);
    expect(changedFields({ email: { helo: null } }, {})).toEqual(['email.helo']);
    expect(changedFields({ email: {} }, { email: { tls: {} } })).toEqual(['email.tls']);
  });

  it('compares dates by instant', () => {
    expect(changedFields({ at: new Date(5) }, { at: new Date(5) })).toEqual([]);
    expect(changedFields({ at: new Date(5) }, { at: new Date(6) })).toEqual(['at']);
  });
});
