/**
 * `POST /api/v1/events` and `GET /api/v1/events` over both stores (API.md "Events"): a batch is
 * all or nothing with the offending `field`, the 1,000-event and 1 MiB limits answer 413, ids
 * are idempotency keys (the first wins, duplicates counted and notified once), text is stored
 * as sent (NUL → U+FFFD), the list filters and pages per the list conventions, and 202 is only
 * answered once events and notifications are committed (visible through another connection).
 */
import { beforeEach, expect, it } from 'vitest';
import { turnGroupingOff } from '../../src/grouping/grouping-off.test-helpers.js';
import { describeApiOnStores } from '../support/api-on-stores.test-helpers.js';

type ErrorAnswer = { error: { code: string; message: string; field?: string } };
type Accepted = { accepted: number; duplicates: number };
type EventItem = {
  id: string;
  severity: string;
  type: string;
  typeName: string | null;
  description: string | null;
  occurredAt: string;
  receivedAt: string;
  device: { id: string | null; name: string | null; domain: string | null; ip: string | null };
  application: { id: string | null; name: string | null; version: string | null };
  task: string | null;
  data: Record<string, unknown> | null;
};
type EventList = { items: EventItem[]; nextCursor: string | null };
type NotificationList = { items: Array<{ id: string; status: string; eventIds: string[]; subject: string }>; nextCursor: string | null };

function ev(id: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { id, occurredAt: '2026-11-28T04:00:00Z', severity: 'critical', type: 'GNRL_EV_VIRUS_FOUND', ...extra };
}

describeApiOnStores('events API', { prepare: turnGroupingOff }, (t) => {
  beforeEach(async () => {
    // Recipients and servers, so notifying events get `queued` notifications (no worker runs here).
    const settings = await t.call('PUT', '/api/v1/settings/email', { recipients: 'soc@corp.example', servers: '127.0.0.1:2525', sender: 'herald@corp.example' });
    expect(settings.status).toBe(200);
  });

  const allEvents = async (): Promise<EventItem[]> => (await t.call<EventList>('GET', '/api/v1/events?limit=500')).body.items;
  const allNotifications = async () => (await t.call<NotificationList>('GET', '/api/v1/notifications?limit=500')).body.items;

  it.each([
    ['a bad severity', (e: Record<string, unknown>) => ({ ...e, severity: 'loud' }), 'events[17].severity'],
    ['a missing id', (e: Record<string, unknown>) => ({ ...e, id: undefined }), 'events[17].id'],
    ['an occurredAt that is not a time', (e: Record<string, unknown>) => ({ ...e, occurredAt: 'yesterday' }), 'events[17].occurredAt'],
    ['an impossible occurredAt', (e: Record<string, unknown>) => ({ ...e, occurredAt: '2026-13-45T99:00:00Z' }), 'events[17].occurredAt'],
    ['a 30th of February', (e: Record<string, unknown>) => ({ ...e, occurredAt: '2026-02-30T04:00:00Z' }), 'events[17].occurredAt'],
    ['a missing type', (e: Record<string, unknown>) => ({ ...e, type: undefined }), 'events[17].type'],
  ])('refuses the whole batch for %s in event 17, naming the field', async (_what, spoil, field) => {
    const events = Array.from({ length: 20 }, (_, i) => ev(`ev-${i}`));
    events[17] = spoil(events[17]!);
    const answer = await t.call<ErrorAnswer>('POST', '/api/v1/events', { events });
    expect(answer.status).toBe(400);
    expect(answer.body.error.code).toBe('VALIDATION_FAILED');
    expect(answer.body.error.field).toBe(field);
    expect(answer.body.error.message.length).toBeGreaterThan(10);
    expect(await allEvents()).toEqual([]);
    expect(await allNotifications()).toEqual([]);
  });

  it('answers 413 PAYLOAD_TOO_LARGE for 1,001 events and for more than 1 MiB, and accepts exactly 1,000', async () => {
    const tooMany = await t.call<ErrorAnswer>('POST', '/api/v1/events', { events: Array.from({ length: 1001 }, (_, i) => ev(`many-${i}`, { severity: 'info' })) });
    expect(tooMany.status).toBe(413);
    expect(tooMany.body.error.code).toBe('PAYLOAD_TOO_LARGE');
    const big = Array.from({ length: 20 }, (_, i) => ev(`big-${i}`, { description: 'x'.repeat(60_000) }));
    expect(JSON.stringify({ events: big }).length).toBeGreaterThan(1024 * 1024);
    const tooBig = await t.call<ErrorAnswer>('POST', '/api/v1/events', { events: big });
    expect(tooBig.status).toBe(413);
    expect(tooBig.body.error.code).toBe('PAYLOAD_TOO_LARGE');
    expect(await allEvents()).toEqual([]);
    const thousand = await t.call<Accepted>('POST', '/api/v1/events', { events: Array.from({ length: 1000 }, (_, i) => ev(`ok-${i}`, { severity: 'info' })) });
    expect(thousand).toMatchObject({ status: 202, body: { accepted: 1000, duplicates: 0 } });
  });

  it('treats the id as an idempotency key: the first wins, duplicates are counted and notified once', async () => {
    const first = await t.call<Accepted>('POST', '/api/v1/events', {
      events: [ev('dup-1', { description: 'first' }), ev('dup-1', { description: 'second', severity: 'error' }), ev('solo-1')],
    });
    expect(first).toMatchObject({ status: 202, body: { accepted: 2, duplicates: 1 } });
    const again = await t.call<Accepted>('POST', '/api/v1/events', {
      events: [ev('dup-1', { description: 'third', type: 'OTHER' }), ev('solo-1'), ev('new-1')],
    });
    expect(again).toMatchObject({ status: 202, body: { accepted: 1, duplicates: 2 } });
    const events = await allEvents();
    expect(events.map((e) => e.id).sort()).toEqual(['dup-1', 'new-1', 'solo-1']);
    const stored = events.find((e) => e.id === 'dup-1')!;
    expect(stored).toMatchObject({ description: 'first', severity: 'critical', type: 'GNRL_EV_VIRUS_FOUND' });
    const notifications = await allNotifications();
    expect(notifications.map((n) => n.eventIds).sort()).toEqual([['dup-1'], ['new-1'], ['solo-1']]);
  });

  it('counts concurrent re-sends of the same ids once (first wins across parallel requests)', async () => {
    const batch = (tag: string) => ({ events: Array.from({ length: 100 }, (_, i) => ev(`par-${i}`, { description: tag })) });
    const answers = await Promise.all(['a', 'b', 'c', 'd', 'e'].map((tag) => t.call<Accepted>('POST', '/api/v1/events', batch(tag))));
    expect(answers.every((a) => a.status === 202)).toBe(true);
    expect(answers.reduce((sum, a) => sum + a.body.accepted, 0)).toBe(100);
    expect(answers.reduce((sum, a) => sum + a.body.duplicates, 0)).toBe(400);
    expect(await allEvents()).toHaveLength(100);
    expect(await allNotifications()).toHaveLength(100);
  });

  it('lets an agent token send events but not read them', async () => {
    const agent = await t.call<{ token: string }>('POST', '/api/v1/agent-tokens', { name: 'agents' });
    expect((await t.call<Accepted>('POST', '/api/v1/events', { events: [ev('agent-1')] }, agent.body.token)).status).toBe(202);
    const read = await t.call<ErrorAnswer>('GET', '/api/v1/events', undefined, agent.body.token);
    expect(read.status).toBe(403);
    expect(read.body.error.code).toBe('FORBIDDEN');
    const stored = await allEvents();
    expect(stored.map((e) => e.id)).toEqual(['agent-1']);
  });

  it('stores control characters as sent and replaces NUL with U+FFFD', async () => {
    const description = 'line1\r\nline2\tTab\u0001\u001b[31mred\u007f\u2028end';
    const answer = await t.call<Accepted>('POST', '/api/v1/events', {
      events: [ev('ctl-1', { description, typeName: 'A\u0000B', device: { name: 'WKS\u0000-1' }, data: { path: 'C:\\x\u0000y' } })],
    });
    expect(answer.status).toBe(202);
    const [stored] = await allEvents();
    expect(stored!.description).toBe(description);
    expect(stored!.typeName).toBe('A\uFFFDB');
    expect(stored!.device.name).toBe('WKS\uFFFD-1');
    expect(stored!.data).toEqual({ path: 'C:\\x\uFFFDy' });
    // The e-mail subject (a header) never carries the CR/LF of a value.
    const [notification] = await allNotifications();
    expect(notification!.subject).not.toMatch(/[\r\n]/);
  });

  it('filters by severity, applicationId and deviceName and pages newest first with a cursor', async () => {
    const severities = ['critical', 'error', 'warning', 'info'] as const;
    const events = Array.from({ length: 120 }, (_, i) =>
      ev(`f-${String(i).padStart(3, '0')}`, {
        severity: severities[i % 4],
        application: { id: i % 3 === 0 ? 'kes' : 'kav' },
        device: { name: i % 5 === 0 ? 'WKS-005' : 'WKS-001' },
      }),
    );
    expect((await t.call<Accepted>('POST', '/api/v1/events', { events: events.slice(0, 60) })).status).toBe(202);
    expect((await t.call<Accepted>('POST', '/api/v1/events', { events: events.slice(60) })).status).toBe(202);

    const firstPage = await t.call<EventList>('GET', '/api/v1/events');
    expect(firstPage.body.items).toHaveLength(50); // default limit
    expect(firstPage.body.nextCursor).not.toBeNull();
    // Newest first: the second batch came later.
    expect(firstPage.body.items.every((e) => Number(e.id.slice(2)) >= 60)).toBe(true);

    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: string = cursor === null ? '?limit=7' : `?limit=7&before=${encodeURIComponent(cursor)}`;
      const page: { status: number; body: EventList } = await t.call<EventList>('GET', `/api/v1/events${query}`);
      expect(page.status).toBe(200);
      expect(page.body.items.length).toBeLessThanOrEqual(7);
      seen.push(...page.body.items.map((e) => e.id));
      cursor = page.body.nextCursor;
      pages += 1;
    } while (cursor !== null && pages < 50);
    expect(pages).toBe(18); // 120 / 7 = 17.1
    expect(new Set(seen).size).toBe(120);
    const received = seen.map((id) => Number(id.slice(2)));
    expect(received.slice(0, 60).every((n) => n >= 60)).toBe(true);
    expect(received.slice(60).every((n) => n < 60)).toBe(true);

    const bySeverity = await t.call<EventList>('GET', '/api/v1/events?severity=warning&limit=500');
    expect(bySeverity.body.items).toHaveLength(30);
    expect(bySeverity.body.items.every((e) => e.severity === 'warning')).toBe(true);
    const byApp = await t.call<EventList>('GET', '/api/v1/events?applicationId=kes&limit=500');
    expect(byApp.body.items).toHaveLength(40);
    expect(byApp.body.items.every((e) => e.application.id === 'kes')).toBe(true);
    const byDevice = await t.call<EventList>('GET', '/api/v1/events?deviceName=WKS-005&severity=critical&limit=500');
    expect(byDevice.body.items.map((e) => e.id).sort()).toEqual(
      events.filter((_, i) => i % 5 === 0 && i % 4 === 0).map((e) => String(e.id)).sort(),
    );
    const badSeverity = await t.call<ErrorAnswer>('GET', '/api/v1/events?severity=loud');
    expect(badSeverity.status).toBe(400);
    expect(badSeverity.body.error.field).toBe('severity');
  });

  it('clamps limit to 500', async () => {
    const events = Array.from({ length: 600 }, (_, i) => ev(`c-${i}`, { severity: 'info' }));
    expect((await t.call('POST', '/api/v1/events', { events })).status).toBe(202);
    const page = await t.call<EventList>('GET', '/api/v1/events?limit=100000');
    expect(page.status).toBe(200);
    expect(page.body.items).toHaveLength(500);
    const rest = await t.call<EventList>('GET', `/api/v1/events?limit=500&before=${encodeURIComponent(page.body.nextCursor ?? '')}`);
    expect(rest.body.items).toHaveLength(100);
    expect(rest.body.nextCursor).toBeNull();
  });

  it('answers 202 only after events and notifications are committed', async () => {
    const answer = await t.call<Accepted>('POST', '/api/v1/events', {
      events: [ev('commit-1'), ev('commit-2', { severity: 'error' }), ev('commit-3', { severity: 'info' })],
    });
    expect(answer).toMatchObject({ status: 202, body: { accepted: 3, duplicates: 0 } });
    // Read at once, without waiting: both the events and their notifications are there.
    expect((await allEvents()).map((e) => e.id).sort()).toEqual(['commit-1', 'commit-2', 'commit-3']);
    const queued = await allNotifications();
    expect(queued.map((n) => n.eventIds[0]).sort()).toEqual(['commit-1', 'commit-2']);
    expect(queued.every((n) => n.status === 'queued')).toBe(true);
    if (t.factory.name === 'postgres') {
      // Another connection (another instance) sees them too: committed, not just in this pool.
      const other = await t.factory.reopen();
      expect(await other.events.get('commit-1')).not.toBeNull();
      expect((await other.notifications.list({}, { limit: 10 })).items).toHaveLength(2);
    }
  });
});
