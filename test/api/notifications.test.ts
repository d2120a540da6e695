/**
 * The delivery ledger over both stores, with a real worker and a real SMTP server in-process
 * (API.md "Notifications", "Operations"): list with status filter and paging, detail with the
 * attempt log (and why "if supported" went in clear), manual retry (202 for failed then
 * delivered, 409 otherwise, 404 unknown), the headers (Message-ID `<id@sender domain>` stable across retries, X-Herald-*, Auto-Submitted),
 * one SMTP transaction for all recipients, recipients the server refuses recorded, 4xx retried,
 * 5xx for all failed with RECIPIENT_REJECTED/550, and the metrics an operator alerts on.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { storeFactories } from '../../src/store/store-factories.test-helpers.js';
import type { Store } from '../../src/store/ports.js';
import { turnGroupingOff } from '../../src/grouping/grouping-off.test-helpers.js';
import { buildTestApp, type TestApp } from '../support/app.test-helpers.js';
import { startSink, type SmtpSink } from '../e2e/smtp-sink.test-helpers.js';
import { startWorker, type WorkerHarness } from '../e2e/worker-harness.test-helpers.js';

type ErrorAnswer = { error: { code: string; message: string; field?: string } };
type DeliveryError = { code: string; message: string; smtpCode?: number };
type Notification = {
  id: string;
  status: 'queued' | 'sending' | 'deferred' | 'sent' | 'failed';
  eventIds: string[];
  applicationId: string | null;
  recipients: string[];
  subject: string;
  messageId: string;
  attemptCount: number;
  nextAttemptAt: string | null;
  lastError: DeliveryError | null;
  createdAt: string;
  sentAt: string | null;
  server: string | null;
  rejectedRecipients: string[];
};
type Detail = Notification & {
  attemptLog: Array<{ at: string; server: string; stage: string; ok: boolean; error: DeliveryError | null; tls: unknown; note?: string; plaintextReason?: string }>;
};
type NotificationList = { items: Notification[]; nextCursor: string | null };

function ev(id: string, severity = 'critical'): Record<string, unknown> {
  return { id, occurredAt: '2026-11-28T04:00:00Z', severity, type: 'GNRL_EV_VIRUS_FOUND', typeName: 'Malicious object detected', device: { name: 'WKS-042' } };
}

const factories = await storeFactories();

describe.each(factories)('notifications ledger on $name', (factory) => {
  describe.skipIf(factory.skip !== null)(factory.skip ?? 'ledger', () => {
    let store: Store;
    let t: TestApp;
    let sink: SmtpSink;
    let harness: WorkerHarness;
    beforeEach(async () => {
      store = await factory.open();
      // These tests pin one e-mail per event (grouping off); storm control has its own tests.
      await turnGroupingOff(store);
      t = await buildTestApp(store);
      sink = await startSink();
      harness = startWorker(store, { secrets: t.context.secrets, metrics: t.context.metrics, snapshots: t.context.snapshots });
    });
    afterEach(async () => {
      await harness.stop();
      await t.app.close();
      await sink.close();
      await factory.cleanup();
    });

    const configure = async (recipients = 'soc@corp.example; Jane Doe <jane@corp.example>; bob@corp.example') => {
      const answer = await t.call('PUT', '/api/v1/settings/email', { recipients, servers: `127.0.0.1:${sink.port}`, sender: 'Herald <herald@alerts.corp.example>', tls: { mode: 'none' } });
      expect(answer.status).toBe(200);
    };
    const send = async (...events: Record<string, unknown>[]) => {
      expect((await t.call('POST', '/api/v1/events', { events })).status).toBe(202);
    };
    const list = async (query = '') => (await t.call<NotificationList>('GET', `/api/v1/notifications?limit=500${query}`)).body.items;
    const detail = async (id: string) => (await t.call<Detail>('GET', `/api/v1/notifications/${id}`)).body;
    const statusOf = async (id: string) => (await detail(id)).status;
    const onlyNotification = async () => {
      const items = await list();
      expect(items).toHaveLength(1);
      return items[0]!;
    };

    it('delivers in one SMTP transaction with stable headers, and records the attempt log', async () => {
      await configure();
      await send(ev('evt-1'));
      const { id } = await onlyNotification();
      await expect.poll(() => statusOf(id), { timeout: 10_000 }).toBe('sent');
      expect(sink.messages).toHaveLength(1);
      const mail = sink.messages[0]!;
      expect(mail.rcptTo.sort()).toEqual(['bob@corp.example', 'jane@corp.example', 'soc@corp.example']);
      expect(mail.mailFrom).toBe('herald@alerts.corp.example');
      expect(mail.messageId).toBe(`<${id}@alerts.corp.example>`);
      expect(mail.header('X-Herald-Notification-Id')).toBe(id);
      expect(mail.header('X-Herald-Event-Id')).toBe('evt-1');
      expect(mail.header('Auto-Submitted')).toBe('auto-generated');
      const sent = await detail(id);
      expect(sent).toMatchObject({ status: 'sent', attemptCount: 1, lastError: null, rejectedRecipients: [], messageId: `<${id}@alerts.corp.example>` });
      expect(sent.server).toBe(`127.0.0.1:${sink.port}`);
      expect(sent.sentAt).not.toBeNull();
      expect(sent.attemptLog).toHaveLength(1);
      expect(sent.attemptLog[0]).toMatchObject({ ok: true, stage: 'done', server: `127.0.0.1:${sink.port}`, error: null });
      expect(sent.attemptLog[0]).not.toHaveProperty('plaintextReason'); // TLS not wanted: nothing went in clear by surprise
      expect((await t.call<ErrorAnswer>('GET', '/api/v1/notifications/does-not-exist')).status).toBe(404);
    });

    it('records why "if supported" sent in clear through a server without STARTTLS (plaintextReason beside the note)', async () => {
      const answer = await t.call('PUT', '/api/v1/settings/email', { recipients: 'soc@corp.example', servers: `127.0.0.1:${sink.port}`, tls: { mode: 'opportunistic' } });
      expect(answer.status).toBe(200);
      await send(ev('evt-in-clear'));
      const { id } = await onlyNotification();
      await expect.poll(() => statusOf(id), { timeout: 10_000 }).toBe('sent');
      const { attemptLog } = await detail(id);
      expect(attemptLog).toMatchObject([{ ok: true, stage: 'done', tls: null, plaintextReason: 'STARTTLS_NOT_OFFERED' }]);
      expect(attemptLog[0]?.note).toContain('did not offer STARTTLS');
    });

    it('never lets an event id add header lines or recipients', async () => {
      await configure('soc@corp.example');
      const id = 'evt-1\r\nBcc: attacker@evil.example\r\nX-Injected: yes';
      await send({ ...ev('x'), id, typeName: 'Name\r\nX-Injected-2: yes' });
      const notification = await onlyNotification();
      await expect.poll(() => statusOf(notification.id), { timeout: 10_000 }).not.toMatch(/queued|sending/);
      expect(await detail(notification.id)).toMatchObject({ status: 'sent', lastError: null });
      const mail = sink.messages[0]!;
      expect(mail.rcptTo).toEqual(['soc@corp.example']);
      expect(mail.header('Bcc')).toBeNull();
      expect(mail.header('X-Injected')).toBeNull();
      expect(mail.header('X-Injected-2')).toBeNull();
      expect(mail.header('X-Herald-Event-Id')).toContain('evt-1');
    });

    it('keeps the Message-ID across retries and retries a 4xx until the server recovers', async () => {
      await configure();
      sink.behaviour.failNextData = 2;
      await send(ev('evt-retry'));
      const { id } = await onlyNotification();
      await expect.poll(() => statusOf(id), { timeout: 15_000 }).toBe('sent');
      expect(sink.received.length).toBe(3);
      expect(new Set(sink.received.map((m) => m.messageId))).toEqual(new Set([`<${id}@alerts.corp.example>`]));
      expect(sink.messages).toHaveLength(1);
      const done = await detail(id);
      expect(done.attemptCount).toBe(3);
      expect(done.attemptLog.map((a) => a.ok)).toEqual([false, false, true]);
      expect(done.attemptLog[0]!.error).toMatchObject({ smtpCode: 451 });
      expect(done.attemptLog[0]!.stage).toBe('data');

      // RCPT answered 451: deferred (with a next attempt), then sent once the server recovers.
      sink.behaviour.mode = 'tempfail';
      await send(ev('evt-tempfail'));
      const deferred = (await list()).find((n) => n.eventIds[0] === 'evt-tempfail')!;
      await expect.poll(async () => (await detail(deferred.id)).status, { timeout: 10_000 }).toBe('deferred');
      const waiting = await detail(deferred.id);
      expect(waiting.lastError).toMatchObject({ smtpCode: 451 });
      expect(waiting.nextAttemptAt).not.toBeNull();
      expect((await t.call<ErrorAnswer>('POST', `/api/v1/notifications/${deferred.id}/retry`)).body.error.code).toBe('CONFLICT');
      sink.behaviour.mode = 'accept';
      await expect.poll(() => statusOf(deferred.id), { timeout: 10_000 }).toBe('sent');
    });

    it('records recipients the server refuses while it accepts the others (partial success)', async () => {
      await configure('soc@corp.example; gone@corp.example; jane@corp.example');
      sink.behaviour.rejectRecipients.add('gone@corp.example');
      await send(ev('evt-partial'));
      const { id } = await onlyNotification();
      await expect.poll(() => statusOf(id), { timeout: 10_000 }).toBe('sent');
      expect((await detail(id)).rejectedRecipients).toEqual(['gone@corp.example']);
      expect(sink.messages).toHaveLength(1);
      expect(sink.messages[0]!.rcptTo.sort()).toEqual(['jane@corp.example', 'soc@corp.example']);
    });

    it('fails on 5xx for every recipient (RECIPIENT_REJECTED, 550); retry → 202, delivered once the server accepts; 409 otherwise', async () => {
      await configure();
      sink.behaviour.mode = 'permfail';
      await send(ev('evt-5xx'));
      const { id } = await onlyNotification();
      await expect.poll(() => statusOf(id), { timeout: 10_000 }).toBe('failed');
      const failed = await detail(id);
      expect(failed.lastError).toMatchObject({ code: 'RECIPIENT_REJECTED', smtpCode: 550 });
      expect(failed.attemptCount).toBe(1);
      expect(sink.received).toHaveLength(0);

      sink.behaviour.mode = 'accept';
      const retry = await t.call<{ id: string; status: string }>('POST', `/api/v1/notifications/${id}/retry`);
      expect(retry.status).toBe(202);
      await expect.poll(() => statusOf(id), { timeout: 10_000 }).toBe('sent');
      expect(sink.messages).toHaveLength(1);
      expect(sink.messages[0]!.messageId).toBe(`<${id}@alerts.corp.example>`);
      const sent = await detail(id);
      expect(sent.attemptLog.map((a) => a.ok)).toEqual([false, true]);

      const again = await t.call<ErrorAnswer>('POST', `/api/v1/notifications/${id}/retry`);
      expect(again.status).toBe(409);
      expect(again.body.error.code).toBe('CONFLICT');
      const unknown = await t.call<ErrorAnswer>('POST', '/api/v1/notifications/no-such-id/retry');
      expect(unknown.status).toBe(404);
      expect(unknown.body.error.code).toBe('NOT_FOUND');
    });

    it('fails with MAX_AGE_EXCEEDED after the maximum age; a manual retry restarts the age clock', async () => {
      await harness.stop();
      harness = startWorker(store, { secrets: t.context.secrets, metrics: t.context.metrics, snapshots: t.context.snapshots, limits: { baseMs: 200, maxMs: 300, maxAgeMs: 1_500 } });
      await configure();
      sink.behaviour.mode = 'tempfail';
      await send(ev('evt-old'));
      const { id } = await onlyNotification();
      await expect.poll(() => statusOf(id), { timeout: 10_000 }).toBe('failed');
      const expired = await detail(id);
      expect(expired.lastError).toMatchObject({ code: 'MAX_AGE_EXCEEDED', smtpCode: 451 });
      expect(expired.lastError!.message).toMatch(/451|temporar/i);
      expect(expired.attemptCount).toBeGreaterThanOrEqual(2);

      // Still failing after the retry: deferred again (a fresh age), not failed at once.
      expect((await t.call('POST', `/api/v1/notifications/${id}/retry`)).status).toBe(202);
      await expect.poll(async () => (await detail(id)).attemptCount, { timeout: 5_000 }).toBe(expired.attemptCount + 1);
      expect(await statusOf(id)).toBe('deferred');
      sink.behaviour.mode = 'accept';
      await expect.poll(() => statusOf(id), { timeout: 5_000 }).toBe('sent');
    });

    it('retries a NOT_CONFIGURED notification once settings are fixed', async () => {
      await send(ev('evt-unconfigured'));
      const { id, status, lastError } = await onlyNotification();
      expect(status).toBe('failed');
      expect(lastError?.code).toBe('NOT_CONFIGURED');
      await configure();
      expect((await t.call('POST', `/api/v1/notifications/${id}/retry`)).status).toBe(202);
      await expect.poll(() => statusOf(id), { timeout: 10_000 }).toBe('sent');
      // It had no recipients at creation: it goes to the ones configured when it is retried.
      expect(sink.messages).toHaveLength(1);
      expect(sink.messages[0]!.rcptTo.sort()).toEqual(['bob@corp.example', 'jane@corp.example', 'soc@corp.example']);

      // Retried while there are still no recipients: failed again at once, not deferred for a day.
      await t.call('PUT', '/api/v1/settings/email', { servers: `127.0.0.1:${sink.port}` });
      await send(ev('evt-unconfigured-2'));
      const second = (await list()).find((n) => n.eventIds[0] === 'evt-unconfigured-2')!;
      expect(second.status).toBe('failed');
      expect((await t.call('POST', `/api/v1/notifications/${second.id}/retry`)).status).toBe(202);
      await expect.poll(async () => (await detail(second.id)).attemptCount, { timeout: 10_000 }).toBe(1);
      expect(await detail(second.id)).toMatchObject({ status: 'failed', lastError: { code: 'NOT_CONFIGURED' } });
    });

    it('lists by status, newest first, with cursor paging', async () => {
      await configure();
      await send(...Array.from({ length: 12 }, (_, i) => ev(`ok-${i}`)));
      await expect.poll(async () => (await list('&status=sent')).length, { timeout: 15_000 }).toBe(12);
      await t.call('PUT', '/api/v1/settings/email', {});
      await send(ev('bad-1'), ev('bad-2'), ev('bad-3'));
      expect((await list('&status=failed')).map((n) => n.eventIds[0]).sort()).toEqual(['bad-1', 'bad-2', 'bad-3']);
      expect(await list('&status=queued')).toEqual([]);
      const bad = await t.call<ErrorAnswer>('GET', '/api/v1/notifications?status=lost');
      expect(bad.status).toBe(400);
      expect(bad.body.error.field).toBe('status');

      const seen: Notification[] = [];
      let cursor: string | null = null;
      for (let pages = 0; pages < 20; pages += 1) {
        const query: string = cursor === null ? '?limit=5' : `?limit=5&before=${encodeURIComponent(cursor)}`;
        const page: { body: NotificationList } = await t.call<NotificationList>('GET', `/api/v1/notifications${query}`);
        seen.push(...page.body.items);
        cursor = page.body.nextCursor;
        if (cursor === null) break;
      }
      expect(seen).toHaveLength(15);
      expect(new Set(seen.map((n) => n.id)).size).toBe(15);
      const created = seen.map((n) => Date.parse(n.createdAt));
      expect([...created].sort((a, b) => b - a)).toEqual(created);
      expect(seen.slice(0, 3).every((n) => n.status === 'failed')).toBe(true);
    });

    it('exposes the metrics an operator alerts on', async () => {
      await configure();
      await send(ev('m-1'), ev('m-2', 'error'), ev('m-3', 'info'));
      await expect.poll(async () => (await list('&status=sent')).length, { timeout: 10_000 }).toBe(2);
      sink.behaviour.mode = 'tempfail';
      await send(ev('m-4'));
      await expect.poll(async () => (await list('&status=deferred')).length, { timeout: 10_000 }).toBe(1);
      const metrics = await t.call<string>('GET', '/metrics', undefined, null);
      expect(metrics.status).toBe(200);
      const text = metrics.raw;
      expect(text).toMatch(/^herald_events_received_total\{severity="critical"\} 2$/m);
      expect(text).toMatch(/^herald_events_received_total\{severity="info"\} 1$/m);
      expect(text).toMatch(/^herald_notifications\{status="sent"\} 2$/m);
      expect(text).toMatch(/^herald_notifications\{status="deferred"\} 1$/m);
      expect(text).toMatch(/^herald_delivery_attempts_total\{result="ok",reason="none"\} 2$/m);
      expect(text).toMatch(/^herald_delivery_attempts_total\{result="error",reason="RECIPIENT_REJECTED"\} [1-9]/m);
      expect(text).toMatch(/^herald_queue_oldest_age_seconds \d/m);
      expect(text).toMatch(/^herald_delivery_latency_seconds_count 2$/m);
    });
  });
});

describe.each(factories)('metrics token on $name', (factory) => {
  describe.skipIf(factory.skip !== null)(factory.skip ?? 'metrics', () => {
    afterEach(() => factory.cleanup());
    it('requires HERALD_METRICS_TOKEN as a bearer token when set', async () => {
      const t = await buildTestApp(await factory.open(), { HERALD_METRICS_TOKEN: 'metrics-secret-token' });
      try {
        const none = await t.call<ErrorAnswer>('GET', '/metrics', undefined, null);
        expect(none.status).toBe(401);
        expect(none.body.error.code).toBe('UNAUTHORIZED');
        expect((await t.call('GET', '/metrics', undefined, 'wrong-token')).status).toBe(401);
        const ok = await t.call('GET', '/metrics', undefined, 'metrics-secret-token');
        expect(ok.status).toBe(200);
        expect(ok.raw).toContain('herald_queue_oldest_age_seconds');
      } finally {
        await t.app.close();
      }
    });
  });
});
