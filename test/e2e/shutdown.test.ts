/**
 * The server process as an operator runs it (SQLite): on an idle queue the first delivery
 * attempt starts within 1 s of the event's 202 (API.md; measured and printed), and SIGTERM
 * while a delivery is in flight (the SMTP server delays its answer to DATA by ~1 s) lets that
 * delivery finish: the message arrives, the process exits 0, the ledger says `sent`.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open.js';
import { api, startHerald, type HeraldProcess, turnGroupingOffVia } from '../support/herald.test-helpers.js';
import { FAST_ENV } from './backends.test-helpers.js';
import { startSink, type SmtpSink } from './smtp-sink.test-helpers.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const event = (id: string) => ({ id, occurredAt: '2026-11-28T04:00:00Z', severity: 'critical', type: 'GNRL_EV_VIRUS_FOUND' });

describe('server process', () => {
  let herald: HeraldProcess | null = null;
  let sink: SmtpSink | null = null;
  afterEach(async () => {
    await herald?.kill();
    await sink?.close();
  });

  it('starts the first attempt within 1 s of the 202 on an idle queue, and drains on SIGTERM', async () => {
    sink = await startSink();
    herald = await startHerald({ env: FAST_ENV });
    await turnGroupingOffVia(herald); // one e-mail per event: this test counts them
    expect((await api(herald, 'PUT', '/api/v1/settings/email', { recipients: 'soc@corp.example', servers: `127.0.0.1:${sink.port}`, sender: 'herald@corp.example', tls: { mode: 'none' } })).status).toBe(200);

    const samples: number[] = [];
    for (let i = 0; i < 2; i += 1) {
      await sleep(1_150); // the worker is idle, asleep in its poll wait
      let dataAt = 0;
      sink.onDataStart = () => (dataAt ||= Date.now());
      const answer = await api(herald, 'POST', '/api/v1/events', { events: [event(`pickup-${i}`)] });
      const answeredAt = Date.now();
      expect(answer.status).toBe(202);
      await expect.poll(() => dataAt, { timeout: 3_000, interval: 5 }).toBeGreaterThan(0);
      samples.push(dataAt - answeredAt);
    }
    console.log(`[pickup latency, process/sqlite] 202→DATA ms: ${samples.join(', ')}`);
    for (const sample of samples) expect(sample).toBeLessThan(1_500);

    await expect.poll(() => sink!.messages.length, { timeout: 3_000 }).toBe(2);
    sink.behaviour.dataDelayMs = 1_000;
    let inData = false;
    sink.onDataStart = () => (inData = true);
    expect((await api(herald, 'POST', '/api/v1/events', { events: [event('drain-1')] })).status).toBe(202);
    await expect.poll(() => inData, { timeout: 3_000, interval: 5 }).toBe(true);
    const before = sink.messages.length;
    const code = await herald.stop();
    expect(code).toBe(0);
    expect(sink.messages.length).toBe(before + 1);
    expect(sink.messages.at(-1)!.header('X-Herald-Event-Id')).toBe('drain-1');

    const store = await openStore({ dataDir: herald.dataDir, sqliteSync: 'normal' });
    try {
      const items = (await store.notifications.list({}, { limit: 10 })).items;
      expect(items).toHaveLength(3);
      expect(items.map((n) => n.status)).toEqual(['sent', 'sent', 'sent']);
    } finally {
      await store.close();
    }
  });
});
