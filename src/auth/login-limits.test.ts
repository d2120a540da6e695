import { describe, expect, it } from 'vitest';
import { addressKey, DEFAULT_LOGIN_LIMITS, loginKeys, loginVerdict } from './login-limits.js';

describe('login limits', () => {
  it('keys by address (IPv6 by /64, mapped IPv4 as IPv4) and lower-cased user name', () => {
    expect(loginKeys('10.0.0.1', ' Admin ')).toEqual({ address: 'addr:10.0.0.1', user: 'user:admin' });
    expect(addressKey('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(addressKey('2001:db8:1:2:bbbb::9')).toBe(addressKey('2001:db8:1:2:aaaa::1'));
    expect(addressKey('2001:db8:1:3::1')).not.toBe(addressKey('2001:db8:1:2::1'));
    expect(addressKey('::ffff:192.0.2.7')).toBe('192.0.2.7');
  });

  it('blocks when either budget is spent, address first', () => {
    const limits = { ...DEFAULT_LOGIN_LIMITS, perAddress: 3, perUser: 5 };
    expect(loginVerdict({ address: 2, user: 4 }, limits)).toEqual({ blocked: false });
    expect(loginVerdict({ address: 3, user: 0 }, limits)).toEqual({ blocked: true, by: 'address' });
    expect(loginVerdict({ address: 0, user: 5 }, limits)).toEqual({ blocked: true, by: 'user' });
    expect(loginVerdict({ address: 9, user: 9 }, limits)).toEqual({ blocked: true, by: 'address' });
  });
});
