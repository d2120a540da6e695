/** Configuration of the HTTPS listener, trusted proxies and the agent ingest limit. */
import { describe, expect, it } from 'vitest';
import { ConfigError, DEFAULT_AGENT_EVENTS_PER_SECOND, loadConfig } from './config.js';

describe('loadConfig: HTTPS, proxies, agent limit', () => {
  it('defaults to plain HTTP, no trusted proxy and the generous agent limit', () => {
    const config = loadConfig({});
    expect(config.tls).toBeNull();
    expect(config.trustProxy).toEqual([]);
    expect(config.agentEventsPerSecond).toBe(DEFAULT_AGENT_EVENTS_PER_SECOND);
  });

  it('takes both TLS files, and refuses one without the other with one sentence', () => {
    expect(loadConfig({ HERALD_TLS_CERT: '/x/cert.pem', HERALD_TLS_KEY: '/x/key.pem' }).tls).toEqual({ certFile: '/x/cert.pem', keyFile: '/x/key.pem' });
    expect(() => loadConfig({ HERALD_TLS_CERT: '/x/cert.pem' })).toThrow(ConfigError);
    expect(() => loadConfig({ HERALD_TLS_KEY: '/x/key.pem' })).toThrow(/HERALD_TLS_CERT and HERALD_TLS_KEY.*only HERALD_TLS_KEY/);
  });

  it('takes addresses and CIDRs of trusted proxies, and names a bad entry', () => {
    expect(loadConfig({ HERALD_TRUST_PROXY: ' 10.0.0.1, 192.168.0.0/16,::1, fd00::/8 ' }).trustProxy).toEqual(['10.0.0.1', '192.168.0.0/16', '::1', 'fd00::/8']);
    for (const bad of ['proxy.example', '10.0.0.0/33', '::1/129', '10.0.0.1/8/1', '10.0.0.300']) {
      expect(() => loadConfig({ HERALD_TRUST_PROXY: bad })).toThrow(new RegExp(`HERALD_TRUST_PROXY.*"${bad.replace(/[./]/g, '\\$&')}"`));
    }
  });

  it('takes a positive agent limit only', () => {
    expect(loadConfig({ HERALD_AGENT_EVENTS_PER_SECOND: '500' }).agentEventsPerSecond).toBe(500);
    expect(() => loadConfig({ HERALD_AGENT_EVENTS_PER_SECOND: '0' })).toThrow(/HERALD_AGENT_EVENTS_PER_SECOND/);
  });
});
