/**
 * Every page of the console, in English and German, at desktop and phone width: its own
 * document title, no WCAG 2.1 A/AA violation found by axe-core, navigation labels that fit
 * (German "Benachrichtigungseinstellungen"), and a sticky save bar that never covers the last
 * field or the test result.
 */
import type { Locator, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { DESKTOP, PHONE, logIn, useConsole } from './browser.test-helpers.js';
import { closedPort } from './smtp.test-helpers.js';
import { axeViolations } from './axe.test-helpers.js';

const LANGUAGES = [
  { language: 'en', locale: 'en-US', signIn: 'Sign in – Herald' },
  { language: 'de', locale: 'de-DE', signIn: 'Anmelden – Herald' },
] as const;

const VIEWPORTS = [
  { name: 'desktop', viewport: DESKTOP },
  { name: 'phone', viewport: PHONE },
] as const;

/** Each page's path, its heading and its document title per language. */
const PAGES = [
  { path: '/settings', en: 'Notification settings', de: 'Benachrichtigungseinstellungen' },
  { path: '/rules', en: 'Rules and policies', de: 'Regeln und Richtlinien' },
  { path: '/events', en: 'Events', de: 'Ereignisse' },
  { path: '/notifications', en: 'Notifications', de: 'Benachrichtigungen' },
  { path: '/storm', en: 'Storm control', de: 'Sturmschutz' },
  { path: '/tokens', en: 'Tokens', de: 'Token' },
  { path: '/audit', en: 'Audit log', de: 'Änderungsprotokoll' },
  { path: '/account', en: 'Account', de: 'Konto' },
] as const;

const CASES = LANGUAGES.flatMap((l) => VIEWPORTS.map((v) => ({ ...l, ...v })));

/** Labels of the navigation whose text does not fit its link (cut off or overflowing). */
async function overflowingNavLabels(page: Page): Promise<string[]> {
  return page.locator('.nav__link').evaluateAll((links) =>
    links
      .filter((link) => {
        const label = link.querySelector('span');
        const outer = link.getBoundingClientRect();
        const inner = label?.getBoundingClientRect();
        return link.scrollWidth > link.clientWidth || (label !== null && label.scrollWidth > label.clientWidth) || (inner !== undefined && inner.right > outer.right + 0.5);
      })
      .map((link) => link.textContent ?? ''),
  );
}

/** Scrolls the element to the bottom edge of the window and says whether the save bar covers it. */
async function coveredBySaveBar(page: Page, target: Locator): Promise<boolean> {
  await target.evaluate((element) => element.scrollIntoView({ block: 'end' }));
  // a second frame: sticky positions settle after the scroll
  await page.evaluate('new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)))');
  const box = await target.boundingBox();
  const bar = await page.locator('.savebar').boundingBox();
  if (box === null || bar === null) throw new Error('element or save bar not rendered');
  return box.y + box.height > bar.y && box.y < bar.y + bar.height;
}

describe('console: every page', { timeout: 120_000 }, () => {
  const fixture = useConsole();

  it.each(CASES)('$language at $name width: titles, axe-core, navigation labels, save bar', async ({ language, locale, signIn, viewport }) => {
    const { herald, browser } = fixture;
    // the console's CSP (script-src 'self') would refuse axe-core's inline script tag
    const context = await browser.newContext({ viewport, locale, baseURL: herald.url, bypassCSP: true });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto('/settings');
    await page.locator('form').first().waitFor();
    expect(await page.title()).toBe(signIn);
    expect(await axeViolations(page), 'login page').toEqual([]);
    await logIn(page, herald);

    for (const { path, ...titles } of PAGES) {
      await page.goto(path);
      await page.getByRole('heading', { level: 1, name: titles[language] }).waitFor();
      await page.waitForLoadState('networkidle');
      expect(await page.title(), path).toBe(`${titles[language]} – Herald`);
      expect(await axeViolations(page), path).toEqual([]);
    }

    // navigation labels fit: in the sidebar on the desktop, in the opened menu on the phone
    await page.goto('/settings');
    await page.getByRole('heading', { level: 1 }).waitFor();
    if (viewport === PHONE) {
      await page.locator('.topbar__menu').click();
      await page.locator('.shell--menu-open').waitFor();
      // the drawer slides in: wait for its transition to finish, however slow the machine
      await page.locator('.sidebar').evaluate((sidebar) => Promise.all(sidebar.getAnimations().map((animation: { finished: Promise<unknown> }) => animation.finished)));
      expect(await axeViolations(page), 'phone menu').toEqual([]);
    }
    expect(await overflowingNavLabels(page)).toEqual([]);
    if (viewport === PHONE) await page.keyboard.press('Escape');

    // the save bar covers neither the last field nor the test result
    const fields = page.locator('form.settings :is(input, select, textarea):visible');
    expect(await coveredBySaveBar(page, fields.last()), 'last field').toBe(false);
    const port = await closedPort();
    await page.locator('#settings-recipients').fill('ops@example.com');
    await page.locator('#settings-servers').fill(`127.0.0.1:${port}`);
    await page.getByRole('button', { name: language === 'en' ? 'Send test message' : 'Testnachricht senden' }).click();
    const result = page.getByTestId('test-result');
    await result.waitFor({ timeout: 30_000 });
    expect(await coveredBySaveBar(page, result), 'test result').toBe(false);
    // the diagnosis in the console's language; the server's English words folded away and marked as English
    const technical = result.locator('details.technical').first();
    expect(await technical.locator('summary').textContent()).toBe(language === 'en' ? 'Technical details (in English)' : 'Technische Details (auf Englisch)');
    expect(await technical.locator('p[lang="en"]').isVisible()).toBe(false);
    expect(await coveredBySaveBar(page, fields.last()), 'last field with a result').toBe(false);
    expect(await axeViolations(page), 'settings with a test result').toEqual([]);

    expect(errors).toEqual([]);
    await context.close();
  });
});
