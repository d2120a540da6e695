import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Actor, Change } from '../domain/change.js';
import { InputError } from '../domain/errors.js';
import { at, seedNotifications } from '../store/fixtures.test-helpers.js';
import type { Store } from '../store/ports.js';
import { storeFactories } from '../store/store-factories.test-helpers.js';
import { fakeSecrets } from './fake-secrets.test-helpers.js';
import { SettingsService } from './service.js';
import { ConfigSnapshots } from './snapshot.js';

const [sqlite] = await storeFactories();
const actor: Actor = { kind: 'user', name: 'alice', clientIp: '127.0.0.1' };

async function refusal(promise: Promise<unknown>): Promise<InputError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof InputError) return error;
    throw error;
  }
  throw new Error('expected the call to be refused');
}

describe('SettingsService', () => {
  let store: Store;
  let snapshots: ConfigSnapshots;
  let service: SettingsService;
  let changes: Change[];
  const clock = () => at(2_000);

  beforeEach(async () => {
    store = await sqlite!.open();
    snapshots = new ConfigSnapshots(store, clock);
    changes = [];
    service = new SettingsService({ store, secrets: fakeSecrets(), snapshots, clock, onChange: async (change) => void changes.push(change) });
  });
  afterEach(() => sqlite!.cleanup());

  it('writes the e-mail settings, reports the changed field names, refreshes the snapshot and retries deferred mail now', async () => {
    await seedNotifications(store, [{ id: 'waiting', status: 'deferred', nextAttemptAt: at(3_600_000) }]);
    expect((await snapshots.get()).email.servers).toEqual([]);

    await service.replaceEmailSettings({ servers: ['mail.example'], auth: { enabled: true, username: 'u', password: 'secret-pw' } }, actor);

    expect((await snapshots.get()).email.servers).toEqual(['mail.example']);
    expect((await store.notifications.get('waiting'))?.nextAttemptAt).toEqual(at(2_000));
    expect(changes).toEqual([
      { at: at(2_000), actor, action: 'settings.email.update', target: 'settings', changedFields: ['auth.enabled', 'auth.password', 'auth.username', 'servers'] },
    ]);
    expect(JSON.stringify(changes)).not.toContain('secret-pw');
  });

  it('does not report a kept password as changed', async () => {
    await service.replaceEmailSettings({ servers: ['mail.example'], auth: { enabled: true, username: 'u', password: 'pw' } }, actor);
    await service.replaceEmailSettings({ servers: ['mail.example'], helo: 'herald.example', auth: { enabled: true, username: 'u' } }, actor);
    expect(changes[1]?.changedFields).toEqual(['helo']);
  });

  it('writes nothing and reports nothing for invalid input', async () => {
    const error = await refusal(service.replaceEmailSettings({ port: 0 }, actor));
    expect(error.field).toBe('port');
    expect(await store.settings.getEmail()).toBeNull();
    expect(changes).toEqual([]);
  });

  it('changes rules without touching deferred notifications', async () => {
    await seedNotifications(store, [{ id: 'waiting', status: 'deferred', nextAttemptAt: at(3_600_000) }]);
    await snapshots.get();
    await service.replaceRules({ severities: ['critical'] }, actor);
    expect((await snapshots.get()).rules.severities).toEqual(['critical']);
    expect((await store.notifications.get('waiting'))?.nextAttemptAt).toEqual(at(3_600_000));
    expect(changes.map((c) => [c.action, c.target, c.changedFields])).toEqual([['settings.rules.update', 'rules', ['severities']]]);
  });

  it('creates, replaces and deletes a policy, each reported and in force at once', async () => {
    await service.putPolicy('kes', { email: { port: 2525 } }, actor);
    expect((await snapshots.get()).effectiveFor('kes').email.port).toBe(2525);
    await service.putPolicy('kes', { name: 'KES', email: { port: 2525 } }, actor);
    await service.deletePolicy('kes', actor);
    expect((await snapshots.get()).effectiveFor('kes').email.port).toBe(25);
    expect(changes.map((c) => [c.action, c.target, c.changedFields])).toEqual([
      ['policy.update', 'kes', ['applicationId', 'email.port', 'name', 'rules']],
      ['policy.update', 'kes', ['name']],
      ['policy.delete', 'kes', ['applicationId', 'email.port', 'name', 'rules']],
    ]);
    expect((await refusal(service.deletePolicy('kes', actor))).status).toBe(404);
  });

  it('refuses a policy naming a certificate that does not exist', async () => {
    const error = await refusal(service.putPolicy('kes', { email: { tls: { serverCa: 'nope' } } }, actor));
    expect(error).toMatchObject({ code: 'UNKNOWN_CERTIFICATE', field: 'email.tls.serverCa' });
    expect(await store.policies.get('kes')).toBeNull();
  });
});
