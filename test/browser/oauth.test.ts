/**
 * OAuth 2.0 in the console, in Chromium against the real server: the Microsoft 365 and
 * Google Workspace presets with their "what to register where" help (English and German), a
 * test message through a real HTTPS token endpoint (trusted by the server process through
 * NODE_EXTRA_CA_CERTS, as a corporate CA would be) and a real XOAUTH2 SMTP server, the
 * provider's AADSTS error when the token cannot be had, and the unencrypted-auth checkbox.
 */
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HeraldProcess } from '../support/herald.test-helpers.js';
import { startOAuthPeers, type OAuthPeers } from '../../src/delivery/oauth/xoauth2-peer.test-helpers.js';
import { MICROSOFT_BAD_SECRET } from '../../src/delivery/oauth/token-server.test-helpers.js';
import { DESKTOP, fieldError, launchBrowser, logIn, openPage, screenshot, startConsole, typeSecret } from './browser.test-helpers.js';

const SECRET = 'browser~Client.Secret-0815';
const MAILBOX = 'alerts@corp.example';

describe('console: OAuth 2.0 and provider presets', { timeout: 90_000 }, () => {
  let peers: OAuthPeers;
  let herald: HeraldProcess;
  let browser: Browser;

  beforeAll(async () => {
    peers = await startOAuthPeers();
    herald = await startConsole({ NODE_EXTRA_CA_CERTS: peers.caFile });
    browser = await launchBrowser();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await herald?.stop();
    await peers?.close();
  });

  it('Microsoft 365 and Google Workspace presets fill servers, port, TLS and OAuth, with help and links', async () => {
    const { context, page, errors } = await openPage(browser, herald, DESKTOP);
    await logIn(page, herald);
    await page.getByLabel('Mail provider').selectOption('microsoft365');
    expect(await page.getByLabel('SMTP servers', { exact: true }).inputValue()).toBe('smtp.office365.com');
    expect(await page.getByLabel('SMTP server port').inputValue()).toBe('587');
    expect(await page.getByLabel('Always use TLS, check the server certificate for validity').isChecked()).toBe(true);
    expect(await page.getByLabel('Use ESMTP authentication').isChecked()).toBe(true);
    expect(await page.getByLabel('OAuth 2.0 (Microsoft 365, Google Workspace)').isChecked()).toBe(true);
    expect(await page.getByLabel('OAuth provider').inputValue()).toBe('microsoft');
    const help = page.getByTestId('oauth-help');
    expect(await help.textContent()).toContain('SMTP.SendAsApp');
    expect(await help.getByRole('link').first().getAttribute('href')).toMatch(/^https:\/\/learn\.microsoft\.com\//);
    // TLS is required: no question about sending credentials in clear
    expect(await page.getByLabel('Allow sending credentials without encryption').count()).toBe(0);

    await page.getByLabel('Recipients', { exact: true }).fill('soc@corp.example');
    await page.getByLabel('Mailbox to send as').fill(MAILBOX);
    await page.getByLabel('Tenant').fill('corp.onmicrosoft.com');
    await page.getByLabel('Application (client) ID').fill('00000000-1111-2222-3333-444444444444');
    await page.getByLabel('Client secret', { exact: true }).fill(SECRET);
    await screenshot(page, 'settings-oauth-microsoft');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('Settings saved.').waitFor();
    await page.reload();
    await page.getByText('A client secret is set.').waitFor();
    expect(await page.getByLabel('Tenant').inputValue()).toBe('corp.onmicrosoft.com');
    const stored = await page.evaluate(async () => (await fetch('/api/v1/settings/email')).text());
    expect(stored).toContain('"clientSecretSet":true');
    expect(stored).not.toContain(SECRET);

    await page.getByLabel('Mail provider').selectOption('googleWorkspace');
    expect(await page.getByLabel('SMTP servers', { exact: true }).inputValue()).toBe('smtp.gmail.com');
    expect(await page.getByLabel('OAuth provider').inputValue()).toBe('google');
    await page.getByLabel('Service account key (JSON)').waitFor();
    expect(await page.getByTestId('oauth-help').getByRole('link').first().getAttribute('href')).toMatch(/^https:\/\/developers\.google\.com\//);
    expect(await page.getByTestId('oauth-help').textContent()).toContain('domain-wide delegation');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('speaks German: presets, OAuth fields and the help text', async () => {
    const { context, page, errors } = await openPage(browser, herald, DESKTOP);
    await page.goto('/');
    await page.getByLabel('Language').selectOption('de');
    await logIn(page, herald);
    await page.getByLabel('E-Mail-Anbieter').selectOption('googleWorkspace');
    await page.getByLabel('Absenderpostfach').waitFor();
    await page.getByLabel('Dienstkontoschlüssel (JSON)').waitFor();
    expect(await page.getByTestId('oauth-help').textContent()).toContain('domainweite Delegierung');
    await page.getByLabel('E-Mail-Anbieter').selectOption('microsoft365');
    await page.getByLabel('Mandant (Tenant)').waitFor();
    expect(await page.getByTestId('oauth-help').textContent()).toContain('Dienstprinzipal');
    await screenshot(page, 'settings-oauth-german');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('Send test message shows the token stage and delivers with XOAUTH2; a bad secret shows the AADSTS error', async () => {
    const { context, page, errors } = await openPage(browser, herald, DESKTOP);
    await logIn(page, herald);
    await page.getByLabel('Mail provider').selectOption('microsoft365');
    await page.getByLabel('Recipients', { exact: true }).fill('ops@corp.example');
    await page.getByLabel('SMTP servers', { exact: true }).fill(`127.0.0.1:${peers.smtp.port}`);
    await page.getByLabel('Mailbox to send as').fill(MAILBOX);
    await page.getByLabel('OAuth provider').selectOption('generic');
    await page.getByLabel('Token endpoint').fill(`${peers.endpoint.origin}/token`);
    await page.getByLabel('Application (client) ID').fill('app-id');
    // a secret is stored from the first test: "Change" turns the badge into an input
    await typeSecret(page, 'settings-auth-oauth2-clientSecret', 'Client secret', SECRET);
    await page.getByRole('button', { name: 'Send test message' }).click();
    const result = page.getByTestId('test-result');
    await result.waitFor({ timeout: 30_000 });
    expect(await result.textContent()).toContain('Delivered');
    expect(await page.getByTestId('attempt-token').textContent()).toContain(`OAuth token from ${peers.endpoint.origin}/token`);
    expect(peers.smtp.messages.at(-1)?.user).toBe(MAILBOX);
    expect(peers.endpoint.requests.at(-1)?.form).toMatchObject({ grant_type: 'client_credentials', client_id: 'app-id', client_secret: SECRET });
    await screenshot(page, 'test-message-oauth');
    const html = await page.content();
    expect(html).not.toContain(peers.endpoint.issued.at(-1)!);

    peers.endpoint.respond = () => MICROSOFT_BAD_SECRET;
    await page.getByRole('button', { name: 'Send test message' }).click();
    await page.getByText('TOKEN_FAILED').waitFor({ timeout: 30_000 });
    expect(await page.getByTestId('test-attempt').textContent()).toContain('AADSTS7000215');
    peers.endpoint.respond = null;
    // what the server answered (the typed secret is only in its own input field)
    expect(await page.getByTestId('test-result').textContent()).not.toContain(SECRET);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('TLS off with authentication asks for the explicit checkbox', async () => {
    const { context, page, errors } = await openPage(browser, herald, DESKTOP);
    await logIn(page, herald);
    await page.getByLabel('Recipients', { exact: true }).fill('ops@corp.example');
    await page.getByLabel('SMTP servers', { exact: true }).fill('mail.corp.example');
    await page.getByLabel('SMTP server port').fill('25');
    await page.getByLabel('Use ESMTP authentication').check();
    await page.getByLabel('Password (PLAIN, LOGIN, CRAM-MD5)').check();
    await page.getByLabel('User name').fill('herald');
    await typeSecret(page, 'settings-auth-password', 'Password', 'pw-1');
    await page.getByLabel('Do not use TLS').check();
    const allow = page.getByLabel('Allow sending credentials without encryption');
    await allow.waitFor();
    expect(await allow.isChecked()).toBe(false);
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    const error = fieldError(page, 'settings-auth-allowUnencrypted');
    await error.waitFor();
    await screenshot(page, 'settings-allow-unencrypted');
    await allow.check();
    expect(await error.count()).toBe(0);
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('Settings saved.').waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });
});
