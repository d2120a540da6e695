/**
 * The console over HTTPS under the server's Content-Security-Policy (no `unsafe-inline`):
 * every page renders and works, and the browser reports no CSP violation.
 *
 * Trust: the server's certificate comes from a test CA made at test time. Chromium is launched
 * with `--ignore-certificate-errors-spki-list=<SHA-256 of the server key's SPKI>`, which pins
 * exactly that one key: any other certificate error (another key, another host) still fails.
 * No `ignoreHTTPSErrors`, no `--ignore-certificate-errors`.
 */
import { createHash, createPublicKey } from 'node:crypto';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeSmtpTestPki, type SmtpTestPki } from '../../src/delivery/smtp/test-pki.test-helpers.js';
import type { HeraldProcess } from '../support/herald.test-helpers.js';
import { DESKTOP, logIn, screenshot, startConsole } from './browser.test-helpers.js';

function spkiPin(certPem: string): string {
  const spki = createPublicKey(certPem).export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(spki).digest('base64');
}

describe('console over HTTPS under the CSP', { timeout: 120_000 }, () => {
  let pki: SmtpTestPki;
  let herald: HeraldProcess;
  let browser: Browser;
  beforeAll(async () => {
    pki = makeSmtpTestPki();
    herald = await startConsole({ HERALD_TLS_CERT: path.join(pki.dir, 'server.crt'), HERALD_TLS_KEY: path.join(pki.dir, 'server.key') });
    browser = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', `--ignore-certificate-errors-spki-list=${spkiPin(pki.server.cert)}`],
    });
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await herald?.stop();
    pki?.cleanup();
  });

  it('renders and works on every page with no CSP violation', async () => {
    expect(herald.url).toMatch(/^https:/);
    const context = await browser.newContext({ viewport: DESKTOP, locale: 'en-US', baseURL: herald.url });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    page.on('console', (message) => {
      if (/Content Security Policy|Refused to/i.test(message.text())) problems.push(`console: ${message.text()}`);
    });
    // Runs before the page's own scripts (injected by the browser, not subject to the CSP).
    await page.addInitScript(`
      window.cspViolations = [];
      document.addEventListener('securitypolicyviolation', (event) => {
        window.cspViolations.push(event.violatedDirective + ' ' + event.blockedURI);
      });
    `);
    const first = await page.goto('/');
    expect(first?.headers()['content-security-policy']).toContain("script-src 'self'");
    await logIn(page, herald);

    const cookies = await context.cookies();
    expect(cookies.find((c) => c.name === '__Host-herald_session')).toMatchObject({ secure: true, httpOnly: true, sameSite: 'Strict' });
    expect(await page.evaluate<string>('document.cookie')).not.toContain('herald_session');

    // A change through the API from the page (fetch with the CSRF header) works.
    await page.getByLabel('Recipients', { exact: true }).fill('soc@corp.example');
    await page.getByLabel('SMTP servers', { exact: true }).fill('mail.corp.example');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('Saved.').first().waitFor();

    for (const [pathName, heading] of [['/rules', 'Rules and policies'], ['/events', 'Events'], ['/notifications', 'Notifications'], ['/tokens', 'Tokens']] as const) {
      await page.goto(pathName);
      await page.getByRole('heading', { name: heading, level: 1 }).waitFor();
      await page.waitForLoadState('networkidle');
    }
    await screenshot(page, 'https-tokens-desktop');
    const violations = await page.evaluate<string[]>('window.cspViolations');
    expect(violations).toEqual([]);
    expect(problems).toEqual([]);
    // The watch can fail: an inline script added now is blocked and reported.
    await page.evaluate(`(() => { const s = document.createElement('script'); s.textContent = 'window.inlineRan = true'; document.body.append(s); })()`);
    await expect.poll(() => page.evaluate<string[]>('window.cspViolations')).toEqual([expect.stringMatching(/^script-src/)]);
    expect(await page.evaluate<unknown>('window.inlineRan')).toBeUndefined();
    await context.close();
  });

  it('still refuses a certificate whose key is not the pinned one', async () => {
    const other = await chromium.launch({
      executablePath: '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run', `--ignore-certificate-errors-spki-list=${spkiPin(pki.client.cert)}`],
    });
    try {
      const page = await other.newPage();
      await expect(page.goto(`${herald.url}/`)).rejects.toThrow(/ERR_CERT/);
    } finally {
      await other.close();
    }
  });
});
