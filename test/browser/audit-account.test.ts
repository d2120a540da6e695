/**
 * The account page changes the console password (field checks in the browser, the server's
 * answer for a wrong current password, the other sessions end), and the audit log page lists
 * the changes with field names only — in English at desktop width and in German on a phone.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { api } from '../support/herald.test-helpers.js';
import { DESKTOP, PHONE, openPage, screenshot, useConsole } from './browser.test-helpers.js';

const TEXTS = {
  en: {
    user: 'User name', password: 'Password', account: 'Account', audit: 'Audit log', current: 'Current password', next: 'New password', repeat: 'Repeat the new password',
    submit: 'Change password', tooShort: 'The new password needs at least 12 characters.', wrong: 'The current password is wrong.', changed: 'Password changed. Your other sessions have ended.',
    passwordAction: 'Password changed', settingsAction: 'Notification settings changed', portLabel: 'SMTP server port',
  },
  de: {
    user: 'Benutzername', password: 'Kennwort', account: 'Konto', audit: 'Änderungsprotokoll', current: 'Aktuelles Kennwort', next: 'Neues Kennwort', repeat: 'Neues Kennwort wiederholen',
    submit: 'Kennwort ändern', tooShort: 'Das neue Kennwort braucht mindestens 12 Zeichen.', wrong: 'Das aktuelle Kennwort ist falsch.', changed: 'Kennwort geändert. Ihre anderen Sitzungen wurden beendet.',
    passwordAction: 'Kennwort geändert', settingsAction: 'Benachrichtigungseinstellungen geändert', portLabel: 'SMTP-Server-Port',
  },
} as const;

async function signIn(page: Page, language: 'en' | 'de', username: string, password: string): Promise<void> {
  await page.goto('/account');
  await page.getByLabel(/^(Language|Sprache)$/).selectOption(language);
  await page.getByLabel(TEXTS[language].user, { exact: true }).fill(username);
  await page.getByLabel(TEXTS[language].password, { exact: true }).fill(password);
  await page.locator('button[type=submit]').click();
  await page.locator('main#main').waitFor();
}

describe('console: account and audit log', { timeout: 120_000 }, () => {
  const fixture = useConsole();
  let password = '';

  for (const [language, viewport, newPassword] of [['en', DESKTOP, 'first new passphrase'], ['de', PHONE, 'zweite neue Passphrase']] as const) {
    it(`changes the password and shows it in the audit log (${language})`, async () => {
      const { herald, browser } = fixture;
      password ||= herald.admin.password;
      const text = TEXTS[language];
      const other = await openPage(browser, herald, DESKTOP);
      await signIn(other.page, language, herald.admin.username, password);
      const { context, page, errors } = await openPage(browser, herald, viewport);
      await signIn(page, language, herald.admin.username, password);
      await page.getByRole('heading', { name: text.account, level: 1 }).waitFor();

      // Checked in the browser first: too short, then a wrong current password from the server.
      await page.getByLabel(text.current, { exact: true }).fill(password);
      await page.getByLabel(text.next, { exact: true }).fill('short');
      await page.getByLabel(text.repeat, { exact: true }).fill('short');
      await page.getByRole('button', { name: text.submit }).click();
      await page.locator('[data-field-error="account-new"]').getByText(text.tooShort).waitFor();
      await page.getByLabel(text.current, { exact: true }).fill('not the password');
      await page.getByLabel(text.next, { exact: true }).fill(newPassword);
      await page.getByLabel(text.repeat, { exact: true }).fill(newPassword);
      await page.getByRole('button', { name: text.submit }).click();
      await page.locator('[data-field-error="account-current"]').getByText(text.wrong).waitFor();

      await page.getByLabel(text.current, { exact: true }).fill(password);
      await page.getByRole('button', { name: text.submit }).click();
      await page.getByText(text.changed).waitFor();
      password = newPassword;
      await screenshot(page, `account-${language}`);

      // The other session has ended; this one goes on.
      await other.page.reload();
      await other.page.getByLabel(text.password, { exact: true }).waitFor();
      await other.context.close();

      // The audit log lists it, with field names only: actions and fields in the console's words, never JSON keys.
      const port = language === 'en' ? 2525 : 2526;
      expect((await api(herald, 'PUT', '/api/v1/settings/email', { port })).status).toBe(200);
      if (viewport === PHONE) await page.getByRole('button', { name: /menu|Menü/i }).click();
      await page.getByRole('link', { name: text.audit }).click();
      await page.getByRole('heading', { name: text.audit, level: 1 }).waitFor();
      const row = page.locator('[data-testid="audit-table"] tr[data-action="user.password.change"]').first();
      await row.waitFor();
      expect(await row.textContent()).toContain(text.passwordAction);
      const settingsRow = page.locator('[data-testid="audit-table"] tr[data-action="settings.email.update"]').first();
      expect(await settingsRow.locator('td').nth(2).textContent()).toBe(text.settingsAction);
      expect(await settingsRow.locator('td').nth(4).textContent()).toBe(text.portLabel);
      await page.locator('[data-testid="audit-table"] tr[data-action="session.login"]').first().waitFor();
      const html = await page.content();
      for (const secret of [newPassword, 'not the password']) expect(html).not.toContain(secret);
      await screenshot(page, `audit-${language}`);

      const stored = await api<{ items: Array<{ action: string }> }>(herald, 'GET', '/api/v1/audit?limit=500');
      expect(JSON.stringify(stored.body)).not.toContain(newPassword);
      expect(errors).toEqual([]);
      await context.close();
    });
  }
});
