/** Builders for test configurations and messages. */
import { DEFAULT_TLS_SETTINGS, type TlsSettings } from '../../domain/email-settings.js';
import type { OutgoingMessage, TransportConfig } from './types.js';
import type { SmtpTimeouts } from './timeouts.js';

/** Short timeouts so failing cases fail fast. */
export const TEST_TIMEOUTS: SmtpTimeouts = { connectMs: 5_000, greetingMs: 5_000, socketMs: 5_000, dnsMs: 3_000 };

/** A config for servers on 127.0.0.1; `tls` fields merge over opportunistic defaults. */
export function testConfig(servers: string[], over: Partial<Omit<TransportConfig, 'tls'>> & { tls?: Partial<TlsSettings> } = {}): TransportConfig {
  const { tls, ...rest } = over;
  return {
    servers,
    port: 25,
    useMx: false,
    helo: 'herald.test',
    auth: { enabled: false, username: '', password: null },
    tlsMaterial: {},
    ...rest,
    tls: { ...DEFAULT_TLS_SETTINGS, ...tls },
  };
}

/** A small message to two recipients by default. */
export function testMail(to: string[] = ['soc@example.com', 'Jane Doe <jane@example.com>']): OutgoingMessage {
  return {
    messageId: '<n-1@corp.example>',
    from: 'herald@corp.example',
    to,
    subject: 'Hello from the tests',
    text: 'Body line one.\nBody line two.',
    headers: { 'X-Herald-Notification-Id': 'n-1', 'Auto-Submitted': 'auto-generated' },
  };
}
