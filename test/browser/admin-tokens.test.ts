/**
 * The tokens page creates and revokes admin tokens, in English and German: the token is shown
 * once, works as an admin on the API, cannot mint further admin tokens, and is refused once
 * revoked from the console.
 */
import { describe, expect, it } from 'vitest';
import { api } from '../support/herald.test-helpers.js';
import { DESKTOP, PHONE, logIn, openPage, screenshot, useConsole } from './browser.test-helpers.js';

const TEXTS = {
  en: { nav: 'Tokens', name: 'Admin token name', create: 'Create admin token', revoke: 'Revoke', revoked: 'Revoked', list: 'Admin tokens', by: 'by admin' },
  de: { nav: 'Token', name: 'Name des Admin-Tokens', create: 'Admin-Token erstellen', revoke: 'Widerrufen', revoked: 'Widerrufen', list: 'Admin-Token', by: 'von admin' },
} as const;

describe('console: admin tokens', { timeout: 90_000 }, () => {
  const fixture = useConsole();

  for (const [language, viewport] of [['en', DESKTOP], ['de', PHONE]] as const) {
    it(`creates an admin token shown once and revokes it (${language})`, async () => {
      const { herald, browser } = fixture;
      const { context, page, errors } = await openPage(browser, herald, viewport);
      await page.goto('/');
      await page.getByLabel(/^(Language|Sprache)$/).selectOption(language);
      await logIn(page, herald, '/tokens');
      const text = TEXTS[language];
      const name = `automation-${language}`;
      await page.getByLabel(text.name, { exact: true }).fill(name);
      await page.getByRole('button', { name: text.create }).click();
      const value = page.locator('#admin-token-value');
      await value.waitFor();
      const token = await value.inputValue();
      expect(token).toMatch(/^herald_[A-Za-z0-9_-]{43}$/);
      const row = page.locator('.token-list[data-kind="admin"] .token-list__row').filter({ hasText: name });
      await row.getByText(text.by).waitFor();
      await screenshot(page, `admin-tokens-${language}`);

      // It is an admin token on the API, but it cannot mint more admin tokens.
      expect((await api(herald, 'GET', '/api/v1/settings/email', undefined, token)).status).toBe(200);
      expect((await api(herald, 'POST', '/api/v1/admin-tokens', { name: 'successor' }, token)).status).toBe(403);

      // Shown once: after a reload only the list remains, never the token.
      await page.reload();
      await row.waitFor();
      expect(await page.locator('#admin-token-value').count()).toBe(0);
      expect(await page.content()).not.toContain(token);

      page.once('dialog', (d) => void d.accept());
      await row.getByRole('button', { name: text.revoke }).click();
      await row.getByText(text.revoked).waitFor();
      expect((await api(herald, 'GET', '/api/v1/settings/email', undefined, token)).status).toBe(401);
      expect(errors).toEqual([]);
      await context.close();
    });
  }
});
