/** `GET /api/v1/groups` and `GET /api/v1/stats/throughput` through the HTTP app, on both stores. */
import { expect, it } from 'vitest';
import { describeApiOnStores } from '../support/api-on-stores.test-helpers.js';

describeApiOnStores('groups API', (t) => {
  const ev = (id: string, type = 'GNRL_EV_VIRUS_FOUND') => ({ id, occurredAt: new Date().toISOString(), severity: 'critical', type, device: { name: `WKS-${id}` }, application: { id: 'kes' } });

  it('lists active groups with their key, counts and notifications; one group by id; 404 for another', async () => {
    await t.call('PUT', '/api/v1/settings/email', { recipients: 'soc@corp.example', servers: 'mail.corp.example' });
    expect((await t.call('POST', '/api/v1/events', { events: [ev('a'), ev('b'), ev('c'), ev('x', 'OTHER')] })).status).toBe(202);
    const list = await t.call<{ items: Array<{ id: string; key: Record<string, string>; eventCount: number; pendingCount: number; notificationIds: string[]; nextDigestAt: string | null }>; nextCursor: string | null }>('GET', '/api/v1/groups?active=true');
    expect(list.status).toBe(200);
    expect(list.body.items).toHaveLength(2);
    const virus = list.body.items.find((g) => g.key.eventType === 'GNRL_EV_VIRUS_FOUND');
    expect(virus).toMatchObject({ key: { application: 'kes', eventType: 'GNRL_EV_VIRUS_FOUND' }, eventCount: 3, pendingCount: 2 });
    expect(virus?.notificationIds).toHaveLength(1);
    expect(virus?.nextDigestAt).not.toBeNull();
    const one = await t.call('GET', `/api/v1/groups/${virus!.id}`);
    expect(one).toMatchObject({ status: 200, body: { id: virus!.id, eventCount: 3 } });
    expect((await t.call('GET', '/api/v1/groups/nope')).status).toBe(404);
    expect((await t.call('GET', '/api/v1/groups?active=false')).body).toEqual({ items: [], nextCursor: null });
    const paged = await t.call<{ items: unknown[]; nextCursor: string | null }>('GET', '/api/v1/groups?limit=1');
    expect(paged.body.items).toHaveLength(1);
    expect(paged.body.nextCursor).not.toBeNull();
    // the first notification names its kind and group; the events show what covers them
    const notifications = await t.call<{ items: Array<{ id: string; kind: string; eventCount: number; groupId: string }> }>('GET', '/api/v1/notifications');
    expect(notifications.body.items.map((n) => n.kind)).toEqual(['first', 'first']);
    const a = await t.call<{ notificationId: string | null; groupId: string }>('GET', '/api/v1/events/a');
    expect(a.body.groupId).toBe(virus!.id);
    expect(a.body.notificationId).toBe(virus!.notificationIds[0]);
    expect((await t.call<{ notificationId: string | null }>('GET', '/api/v1/events/b')).body.notificationId).toBeNull();
    const covered = await t.call<{ items: Array<{ id: string }> }>('GET', `/api/v1/events?notificationId=${virus!.notificationIds[0]}`);
    expect(covered.body.items.map((e) => e.id)).toEqual(['a']);
  });

  it('counts events and e-mails per minute for the chart, and checks `minutes`', async () => {
    expect((await t.call('POST', '/api/v1/events', { events: [ev('m1'), ev('m2')] })).status).toBe(202);
    const answer = await t.call<{ items: Array<{ minute: string; eventsReceived: number; emailsSent: number }> }>('GET', '/api/v1/stats/throughput?minutes=5');
    expect(answer.status).toBe(200);
    expect(answer.body.items).toHaveLength(5);
    expect(answer.body.items.at(-1)?.eventsReceived).toBe(2);
    expect(answer.body.items.reduce((sum, m) => sum + m.emailsSent, 0)).toBe(0);
    expect((await t.call('GET', '/api/v1/stats/throughput')).body).toMatchObject({ items: expect.any(Array) });
    expect((await t.call<{ error: { code: string } }>('GET', '/api/v1/stats/throughput?minutes=soon')).body.error.code).toBe('VALIDATION_FAILED');
  });
});
