/**
 * Issue 14's console details, in English and German at desktop and phone width, against the
 * real server and an in-process SMTP server without STARTTLS: ids, host names and addresses on
 * one line; the notification detail with sender, Message-ID and body; an event row that opens
 * the event with the notification that covered it, whose event ids open the event again (on the
 * events page and in the ledger); "send a sample event" followed to the sent e-mail; "if
 * supported" that went in clear says why, in the test answer and in the attempt log; the default
 * sender is warned about.
 */
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { api } from '../support/herald.test-helpers.js';
import { DESKTOP, PHONE, logIn, openPage, screenshot, useConsole } from './browser.test-helpers.js';
import { axeViolations } from './axe.test-helpers.js';
import { startSmtp, type TestSmtp } from './smtp.test-helpers.js';

/** The texts each case looks for, in its language. */
const TEXTS = {
  en: {
    locale: 'en-US',
    eventsHeading: 'Events',
    sendSample: 'Send a sample event',
    sampleTypeName: 'Sample event from the Herald console',
    sampleBody: 'This is a sample event sent from the Herald console',
    openNotification: 'Open notification',
    notificationDialog: 'Notification details',
    eventDialog: 'Event details',
    sent: 'Sent',
    defaultSender: 'The sender is still herald@localhost',
    sendTest: 'Send test message',
    notOffered: 'The server did not offer STARTTLS',
    openEvent: (id: string) => `Open event ${id}`,
    senderLabel: 'Sender',
    settingsHeading: 'Notification settings',
    waitsForDigest: /joined an active group; the group's next digest goes out at \d/,
  },
  de: {
    locale: 'de-DE',
    eventsHeading: 'Ereignisse',
    sendSample: 'Beispielereignis senden',
    sampleTypeName: 'Beispielereignis aus der Herald-Konsole',
    sampleBody: 'Dies ist ein Beispielereignis aus der Herald-Konsole',
    openNotification: 'Benachrichtigung öffnen',
    notificationDialog: 'Details der Benachrichtigung',
    eventDialog: 'Details des Ereignisses',
    sent: 'Gesendet',
    defaultSender: 'Der Absender ist noch herald@localhost',
    sendTest: 'Testnachricht senden',
    notOffered: 'Der Server hat STARTTLS nicht angeboten',
    openEvent: (id: string) => `Ereignis ${id} öffnen`,
    senderLabel: 'Absender',
    settingsHeading: 'Benachrichtigungseinstellungen',
    waitsForDigest: /gehört zu einer aktiven Gruppe; ihre nächste Zusammenfassung wird um \d/,
  },
} as const;

const CASES = [
  { language: 'en', viewport: DESKTOP, width: 'desktop' },
  { language: 'en', viewport: PHONE, width: 'phone' },
  { language: 'de', viewport: DESKTOP, width: 'desktop' },
  { language: 'de', viewport: PHONE, width: 'phone' },
] as const;

/** Long tokens that would break mid-value if allowed to wrap. */
const LONG_DEVICE = 'WKS-FINANCE-ACCOUNTING-0042.corp.example.internal';
const LONG_IP = '2001:db8:85a3:1234:5678:8a2e:370:7334';

/** The element's text sits on one line: its height is about one line box, and it does not wrap. */
async function expectOneLine(token: Locator): Promise<void> {
  await token.waitFor();
  const box = await token.evaluate((element) => {
    const style = element.ownerDocument.defaultView?.getComputedStyle(element);
    if (style === undefined) throw new Error("no window");
    const lineHeight = Number.parseFloat(style.lineHeight);
    return {
      height: element.getBoundingClientRect().height,
      line: Number.isNaN(lineHeight) ? Number.parseFloat(style.fontSize) * 1.6 : lineHeight,
      whiteSpace: style.whiteSpace,
      text: element.textContent ?? '',
      title: element.getAttribute('title'),
    };
  });
  expect(box.text.length).toBeGreaterThan(0);
  expect(box.height, `"${box.text}" is ${box.height}px high, one line is ${box.line}px`).toBeLessThan(box.line * 1.5);
  expect(box.whiteSpace).toBe('nowrap');
  // the whole value stays available where an ellipsis cuts it
  expect(box.title).toBe(box.text);
}

/** The token with exactly this text inside `scope`. */
function token(scope: Page | Locator, text: string): Locator {
  return scope.locator('.token').filter({ hasText: new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) }).first();
}

describe('console: ids on one line, event and notification details, sample event, plaintext TLS, default sender', { timeout: 120_000 }, () => {
  const fixture = useConsole();
  let smtp: TestSmtp;

  beforeAll(async () => {
    const { herald } = fixture;
    smtp = await startSmtp();
    // "if supported" against a server without STARTTLS; the sender stays the default
    const settings = await api(herald, 'PUT', '/api/v1/settings/email', { recipients: 'soc@example.com', servers: `127.0.0.1:${smtp.port}`, tls: { mode: 'opportunistic' } });
    expect(settings.status).toBe(200);
    // every event its own e-mail, so each case's sample event is mailed at once
    expect((await api(herald, 'PUT', '/api/v1/settings/rules', { severities: ['critical', 'error'], grouping: { by: [] } })).status).toBe(200);
    const posted = await api(herald, 'POST', '/api/v1/events', {
      events: [{
        id: 'details-long-tokens-0001-7d0c4f2e-9b1a-4c3d-8e5f-a6b7c8d9e0f1',
        occurredAt: new Date().toISOString(),
        severity: 'critical',
        type: 'GNRL_EV_VIRUS_FOUND',
        typeName: 'Malicious object detected',
        description: 'Trojan.Win32.Agent detected',
        device: { id: 'b1e2c3d4-e5f6-4a7b-8c9d-0e1f2a3b4c5d', name: LONG_DEVICE, domain: 'CORP', ip: LONG_IP },
        application: { id: 'kes', name: 'Kaspersky Endpoint Security', version: '12.1' },
        task: 'Virus scan',
      }],
    });
    expect(posted.status).toBe(202);
    expect((await api(herald, 'POST', '/api/v1/agent-tokens', { name: 'agents-berlin' })).status).toBe(201);
    for (const until = Date.now() + 20_000; smtp.received.length === 0 && Date.now() < until; ) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(smtp.received.length).toBeGreaterThanOrEqual(1);
  }, 180_000);

  afterAll(async () => {
    await smtp?.close();
  });

  for (const { language, viewport, width } of CASES) {
    const text = TEXTS[language];
    it(`${language}, ${width}: sample event to sent e-mail, event and notification details, tokens on one line, plaintext TLS and sender warnings`, async () => {
      const { herald, browser } = fixture;
      // CSP bypassed for axe-core's script tag only
      const context = await browser.newContext({ viewport, locale: text.locale, baseURL: herald.url, bypassCSP: true });
      const page = await context.newPage();
      const errors: string[] = [];
      page.on('pageerror', (error) => errors.push(error.message));
      await logIn(page, herald, '/events');
      await page.getByRole('heading', { name: text.eventsHeading, level: 1 }).waitFor();

      // the default sender is warned about on every page, with a way to the settings
      await page.getByTestId('default-sender-warning').getByText(text.defaultSender).waitFor();

      // a sample event, followed to the e-mail that the SMTP server received
      const before = smtp.received.length;
      await page.getByRole('button', { name: text.sendSample }).click();
      const trace = page.getByTestId('sample-trace');
      await trace.getByTestId('sample-event-row').getByText(text.sampleTypeName).waitFor();
      await trace.locator('[data-testid="covering-notification"][data-status="sent"]').waitFor({ timeout: 30_000 });
      expect(smtp.received.length).toBe(before + 1);
      expect(smtp.received.at(-1)?.data).toContain(text.sampleTypeName);
      await expectOneLine(trace.getByTestId('sample-event-row').locator('.token'));
      await screenshot(page, `sample-event-${language}-${width}`);
      expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(viewport.width);
      expect(await axeViolations(page), 'events page with the sample trace').toEqual([]);

      // its notification: sender, recipients, Message-ID and body
      await trace.getByRole('button', { name: text.openNotification }).click();
      const notification = page.getByRole('dialog', { name: text.notificationDialog });
      await notification.waitFor();
      await notification.getByTestId('notification-body').getByText(text.sampleBody).waitFor();
      expect(await notification.getByTestId('notification-sender').textContent()).toBe('herald@localhost');
      const messageId = (await notification.getByTestId('notification-message-id').textContent()) ?? '';
      expect(messageId).toMatch(/^<[^@\s]+@localhost>$/);
      expect(smtp.received.at(-1)?.data).toContain(`Message-ID: ${messageId}`);
      await expectOneLine(notification.getByTestId('notification-message-id').locator('.token'));
      await expectOneLine(token(notification, 'soc@example.com'));
      await expectOneLine(notification.getByTestId('notification-event-ids').locator('.token'));
      // its attempt log says why "if supported" went in clear, in the console's language (the English note stays folded away)
      await notification.getByTestId('attempt-plaintext').getByText(text.notOffered).waitFor();
      await screenshot(page, `notification-detail-${language}-${width}`);
      expect(await axeViolations(page), 'notification detail').toEqual([]);
      await page.keyboard.press('Escape');
      await notification.waitFor({ state: 'detached' });

      // a row of the list opens the event, with the notification that covered it
      await token(page.locator('tbody'), LONG_IP).waitFor();
      await expectOneLine(token(page.locator('tbody'), LONG_IP));
      await expectOneLine(token(page.locator('tbody'), LONG_DEVICE));
      await page.locator('tbody tr').filter({ hasText: LONG_IP }).getByRole('button').first().click();
      const event = page.getByRole('dialog', { name: text.eventDialog });
      await event.waitFor();
      await expectOneLine(token(event, LONG_IP));
      await expectOneLine(token(event, LONG_DEVICE));
      await expectOneLine(token(event, 'details-long-tokens-0001-7d0c4f2e-9b1a-4c3d-8e5f-a6b7c8d9e0f1'));
      await event.locator('[data-testid="covering-notification"][data-status="sent"]').getByText(text.sent, { exact: true }).waitFor({ timeout: 30_000 });
      await screenshot(page, `event-detail-${language}-${width}`);
      expect(await axeViolations(page), 'event detail').toEqual([]);
      await event.getByRole('button', { name: text.openNotification }).click();
      await event.waitFor({ state: 'detached' });
      const covering = page.getByRole('dialog', { name: text.notificationDialog });
      await covering.getByTestId('notification-event-ids').getByText('details-long-tokens-0001-7d0c4f2e-9b1a-4c3d-8e5f-a6b7c8d9e0f1').waitFor();
      await covering.getByTestId('attempt-plaintext').getByText(text.notOffered).waitFor();
      // and back: the covered event's id opens that event's detail
      await covering.getByRole('button', { name: text.openEvent('details-long-tokens-0001-7d0c4f2e-9b1a-4c3d-8e5f-a6b7c8d9e0f1') }).click();
      await covering.waitFor({ state: 'detached' });
      const covered = page.getByRole('dialog', { name: text.eventDialog });
      await token(covered.getByTestId('event-facts'), 'details-long-tokens-0001-7d0c4f2e-9b1a-4c3d-8e5f-a6b7c8d9e0f1').waitFor();
      await token(covered, LONG_DEVICE).waitFor();
      await page.keyboard.press('Escape');
      await covered.waitFor({ state: 'detached' });

      // the ledger, the tokens page and the audit log keep their ids on one line too
      await page.goto('/notifications');
      await expectOneLine(token(page.locator('tbody'), 'soc@example.com'));
      // the ledger's detail opens the events it covers as well
      await page.locator('tbody tr').filter({ hasText: 'Malicious object detected' }).getByRole('button').first().click();
      const ledgerDetail = page.getByRole('dialog', { name: text.notificationDialog });
      await ledgerDetail.getByRole('button', { name: text.openEvent('details-long-tokens-0001-7d0c4f2e-9b1a-4c3d-8e5f-a6b7c8d9e0f1') }).click();
      const fromLedger = page.getByRole('dialog', { name: text.eventDialog });
      await token(fromLedger.getByTestId('event-facts'), 'details-long-tokens-0001-7d0c4f2e-9b1a-4c3d-8e5f-a6b7c8d9e0f1').waitFor();
      expect(await axeViolations(page), 'event detail opened from the ledger').toEqual([]);
      await page.keyboard.press('Escape');
      await fromLedger.waitFor({ state: 'detached' });
      await page.goto('/tokens');
      const agentRow = page.locator('.token-list__row').filter({ hasText: 'agents-berlin' });
      await expectOneLine(agentRow.locator('.token'));
      await page.goto('/audit');
      await expectOneLine(token(page.locator('tbody'), '127.0.0.1'));

      // settings: the sender warning next to the field; "if supported" in clear says why
      await page.goto('/settings');
      await page.getByRole('heading', { name: text.settingsHeading, level: 1 }).waitFor();
      expect(await page.locator('main > .layout-notice').count()).toBe(0);
      await page.locator('#card-message').getByTestId('default-sender-warning').waitFor();
      await page.getByRole('button', { name: text.sendTest }).click();
      const result = page.getByTestId('test-result');
      await result.waitFor({ timeout: 30_000 });
      await result.getByTestId('attempt-plaintext').getByText(text.notOffered).waitFor();
      await expectOneLine(result.locator('.attempt__server'));
      await screenshot(page, `test-plaintext-${language}-${width}`);
      expect(await axeViolations(page), 'settings with the plaintext notice').toEqual([]);
      expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(viewport.width);
      expect(errors).toEqual([]);
      await context.close();
    });
  }

  it('a sample event that joins an active group says when the group\'s digest goes out', async () => {
    const { herald, browser } = fixture;
    // the default grouping: the first sample starts a group (mailed at once), the next ones join it
    expect((await api(herald, 'PUT', '/api/v1/settings/rules', { severities: ['critical', 'error'] })).status).toBe(200);
    try {
      for (const { language, viewport } of [CASES[0], CASES[3]]) {
        const text = TEXTS[language];
        const { context, page, errors } = await openPage(browser, herald, viewport, text.locale);
        await logIn(page, herald, '/events');
        const trace = page.getByTestId('sample-trace');
        await page.getByRole('button', { name: text.sendSample }).click();
        await trace.locator('[data-testid="covering-notification"]:is([data-status="sent"], .covering--none)').waitFor({ timeout: 30_000 });
        await page.getByRole('button', { name: text.sendSample }).click();
        await trace.getByTestId('covering-notification').getByText(text.waitsForDigest).waitFor({ timeout: 30_000 });
        await screenshot(page, `sample-digest-${language}-${viewport.width}`);
        expect(errors).toEqual([]);
        await context.close();
      }
    } finally {
      expect((await api(herald, 'PUT', '/api/v1/settings/rules', { severities: ['critical', 'error'], grouping: { by: [] } })).status).toBe(200);
    }
  });

  it('the warning goes away once a real sender is saved (and comes back with the default)', async () => {
    const { herald, browser } = fixture;
    for (const { language, viewport } of [CASES[0], CASES[3]]) {
      const text = TEXTS[language];
      const { context, page, errors } = await openPage(browser, herald, viewport, text.locale);
      await logIn(page, herald, '/settings');
      const field = page.getByLabel(text.senderLabel, { exact: true });
      await field.fill('Herald <herald@corp.example>');
      await expect.poll(() => page.getByTestId('default-sender-warning').count()).toBe(0);
      await field.fill('herald@localhost');
      await page.getByTestId('default-sender-warning').waitFor();
      // saved elsewhere: the other pages stop warning
      expect((await api(herald, 'PUT', '/api/v1/settings/email', { recipients: 'soc@example.com', servers: `127.0.0.1:${smtp.port}`, sender: 'herald@corp.example' })).status).toBe(200);
      await page.goto('/events');
      await page.getByRole('heading', { name: text.eventsHeading, level: 1 }).waitFor();
      await page.waitForLoadState('networkidle');
      expect(await page.getByTestId('default-sender-warning').count()).toBe(0);
      expect((await api(herald, 'PUT', '/api/v1/settings/email', { recipients: 'soc@example.com', servers: `127.0.0.1:${smtp.port}` })).status).toBe(200);
      await page.goto('/notifications');
      await page.getByTestId('default-sender-warning').waitFor();
      expect(errors).toEqual([]);
      await context.close();
    }
  });
});
