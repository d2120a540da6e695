/**
 * The client-certificate dialog: a PKCS#12 made at test time with openssl is uploaded; a wrong
 * password is reported at the password field, the right one shows the subject, and the
 * certificate is then used by the settings.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESKTOP, fieldError, logIn, openPage, screenshot, useConsole } from './browser.test-helpers.js';

const P12_PASSWORD = 'correct horse';

/** A self-signed EC client certificate as PKCS#12, in a temp dir. */
function makePkcs12(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'herald-p12-'));
  const run = (args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: 'pipe' });
  run(['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-subj', '/CN=herald-client', '-days', '30', '-keyout', 'key.pem', '-out', 'cert.pem']);
  run(['pkcs12', '-export', '-inkey', 'key.pem', '-in', 'cert.pem', '-out', 'client.p12', '-passout', `pass:${P12_PASSWORD}`]);
  return path.join(dir, 'client.p12');
}

describe('console: client certificate dialog', { timeout: 60_000 }, () => {
  const fixture = useConsole();
  let p12: string;

  beforeAll(async () => {
    p12 = makePkcs12();
  }, 180_000);

  afterAll(async () => {
    if (p12 !== undefined) fs.rmSync(path.dirname(p12), { recursive: true, force: true });
  });

  it('uploads a PKCS#12, reports a wrong password at the password field, shows the subject', async () => {
    const { herald, browser } = fixture;
    const { context, page, errors } = await openPage(browser, herald, DESKTOP);
    await logIn(page, herald);
    await page.getByLabel('Always use TLS, check the server certificate for validity').check();

    // Escape closes the dialog and gives focus back to the link
    const link = page.getByRole('button', { name: 'Set certificate' });
    await link.click();
    const dialog = page.getByRole('dialog', { name: 'Client certificate' });
    await dialog.waitFor();
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await page.evaluate<string | undefined>('document.activeElement?.id')).toBe('settings-tls-clientCertificate');

    await link.click();
    await dialog.waitFor();
    // focus stays inside the dialog while tabbing
    for (let i = 0; i < 12; i += 1) await page.keyboard.press('Tab');
    expect(await page.evaluate<boolean>("document.activeElement?.closest('dialog[open]') !== null")).toBe(true);

    await dialog.getByLabel('PKCS#12 container').first().check();
    await dialog.locator('#cert-container').setInputFiles(p12);
    await dialog.getByLabel('Password').fill('wrong password');
    await page.getByRole('button', { name: 'Check certificate' }).click();
    const passwordError = fieldError(page, 'cert-password');
    await passwordError.waitFor();
    expect(await passwordError.textContent()).toMatch(/password/i);
    expect(await dialog.getByLabel('Password').getAttribute('aria-invalid')).toBe('true');
    await screenshot(page, 'certificate-dialog-wrong-password');

    await dialog.getByLabel('Password').fill(P12_PASSWORD);
    await page.getByRole('button', { name: 'Check certificate' }).click();
    const summary = dialog.getByTestId('certificate-summary');
    await summary.waitFor();
    expect(await summary.textContent()).toContain('CN=herald-client');
    await screenshot(page, 'certificate-dialog-ok');
    await page.getByRole('button', { name: 'Use this certificate' }).click();
    await dialog.waitFor({ state: 'detached' });

    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('Settings saved.').waitFor();
    await page.reload();
    await page.locator('#card-security').getByTestId('certificate-summary').filter({ hasText: 'CN=herald-client' }).waitFor();
    expect(errors).toEqual([]);
    await context.close();
  });
});
