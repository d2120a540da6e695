/**
 * Storm control end to end, on SQLite and PostgreSQL, with real server processes and a real
 * SMTP server: grouping off keeps one e-mail per event; a group's first event is mailed at once
 * and the rest arrive as one digest with exact counts; idleSeconds ends a group; a SIGKILL with
 * events pending in a group loses none of them (one digest after the restart covers them all);
 * the rate limit is honoured at the sink; a throttling server is waited out without growing the
 * backoff; and a new kind of problem goes before a backlog of digests.
 */
import { describe, expect, it } from 'vitest';
import { api, startHerald, type HeraldProcess } from '../support/herald.test-helpers.js';
import { backends, e2eRunPerTest, FAST_ENV } from './backends.test-helpers.js';
import { decodeMimeWords, startSink, type SinkMessage } from './smtp-sink.test-helpers.js';

interface NotificationView {
  id: string;
  status: string;
  kind: 'single' | 'first' | 'digest';
  eventIds: string[];
  eventCount: number;
  groupId: string | null;
  subject: string;
  createdAt: string;
  messageId?: string;
}
interface EventView {
  id: string;
  notificationId: string | null;
  groupId: string | null;
  receivedAt: string;
}
interface GroupView {
  id: string;
  key: Record<string, string>;
  eventCount: number;
  pendingCount: number;
  notificationIds: string[];
}
interface AttemptView {
  at: string;
  ok: boolean;
  error: { code: string } | null;
}

/** A critical event of `type` from `device`. */
function event(id: string, type = 'GNRL_EV_VIRUS_FOUND', device = 'WKS-001') {
  return {
    id,
    occurredAt: new Date().toISOString(),
    severity: 'critical',
    type,
    typeName: type === 'GNRL_EV_VIRUS_FOUND' ? 'Malicious object detected' : 'Network attack detected',
    description: `Trojan found by ${id}`,
    device: { id: device, name: device },
    application: { id: 'kes', name: 'Kaspersky Endpoint Security' },
  };
}

async function notifications(herald: HeraldProcess): Promise<NotificationView[]> {
  const answer = await api<{ items: NotificationView[] }>(herald, 'GET', '/api/v1/notifications?limit=500');
  expect(answer.status).toBe(200);
  return answer.body.items;
}

async function events(herald: HeraldProcess, query = ''): Promise<EventView[]> {
  const answer = await api<{ items: EventView[] }>(herald, 'GET', `/api/v1/events?limit=500${query}`);
  expect(answer.status).toBe(200);
  return answer.body.items;
}

async function post(herald: HeraldProcess, ...batch: ReturnType<typeof event>[]): Promise<void> {
  expect(await api(herald, 'POST', '/api/v1/events', { events: batch })).toMatchObject({ status: 202, body: { accepted: batch.length } });
}

/** Every event is covered by exactly one notification, and every notification's count matches. */
async function expectEachEventCoveredOnce(herald: HeraldProcess, expectedEvents: number): Promise<void> {
  const all = await events(herald);
  expect(all).toHaveLength(expectedEvents);
  expect(all.filter((e) => e.notificationId === null).map((e) => e.id)).toEqual([]);
  for (const n of await notifications(herald)) {
    const covered = await events(herald, `&notificationId=${n.id}`);
    expect(covered).toHaveLength(n.eventCount);
  }
}

/** How long a message may take to reach the sink on a loaded machine: polls wait this long, never assert it. */
const ARRIVAL_TIMEOUT_MS = 30_000;
/** A test's budget: server starts and several such polls (the default 30 s is one poll's worth). */
const TEST_TIMEOUT_MS = 120_000;

type NotificationDetail = NotificationView & { attemptCount: number; attemptLog: AttemptView[] };

/**
 * A notification once it is recorded `sent`, with its attempt log. The sink holds a message
 * as soon as it answers 250, a moment before the server records the attempt (at-least-once):
 * a test that saw the message at the sink waits for the record instead of assuming it.
 */
async function sentNotification(herald: HeraldProcess, id: string): Promise<NotificationDetail> {
  const detail = () => api<NotificationDetail>(herald, 'GET', `/api/v1/notifications/${id}`);
  await expect.poll(async () => (await detail()).body.status, { timeout: ARRIVAL_TIMEOUT_MS, interval: 50 }).toBe('sent');
  return (await detail()).body;
}

/** The attempt log of a notification that reached the sink. */
async function attemptLog(herald: HeraldProcess, id: string): Promise<AttemptView[]> {
  return (await sentNotification(herald, id)).attemptLog;
}

const header = (message: SinkMessage | undefined, name: string) => {
  const value = message?.header(name) ?? null;
  return value === null ? null : decodeMimeWords(value);
};

describe.each(await backends())('storm control on $name', (choice) => {
  describe.skipIf(choice.skip !== null)(choice.skip ?? 'storm', () => {
    const run = e2eRunPerTest();

    /** A server process on a fresh database, its settings pointing at a fresh sink, with these rules and settings. */
    async function start(rules: Record<string, unknown>, email: Record<string, unknown> = {}, env: Record<string, string> = {}): Promise<HeraldProcess> {
      run.backend = choice.create();
      run.sink = await startSink();
      const herald = await startHerald({ env: { ...FAST_ENV, ...run.backend.env, ...env } });
      run.processes.push(herald);
      const settings = await api(herald, 'PUT', '/api/v1/settings/email', {
        recipients: 'soc@corp.example',
        servers: `127.0.0.1:${run.sink.port}`,
        sender: 'herald@corp.example',
        tls: { mode: 'none' },
        ...email,
      });
      expect(settings.status).toBe(200);
      expect((await api(herald, 'PUT', '/api/v1/settings/rules', rules)).status).toBe(200);
      return herald;
    }

    it('grouping off: one e-mail per event, as before', async () => {
      const herald = await start({ grouping: { by: [] } });
      await post(herald, ...Array.from({ length: 5 }, (_, i) => event(`off-${i}`)));
      await expect.poll(() => run.sink!.messages.length, { timeout: ARRIVAL_TIMEOUT_MS }).toBe(5);
      for (const message of run.sink!.messages) expect(header(message, 'X-Herald-Event-Count')).toBe('1');
      const all = await notifications(herald);
      expect(all.map((n) => n.kind)).toEqual(['single', 'single', 'single', 'single', 'single']);
      expect(all.every((n) => n.groupId === null && n.eventCount === 1)).toBe(true);
      await expectEachEventCoveredOnce(herald, 5);
      expect(await api(herald, 'GET', '/api/v1/groups')).toMatchObject({ status: 200, body: { items: [] } });
    }, TEST_TIMEOUT_MS);

    it('mails the first event of a group at once, then one digest with exact counts', async () => {
      const intervalMs = 3_000;
      const herald = await start({ grouping: { by: ['application', 'eventType'], intervalSeconds: intervalMs / 1000 } });
      const posted = Date.now();
      await post(herald, event('g-0', undefined, 'WKS-000'));
      await expect.poll(() => run.sink!.messages.length, { timeout: ARRIVAL_TIMEOUT_MS, interval: 20 }).toBe(1);
      expect(header(run.sink!.messages[0], 'Subject')).toBe('[Critical] Malicious object detected on WKS-000');

      // 9 more of the same kind from 3 devices: one digest, not before the interval has passed.
      await post(herald, ...Array.from({ length: 9 }, (_, i) => event(`g-${i + 1}`, undefined, `WKS-00${i % 3}`)));
      await expect.poll(() => run.sink!.messages.length, { timeout: ARRIVAL_TIMEOUT_MS, interval: 50 }).toBe(2);
      const digest = run.sink!.messages[1];
      // posted precedes the first's creation, so this bound holds however slow the machine is.
      expect(digest!.at - posted).toBeGreaterThanOrEqual(intervalMs);
      expect(header(digest, 'X-Herald-Event-Count')).toBe('9');
      expect(header(digest, 'Subject')).toBe('[Critical] 9 × Malicious object detected on 3 devices');
      expect(header(digest, 'X-Herald-Event-Id')?.split(', ')).toHaveLength(9);
      expect(digest?.data).not.toContain('more');

      const all = await notifications(herald);
      expect(all.map((n) => [n.kind, n.eventCount])).toEqual([['digest', 9], ['first', 1]]);
      // On the server's own clock: the first was made when its event arrived and attempted at
      // once (not held for the interval); the digest was made an interval after the first.
      const [digestNotification, first] = all as [NotificationView, NotificationView];
      const g0 = await api<EventView>(herald, 'GET', '/api/v1/events/g-0');
      expect(Date.parse(first.createdAt) - Date.parse(g0.body.receivedAt)).toBeLessThan(intervalMs);
      expect(Date.parse((await attemptLog(herald, first.id))[0]!.at) - Date.parse(first.createdAt)).toBeLessThan(intervalMs);
      expect(Date.parse(digestNotification.createdAt) - Date.parse(first.createdAt)).toBeGreaterThanOrEqual(intervalMs);
      const groups = await api<{ items: GroupView[] }>(herald, 'GET', '/api/v1/groups?active=true');
      expect(groups.body.items).toHaveLength(1);
      expect(groups.body.items[0]).toMatchObject({ key: { application: 'kes', eventType: 'GNRL_EV_VIRUS_FOUND' }, eventCount: 10, pendingCount: 0 });
      expect(groups.body.items[0]!.notificationIds).toEqual([all[1]!.id, all[0]!.id]);
      await expectEachEventCoveredOnce(herald, 10);
      // No further e-mail: nothing is pending.
      await new Promise((resolve) => setTimeout(resolve, 3_500));
      expect(run.sink!.messages).toHaveLength(2);
    }, TEST_TIMEOUT_MS);

    it('ends a group after idleSeconds: the next event starts a new group and is mailed at once', async () => {
      const herald = await start({ grouping: { by: ['eventType'], intervalSeconds: 600, idleSeconds: 2 } });
      await post(herald, event('idle-1'));
      await expect.poll(() => run.sink!.messages.length, { timeout: ARRIVAL_TIMEOUT_MS }).toBe(1);
      await new Promise((resolve) => setTimeout(resolve, 2_500));
      await post(herald, event('idle-2'));
      await expect.poll(() => run.sink!.messages.length, { timeout: ARRIVAL_TIMEOUT_MS }).toBe(2);
      const all = await notifications(herald);
      expect(all.map((n) => n.kind)).toEqual(['first', 'first']);
      expect(all[0]!.groupId).not.toBe(all[1]!.groupId);
      const active = await api<{ items: GroupView[] }>(herald, 'GET', '/api/v1/groups?active=true');
      expect(active.body.items.map((g) => g.id)).toEqual([all[0]!.groupId]);
    }, TEST_TIMEOUT_MS);

    it('after a SIGKILL with events pending in a group, one digest covers them all', async () => {
      // The interval leaves the first's delivery and the POST of 20 time to finish before the
      // digest is due even on a loaded machine; the digest's creation time below proves it did.
      const herald = await start({ grouping: { by: ['application', 'eventType'], intervalSeconds: 6 } });
      await post(herald, event('k-0'));
      await expect.poll(() => run.sink!.messages.length, { timeout: ARRIVAL_TIMEOUT_MS }).toBe(1);
      // Recorded as sent too: a SIGKILL between the server's 250 and that record would rightly
      // send the first again after the restart (at least once), which is not what this test is about.
      await expect.poll(async () => (await notifications(herald)).filter((n) => n.status === 'sent').length, { timeout: ARRIVAL_TIMEOUT_MS }).toBe(1);
      await post(herald, ...Array.from({ length: 20 }, (_, i) => event(`k-${i + 1}`, undefined, `WKS-${i}`)));
      await herald.kill(); // before the digest is due
      const killedAt = Date.now();
      expect(run.sink!.messages).toHaveLength(1);

      const restarted = await startHerald({ env: { ...FAST_ENV, ...run.backend!.env }, dataDir: herald.dataDir, adminToken: herald.adminToken });
      run.processes.push(restarted);
      await expect.poll(() => run.sink!.messages.length, { timeout: ARRIVAL_TIMEOUT_MS, interval: 100 }).toBe(2);
      // The events were still pending when the process died: the restarted one made the digest.
      const digest = (await notifications(restarted)).find((n) => n.kind === 'digest');
      expect(Date.parse(digest!.createdAt)).toBeGreaterThanOrEqual(killedAt);
      expect(header(run.sink!.messages[1], 'X-Herald-Event-Count')).toBe('20');
      expect(header(run.sink!.messages[1], 'Subject')).toBe('[Critical] 20 × Malicious object detected on 20 devices');
      await expectEachEventCoveredOnce(restarted, 21);
      await new Promise((resolve) => setTimeout(resolve, 6_500));
      expect(run.sink!.messages).toHaveLength(2);
    }, TEST_TIMEOUT_MS);

    it('honours the rate limit: messages reach the server at most perMinute a minute, evenly spaced', async () => {
      const spacingMs = 1_000; // 60 a minute
      const herald = await start({ grouping: { by: [] } }, { rateLimit: { perMinute: 60_000 / spacingMs } });
      await post(herald, ...Array.from({ length: 4 }, (_, i) => event(`rate-${i}`)));
      await expect.poll(() => run.sink!.messages.length, { timeout: ARRIVAL_TIMEOUT_MS, interval: 50 }).toBe(4);
      const all = await notifications(herald);
      expect(all).toHaveLength(4);
      // A slot is taken after the attempt starts (its attempt log time) and before the client's
      // MAIL FROM, so whatever the machine's load: each message's transaction begins at the sink
      // at least one spacing after the previous message's attempt began. A waiting message is
      // given back without an attempt, so each has exactly one.
      const attemptStart = new Map<string, number>();
      for (const n of all) {
        const log = await attemptLog(herald, n.id);
        expect(log.map((a) => a.ok)).toEqual([true]);
        attemptStart.set(n.id, Date.parse(log[0]!.at));
      }
      const arrivals = [...run.sink!.messages].sort((a, b) => a.startedAt - b.startedAt);
      const startOf = (m: SinkMessage) => attemptStart.get(header(m, 'X-Herald-Notification-Id') ?? '')!;
      const spacing = arrivals.slice(1).map((m, i) => m.startedAt - startOf(arrivals[i]!));
      const gaps = arrivals.slice(1).map((m, i) => m.at - arrivals[i]!.at);
      console.log(`[storm ${choice.name}] rate limit 60/min: attempt start → next MAIL FROM ${spacing.join(', ')} ms; gaps at the sink ${gaps.join(', ')} ms`);
      for (const ms of spacing) expect(ms).toBeGreaterThanOrEqual(spacingMs);
      expect(arrivals.at(-1)!.startedAt - startOf(arrivals[0]!)).toBeGreaterThanOrEqual(3 * spacingMs);
    }, TEST_TIMEOUT_MS);

    it('waits out a throttling server: THROTTLED in the attempt log, pauses doubling, backoff not grown', async () => {
      // RETRY_BASE 1 s: throttles pause 1 s, then 2 s; an ordinary 451 afterwards retries after
      // the FIRST backoff step (0.8–1.2 s), not the third (3.2–4.8 s). The gap between attempt
      // starts also holds the attempt itself and the pickup, which a loaded machine stretches:
      // a base this long leaves them 2 s before a retry could pass for the third step.
      const baseMs = 1_000;
      const herald = await start({ grouping: { by: [] } }, {}, { HERALD_RETRY_BASE_MS: String(baseMs), HERALD_RETRY_MAX_MS: '20000' });
      run.sink!.behaviour.throttleNext = 2;
      run.sink!.behaviour.failNextData = 1;
      await post(herald, event('throttle-1'));
      await expect.poll(() => run.sink!.messages.length, { timeout: ARRIVAL_TIMEOUT_MS, interval: 20 }).toBe(1);
      const [n] = await notifications(herald);
      const log = (await sentNotification(herald, n!.id)).attemptLog;
      expect(log.map((a) => a.error?.code ?? 'ok')).toEqual(['THROTTLED', 'THROTTLED', 'MESSAGE_REJECTED', 'ok']);
      const at = log.map((a) => Date.parse(a.at));
      const gaps = at.slice(1).map((t, i) => t - at[i]!);
      console.log(`[storm ${choice.name}] throttled twice, then 451 once: gaps between attempts ${gaps.join(', ')} ms`);
      expect(gaps[0]).toBeGreaterThanOrEqual(baseMs); // first pause: base
      expect(gaps[1]).toBeGreaterThanOrEqual(2 * baseMs); // second pause: doubled
      expect(gaps[2]).toBeLessThan(3.2 * baseMs); // an ordinary retry: the first backoff step, not the third (≥ 3.2 × base)
      expect(run.sink!.throttledAt).toHaveLength(2);
    }, TEST_TIMEOUT_MS);

    it('sends a new kind of problem before the queued digests of a storm', async () => {
      // 20 a minute: one slot every 3 s. Digests of the storm are made every second, so they
      // queue up; the new type's first notification must take the next slot.
      const herald = await start({ grouping: { by: ['application', 'eventType'], intervalSeconds: 1 } }, { rateLimit: { perMinute: 20 } });
      let i = 0;
      const storm = setInterval(() => {
        void post(herald, event(`storm-${i++}`, undefined, `WKS-${i % 50}`)).catch(() => undefined);
      }, 150);
      try {
        await expect.poll(async () => (await notifications(herald)).filter((n) => n.kind === 'digest' && n.status === 'queued').length, { timeout: 20_000, interval: 200 }).toBeGreaterThanOrEqual(3);
        const posted = Date.now();
        await post(herald, event('attack-1', 'KLIDS_EVENT_NETWORK_ATTACK'));
        const listed = await notifications(herald);
        const queuedDigestsBefore = listed.filter((n) => n.kind === 'digest' && n.status !== 'sent' && Date.parse(n.createdAt) < posted);
        expect(queuedDigestsBefore.length).toBeGreaterThanOrEqual(2);
        const attack = listed.find((n) => n.kind === 'first' && n.subject.includes('Network attack detected'))!;
        await expect.poll(() => run.sink!.messages.some((m) => header(m, 'Subject')?.includes('Network attack detected')), { timeout: ARRIVAL_TIMEOUT_MS, interval: 50 }).toBe(true);
        const arrived = run.sink!.messages.find((m) => header(m, 'Subject')?.includes('Network attack detected'))!.at;
        const latencyMs = arrived - posted;
        // At most one rate-limit slot: only a message that held its slot when the attack's
        // first was created (one at most, slots being 3 s apart) may reach the server before it.
        const before = run.sink!.messages.filter((m) => m.at > Date.parse(attack.createdAt) && m.at < arrived);
        console.log(`[storm ${choice.name}] new type during a storm: 202 → 250 in ${latencyMs} ms with ${queuedDigestsBefore.length} digests queued, ${before.length} message(s) before it`);
        expect(before.length).toBeLessThanOrEqual(1);
        // Every digest queued before it was sent after it, but the one (at most) that already
        // held its slot: its successful attempt began before the attack's first existed.
        const sentBefore = queuedDigestsBefore.filter((d) => (run.sink!.messages.find((m) => header(m, 'X-Herald-Notification-Id') === d.id)?.at ?? Number.POSITIVE_INFINITY) < arrived);
        expect(sentBefore.length).toBeLessThanOrEqual(1);
        for (const d of sentBefore) {
          expect(Date.parse((await attemptLog(herald, d.id)).at(-1)!.at)).toBeLessThanOrEqual(Date.parse(attack.createdAt));
        }
      } finally {
        clearInterval(storm);
      }
    }, TEST_TIMEOUT_MS);
  });
});
