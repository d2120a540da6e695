/** The stream-free build gives the same bytes as MailComposer's own streaming build. */
import MailComposer from 'nodemailer/lib/mail-composer';
import { describe, expect, it } from 'vitest';
import { buildMessage, mimeAddress } from './mime.js';
import type { OutgoingMessage } from './types.js';

const DATE = new Date('2026-03-04T05:06:07.000Z');

function message(overrides: Partial<OutgoingMessage> = {}): OutgoingMessage {
  return {
    messageId: '<0190a1b2-c3d4@corp.example>',
    from: 'herald@corp.example',
    to: ['soc@corp.example', 'Ops Team <ops@corp.example>'],
    subject: '[CRITICAL] Malicious object detected on WKS-042',
    text: 'Device: WKS-042\nApplication: Kaspersky Endpoint Security 12.1\n',
    headers: { 'X-Herald-Notification-Id': 'n-1', 'X-Herald-Event-Id': 'e-1, e-2', 'Auto-Submitted': 'auto-generated' },
    ...overrides,
  };
}

/** What MailComposer's own streaming build makes of the same message. */
async function streamed(m: OutgoingMessage): Promise<string> {
  const from = mimeAddress(m.from);
  const to = m.to.map(mimeAddress);
  const raw = await new MailComposer({
    from,
    to,
    envelope: { from: from.address, to: to.map((a) => a.address) },
    subject: m.subject,
    text: m.text,
    headers: m.headers,
    messageId: m.messageId,
    date: DATE,
  })
    .compile()
    .build();
  return raw.toString('utf8');
}

const CASES: Record<string, Partial<OutgoingMessage>> = {
  'plain ASCII (7bit)': {},
  'no final line break': { text: 'one line' },
  'empty body': { text: '' },
  'CRLF and lone CR line breaks': { text: 'a\r\nb\rc\n' },
  'non-ASCII text (quoted-printable)': { text: 'Gerät: Büro-PC – Virus „Trojan“ gefunden\n', subject: 'Warnung: Gerät im Büro' },
  'mostly non-ASCII (base64)': { text: 'ウイルスが検出されました。デバイス: 東京オフィス\n'.repeat(3) },
  'long lines (quoted-printable soft breaks)': { text: `${'x'.repeat(200)}\n${'word '.repeat(60)}\n` },
  'trailing whitespace on lines': { text: 'ends with spaces   \nand a tab\t\n' },
  'dots at line starts': { text: '.\n..\n.hidden\n' },
  'display names with non-ASCII': { from: 'Herald Überwachung <herald@corp.example>', to: ['Jürgen <j@corp.example>'] },
  'long subject (folded)': { subject: `Alert ${'with many words '.repeat(12)}` },
};

describe('buildMessage', () => {
  for (const [name, overrides] of Object.entries(CASES)) {
    it(`gives the same bytes as MailComposer's streaming build: ${name}`, async () => {
      const m = message(overrides);
      const built = await buildMessage(m, DATE);
      expect(built.raw.toString('utf8')).toBe(await streamed(m));
    });
  }

  it('covers each transfer encoding', async () => {
    const encodingOf = async (name: string): Promise<string | undefined> =>
      /Content-Transfer-Encoding: (\S+)/.exec((await buildMessage(message(CASES[name]), DATE)).raw.toString())?.[1];
    expect(await encodingOf('plain ASCII (7bit)')).toBe('7bit');
    expect(await encodingOf('non-ASCII text (quoted-printable)')).toBe('quoted-printable');
    expect(await encodingOf('mostly non-ASCII (base64)')).toBe('base64');
  });

  it('returns the bare envelope addresses', async () => {
    const built = await buildMessage(message());
    expect(built.envelope).toEqual({ from: 'herald@corp.example', to: ['soc@corp.example', 'ops@corp.example'] });
  });
});
