/**
 * Checked in the browser before saving, in English and German at desktop and phone width:
 * every bad field at once, each next to its field in the console's language, the first one
 * focused and not under the save bar, and nothing sent to the server. An error only the
 * server finds is worded by its code with the field's label, never the server's English.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { axeViolations } from './axe.test-helpers.js';
import { DESKTOP, PHONE, fieldError, logIn, useConsole } from './browser.test-helpers.js';

const TEXTS = {
  en: {
    locale: 'en-US',
    recipients: 'Entry 2 ("kaputt"), Entry 3 ("x@"): This is not a valid e-mail address.',
    servers: 'Entry 1 ("bad host"): This is not a valid server name or address.',
    port: 'Enter a whole number from 1 to 65,535.',
    rate: 'Enter a whole number from 1 to 100,000.',
    required: 'Enter a value.',
    summary: 'Please correct the highlighted fields (6).',
    preview: 'Subject: The template uses a variable that does not exist.',
    variable: 'The template uses a variable that does not exist.',
    tooShort: 'The new password needs at least 12 characters.',
    range: 'Enter a whole number from 1 to 604,800.',
    serverLength: 'Enter at most 900 characters.',
    severityVariable: 'Severity: Critical, Functional failure, Warning or Info.',
    newPolicy: 'New policy',
  },
  de: {
    locale: 'de-DE',
    recipients: 'Eintrag 2 („kaputt“), Eintrag 3 („x@“): Das ist keine gültige E-Mail-Adresse.',
    servers: 'Eintrag 1 („bad host“): Das ist kein gültiger Servername und keine gültige Adresse.',
    port: 'Geben Sie eine ganze Zahl von 1 bis 65.535 ein.',
    rate: 'Geben Sie eine ganze Zahl von 1 bis 100.000 ein.',
    required: 'Geben Sie einen Wert ein.',
    summary: 'Bitte korrigieren Sie die markierten Felder (6).',
    preview: 'Betreff: Die Vorlage verwendet eine unbekannte Variable.',
    variable: 'Die Vorlage verwendet eine unbekannte Variable.',
    tooShort: 'Das neue Kennwort braucht mindestens 12 Zeichen.',
    range: 'Geben Sie eine ganze Zahl von 1 bis 604.800 ein.',
    serverLength: 'Geben Sie höchstens 900 Zeichen ein.',
    severityVariable: 'Schweregrad: Kritisch, Funktionsfehler, Warnung oder Info.',
    newPolicy: 'Neue Richtlinie',
  },
} as const;

const CASES = (['en', 'de'] as const).flatMap((language) =>
  [
    { name: 'desktop', viewport: DESKTOP },
    { name: 'phone', viewport: PHONE },
  ].map((v) => ({ language, ...v })),
);

/** The id of the focused element. */
function focusedId(page: Page): Promise<string> {
  return page.evaluate<string>('document.activeElement?.id ?? ""');
}

describe('console: checked before saving, worded in the console language', { timeout: 90_000 }, () => {
  const fixture = useConsole();

  it.each(CASES)('$language at $name width', async ({ language, name, viewport }) => {
    const { herald, browser } = fixture;
    const text = TEXTS[language];
    // bypassCSP: axe-core is injected as an inline script
    const context = await browser.newContext({ viewport, locale: text.locale, baseURL: herald.url, bypassCSP: true });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    const writes: string[] = [];
    page.on('request', (request) => {
      if (request.method() !== 'GET' && !request.url().includes('/templates/preview')) writes.push(`${request.method()} ${new URL(request.url()).pathname}`);
    });
    await logIn(page, herald);
    writes.length = 0;

    // the settings page: six bad fields, all shown, the first focused, nothing sent
    await page.locator('#settings-recipients').fill('ok@example.com; kaputt; x@');
    await page.locator('#settings-servers').fill('bad host');
    await page.locator('#settings-port').fill('0');
    await page.locator('#settings-auth-enabled').check();
    await page.locator('#settings-rateLimit-perMinute').fill('0');
    await page.locator('#settings-save').click();
    await fieldError(page, 'settings-rateLimit-perMinute').waitFor();
    expect(await fieldError(page, 'settings-recipients').textContent()).toBe(text.recipients);
    expect(await fieldError(page, 'settings-servers').textContent()).toBe(text.servers);
    expect(await fieldError(page, 'settings-port').textContent()).toBe(text.port);
    expect(await fieldError(page, 'settings-auth-username').textContent()).toBe(text.required);
    expect(await fieldError(page, 'settings-auth-password').textContent()).toBe(text.required);
    expect(await fieldError(page, 'settings-rateLimit-perMinute').textContent()).toBe(text.rate);
    expect(await page.locator('.savebar__status').textContent()).toBe(text.summary);
    for (const id of ['settings-recipients', 'settings-servers', 'settings-port', 'settings-auth-username', 'settings-auth-password', 'settings-rateLimit-perMinute']) {
      expect(await page.locator(`#${id}`).getAttribute('aria-invalid'), id).toBe('true');
    }
    await page.waitForFunction('document.activeElement?.id === "settings-recipients"');
    // in view: below the phone's sticky top bar, above the sticky save bar
    const focused = await page.locator('#settings-recipients').boundingBox();
    const bar = await page.locator('.savebar').boundingBox();
    const top = (await page.locator('.topbar').isVisible()) ? ((await page.locator('.topbar').boundingBox())?.height ?? 0) : 0;
    expect(focused !== null && bar !== null, 'rendered').toBe(true);
    if (focused !== null && bar !== null) expect([focused.y >= top, focused.y + focused.height <= bar.y]).toEqual([true, true]);
    expect(await axeViolations(page), 'settings with field errors').toEqual([]);
    // "Send test message" checks the same way
    await page.locator('#test-send').click();
    await page.waitForFunction('document.activeElement?.id === "settings-recipients"');
    expect(writes).toEqual([]);

    // the template variables are described in the console's language
    expect(await page.locator('.chip', { hasText: /^%SEVERITY%$/ }).first().getAttribute('title')).toBe(text.severityVariable);

    // a limit only the server checks comes with error.detail: worded here, at its field
    await page.locator('#settings-recipients').fill('ops@example.com');
    await page.locator('#settings-servers').fill('mail.example');
    await page.locator('#settings-port').fill('25');
    await page.locator('#settings-auth-enabled').uncheck();
    await page.locator('#settings-rateLimit-perMinute').fill('');
    await page.locator('#settings-digestSubject').fill('x'.repeat(901));
    await page.locator('#settings-save').click();
    await fieldError(page, 'settings-digestSubject').getByText(text.serverLength, { exact: true }).waitFor();
    await page.locator('#settings-digestSubject').fill('Digest');
    writes.length = 0;

    // what only the server knows: an unknown template variable, by its code, with the field's label
    await page.locator('#settings-subject').fill('%NO_SUCH_VARIABLE%');
    await page.locator('.preview__error').getByText(text.preview, { exact: true }).waitFor({ timeout: 10_000 });
    expect(await fieldError(page, 'settings-subject').textContent()).toBe(text.variable);

    // the account page: every problem at once, the first focused
    await page.goto('/account');
    await page.locator('#account-submit').click();
    await fieldError(page, 'account-new').waitFor();
    expect(await fieldError(page, 'account-current').textContent()).toBe(text.required);
    expect(await fieldError(page, 'account-new').textContent()).toBe(text.tooShort);
    await page.waitForFunction('document.activeElement?.id === "account-current"');
    expect(await focusedId(page)).toBe('account-current');
    expect(await axeViolations(page), 'account with field errors').toEqual([]);
    expect(writes).toEqual([]);

    // the rules page: the grouping numbers, every bad one at once, the first focused, nothing sent
    await page.goto('/rules');
    await page.locator('#rules-grouping-intervalSeconds').fill('0');
    await page.locator('#rules-grouping-idleSeconds').fill('soon');
    await page.locator('#rules-save').click();
    expect(await fieldError(page, 'rules-grouping-idleSeconds').textContent()).toBe(text.range);
    expect(await fieldError(page, 'rules-grouping-intervalSeconds').textContent()).toBe(text.range);
    await page.waitForFunction('document.activeElement?.id === "rules-grouping-intervalSeconds"');
    expect(await page.getByText('grouping.idleSeconds', { exact: false }).count()).toBe(0);
    expect(writes).toEqual([]);

    // a policy's overridden fields: checked the same way before saving, every bad row at once
    await page.reload();
    await page.getByRole('button', { name: text.newPolicy }).click();
    await page.locator('#policy-create-id').fill(`check-${language}-${name}`);
    await page.locator('#policy-create-submit').click();
    const editor = page.getByTestId('policy-editor');
    await editor.getByTestId('effective-summary').waitFor();
    // the list reloads after the creation: edit once the page has settled
    await page.waitForLoadState('networkidle');
    await editor.locator('#policy-recipients-override').check();
    await editor.locator('#policy-recipients').fill('ok@example.com; kaputt; x@');
    await editor.locator('#policy-port-override').check();
    await editor.locator('#policy-port').fill('0');
    writes.length = 0;
    await editor.locator('#policy-save').click();
    await fieldError(page, 'policy-port').waitFor();
    expect(await fieldError(page, 'policy-recipients').textContent()).toBe(text.recipients);
    expect(await fieldError(page, 'policy-port').textContent()).toBe(text.port);
    await page.waitForFunction('document.activeElement?.id === "policy-recipients"');
    expect(writes).toEqual([]);
    expect(await axeViolations(page), 'policy with field errors').toEqual([]);

    expect(errors).toEqual([]);
    await context.close();
  });
});
