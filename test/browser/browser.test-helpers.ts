/**
 * Shared pieces of the console's browser tests: Debian's chromium through playwright-core,
 * a started Herald with the console built, log-in through the form, screenshots.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { startHerald, type HeraldProcess } from '../support/herald.test-helpers.js';
import { ensureWebBuilt } from './build-web.test-helpers.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Where screenshots go (git-ignored). */
export const SCREENSHOT_DIR = path.join(ROOT, 'test-results', 'browser');

/** The desktop and phone viewports the console must work at. */
export const DESKTOP = { width: 1280, height: 800 } as const;
export const PHONE = { width: 390, height: 844 } as const;

/** Starts chromium headless with the flags this machine needs. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}

/** Builds the console if needed and starts the real server. */
export async function startConsole(env?: Record<string, string>): Promise<HeraldProcess> {
  await ensureWebBuilt();
  return startHerald(env === undefined ? {} : { env });
}

/** The server and the browser one test file shares; set by the hooks of `useConsole`. */
export interface ConsoleFixture {
  herald: HeraldProcess;
  browser: Browser;
}

/**
 * Registers the hooks every browser test file needs: start the server (console built) and
 * chromium before the tests, close both after. Read the fields inside tests and later hooks.
 */
export function useConsole(): ConsoleFixture {
  const fixture = {} as ConsoleFixture;
  beforeAll(async () => {
    fixture.herald = await startConsole();
    fixture.browser = await launchBrowser();
  }, 180_000);
  afterAll(async () => {
    await fixture.browser?.close();
    await fixture.herald?.stop();
  });
  return fixture;
}

/** A fresh browser context (own cookies and localStorage) and page; failures in the page fail the test. */
export async function openPage(browser: Browser, herald: HeraldProcess, viewport: { width: number; height: number } = DESKTOP, locale = 'en-US'): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
  const context = await browser.newContext({ viewport, locale, baseURL: herald.url });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  return { context, page, errors };
}

/** Logs in through the login form and waits for the settings page. */
export async function logIn(page: Page, herald: HeraldProcess, pathName = '/settings'): Promise<void> {
  await page.goto(pathName);
  await page.getByLabel(/^(User name|Benutzername)$/).fill(herald.admin.username);
  await page.getByLabel(/^(Password|Kennwort)$/).fill(herald.admin.password);
  await page.locator('button[type=submit]').click();
  await page.locator('main#main').waitFor();
}

/**
 * Saves a screenshot of the whole page as test-results/browser/<name>.png. The viewport is
 * stretched to the page's height first, so sticky parts (sidebar, save bar) sit where a user
 * scrolling would see them instead of where a stitched full-page capture would paint them.
 */
export async function screenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
  // the settings page renders its template preview a moment after loading
  if ((await page.locator('.preview').count()) > 0) await page.getByTestId('template-preview').waitFor({ timeout: 5_000 }).catch(() => undefined);
  const viewport = page.viewportSize();
  const height = await page.evaluate<number>('document.documentElement.scrollHeight');
  if (viewport !== null && height > viewport.height) await page.setViewportSize({ width: viewport.width, height });
  try {
    await page.screenshot({ path: path.join(SCREENSHOT_DIR, `${name}.png`), animations: 'disabled' });
  } finally {
    if (viewport !== null) await page.setViewportSize(viewport);
  }
}

/** The error text shown for the control with this id (`<id>-error`). */
export function fieldError(page: Page, controlId: string) {
  return page.locator(`[data-field-error="${controlId}"]`);
}

/**
 * Types a write-only secret (password, client secret) into the control with this id: when one
 * is stored the control is the "Change" button of its "set" badge, which first opens the input.
 */
export async function typeSecret(scope: Page | Locator, controlId: string, label: string, value: string): Promise<void> {
  const control = scope.locator(`#${controlId}`);
  if ((await control.evaluate((element) => element.tagName)) === 'BUTTON') await control.click();
  await scope.getByLabel(label, { exact: true }).fill(value);
}
