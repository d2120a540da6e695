/**
 * "Send test message" against an in-process SMTP server: a delivery with its transcript, and a
 * closed port whose failure is explained in words.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESKTOP, logIn, openPage, screenshot, useConsole } from './browser.test-helpers.js';
import { closedPort, startSmtp, type TestSmtp } from './smtp.test-helpers.js';

describe('console: send test message', { timeout: 60_000 }, () => {
  const fixture = useConsole();
  let smtp: TestSmtp;

  beforeAll(async () => {
    smtp = await startSmtp();
  }, 180_000);

  afterAll(async () => {
    await smtp?.close();
  });

  it('delivers to a working server and shows the diagnosis with the transcript', async () => {
    const { herald, browser } = fixture;
    const { context, page, errors } = await openPage(browser, herald, DESKTOP);
    await logIn(page, herald);
    await page.getByLabel('Recipients', { exact: true }).fill('ops@example.com');
    await page.getByLabel('SMTP servers', { exact: true }).fill(`127.0.0.1:${smtp.port}`);
    await page.getByRole('button', { name: 'Send test message' }).click();
    const result = page.getByTestId('test-result');
    await result.waitFor({ timeout: 30_000 });
    expect(await result.textContent()).toContain('Delivered');
    expect(smtp.received).toHaveLength(1);
    expect(smtp.received[0]?.to).toEqual(['ops@example.com']);
    const attempt = page.getByTestId('test-attempt');
    expect(await attempt.textContent()).toContain(`127.0.0.1:${smtp.port}`);
    await attempt.locator('details summary').click();
    expect(await attempt.locator('details pre').textContent()).toMatch(/EHLO/);
    await screenshot(page, 'test-message-delivered');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('explains a failure: a closed port is CONNECTION_FAILED, in words', async () => {
    const { herald, browser } = fixture;
    const port = await closedPort();
    const { context, page, errors } = await openPage(browser, herald, DESKTOP);
    await logIn(page, herald);
    await page.getByLabel('Recipients', { exact: true }).fill('ops@example.com');
    await page.getByLabel('SMTP servers', { exact: true }).fill(`127.0.0.1:${port}`);
    await page.getByRole('button', { name: 'Send test message' }).click();
    const result = page.getByTestId('test-result');
    await result.waitFor({ timeout: 30_000 });
    const text = (await result.textContent()) ?? '';
    expect(text).toContain('Not delivered');
    expect(text).toContain('The connection to the server was refused or could not be established.');
    expect(text).toContain('CONNECTION_FAILED');
    await page.getByTestId('test-attempt').locator('.stages__step--failed').waitFor();
    await screenshot(page, 'test-message-failed');
    expect(errors).toEqual([]);
    await context.close();
  });
});
