/**
 * Several instances on one PostgreSQL database (`herald serve --role api` + `--role worker`,
 * two real processes): an event accepted by the API process is delivered by the worker process
 * within 1 s on an idle queue (the cross-instance wake-up), exactly once. The bound is checked
 * on the server's own clock (creation in the API process → attempt start in the worker), which
 * is what API.md promises; the test's wall-clock view (202 → DATA at the sink) is printed.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { api, startHerald, type HeraldProcess, turnGroupingOffVia } from '../support/herald.test-helpers.js';
import { backends, FAST_ENV, type Backend } from './backends.test-helpers.js';
import { startSink, type SmtpSink } from './smtp-sink.test-helpers.js';

const postgres = (await backends()).find((b) => b.name === 'postgres')!;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.skipIf(postgres.skip !== null)(postgres.skip ?? 'api and worker processes on PostgreSQL', () => {
  let backend: Backend | null = null;
  let sink: SmtpSink | null = null;
  const processes: HeraldProcess[] = [];
  afterEach(async () => {
    for (const herald of processes.splice(0)) expect(await herald.stop()).toBe(0);
    await sink?.close();
    await backend?.cleanup();
  });

  it('wakes the worker process on a commit in the API process', async () => {
    backend = postgres.create();
    sink = await startSink();
    const env = { ...FAST_ENV, ...backend.env };
    const apiProcess = await startHerald({ env, role: 'api' });
    processes.push(apiProcess);
    processes.push(await startHerald({ env, role: 'worker', adminToken: apiProcess.adminToken }));
    await turnGroupingOffVia(apiProcess); // one e-mail per event: this test counts them
    expect((await api(apiProcess, 'PUT', '/api/v1/settings/email', { recipients: 'soc@corp.example', servers: `127.0.0.1:${sink.port}`, sender: 'herald@corp.example', tls: { mode: 'none' } })).status).toBe(200);

    const samples: number[] = [];
    for (let i = 0; i < 4; i += 1) {
      await sleep(1_150);
      let dataAt = 0;
      sink.onDataStart = () => (dataAt ||= Date.now());
      const answer = await api(apiProcess, 'POST', '/api/v1/events', { events: [{ id: `roles-${i}`, occurredAt: '2026-11-28T04:00:00Z', severity: 'critical', type: 'T' }] });
      const answeredAt = Date.now();
      expect(answer.status).toBe(202);
      await expect.poll(() => dataAt, { timeout: 30_000, interval: 5 }).toBeGreaterThan(0);
      samples.push(dataAt - answeredAt);
    }
    // The worker's own view: from creation (in the API process) to the attempt's start. DATA
    // reaches the sink before the attempt is recorded: read the log once all four are sent.
    type Listed = { items: Array<{ id: string; status: string; createdAt: string }> };
    const listed = () => api<Listed>(apiProcess, 'GET', '/api/v1/notifications');
    await expect.poll(async () => (await listed()).body.items.filter((n) => n.status === 'sent').length, { timeout: 30_000, interval: 100 }).toBe(4);
    const list = await listed();
    const starts: number[] = [];
    for (const n of list.body.items.reverse()) {
      const d = await api<{ attemptLog: Array<{ at: string }> }>(apiProcess, 'GET', `/api/v1/notifications/${n.id}`);
      starts.push(Date.parse(d.body.attemptLog[0]!.at) - Date.parse(n.createdAt));
    }
    console.log(`[pickup latency, api→worker process/postgres] 202→DATA ms: ${samples.join(', ')}; created→attempt start ms: ${starts.join(', ')}`);
    // The first delivery of a fresh worker process also warms its pool connections and code
    // paths (startHerald waits until the process is up, so its start-up is not counted).
    expect(starts[0]).toBeLessThan(3_000);
    for (const start of starts.slice(1)) expect(start).toBeLessThan(1_000);
    expect(sink.messages).toHaveLength(4);
    expect(sink.duplicates().size).toBe(0);
  }, 120_000);
});
