/**
 * Which events become notifications, over both stores (API.md "Rules and policies",
 * "Notifications"): critical and error notify by default, an `eventTypes` entry wins over the
 * severities, a policy per `application.id` overrides recipients/servers/rules and follows
 * later changes of the defaults for what it does not override, `…/effective` shows the merge
 * with `inherited`, a servers override without `auth` is refused at `email.auth`, and an event
 * with no recipients or no servers gets a notification `failed` at once with NOT_CONFIGURED.
 */
import { defaultGrouping } from '../../src/domain/grouping.js';
import { expect, it } from 'vitest';
import { turnGroupingOff } from '../../src/grouping/grouping-off.test-helpers.js';
import { describeApiOnStores } from '../support/api-on-stores.test-helpers.js';

type ErrorAnswer = { error: { code: string; message: string; field?: string } };
type Notification = {
  id: string;
  status: string;
  eventIds: string[];
  applicationId: string | null;
  recipients: string[];
  subject: string;
  lastError: { code: string; message: string; smtpCode?: number } | null;
  nextAttemptAt: string | null;
};
type NotificationList = { items: Notification[]; nextCursor: string | null };
type Effective = {
  email: { recipients: string[]; servers: string[]; port: number; subject: string; sender: string; auth: { enabled: boolean; username: string; passwordSet: boolean } };
  rules: { severities: string[]; eventTypes: Record<string, boolean> };
  inherited: string[];
};

function ev(id: string, severity: string, type = 'GNRL_EV_VIRUS_FOUND', applicationId: string | null = null): Record<string, unknown> {
  return { id, occurredAt: '2026-11-28T04:00:00Z', severity, type, ...(applicationId === null ? {} : { application: { id: applicationId } }), device: { name: 'WKS-042' } };
}

describeApiOnStores('rules and policies', { prepare: turnGroupingOff }, (t) => {
  const configureDefaults = async (extra: Record<string, unknown> = {}) => {
    const answer = await t.call('PUT', '/api/v1/settings/email', { recipients: 'soc@corp.example', servers: 'mail.corp.example', sender: 'herald@corp.example', ...extra });
    expect(answer.status).toBe(200);
  };
  const send = async (...events: Record<string, unknown>[]) => {
    const answer = await t.call<{ accepted: number }>('POST', '/api/v1/events', { events });
    expect(answer.status).toBe(202);
  };
  const notificationsByEvent = async (): Promise<Map<string, Notification>> => {
    const list = await t.call<NotificationList>('GET', '/api/v1/notifications?limit=500');
    return new Map(list.body.items.map((n) => [n.eventIds[0]!, n]));
  };

  it('notifies critical and error events by default, not warning or info', async () => {
    await configureDefaults();
    await send(ev('c', 'critical'), ev('e', 'error'), ev('w', 'warning'), ev('i', 'info'));
    const byEvent = await notificationsByEvent();
    expect([...byEvent.keys()].sort()).toEqual(['c', 'e']);
    expect(byEvent.get('c')).toMatchObject({ status: 'queued', recipients: ['soc@corp.example'], lastError: null });
  });

  it('lets an eventTypes entry win over the severities', async () => {
    await configureDefaults();
    const rules = await t.call('PUT', '/api/v1/settings/rules', { severities: ['critical', 'error'], eventTypes: { KLPRCI_TaskState: true, GNRL_EV_VIRUS_FOUND: false }, grouping: { by: [] } });
    expect(rules.status).toBe(200);
    await send(ev('info-on', 'info', 'KLPRCI_TaskState'), ev('crit-off', 'critical', 'GNRL_EV_VIRUS_FOUND'), ev('crit-other', 'critical', 'OTHER'), ev('warn-other', 'warning', 'OTHER'));
    expect([...(await notificationsByEvent()).keys()].sort()).toEqual(['crit-other', 'info-on']);
  });

  it('handles an event by the policy of its application.id, which follows later changes of the defaults', async () => {
    await configureDefaults({ subject: 'DEFAULT %SEVERITY% %EVENT%' });
    const put = await t.call<{ applicationId: string; email: Record<string, unknown>; rules: Record<string, unknown> }>('PUT', '/api/v1/policies/kes', {
      name: 'Endpoint Security',
      email: { recipients: 'kes-admins@corp.example; Jane <jane@corp.example>', servers: 'kes-mail.corp.example', auth: { enabled: false, username: '' } },
      rules: { severities: ['warning'], eventTypes: { KLPRCI_TaskState: true } },
    });
    expect(put.status).toBe(200);
    expect(put.body.applicationId).toBe('kes');

    await send(ev('kes-w', 'warning', 'X', 'kes'), ev('kes-c', 'critical', 'X', 'kes'), ev('kes-t', 'info', 'KLPRCI_TaskState', 'kes'), ev('kav-w', 'warning', 'X', 'kav'), ev('kav-c', 'critical', 'X', 'kav'));
    let byEvent = await notificationsByEvent();
    expect([...byEvent.keys()].sort()).toEqual(['kav-c', 'kes-t', 'kes-w']);
    expect(byEvent.get('kes-w')!.recipients).toEqual(['kes-admins@corp.example', 'Jane <jane@corp.example>']);
    expect(byEvent.get('kes-w')!.applicationId).toBe('kes');
    expect(byEvent.get('kav-c')!.recipients).toEqual(['soc@corp.example']);
    expect(byEvent.get('kes-w')!.subject).toBe('DEFAULT Warning X');

    // The policy did not override the subject: it follows the new default.
    await configureDefaults({ subject: 'CHANGED %SEVERITY%', recipients: 'new-soc@corp.example' });
    await send(ev('kes-w2', 'warning', 'X', 'kes'), ev('kav-c2', 'critical', 'X', 'kav'));
    byEvent = await notificationsByEvent();
    expect(byEvent.get('kes-w2')).toMatchObject({ subject: 'CHANGED Warning', recipients: ['kes-admins@corp.example', 'Jane <jane@corp.example>'] });
    expect(byEvent.get('kav-c2')).toMatchObject({ subject: 'CHANGED Critical', recipients: ['new-soc@corp.example'] });

    // After the policy is deleted, the application falls back to the server defaults.
    expect((await t.call('DELETE', '/api/v1/policies/kes')).status).toBe(204);
    await send(ev('kes-w3', 'warning', 'X', 'kes'), ev('kes-c3', 'critical', 'X', 'kes'));
    byEvent = await notificationsByEvent();
    expect(byEvent.has('kes-w3')).toBe(false);
    expect(byEvent.get('kes-c3')!.recipients).toEqual(['new-soc@corp.example']);
    expect((await t.call<ErrorAnswer>('GET', '/api/v1/policies/kes')).body.error.code).toBe('NOT_FOUND');
  });

  it('shows the effective settings with what was inherited, and follows the defaults', async () => {
    await configureDefaults({ port: 2525 });
    await t.call('PUT', '/api/v1/settings/rules', { severities: ['critical'], eventTypes: { A: true }, grouping: { by: [] } });
    expect((await t.call('PUT', '/api/v1/policies/kes', { email: { recipients: ['kes@corp.example'], tls: { mode: 'none' } }, rules: { eventTypes: { B: false } } })).status).toBe(200);
    const effective = await t.call<Effective>('GET', '/api/v1/policies/kes/effective');
    expect(effective.status).toBe(200);
    expect(effective.body.email).toMatchObject({ recipients: ['kes@corp.example'], servers: ['mail.corp.example'], port: 2525, sender: 'herald@corp.example' });
    expect(effective.body.rules).toEqual({ severities: ['critical'], eventTypes: { A: true, B: false }, grouping: { ...defaultGrouping(), by: [] } });
    expect(effective.body.inherited).toEqual(expect.arrayContaining(['email.servers', 'email.port', 'email.auth', 'email.sender', 'rules.severities', 'email.tls.implicit']));
    expect(effective.body.inherited).not.toContain('email.recipients');
    expect(effective.body.inherited).not.toContain('email.tls.mode');

    await configureDefaults({ port: 587, servers: 'other.corp.example' });
    const after = await t.call<Effective>('GET', '/api/v1/policies/kes/effective');
    expect(after.body.email).toMatchObject({ servers: ['other.corp.example'], port: 587, recipients: ['kes@corp.example'] });
    expect((await t.call<ErrorAnswer>('GET', '/api/v1/policies/nope/effective')).status).toBe(404);
  });

  it('refuses a policy that overrides servers without auth (email.auth)', async () => {
    await configureDefaults({ auth: { enabled: true, username: 'herald', password: 'pw' } });
    const answer = await t.call<ErrorAnswer>('PUT', '/api/v1/policies/kes', { email: { servers: 'kes-mail.corp.example' } });
    expect(answer.status).toBe(400);
    expect(answer.body.error).toMatchObject({ code: 'VALIDATION_FAILED', field: 'email.auth' });
    expect((await t.call('GET', '/api/v1/policies/kes')).status).toBe(404);
  });

  it('fails a notification at once with NOT_CONFIGURED when there are no recipients or no servers', async () => {
    await send(ev('nothing', 'critical'));
    let byEvent = await notificationsByEvent();
    expect(byEvent.get('nothing')).toMatchObject({ status: 'failed', nextAttemptAt: null, lastError: { code: 'NOT_CONFIGURED' } });
    expect(byEvent.get('nothing')!.lastError!.message).toMatch(/recipients/);

    await t.call('PUT', '/api/v1/settings/email', { recipients: 'soc@corp.example' });
    await send(ev('no-servers', 'error'));
    byEvent = await notificationsByEvent();
    expect(byEvent.get('no-servers')).toMatchObject({ status: 'failed', lastError: { code: 'NOT_CONFIGURED' } });
    expect(byEvent.get('no-servers')!.lastError!.message).toMatch(/servers/i);

    // A policy without recipients of its own inherits none: also NOT_CONFIGURED, naming the policy.
    await t.call('PUT', '/api/v1/settings/email', { servers: 'mail.corp.example' });
    await t.call('PUT', '/api/v1/policies/kes', { rules: { severities: ['critical'] } });
    await send(ev('kes-nothing', 'critical', 'X', 'kes'));
    byEvent = await notificationsByEvent();
    expect(byEvent.get('kes-nothing')).toMatchObject({ status: 'failed', lastError: { code: 'NOT_CONFIGURED' } });
    expect(byEvent.get('kes-nothing')!.lastError!.message).toContain('kes');
  });
});
