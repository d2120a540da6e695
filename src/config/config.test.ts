import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, redactUrl } from './config.js';

describe('loadConfig', () => {
  it('gives the documented defaults for an empty environment', () => {
    const config = loadConfig({});
    expect(config.listen).toEqual({ host: '127.0.0.1', port: 8080 });
    expect(config.databaseUrl).toBeNull();
    expect(config.retryBaseMs).toBe(60_000);
    expect(config.retryMaxMs).toBe(3_600_000);
    expect(config.maxAgeMs).toBe(86_400_000);
    expect(config.eventRetentionDays).toBe(30);
    expect(config.eventMax).toBe(400_000);
    expect(config.notificationRetentionDays).toBe(90);
    expect(config.leaseMs).toBe(30_000);
    expect(config.sqliteSync).toBe('normal');
    expect(config.logLevel).toBe('info');
    expect(config.dataDir).toMatch(/data$/);
  });

  it.each([
    ['0.0.0.0:9000', { host: '0.0.0.0', port: 9000 }],
    ['[::1]:8081', { host: '::1', port: 8081 }],
    [':8082', { host: '0.0.0.0', port: 8082 }],
    ['localhost:0', { host: 'localhost', port: 0 }],
  ])('accepts HERALD_LISTEN=%s', (listen, expected) => {
    expect(loadConfig({ HERALD_LISTEN: listen }).listen).toEqual(expected);
  });

  it.each([
    [{ HERALD_LISTEN: 'nonsense' }, /HERALD_LISTEN must be host:port/],
    [{ HERALD_LISTEN: '127.0.0.1:99999' }, /HERALD_LISTEN/],
    [{ HERALD_MASTER_KEY: Buffer.alloc(16).toString('base64') }, /exactly 32 bytes \(it decodes to 16\)/],
    [{ HERALD_MASTER_KEY: 'not base64!' }, /HERALD_MASTER_KEY/],
    [{ HERALD_DATABASE_URL: 'mysql://x' }, /postgres:\/\//],
    [{ HERALD_DATABASE_URL: 'postgres://u@h/db' }, /HERALD_MASTER_KEY is required with PostgreSQL/],
    [{ HERALD_RETRY_BASE_MS: '-5' }, /HERALD_RETRY_BASE_MS must be a positive whole number/],
    [{ HERALD_RETRY_BASE_MS: '1000', HERALD_RETRY_MAX_MS: '10' }, /must not be smaller/],
    [{ HERALD_LOG_LEVEL: 'loud' }, /HERALD_LOG_LEVEL must be one of/],
    [{ HERALD_SQLITE_SYNC: 'off' }, /"normal" or "full"/],
    [{ HERALD_DNS_SERVERS: '1.1.1.1,dns.example' }, /HERALD_DNS_SERVERS/],
    [{ HERALD_ADMIN_TOKEN: 'short' }, /at least 16 characters/],
  ])('refuses %o with one clear sentence', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('accepts a 32-byte master key and DNS servers with ports', () => {
    const key = Buffer.alloc(32, 7);
    const config = loadConfig({ HERALD_MASTER_KEY: key.toString('base64'), HERALD_DNS_SERVERS: '10.0.0.1, [::1]:5353,127.0.0.1:53' });
    expect(config.masterKeys?.map((k) => k.equals(key))).toEqual([true]);
    expect(config.dnsServers).toEqual(['10.0.0.1', '[::1]:5353', '127.0.0.1:53']);
  });

  it('accepts "new,old" master keys during a rotation and refuses a bad one among them', () => {
    const [fresh, old] = [Buffer.alloc(32, 1), Buffer.alloc(32, 2)];
    const config = loadConfig({ HERALD_MASTER_KEY: `${fresh.toString('base64')}, ${old.toString('base64')}` });
    expect(config.masterKeys?.map((k) => k.toString('hex'))).toEqual([fresh.toString('hex'), old.toString('hex')]);
    expect(() => loadConfig({ HERALD_MASTER_KEY: `${fresh.toString('base64')},short` })).toThrow(/exactly 32 bytes/);
  });

  it('never repeats a database password in its messages', () => {
    expect(redactUrl('postgres://herald:s3cret@db:5432/herald')).toBe('postgres://herald:****@db:5432/herald');
  });
});
