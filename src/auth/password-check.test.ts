import { describe, expect, it } from 'vitest';
import { PasswordCheck } from './password-check.js';
import { hashPassword } from './passwords.js';

describe('PasswordCheck', () => {
  it('runs at most `concurrency` hashes, lets `maxWaiting` wait and answers busy beyond', async () => {
    const stored = await hashPassword('secret passphrase');
    const check = new PasswordCheck(2, 3);
    const results = await Promise.all(Array.from({ length: 10 }, () => check.verify('secret passphrase', stored)));
    expect(results.filter((r) => r.kind === 'checked' && r.ok)).toHaveLength(5);
    expect(results.filter((r) => r.kind === 'busy')).toHaveLength(5);
    expect(check.hashesRun).toBe(5);
    expect(await check.verify('wrong', stored)).toEqual({ kind: 'checked', ok: false });
  });

  it('hashes new passwords that verify', async () => {
    const check = new PasswordCheck();
    const stored = await check.hash('another passphrase');
    expect(await check.verify('another passphrase', stored)).toEqual({ kind: 'checked', ok: true });
  });
});
