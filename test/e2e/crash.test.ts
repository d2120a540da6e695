/**
 * Nothing is lost when the server dies mid-delivery, on SQLite and PostgreSQL: a real server
 * process is SIGKILLed while it delivers hundreds of notifications to a slow-ish SMTP server,
 * restarted on the same data (same data dir / schema, key and admin token), and every
 * notification reaches the SMTP server at least once (counted by Message-ID; duplicates are
 * allowed by at-least-once delivery and printed) and ends `sent`.
 */
import { describe, expect, it } from 'vitest';
import { api, startHerald, type HeraldProcess, turnGroupingOffVia } from '../support/herald.test-helpers.js';
import { backends, e2eRunPerTest, FAST_ENV } from './backends.test-helpers.js';
import { startSink } from './smtp-sink.test-helpers.js';

type NotificationList = { items: Array<{ id: string; status: string; messageId: string }>; nextCursor: string | null };

const COUNT = 400;
/** Two server starts, the kill and the drain: on a loaded 2-CPU machine far more than the default 30 s. */
const TEST_TIMEOUT_MS = 150_000;

async function allNotifications(herald: HeraldProcess): Promise<NotificationList['items']> {
  const items: NotificationList['items'] = [];
  let cursor: string | null = null;
  do {
    const page: { status: number; body: NotificationList } = await api<NotificationList>(herald, 'GET', `/api/v1/notifications?limit=500${cursor === null ? '' : `&before=${encodeURIComponent(cursor)}`}`);
    expect(page.status).toBe(200);
    items.push(...page.body.items);
    cursor = page.body.nextCursor;
  } while (cursor !== null);
  return items;
}

describe.each(await backends())('SIGKILL during delivery on $name', (choice) => {
  describe.skipIf(choice.skip !== null)(choice.skip ?? 'crash', () => {
    const run = e2eRunPerTest();

    it(`delivers all ${COUNT} notifications at least once after a restart`, async () => {
      run.backend = choice.create();
      run.sink = await startSink(0, { dataDelayMs: 12 });
      const env = { ...FAST_ENV, ...run.backend.env };
      const first = await startHerald({ env });
      run.processes.push(first);
      await turnGroupingOffVia(first); // one e-mail per event: this test counts them
      expect((await api(first, 'PUT', '/api/v1/settings/email', { recipients: 'soc@corp.example', servers: `127.0.0.1:${run.sink.port}`, sender: 'herald@corp.example', tls: { mode: 'none' } })).status).toBe(200);
      const events = Array.from({ length: COUNT }, (_, i) => ({ id: `crash-${i}`, occurredAt: '2026-11-28T04:00:00Z', severity: 'critical', type: 'GNRL_EV_VIRUS_FOUND' }));
      const posted = await api<{ accepted: number }>(first, 'POST', '/api/v1/events', { events });
      expect(posted).toMatchObject({ status: 202, body: { accepted: COUNT } });

      // Kill it in the middle: some delivered, most not.
      await expect.poll(() => run.sink!.messages.length, { timeout: 15_000, interval: 5 }).toBeGreaterThanOrEqual(60);
      await first.kill();
      const atKill = run.sink.messages.length;
      expect(atKill).toBeLessThan(COUNT);

      const started = Date.now();
      const second = await startHerald({ env, dataDir: first.dataDir, adminToken: first.adminToken });
      run.processes.push(second);
      await expect
        .poll(async () => (await allNotifications(second)).filter((n) => n.status === 'sent').length, { timeout: 90_000, interval: 250 })
        .toBe(COUNT);
      const notifications = await allNotifications(second);
      expect(notifications).toHaveLength(COUNT);
      const delivered = new Set(run.sink.messages.map((m) => m.messageId));
      const missing = notifications.filter((n) => !delivered.has(n.messageId));
      expect(missing).toEqual([]);
      const duplicates = run.sink.duplicates();
      console.log(
        `[crash ${choice.name}] ${COUNT} notifications, ${atKill} delivered before SIGKILL, all sent ${Date.now() - started} ms after restart; ` +
          `${run.sink.messages.length} messages received, ${duplicates.size} delivered twice or more` +
          (duplicates.size > 0 ? `: ${[...duplicates].map(([id, n]) => `${id}×${n}`).join(' ')}` : ''),
      );
      expect(run.sink.messages.length).toBe(COUNT + [...duplicates.values()].reduce((sum, n) => sum + n - 1, 0));
      expect(await second.stop()).toBe(0);
    }, TEST_TIMEOUT_MS);
  });
});
