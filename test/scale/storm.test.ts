/**
 * Storm control with two Herald processes on one PostgreSQL database: both receive events of
 * the same kind at the same time (so both try to start the group and both schedulers see it
 * due), yet there is exactly one first notification, never two digests for one interval, and
 * every event is covered by exactly one notification (checked from the ledger and at the sink).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { api, type HeraldProcess } from '../support/herald.test-helpers.js';
import { createCluster, postgresSkip, SETTLE_MS, type Cluster } from './cluster.test-helpers.js';
import { startSink, type SmtpSink } from '../e2e/smtp-sink.test-helpers.js';

const skip = await postgresSkip();

interface NotificationView {
  id: string;
  kind: string;
  eventCount: number;
  groupId: string | null;
  createdAt: string;
  messageId: string;
  status: string;
}

function event(id: string, device: string) {
  return { id, occurredAt: new Date().toISOString(), severity: 'critical', type: 'GNRL_EV_VIRUS_FOUND', device: { id: device, name: device }, application: { id: 'kes' } };
}

async function post(herald: HeraldProcess, events: Array<ReturnType<typeof event>>): Promise<void> {
  const answer = await api(herald, 'POST', '/api/v1/events', { events });
  if (answer.status !== 202) throw new Error(`POST /api/v1/events answered ${answer.status}`);
}

describe.skipIf(skip !== null)(skip ?? 'storm control on several instances', () => {
  let cluster: Cluster | null = null;
  let sink: SmtpSink | null = null;
  afterEach(async () => {
    await cluster?.cleanup();
    cluster = null;
    await sink?.close();
  });

  it('two instances: one first notification per group, no double digest, every event covered once', async () => {
    cluster = createCluster();
    sink = await startSink();
    const [a, b] = await cluster.startMany(2);
    expect((await api(a!, 'PUT', '/api/v1/settings/email', { recipients: 'soc@corp.example', servers: `127.0.0.1:${sink.port}`, sender: 'herald@corp.example', tls: { mode: 'none' } })).status).toBe(200);
    const intervalSeconds = 1;
    expect((await api(a!, 'PUT', '/api/v1/settings/rules', { grouping: { by: ['application', 'eventType'], intervalSeconds } })).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));

    // Both instances start the same group at the same moment, then keep receiving its events for ~4 s.
    await Promise.all([post(a!, [event('start-a', 'WKS-A')]), post(b!, [event('start-b', 'WKS-B')])]);
    let sent = 2;
    for (let round = 0; round < 20; round++) {
      await Promise.all([
        post(a!, Array.from({ length: 5 }, (_, i) => event(`a-${round}-${i}`, `WKS-${i}`))),
        post(b!, Array.from({ length: 5 }, (_, i) => event(`b-${round}-${i}`, `WKS-${i + 5}`))),
      ]);
      sent += 10;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }

    // Wait until every event is covered and every notification delivered.
    const ledger = async () => (await api<{ items: NotificationView[] }>(a!, 'GET', '/api/v1/notifications?limit=500')).body.items;
    await expect
      .poll(async () => (await ledger()).filter((n) => n.status === 'sent').reduce((sum, n) => sum + n.eventCount, 0), { timeout: 60_000, interval: 250 })
      .toBe(sent);
    const notifications = await ledger();
    const firsts = notifications.filter((n) => n.kind === 'first');
    const digests = notifications.filter((n) => n.kind === 'digest').sort((x, y) => Date.parse(x.createdAt) - Date.parse(y.createdAt));
    console.log(`[storm scale] ${sent} events via two instances → ${firsts.length} first + ${digests.length} digests (${sink.messages.length} messages at the sink)`);
    expect(firsts).toHaveLength(1);
    expect(new Set(notifications.map((n) => n.groupId)).size).toBe(1);
    // One digest per interval at most: consecutive digests are at least an interval apart.
    const created = digests.map((d) => Date.parse(d.createdAt));
    for (let i = 1; i < created.length; i++) expect(created[i]! - created[i - 1]!).toBeGreaterThanOrEqual(intervalSeconds * 1000 - 5);

    // Every event covered by exactly one notification (from the ledger), each notification's count exact.
    const events = (await api<{ items: Array<{ id: string; notificationId: string | null }> }>(b!, 'GET', '/api/v1/events?limit=500')).body.items;
    expect(events).toHaveLength(sent);
    expect(events.filter((e) => e.notificationId === null)).toEqual([]);
    const byNotification = new Map<string, number>();
    for (const e of events) byNotification.set(e.notificationId!, (byNotification.get(e.notificationId!) ?? 0) + 1);
    for (const n of notifications) expect(byNotification.get(n.id)).toBe(n.eventCount);
    // And at the sink: one message per notification (duplicates would be at-least-once redelivery, not design).
    expect(sink.unique()).toBe(notifications.length);
  }, 120_000); // two server starts, ~4 s of posting and the drain: more than the default 30 s under load
});
