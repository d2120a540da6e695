/**
 * Storm control in the console, in Chromium against the real server: the grouping fields on
 * the rules page (server and a policy override), the digest texts with German defaults in one
 * click and the sending limit on the settings page, and the storm page with the chart of
 * events received vs e-mails sent and the active groups (desktop and phone, en and de).
 */
import { describe, expect, it } from 'vitest';
import { api } from '../support/herald.test-helpers.js';
import { DESKTOP, PHONE, logIn, openPage, screenshot, useConsole } from './browser.test-helpers.js';
import { startSmtp } from './smtp.test-helpers.js';

interface Rules {
  grouping: { by: string[]; waitSeconds: number; intervalSeconds: number; idleSeconds: number; maxListed: number };
}

describe('console: storm control', { timeout: 90_000 }, () => {
  const fixture = useConsole();

  it('edits grouping on the rules page, for the server and as a policy override', async () => {
    const { herald, browser } = fixture;
    const { context, page, errors } = await openPage(browser, herald, DESKTOP);
    await logIn(page, herald, '/rules');
    await page.getByRole('heading', { name: 'Grouping (storm control)' }).first().waitFor();
    await page.getByText('the first one is e-mailed at once', { exact: false }).first().waitFor();
    await page.locator('#rules-grouping-by-device').check();
    await page.locator('#rules-grouping-intervalSeconds').fill('120');
    await page.locator('#rules-save').click();
    await page.getByText('Rules saved.').waitFor();
    const rules = await api<Rules>(herald, 'GET', '/api/v1/settings/rules');
    expect(rules.body.grouping).toEqual({ by: ['application', 'eventType', 'device'], waitSeconds: 0, intervalSeconds: 120, idleSeconds: 3600, maxListed: 50 });

    // A bad value is refused (checked in the browser) next to its field, never by its JSON key.
    await page.locator('#rules-grouping-idleSeconds').fill('soon');
    await page.locator('#rules-save').click();
    await page.locator('[data-field-error="rules-grouping-idleSeconds"]').getByText('Enter a whole number from 1 to 604,800.').waitFor();
    expect(await page.getByText('grouping.idleSeconds', { exact: false }).count()).toBe(0);

    // A policy turns grouping off for its application.
    await page.reload();
    await page.getByRole('button', { name: 'New policy' }).click();
    await page.getByLabel('Application ID').fill('kav');
    await page.getByRole('button', { name: 'Create policy' }).click();
    const editor = page.getByTestId('policy-editor');
    await editor.waitFor();
    await editor.getByTestId('effective-summary').waitFor();
    await editor.getByLabel('Override Grouping (storm control)').check();
    for (const d of ['application', 'eventType', 'device']) await editor.locator(`#policy-grouping-by-${d}`).uncheck();
    await editor.getByText('Grouping is off: every event is its own e-mail.').first().waitFor();
    await editor.locator('#policy-save').click();
    await page.getByText('Policy saved.').waitFor();
    const policy = await api<{ rules: Partial<Rules> }>(herald, 'GET', '/api/v1/policies/kav');
    expect(policy.body.rules.grouping?.by).toEqual([]);
    expect(policy.body.rules.grouping?.intervalSeconds).toBe(120);
    await screenshot(page, 'storm-rules-desktop');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('offers the German digest texts with one click and saves the sending limit', async () => {
    const { herald, browser } = fixture;
    const { context, page, errors } = await openPage(browser, herald, DESKTOP);
    await logIn(page, herald, '/settings');
    await page.getByLabel('Digest subject').waitFor();
    expect(await page.getByLabel('Digest subject').inputValue()).toBe('[%SEVERITY%] %EVENT_COUNT% × %EVENT% on %DEVICE_COUNT% devices');
    await page.getByRole('button', { name: 'Use German digest texts' }).click();
    expect(await page.getByLabel('Digest subject').inputValue()).toBe('[%SEVERITY%] %EVENT_COUNT% × %EVENT% auf %DEVICE_COUNT% Geräten');
    expect(await page.getByLabel('Digest message').inputValue()).toContain('Neueste Ereignisse:\n%EVENT_LIST%');
    await page.getByLabel('At most this many e-mails per minute').fill('30');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('Settings saved.').waitFor();
    const stored = await api<{ digestSubject: string; digestBody: string; rateLimit: { perMinute: number | null } }>(herald, 'GET', '/api/v1/settings/email');
    expect(stored.body.digestSubject).toBe('[%SEVERITY%] %EVENT_COUNT% × %EVENT% auf %DEVICE_COUNT% Geräten');
    expect(stored.body.digestBody).toContain('Gerät:         %COMPUTER%');
    expect(stored.body.rateLimit).toEqual({ perMinute: 30 });

    // Saving other settings keeps them; clearing the limit removes it.
    await page.reload();
    await page.getByLabel('Digest subject').waitFor();
    expect(await page.getByLabel('At most this many e-mails per minute').inputValue()).toBe('30');
    await page.getByLabel('At most this many e-mails per minute').fill('');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('Settings saved.').waitFor();
    const after = await api<{ digestSubject: string; rateLimit: { perMinute: number | null } }>(herald, 'GET', '/api/v1/settings/email');
    expect(after.body.rateLimit).toEqual({ perMinute: null });
    expect(after.body.digestSubject).toContain('Geräten');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('shows the storm: events received vs e-mails sent per minute, and the active groups', async () => {
    const { herald, browser } = fixture;
    const smtp = await startSmtp();
    try {
      expect((await api(herald, 'PUT', '/api/v1/settings/email', { recipients: 'soc@example.com', servers: `127.0.0.1:${smtp.port}`, tls: { mode: 'none' } })).status).toBe(200);
      expect((await api(herald, 'PUT', '/api/v1/settings/rules', { grouping: { by: ['application', 'eventType'], intervalSeconds: 600 } })).status).toBe(200);
      const events = Array.from({ length: 40 }, (_, i) => ({
        id: `storm-page-${i}`,
        occurredAt: new Date().toISOString(),
        severity: 'critical',
        type: 'GNRL_EV_VIRUS_FOUND',
        typeName: 'Malicious object detected',
        device: { id: `dev-${i % 10}`, name: `WKS-${i % 10}` },
        application: { id: 'kes', name: 'Kaspersky Endpoint Security' },
      }));
      expect((await api(herald, 'POST', '/api/v1/events', { events })).status).toBe(202);
      await expect.poll(() => smtp.received.length, { timeout: 10_000 }).toBeGreaterThanOrEqual(1);

      for (const [viewport, locale, name] of [[DESKTOP, 'en-US', 'storm-desktop'], [PHONE, 'de-DE', 'storm-phone-de']] as const) {
        const { context, page, errors } = await openPage(browser, herald, viewport, locale);
        await logIn(page, herald, '/storm');
        await page.locator('#throughput-totals').waitFor();
        // uPlot draws on a canvas, with a legend naming both series
        await page.locator('[data-testid=throughput-chart] canvas').first().waitFor();
        const legend = await page.locator('[data-testid=throughput-chart] .u-legend').textContent();
        const row = page.locator('#groups-table tbody tr').first();
        await row.waitFor();
        const cells = await row.locator('td').allTextContents();
        if (locale === 'en-US') {
          expect(legend).toContain('Events received');
          expect(legend).toContain('E-mails sent');
          expect(await page.locator('#throughput-totals').textContent()).toMatch(/Last 3 hours: 40 events received, 1 e-mails sent\./);
          expect(cells[0]).toContain('GNRL_EV_VIRUS_FOUND');
        } else {
          expect(legend).toContain('Empfangene Ereignisse');
          expect(await page.locator('#throughput-totals').textContent()).toMatch(/40 Ereignisse empfangen/);
        }
        expect(cells[1]).toBe('40');
        expect(cells[2]).toBe('39');
        await screenshot(page, name);
        expect(errors).toEqual([]);
        await context.close();
      }
    } finally {
      await smtp.close();
    }
  });
});
