/**
 * SMTP trouble against a real server process, on SQLite and PostgreSQL: with the SMTP server
 * down (closed port) events still get 202 and their notifications wait `deferred` with
 * CONNECTION_FAILED; once a server listens on that port they are all delivered. A server that
 * answers 4xx is retried until it recovers; one that answers 5xx for every recipient makes the
 * notification `failed` with RECIPIENT_REJECTED and smtpCode 550 — and nothing is retried then.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { api, startHerald, type HeraldProcess, turnGroupingOffVia } from '../support/herald.test-helpers.js';
import { backends, FAST_ENV, type Backend } from './backends.test-helpers.js';
import { freePort, startSink, type SmtpSink } from './smtp-sink.test-helpers.js';

type Notification = { id: string; status: string; eventIds: string[]; messageId: string; attemptCount: number; lastError: { code: string; message: string; smtpCode?: number } | null };
type NotificationList = { items: Notification[]; nextCursor: string | null };

/** Polls wait this long for what a loaded 2-CPU machine may take seconds to do; a test holds several. */
const POLL_TIMEOUT_MS = 30_000;

/** Retried and waiting: at least `attempts` attempts, neither sent nor failed (a retry may be running right now). */
const waitingAfter = (attempts: number) => (n: Notification) => n.attemptCount >= attempts && (n.status === 'deferred' || n.status === 'sending');

function events(prefix: string, count: number) {
  return Array.from({ length: count }, (_, i) => ({ id: `${prefix}-${i}`, occurredAt: '2026-11-28T04:00:00Z', severity: 'error', type: 'KLPRCI_TaskState' }));
}

describe.each(await backends())('SMTP outages on $name', (choice) => {
  describe.skipIf(choice.skip !== null)(choice.skip ?? 'outage', () => {
    let backend: Backend | null = null;
    let herald: HeraldProcess | null = null;
    const sinks: SmtpSink[] = [];
    afterEach(async () => {
      if (herald !== null) expect(await herald.stop()).toBe(0);
      for (const sink of sinks.splice(0)) await sink.close();
      await backend?.cleanup();
    });

    const byPrefix = async (prefix: string) =>
      (await api<NotificationList>(herald!, 'GET', '/api/v1/notifications?limit=500')).body.items.filter((n) => n.eventIds[0]!.startsWith(`${prefix}-`));

    it('defers while the server is down, delivers when it is back; retries 4xx; fails 5xx with 550', async () => {
      backend = choice.create();
      herald = await startHerald({ env: { ...FAST_ENV, ...backend.env } });
      const port = await freePort();
      await turnGroupingOffVia(herald); // one e-mail per event: this test counts them
      const settings = await api(herald, 'PUT', '/api/v1/settings/email', { recipients: 'soc@corp.example; ops@corp.example', servers: `127.0.0.1:${port}`, sender: 'herald@corp.example', tls: { mode: 'none' } });
      expect(settings.status).toBe(200);

      // (b) down: 20 events accepted, their notifications deferred with CONNECTION_FAILED.
      expect((await api(herald, 'POST', '/api/v1/events', { events: events('down', 20) })).status).toBe(202);
      // All 20 at once `deferred` is a moment a retry can always interrupt: wait for each to have
      // been tried and deferred instead (its last error stays while it is retried).
      await expect.poll(async () => (await byPrefix('down')).filter(waitingAfter(1)).length, { timeout: POLL_TIMEOUT_MS, interval: 100 }).toBe(20);
      for (const n of await byPrefix('down')) expect(n.lastError?.code).toBe('CONNECTION_FAILED');
      const sink = await startSink(port);
      sinks.push(sink);
      await expect.poll(async () => (await byPrefix('down')).filter((n) => n.status === 'sent').length, { timeout: POLL_TIMEOUT_MS, interval: 100 }).toBe(20);
      expect(new Set(sink.messages.map((m) => m.messageId)).size).toBe(20);
      expect(sink.messages.every((m) => m.rcptTo.length === 2)).toBe(true);

      // (c) 4xx: deferred with the server's code, sent once it recovers.
      sink.behaviour.mode = 'tempfail';
      expect((await api(herald, 'POST', '/api/v1/events', { events: events('busy', 3) })).status).toBe(202);
      await expect.poll(async () => (await byPrefix('busy')).filter(waitingAfter(2)).length, { timeout: POLL_TIMEOUT_MS, interval: 100 }).toBe(3);
      for (const n of await byPrefix('busy')) expect(n.lastError).toMatchObject({ smtpCode: 451 });
      sink.behaviour.mode = 'accept';
      await expect.poll(async () => (await byPrefix('busy')).filter((n) => n.status === 'sent').length, { timeout: POLL_TIMEOUT_MS, interval: 100 }).toBe(3);

      // (c) 5xx for every recipient: failed at once, RECIPIENT_REJECTED with 550, not retried.
      sink.behaviour.mode = 'permfail';
      expect((await api(herald, 'POST', '/api/v1/events', { events: events('gone', 2) })).status).toBe(202);
      await expect.poll(async () => (await byPrefix('gone')).filter((n) => n.status === 'failed').length, { timeout: POLL_TIMEOUT_MS, interval: 100 }).toBe(2);
      await new Promise((resolve) => setTimeout(resolve, 1_200)); // longer than HERALD_RETRY_MAX_MS
      for (const n of await byPrefix('gone')) {
        expect(n).toMatchObject({ status: 'failed', attemptCount: 1, lastError: { code: 'RECIPIENT_REJECTED', smtpCode: 550 } });
      }
      expect(sink.received).toHaveLength(23);
    }, 150_000);
  });
});
