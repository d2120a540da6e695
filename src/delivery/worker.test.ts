/**
 * The worker with the real pipeline, a real SMTP server (`smtp-server` in-process) and real
 * stores: on an idle queue the first attempt starts within 1 s of the ingest commit (API.md;
 * the measured time is printed), stop() drains an attempt in flight instead of abandoning it,
 * a lease is renewed while a slow attempt outlives it (no second delivery by another worker),
 * and concurrent workers on one PostgreSQL database deliver each notification once.
 */
import { turnGroupingOff } from '../grouping/grouping-off.test-helpers.js';
import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createSecretBox } from '../config/secret-box.js';
import { defaultEmailSettings } from '../domain/email-settings.js';
import type { HeraldEvent } from '../domain/event.js';
import { IngestService } from '../ingest/service.js';
import { SenderUnavailableError } from './transport-cache.js';
import { createMetrics } from '../observability/metrics.js';
import { ConfigSnapshots } from '../settings/snapshot.js';
import type { Store } from '../store/ports.js';
import { storeFactories } from '../store/store-factories.test-helpers.js';
import { startSink, type SmtpSink } from '../../test/e2e/smtp-sink.test-helpers.js';
import { startWorker, type WorkerHarness } from '../../test/e2e/worker-harness.test-helpers.js';

function event(id: string): HeraldEvent {
  return {
    id,
    occurredAt: new Date('2026-11-28T04:00:00Z'),
    receivedAt: new Date(),
    severity: 'critical',
    type: 'GNRL_EV_VIRUS_FOUND',
    typeName: null,
    description: null,
    device: { id: null, name: 'WKS-042', domain: null, ip: null },
    application: { id: null, name: null, version: null },
    task: null,
    data: null,
    sourceIp: null,
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const factories = await storeFactories();

describe.each(factories)('worker on $name', (factory) => {
  describe.skipIf(factory.skip !== null)(factory.skip ?? 'worker', () => {
    let store: Store;
    let sink: SmtpSink;
    let ingest: IngestService;
    const harnesses: WorkerHarness[] = [];
    const secrets = createSecretBox(randomBytes(32));

    beforeEach(async () => {
      store = await factory.open();
      // One e-mail per event (grouping off): these tests are about the outbox.
      await turnGroupingOff(store);
      sink = await startSink();
      await store.settings.putEmail({ ...defaultEmailSettings(), recipients: ['soc@corp.example'], servers: [`127.0.0.1:${sink.port}`], sender: 'herald@corp.example', tls: { ...defaultEmailSettings().tls, mode: 'none' } });
      const clock = () => new Date();
      ingest = new IngestService(store, new ConfigSnapshots(store, clock), createMetrics(store, clock), clock);
    });
    afterEach(async () => {
      await Promise.all(harnesses.splice(0).map((h) => h.stop()));
      await sink.close();
      await factory.cleanup();
    });

    // PostgreSQL's cross-process wake-up is measured in test/e2e/roles.test.ts.
    // One store suffices for the timing case; the sharing case needs several connections (PostgreSQL).
    const onSqlite = factory.name === 'sqlite' ? it : () => undefined;
    const onPostgres = factory.name === 'postgres' ? it : () => undefined;

    onSqlite('starts the first attempt within 1 s of the commit on an idle queue', async () => {
      harnesses.push(startWorker(store, { secrets }));
      const samples: number[] = [];
      for (let i = 0; i < 2; i += 1) {
        await sleep(1_150); // idle: the worker is asleep in its poll wait
        let dataAt = 0;
        const connectionsBefore = sink.connections;
        sink.onDataStart = () => (dataAt ||= Date.now());
        const committed = Date.now();
        await ingest.ingest([event(`pickup-${i}`)]);
        const acceptedAt = Date.now();
        await expect.poll(() => dataAt, { timeout: 3_000, interval: 5 }).toBeGreaterThan(0);
        samples.push(dataAt - acceptedAt);
        expect(sink.connections - connectionsBefore).toBeLessThanOrEqual(1);
        expect(acceptedAt - committed).toBeLessThan(1_000);
      }
      console.log(`[pickup latency, ${factory.name}] 202→DATA ms: ${samples.join(', ')}`);
      for (const sample of samples) expect(sample).toBeLessThan(1_500);
    });

    it('drains an attempt in flight on stop(): delivered and recorded as sent', async () => {
      const harness = startWorker(store, { secrets });
      sink.behaviour.dataDelayMs = 1_000;
      let inData = false;
      sink.onDataStart = () => (inData = true);
      await ingest.ingest([event('drain-1')]);
      await expect.poll(() => inData, { timeout: 3_000, interval: 5 }).toBe(true);
      const stopping = Date.now();
      await harness.stop();
      const stoppedAfter = Date.now() - stopping;
      expect(stoppedAfter).toBeGreaterThan(500); // it waited for the 250 …
      expect(sink.messages).toHaveLength(1);
      const [notification] = (await store.notifications.list({}, { limit: 10 })).items;
      expect(notification).toMatchObject({ status: 'sent', attemptCount: 1, leaseOwner: null });
    });

    it('renews the lease while a slow attempt outlives it: a second worker does not send it again', async () => {
      sink.behaviour.dataDelayMs = 1_500;
      harnesses.push(startWorker(store, { secrets, leaseMs: 400 }));
      let inData = false;
      sink.onDataStart = () => (inData = true);
      await ingest.ingest([event('lease-1')]);
      await expect.poll(() => inData, { timeout: 3_000, interval: 5 }).toBe(true);
      if (factory.name === 'postgres') {
        // A second instance on the same database, polling while the first one is still in DATA.
        harnesses.push(startWorker(await factory.reopen(), { secrets, leaseMs: 400 }));
      }
      await expect.poll(async () => (await store.notifications.list({}, { limit: 1 })).items[0]?.status, { timeout: 5_000 }).toBe('sent');
      await sleep(600);
      expect(sink.received).toHaveLength(1);
      expect((await store.notifications.list({}, { limit: 1 })).items[0]?.attemptCount).toBe(1);
    });

    it('puts a notification back without an attempt while its sender is unavailable (the delivery thread restarting), then delivers it', async () => {
      let refusals = 0;
      let retryAt = 0;
      const harness = startWorker(store, {
        secrets,
        wrapSender: (sender) => ({
          send: (message) => {
            if (refusals > 0) return sender.send(message);
            refusals += 1;
            retryAt = Date.now() + 400;
            return Promise.reject(new SenderUnavailableError('The delivery thread is restarting after it stopped', new Date(retryAt)));
          },
          close: () => sender.close(),
        }),
      });
      harnesses.push(harness);
      await ingest.ingest([event('unavailable-1')]);
      await expect.poll(() => refusals, { timeout: 3_000 }).toBe(1);
      await expect.poll(async () => (await store.notifications.list({}, { limit: 1 })).items[0]?.status, { timeout: 5_000 }).toBe('sent');
      const [notification] = (await store.notifications.list({}, { limit: 1 })).items;
      expect(notification?.attemptCount).toBe(1); // the refusal was no attempt
      expect(Date.parse(notification?.sentAt?.toISOString() ?? '')).toBeGreaterThanOrEqual(retryAt);
      expect(sink.messages).toHaveLength(1);
      expect(harness.logs.join('')).not.toContain('could not be recorded');
    });

    onPostgres('shares the queue between workers on one database without sending anything twice', async () => {
      sink.behaviour.dataDelayMs = 5;
      const events = Array.from({ length: 120 }, (_, i) => event(`shared-${i}`));
      await ingest.ingest(events);
      harnesses.push(startWorker(store, { secrets, concurrency: 4 }));
      harnesses.push(startWorker(await factory.reopen(), { secrets, concurrency: 4 }));
      await expect.poll(async () => (await store.notifications.stats()).byStatus.sent, { timeout: 20_000 }).toBe(120);
      expect(sink.messages).toHaveLength(120);
      expect(sink.duplicates().size).toBe(0);
    });
  });
});
