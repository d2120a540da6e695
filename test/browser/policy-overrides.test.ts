/**
 * The policy editor's overrides that it used to drop or could not offer, in Chromium against
 * the real server: a policy's own digest subject and body and its sending limit
 * (`rateLimit.perMinute`) round-trip through save, survive a save that does not touch them and
 * go back to inherited when switched off (English and German labels); and a policy that
 * overrides the servers while the defaults use OAuth 2.0 is saved with OAuth from the console,
 * with the settings page's authentication controls.
 */
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { api } from '../support/herald.test-helpers.js';
import { DESKTOP, PHONE, fieldError, logIn, openPage, screenshot, typeSecret, useConsole } from './browser.test-helpers.js';

interface StoredPolicy {
  name: string;
  email: {
    servers?: string[];
    sender?: string;
    digestSubject?: string;
    digestBody?: string;
    rateLimit?: { perMinute: number | null };
    auth?: { enabled: boolean; mechanism?: string; username: string; passwordSet: boolean; oauth2?: { provider: string; tenant: string | null; clientId: string; clientSecretSet: boolean } };
  };
}

const DIGEST_SUBJECT = '[%SEVERITY%] %EVENT_COUNT% × %EVENT% (KES, %DEVICE_COUNT% devices)';
const DIGEST_BODY = 'KES digest\n%EVENT_LIST%\n-- the KES team';
const CLIENT_SECRET = 'policy~Client.Secret-4711';

/** Opens the rules page and the editor of one policy. */
async function openPolicy(page: Page, applicationId: string) {
  await page.getByRole('button', { name: new RegExp(applicationId) }).first().click();
  const editor = page.getByTestId('policy-editor');
  await editor.getByTestId('effective-summary').waitFor();
  return editor;
}

describe('console: policy overrides of digests, sending limit and OAuth', { timeout: 90_000 }, () => {
  const fixture = useConsole();

  it("keeps a policy's digest texts and sending limit through saves, edits them and lets them inherit again", async () => {
    const { herald, browser } = fixture;
    const created = await api(herald, 'PUT', '/api/v1/policies/kes', {
      name: 'Endpoint Security',
      email: { digestSubject: DIGEST_SUBJECT, digestBody: DIGEST_BODY, rateLimit: { perMinute: 12 } },
      rules: {},
    });
    expect(created.status).toBe(200);
    const stored = async () => (await api<StoredPolicy>(herald, 'GET', '/api/v1/policies/kes')).body;

    const { context, page, errors } = await openPage(browser, herald, DESKTOP);
    await logIn(page, herald, '/rules');
    let editor = await openPolicy(page, 'kes');
    // the overrides are shown as overridden, with their stored values
    expect(await editor.getByLabel('Override Digest subject').isChecked()).toBe(true);
    expect(await editor.locator('#policy-digestSubject').inputValue()).toBe(DIGEST_SUBJECT);
    expect(await editor.locator('#policy-digestBody').inputValue()).toBe(DIGEST_BODY);
    expect(await editor.locator('#policy-rateLimit-perMinute').inputValue()).toBe('12');

    // saving without touching them keeps them
    await editor.locator('#policy-name').fill('Endpoint Security (KES)');
    await editor.locator('#policy-save').click();
    await page.getByText('Policy saved.').waitFor();
    let policy = await stored();
    expect(policy.name).toBe('Endpoint Security (KES)');
    expect(policy.email).toMatchObject({ digestSubject: DIGEST_SUBJECT, digestBody: DIGEST_BODY, rateLimit: { perMinute: 12 } });

    // a bad limit is refused by the server and shown at its row
    await editor.locator('#policy-rateLimit-perMinute').fill('fast');
    await editor.locator('#policy-save').click();
    await fieldError(page, 'policy-rateLimit-perMinute').waitFor();
    expect((await stored()).email.rateLimit).toEqual({ perMinute: 12 });

    // edit the subject and the limit, let the body inherit the server's again
    await editor.locator('#policy-digestSubject').fill('KES: %EVENT_COUNT% × %EVENT%');
    await editor.locator('#policy-rateLimit-perMinute').fill('30');
    await editor.getByLabel('Override Digest message').uncheck();
    await editor.getByTestId('effective-digestBody').waitFor();
    await editor.locator('#policy-save').click();
    await page.getByText('Policy saved.').waitFor();
    policy = await stored();
    expect(policy.email.digestSubject).toBe('KES: %EVENT_COUNT% × %EVENT%');
    expect(policy.email.rateLimit).toEqual({ perMinute: 30 });
    expect(policy.email.digestBody).toBeUndefined();
    const effective = await api<{ email: { digestBody: string }; inherited: string[] }>(herald, 'GET', '/api/v1/policies/kes/effective');
    expect(effective.body.inherited).toContain('email.digestBody');
    expect(await editor.getByTestId('effective-digestBody').textContent()).toBe(effective.body.email.digestBody);

    // an empty limit is the policy's own "no limit" (null), not "inherit"
    await editor.locator('#policy-rateLimit-perMinute').fill('');
    await editor.locator('#policy-save').click();
    await page.getByText('Policy saved.').waitFor();
    expect((await stored()).email.rateLimit).toEqual({ perMinute: null });

    // after a reload the editor shows what is stored
    await page.reload();
    editor = await openPolicy(page, 'kes');
    expect(await editor.locator('#policy-digestSubject').inputValue()).toBe('KES: %EVENT_COUNT% × %EVENT%');
    expect(await editor.getByLabel('Override Digest message').isChecked()).toBe(false);
    expect(await editor.locator('#policy-rateLimit-perMinute').inputValue()).toBe('');
    await screenshot(page, 'policy-digest-overrides');
    expect(errors).toEqual([]);
    await context.close();

    // German, phone width: the same rows with German labels
    const german = await openPage(browser, herald, PHONE, 'de-DE');
    await logIn(german.page, herald, '/rules');
    const deEditor = await openPolicy(german.page, 'kes');
    expect(await deEditor.getByLabel('Betreff der Zusammenfassung überschreiben').isChecked()).toBe(true);
    expect(await deEditor.getByLabel('Text der Zusammenfassung überschreiben').isChecked()).toBe(false);
    expect(await deEditor.getByLabel('Höchstens so viele E-Mails pro Minute überschreiben').isChecked()).toBe(true);
    await screenshot(german.page, 'policy-digest-overrides-phone-de');
    expect(german.errors).toEqual([]);
    await german.context.close();
  });

  it('saves a policy that overrides the servers while the defaults use OAuth 2.0', async () => {
    const { herald, browser } = fixture;
    const settings = await api(herald, 'PUT', '/api/v1/settings/email', {
      recipients: 'soc@corp.example',
      servers: 'smtp.office365.com',
      port: 587,
      tls: { mode: 'required' },
      auth: { enabled: true, mechanism: 'oauth2', username: 'alerts@corp.example', oauth2: { provider: 'microsoft', tenant: 'corp.onmicrosoft.com', clientId: 'app-default', clientSecret: 'default~secret', tokenUrl: null, scope: null } },
    });
    expect(settings.status).toBe(200);
    expect((await api(herald, 'PUT', '/api/v1/policies/kav', { name: 'Anti-Virus', email: {}, rules: {} })).status).toBe(200);

    const { context, page, errors } = await openPage(browser, herald, DESKTOP);
    await logIn(page, herald, '/rules');
    const editor = await openPolicy(page, 'kav');
    // overriding the servers brings the authentication along, as the defaults have it: OAuth
    await editor.getByLabel('Override SMTP servers').check();
    await editor.locator('#policy-servers').fill('smtp-eu.office365.com');
    expect(await editor.getByLabel('Override Use ESMTP authentication').isChecked()).toBe(true);
    expect(await editor.getByLabel('OAuth 2.0 (Microsoft 365, Google Workspace)').isChecked()).toBe(true);
    expect(await editor.getByLabel('OAuth provider').inputValue()).toBe('microsoft');
    expect(await editor.getByLabel('Tenant', { exact: true }).inputValue()).toBe('corp.onmicrosoft.com');
    await editor.getByLabel('Application (client) ID').fill('app-eu');

    // new servers: the stored client secret does not follow them; the server asks for it at its field
    await editor.locator('#policy-save').click();
    await editor.locator('.field__error').first().waitFor();
    expect(await editor.locator('[data-field="auth"] .field__error').count()).toBeGreaterThan(0);
    expect((await api<StoredPolicy>(herald, 'GET', '/api/v1/policies/kav')).body.email.servers).toBeUndefined();

    await typeSecret(editor, 'policy-auth-oauth2-clientSecret', 'Client secret', CLIENT_SECRET);
    await editor.locator('#policy-save').click();
    await page.getByText('Policy saved.').waitFor();
    const policy = (await api<StoredPolicy>(herald, 'GET', '/api/v1/policies/kav')).body;
    expect(policy.email.servers).toEqual(['smtp-eu.office365.com']);
    expect(policy.email.auth).toMatchObject({
      enabled: true,
      mechanism: 'oauth2',
      username: 'alerts@corp.example',
      oauth2: { provider: 'microsoft', tenant: 'corp.onmicrosoft.com', clientId: 'app-eu', clientSecretSet: true },
    });
    // the secret is write-only: the editor shows it as set, never its value
    expect(await page.content()).not.toContain(CLIENT_SECRET);
    expect(await editor.locator('#policy-auth-oauth2-clientSecret').evaluate((element) => element.tagName)).toBe('BUTTON');

    // switching the policy to a password works with the same controls
    await editor.getByLabel('Password (PLAIN, LOGIN, CRAM-MD5)').check();
    await editor.getByLabel('User name').fill('relay-user');
    await typeSecret(editor, 'policy-auth-password', 'Password', 'relay-pw-1');
    await editor.locator('#policy-save').click();
    await page.getByText('Policy saved.').waitFor();
    const switched = (await api<StoredPolicy>(herald, 'GET', '/api/v1/policies/kav')).body;
    expect(switched.email.auth).toMatchObject({ enabled: true, mechanism: 'password', username: 'relay-user', passwordSet: true });
    await screenshot(page, 'policy-oauth-override');
    expect(errors).toEqual([]);
    await context.close();
  });
});
