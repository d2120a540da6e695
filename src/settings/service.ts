/**
 * The one way settings change: server e-mail settings, rules, policies and certificates.
 * Every write runs the same steps — parse (pure parsers) ▶ check references ▶ write ▶ tell the
 * change listener (the audit log) ▶ invalidate the snapshot ▶ bring deferred notifications
 * forward when transport settings may have changed — so routes only parse the transport
 * format, call a method here and present the result.
 */
import { randomUUID } from 'node:crypto';
import { UploadChecker } from '../certs/upload-checker.js';
import type { CertificateUpload } from '../certs/upload.js';
import { toStoredCertificate } from '../certs/tls-material.js';
import type { StoredCertificate } from '../domain/certificate.js';
import type { Actor, ChangeListener, SettingsAction } from '../domain/change.js';
import { defaultEmailSettings, type EmailSettings } from '../domain/email-settings.js';
import { conflict, notFound, orNotFound } from '../domain/errors.js';
import type { EffectivePolicy, Policy } from '../domain/policy.js';
import { defaultRules, type Rules } from '../domain/rules.js';
import type { SecretBox } from '../domain/secrets.js';
import type { Store } from '../store/ports.js';
import { checkCertificateReferences } from './certificate-references.js';
import { changedFields } from './changed-fields.js';
import { effectivePolicy } from './effective.js';
import { parseEmailSettings } from './email-settings.js';
import { parsePolicy } from './policy.js';
import { parseRules } from './rules.js';
import type { ConfigSnapshots } from './snapshot.js';

/** What the service needs. */
export interface SettingsServiceDeps {
  store: Store;
  secrets: SecretBox;
  snapshots: ConfigSnapshots;
  clock: () => Date;
  /** Told about every committed change (actor, action, changed field names): the audit log's hook. */
  onChange?: ChangeListener;
  /** Checks certificate uploads off the event loop; default: a worker thread of this service. */
  uploadChecker?: UploadChecker;
}

/** What a committed write means for the rest of the system. */
interface Committed {
  actor: Actor;
  action: SettingsAction;
  target: string;
  before: unknown;
  after: unknown;
  /**
   * Transport settings (servers, auth, TLS) are read at every attempt: when they may have
   * changed, what waits in `deferred` is retried now instead of after its backoff.
   */
  transportMayHaveChanged: boolean;
}

/** Fields of stored documents that are bookkeeping, not settings (left out of `changedFields`). */
const BOOKKEEPING_FIELDS = new Set(['createdAt', 'updatedAt']);

function withoutBookkeeping(document: unknown): unknown {
  if (typeof document !== 'object' || document === null) return document ?? {};
  return Object.fromEntries(Object.entries(document).filter(([key]) => !BOOKKEEPING_FIELDS.has(key)));
}

/** Reads and writes the configuration; the only writer of settings, rules, policies and certificates. */
export class SettingsService {
  readonly #uploadChecker: UploadChecker;

  constructor(private readonly deps: SettingsServiceDeps) {
    this.#uploadChecker = deps.uploadChecker ?? new UploadChecker();
  }

  /** The server-wide e-mail settings (the defaults before the first write). */
  async emailSettings(): Promise<EmailSettings> {
    return (await this.deps.store.settings.getEmail())?.value ?? defaultEmailSettings();
  }

  /** Replaces the e-mail settings with a full document (an absent password keeps the stored one). */
  async replaceEmailSettings(body: unknown, actor: Actor): Promise<EmailSettings> {
    const { store, secrets } = this.deps;
    const stored = (await store.settings.getEmail())?.value ?? null;
    const settings = parseEmailSettings(body, { stored, secrets });
    await checkCertificateReferences(store, settings.tls);
    const saved = await store.settings.putEmail(settings);
    await this.committed({
      actor,
      action: 'settings.email.update',
      target: 'settings',
      before: stored ?? defaultEmailSettings(),
      after: saved.value,
      transportMayHaveChanged: true,
    });
    return saved.value;
  }

  /** Which events notify (the defaults before the first write). */
  async rules(): Promise<Rules> {
    return (await this.deps.store.settings.getRules())?.value ?? defaultRules();
  }

  /** Replaces the rules. */
  async replaceRules(body: unknown, actor: Actor): Promise<Rules> {
    const rules = parseRules(body);
    const before = await this.rules();
    const saved = await this.deps.store.settings.putRules(rules);
    await this.committed({ actor, action: 'settings.rules.update', target: 'rules', before, after: saved.value, transportMayHaveChanged: false });
    return saved.value;
  }

  /** Every policy. */
  async policies(): Promise<Policy[]> {
    return this.deps.store.policies.list();
  }

  /** One policy; 404 when there is none. */
  async policy(applicationId: string): Promise<Policy> {
    return orNotFound(await this.deps.store.policies.get(applicationId), `Policy "${applicationId}"`);
  }

  /** Creates or replaces a policy. */
  async putPolicy(applicationId: string, body: unknown, actor: Actor): Promise<Policy> {
    const { store, secrets, clock } = this.deps;
    const stored = await store.policies.get(applicationId);
    const defaults = (await store.settings.getEmail())?.value ?? defaultEmailSettings();
    const policy = parsePolicy(body, { applicationId, stored, secrets, now: clock(), defaults });
    await checkCertificateReferences(store, policy.email.tls, 'email.');
    const saved = await store.policies.put(policy);
    await this.committed({ actor, action: 'policy.update', target: applicationId, before: stored, after: saved, transportMayHaveChanged: true });
    return saved;
  }

  /** Deletes a policy (its application falls back to the server settings); 404 when there is none. */
  async deletePolicy(applicationId: string, actor: Actor): Promise<void> {
    const stored = await this.policy(applicationId);
    if (!(await this.deps.store.policies.delete(applicationId))) throw notFound(`Policy "${applicationId}"`);
    // The application's deferred notifications now use the server settings' transport.
    await this.committed({ actor, action: 'policy.delete', target: applicationId, before: stored, after: {}, transportMayHaveChanged: true });
  }

  /** A policy merged with the server settings and rules, with what it inherited; 404 when there is none. */
  async effectivePolicy(applicationId: string): Promise<EffectivePolicy> {
    const policy = await this.policy(applicationId);
    return effectivePolicy(await this.emailSettings(), await this.rules(), policy);
  }

  /** Every certificate (metadata; the key stays sealed). */
  async certificates(): Promise<StoredCertificate[]> {
    return this.deps.store.certificates.list();
  }

  /** One certificate; 404 when there is none. */
  async certificate(id: string): Promise<StoredCertificate> {
    return orNotFound(await this.deps.store.certificates.get(id), `Certificate "${id}"`);
  }

  /** Checks an upload (certificates parsed, key fits, warnings) and stores it, the key sealed. */
  async uploadCertificate(upload: CertificateUpload, actor: Actor): Promise<StoredCertificate> {
    const { store, secrets, clock } = this.deps;
    const now = clock();
    const checked = await this.#uploadChecker.check(upload, now);
    const stored = toStoredCertificate(randomUUID(), checked.kind, checked.format, checked.result, secrets, now);
    await store.certificates.insert(stored);
    // A new certificate changes no transport until settings name it.
    await this.committed({ actor, action: 'certificate.create', target: stored.id, before: {}, after: { kind: stored.kind }, transportMayHaveChanged: false });
    return stored;
  }

  /** Deletes a certificate; 404 when there is none, 409 while settings use it. */
  async deleteCertificate(id: string, actor: Actor): Promise<void> {
    const cert = await this.certificate(id);
    const users = await this.certificateUsers(id);
    if (users.length > 0) throw conflict(`The certificate is in use by ${users.join(', ')}; change those settings first.`);
    await this.deps.store.certificates.delete(id);
    await this.committed({ actor, action: 'certificate.delete', target: id, before: { kind: cert.kind }, after: {}, transportMayHaveChanged: false });
  }

  /** Which settings documents reference a certificate ("the server settings", `policy "kes"`). */
  private async certificateUsers(id: string): Promise<string[]> {
    const users: string[] = [];
    const email = await this.emailSettings();
    if (email.tls.serverCa === id || email.tls.clientCertificate === id) users.push('the server settings');
    for (const policy of await this.policies()) {
      if (policy.email.tls?.serverCa === id || policy.email.tls?.clientCertificate === id) users.push(`policy "${policy.applicationId}"`);
    }
    return users;
  }

  /** After every write: audit ▶ invalidate ▶ expedite (DESIGN.md's order). */
  private async committed(write: Committed): Promise<void> {
    const { store, snapshots, clock, onChange } = this.deps;
    if (onChange !== undefined) {
      await onChange({
        at: clock(),
        actor: write.actor,
        action: write.action,
        target: write.target,
        changedFields: changedFields(withoutBookkeeping(write.before), withoutBookkeeping(write.after)),
      });
    }
    snapshots.invalidate();
    if (write.transportMayHaveChanged) await store.notifications.expediteDeferred(clock());
  }
}
