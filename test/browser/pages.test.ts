/**
 * Rules and policies (an override and its effective view), and the other pages (events,
 * notifications, agent tokens) with data, each photographed at desktop and phone size.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { api } from '../support/herald.test-helpers.js';
import { DESKTOP, PHONE, logIn, openPage, screenshot, useConsole } from './browser.test-helpers.js';
import { closedPort } from './smtp.test-helpers.js';

describe('console: rules, policies and the other pages', { timeout: 60_000 }, () => {
  const fixture = useConsole();

  beforeAll(async () => {
    const { herald } = fixture;
    // servers that refuse, so notifications fail and the ledger has something to show
    const port = await closedPort();
    await api(herald, 'PUT', '/api/v1/settings/email', { recipients: 'soc@example.com', servers: `127.0.0.1:${port}`, port: 25 });
    const severities = ['critical', 'error', 'warning', 'info'] as const;
    const events = Array.from({ length: 8 }, (_, i) => ({
      id: `browser-test-${i}`,
      occurredAt: new Date(Date.now() - i * 60_000).toISOString(),
      severity: severities[i % 4],
      type: 'GNRL_EV_VIRUS_FOUND',
      typeName: 'Malicious object detected',
      description: `Trojan.Win32.Agent detected in C:\\Users\\user${i}\\invoice.exe`,
      device: { id: `dev-${i}`, name: `WKS-04${i}`, domain: 'CORP', ip: `10.1.2.${i}` },
      application: { id: 'kes', name: 'Kaspersky Endpoint Security', version: '12.1' },
      task: 'Virus scan',
    }));
    const posted = await api(herald, 'POST', '/api/v1/events', { events });
    expect(posted.status).toBe(202);
  }, 180_000);


  it('creates a policy, overrides one field, and shows the effective result with its sources', async () => {
    const { herald, browser } = fixture;
    const { context, page, errors } = await openPage(browser, herald, DESKTOP);
    await logIn(page, herald, '/rules');
    await page.getByRole('heading', { name: 'Rules and policies', level: 1 }).waitFor();

    // server rules: add an event-type switch and save
    await page.getByLabel('New event type').fill('KLPRCI_TaskState');
    await page.getByRole('button', { name: 'Add event type' }).click();
    await page.getByLabel('Notify: KLPRCI_TaskState').uncheck();
    await page.locator('#rules-save').click();
    await page.getByText('Rules saved.').waitFor();

    await page.getByRole('button', { name: 'New policy' }).click();
    await page.getByLabel('Application ID').fill('kes');
    await page.getByLabel('Name', { exact: true }).fill('Endpoint Security');
    await page.getByRole('button', { name: 'Create policy' }).click();
    const editor = page.getByTestId('policy-editor');
    await editor.waitFor();
    await editor.getByTestId('effective-summary').waitFor();

    await editor.getByLabel('Override SMTP server port').check();
    await editor.locator('#policy-port').fill('2525');
    await editor.getByLabel('Override Notify about events of these severities').check();
    await editor.locator('#policy-severity-warning').check();
    await editor.locator('#policy-save').click();
    await page.getByText('Policy saved.').waitFor();

    const summary = editor.getByTestId('effective-summary');
    const port = summary.locator('[data-effective="email.port"]');
    await expect.poll(() => port.textContent()).toContain('2525');
    expect(await port.textContent()).toContain('Overridden');
    expect(await summary.locator('[data-effective="email.servers"]').textContent()).toContain('Inherited');
    expect(await summary.locator('[data-effective="rules.severities"]').textContent()).toContain('Overridden');
    expect(await summary.locator('[data-effective="rules.eventTypes.KLPRCI_TaskState"]').textContent()).toContain('Inherited');

    // only the overridden fields were sent: everything else stays inherited
    const stored = await api<{ email: Record<string, unknown>; rules: Record<string, unknown> }>(herald, 'GET', '/api/v1/policies/kes');
    expect(stored.body.email).toEqual({ port: 2525 });
    expect(stored.body.rules).toEqual({ severities: ['critical', 'error', 'warning'] });
    await screenshot(page, 'rules-desktop');

    // switching the override off removes the field from the policy
    await editor.getByLabel('Override SMTP server port').uncheck();
    await editor.locator('#policy-save').click();
    await expect.poll(() => port.textContent()).toContain('Inherited');
    expect((await api<{ email: Record<string, unknown> }>(herald, 'GET', '/api/v1/policies/kes')).body.email).toEqual({});
    expect(errors).toEqual([]);
    await context.close();
  });

  it('overrides the CA file (a stored CA certificate) and the EHLO name of a policy', async () => {
    const { herald, browser } = fixture;
    // a self-signed CA made at test time, uploaded through the API
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'herald-policy-ca-'));
    let pem: Buffer;
    try {
      execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-subj', '/CN=policy-ca', '-days', '30', '-keyout', 'key.pem', '-out', 'ca.pem'], { cwd: dir, stdio: 'pipe' });
      pem = fs.readFileSync(path.join(dir, 'ca.pem'));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    const uploaded = await api<{ id: string; kind: string }>(herald, 'POST', '/api/v1/certificates', { kind: 'ca', file: pem.toString('base64') });
    expect(uploaded.status).toBe(201);
    const caId = uploaded.body.id;
    expect((await api(herald, 'PUT', '/api/v1/policies/kata', { name: 'Anti Targeted Attack', email: {}, rules: {} })).status).toBe(200);

    const { context, page, errors } = await openPage(browser, herald, DESKTOP);
    await logIn(page, herald, '/rules');
    await page.getByRole('button', { name: /Anti Targeted Attack/ }).click();
    const editor = page.getByTestId('policy-editor');
    await editor.getByTestId('effective-summary').waitFor();
    const summary = editor.getByTestId('effective-summary');
    expect(await summary.locator('[data-effective="email.tls.serverCa"]').textContent()).toContain('Inherited');

    await editor.getByLabel('Override Certificate authority (CA) file').check();
    // the stored CA certificates are offered by their subject
    const caSelect = editor.locator('#policy-tls-serverCa');
    await expect.poll(() => caSelect.locator('option', { hasText: 'CN=policy-ca' }).count()).toBe(1);
    await caSelect.selectOption(caId);
    await editor.getByLabel('Override EHLO name').check();
    await editor.locator('#policy-helo').fill('herald.corp.example');
    await editor.locator('#policy-save').click();
    await page.getByText('Policy saved.').waitFor();

    const ca = summary.locator('[data-effective="email.tls.serverCa"]');
    const helo = summary.locator('[data-effective="email.helo"]');
    await expect.poll(() => ca.textContent()).toContain('CN=policy-ca');
    expect(await ca.textContent()).toContain('Overridden');
    await expect.poll(() => helo.textContent()).toContain('herald.corp.example');
    expect(await helo.textContent()).toContain('Overridden');
    // the fields not touched stay inherited, and only the two overrides were sent
    expect(await summary.locator('[data-effective="email.tls.clientCertificate"]').textContent()).toContain('Inherited');
    const stored = await api<{ email: Record<string, unknown> }>(herald, 'GET', '/api/v1/policies/kata');
    expect(stored.body.email).toEqual({ helo: 'herald.corp.example', tls: { serverCa: caId } });
    await screenshot(page, 'policy-certificates-desktop');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('lists events with filters and paging, the notification ledger with details, and agent tokens', async () => {
    const { herald, browser } = fixture;
    const { context, page, errors } = await openPage(browser, herald, DESKTOP);
    await logIn(page, herald, '/events');
    await page.locator('tbody tr').first().waitFor();
    expect(await page.locator('tbody tr').count()).toBe(8);
    await screenshot(page, 'events-desktop');
    await page.getByLabel('Severity').selectOption('critical');
    await page.getByRole('button', { name: 'Filter' }).click();
    await expect.poll(() => page.locator('tbody tr').count()).toBe(2);

    await page.getByRole('link', { name: 'Notifications' }).click();
    await page.getByRole('heading', { name: 'Notifications', level: 1 }).waitFor();
    await page.locator('tbody tr').first().waitFor();
    await screenshot(page, 'notifications-desktop');
    await page.locator('tbody tr').first().getByRole('button').click();
    const dialog = page.getByRole('dialog', { name: 'Notification details' });
    await dialog.waitFor();
    await dialog.getByText('Attempt log').waitFor();
    await screenshot(page, 'notification-detail-desktop');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });

    await page.getByRole('link', { name: 'Tokens' }).click();
    await page.getByLabel('Token name', { exact: true }).fill('agents-berlin');
    await page.getByRole('button', { name: 'Create agent token' }).click();
    const token = page.locator('#token-value');
    await token.waitFor();
    expect((await token.inputValue()).length).toBeGreaterThan(20);
    await page.getByRole('button', { name: 'Copy' }).waitFor();
    await screenshot(page, 'tokens-desktop');
    page.once('dialog', (d) => void d.accept());
    await page.getByRole('button', { name: 'Revoke' }).click();
    // a revoked token stays listed, marked, without a Revoke button
    await page.locator('.token-list__row').filter({ hasText: 'agents-berlin' }).getByText('Revoked').waitFor();
    expect(await page.getByRole('button', { name: 'Revoke' }).count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('photographs every page on the phone', async () => {
    const { herald, browser } = fixture;
    const { context, page, errors } = await openPage(browser, herald, PHONE);
    await logIn(page, herald, '/rules');
    for (const [name, heading] of [['rules', 'Rules and policies'], ['events', 'Events'], ['notifications', 'Notifications'], ['tokens', 'Tokens']] as const) {
      await page.goto(`/${name}`);
      await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
      await page.waitForLoadState('networkidle');
      expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(PHONE.width);
      await screenshot(page, `${name}-phone`);
    }
    expect(errors).toEqual([]);
    await context.close();
  });
});
