/**
 * The notification-settings page in a real browser against the real server: fill, save,
 * reload, kept; an invalid recipient is reported next to the recipients field with its entry.
 */
import { describe, expect, it } from 'vitest';
import { DESKTOP, PHONE, fieldError, logIn, openPage, screenshot, useConsole } from './browser.test-helpers.js';

describe('console: notification settings', { timeout: 60_000 }, () => {
  const fixture = useConsole();

  it('logs in, fills the settings, saves, and finds them kept after a reload', async () => {
    const { herald, browser } = fixture;
    const { context, page, errors } = await openPage(browser, herald, DESKTOP);
    await page.goto('/');
    await screenshot(page, 'login-desktop');
    await logIn(page, herald);

    await page.getByLabel('Recipients', { exact: true }).fill('soc@example.com; Jane Doe <jane@example.com>');
    await page.getByLabel('SMTP servers', { exact: true }).fill('mail1.corp.example; 10.0.0.25');
    await page.getByLabel('SMTP server port').fill('2525');
    await page.getByLabel('Use ESMTP authentication').check();
    await page.getByLabel('User name').fill('herald-smtp');
    await page.getByLabel('Password', { exact: true }).fill('s3cret!');
    await page.getByLabel('Always use TLS, check the server certificate for validity').check();
    await page.getByLabel('TLS version').selectOption('1.2');
    await page.getByLabel('Expected server name').fill('mail.corp.example');
    await page.getByLabel('Sender').fill('herald@corp.example');
    await page.getByLabel('Subject', { exact: true }).fill('[%SEVERITY%] %EVENT% — %COMPUTER%');
    await expect.poll(() => page.getByTestId('template-preview').textContent()).toContain('[Critical]');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('Settings saved.').waitFor();

    await page.reload();
    await page.getByLabel('Recipients', { exact: true }).waitFor();
    expect(await page.getByLabel('Recipients', { exact: true }).inputValue()).toBe('soc@example.com; Jane Doe <jane@example.com>');
    expect(await page.getByLabel('SMTP servers', { exact: true }).inputValue()).toBe('mail1.corp.example; 10.0.0.25');
    expect(await page.getByLabel('SMTP server port').inputValue()).toBe('2525');
    expect(await page.getByLabel('Use ESMTP authentication').isChecked()).toBe(true);
    expect(await page.getByLabel('User name').inputValue()).toBe('herald-smtp');
    await page.getByText('A password is set.').waitFor();
    expect(await page.getByLabel('Always use TLS, check the server certificate for validity').isChecked()).toBe(true);
    expect(await page.getByLabel('TLS version').inputValue()).toBe('1.2');
    expect(await page.getByLabel('Expected server name').inputValue()).toBe('mail.corp.example');
    expect(await page.getByLabel('Sender').inputValue()).toBe('herald@corp.example');
    expect(await page.getByLabel('Subject', { exact: true }).inputValue()).toBe('[%SEVERITY%] %EVENT% — %COMPUTER%');
    await screenshot(page, 'settings-desktop');

    // the password stays write-only: the server says it is set and never returns it
    const stored = await page.evaluate(async () => (await fetch('/api/v1/settings/email')).json() as Promise<{ auth: Record<string, unknown> }>);
    expect(stored.auth).toMatchObject({ enabled: true, mechanism: 'password', username: 'herald-smtp', passwordSet: true, allowUnencrypted: false });
    expect(errors).toEqual([]);
    await context.close();
  });

  it('shows an invalid recipient next to the recipients field, naming the entry', async () => {
    const { herald, browser } = fixture;
    const { context, page, errors } = await openPage(browser, herald, DESKTOP);
    await logIn(page, herald);
    await page.getByLabel('Recipients', { exact: true }).fill('soc@example.com; not an address; ops@example.com');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    const error = fieldError(page, 'settings-recipients');
    await error.waitFor();
    expect(await error.textContent()).toMatch(/Entry 2 \("not an address"\)/);
    expect(await page.getByLabel('Recipients', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    // the error is bound to the input for assistive technology
    expect(await page.getByLabel('Recipients', { exact: true }).getAttribute('aria-describedby')).toContain('settings-recipients-error');
    await screenshot(page, 'settings-recipient-error-desktop');
    // editing the field clears the error
    await page.getByLabel('Recipients', { exact: true }).fill('soc@example.com');
    expect(await error.count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('works on a 390-px phone screen with the menu behind a button', async () => {
    const { herald, browser } = fixture;
    const { context, page, errors } = await openPage(browser, herald, PHONE);
    await logIn(page, herald);
    await page.getByLabel('Recipients', { exact: true }).waitFor();
    expect(await page.locator('.sidebar').isVisible()).toBe(false);
    await screenshot(page, 'settings-phone');
    await page.getByRole('button', { name: 'Open menu' }).click();
    await page.getByRole('link', { name: 'Events' }).click();
    await page.getByRole('heading', { name: 'Events', level: 1 }).waitFor();
    // no horizontal scrolling on the phone
    expect(await page.evaluate<number>('document.documentElement.scrollWidth')).toBeLessThanOrEqual(PHONE.width);
    await screenshot(page, 'events-phone');
    expect(errors).toEqual([]);
    await context.close();
  });
});
