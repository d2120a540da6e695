/**
 * The whole flow in German: the language switch on the login page (remembered across
 * reloads), KSC's German labels, field errors and the test-message diagnosis in German.
 */
import { describe, expect, it } from 'vitest';
import { DESKTOP, PHONE, fieldError, logIn, openPage, screenshot, useConsole } from './browser.test-helpers.js';
import { closedPort } from './smtp.test-helpers.js';

describe('console: German', { timeout: 60_000 }, () => {
  const fixture = useConsole();

  it('switches to German, remembers it, and speaks KSC German throughout', async () => {
    const { herald, browser } = fixture;
    const { context, page, errors } = await openPage(browser, herald, DESKTOP);
    await page.goto('/');
    await page.getByLabel('Language').selectOption('de');
    await page.getByRole('heading', { name: 'Bei Herald anmelden' }).waitFor();
    expect(await page.evaluate<string>('document.documentElement.lang')).toBe('de');
    await logIn(page, herald);

    for (const label of ['Empfänger', 'SMTP-Server', 'SMTP-Server-Port', 'ESMTP-Authentifizierung verwenden', 'TLS nicht verwenden', 'TLS verwenden, wenn dies vom Server unterstützt wird', 'Immer TLS verwenden, das Serverzertifikat auf Gültigkeit überprüfen']) {
      await page.getByLabel(label, { exact: true }).waitFor();
    }
    await page.getByLabel('Immer TLS verwenden, das Serverzertifikat auf Gültigkeit überprüfen').check();
    expect(await page.getByLabel('TLS-Version').locator('option[value="1.2"]').textContent()).toBe('Nur TLS 1.2 oder höher');
    await page.getByRole('button', { name: 'Zertifikat festlegen' }).waitFor();
    await page.getByRole('button', { name: 'Testnachricht senden' }).waitFor();

    // a field error, translated by its code, naming the entry
    await page.getByLabel('Empfänger', { exact: true }).fill('a@example.com; kaputt');
    await page.getByRole('button', { name: 'Speichern', exact: true }).click();
    const error = fieldError(page, 'settings-recipients');
    await error.waitFor();
    expect(await error.textContent()).toBe('Eintrag 2 („kaputt“): Das ist keine gültige E-Mail-Adresse.');

    // the test-message diagnosis in German
    const port = await closedPort();
    await page.getByLabel('Empfänger', { exact: true }).fill('ops@example.com');
    await page.getByLabel('TLS verwenden, wenn dies vom Server unterstützt wird').check();
    await page.getByLabel('SMTP-Server', { exact: true }).fill(`127.0.0.1:${port}`);
    await page.getByRole('button', { name: 'Testnachricht senden' }).click();
    const result = page.getByTestId('test-result');
    await result.waitFor({ timeout: 30_000 });
    const text = (await result.textContent()) ?? '';
    expect(text).toContain('Nicht zugestellt');
    expect(text).toContain('Die Verbindung zum Server wurde abgelehnt oder konnte nicht hergestellt werden.');
    await screenshot(page, 'settings-de-desktop');

    // remembered
    await page.reload();
    await page.getByRole('heading', { name: 'Benachrichtigungseinstellungen', level: 1 }).waitFor();
    await page.getByRole('link', { name: 'Regeln und Richtlinien' }).click();
    await page.getByRole('heading', { name: 'Regeln und Richtlinien', level: 1 }).waitFor();
    await screenshot(page, 'rules-de-desktop');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('shows German on the phone too', async () => {
    const { herald, browser } = fixture;
    const { context, page, errors } = await openPage(browser, herald, PHONE, 'de-DE');
    await logIn(page, herald);
    await page.getByLabel('Empfänger', { exact: true }).waitFor();
    await screenshot(page, 'settings-de-phone');
    expect(errors).toEqual([]);
    await context.close();
  });
});
