/**
 * Typed calls of the Herald API (shared/API.md plus the console extensions: session,
 * template variables and preview). Pages use these, never raw paths.
 */
import { ApiClient, query } from './client';
import type {
  AdminTokenView,
  AuditEntryView,
  AgentTokenCreated,
  AgentTokenView,
  CertificateUpload,
  CertificateView,
  EffectivePolicy,
  EmailSettingsInput,
  EmailSettingsView,
  EventInput,
  EventView,
  GroupView,
  NotificationDetail,
  NotificationStatus,
  NotificationView,
  Page,
  Policy,
  PolicyEmail,
  Rules,
  Session,
  Severity,
  TemplateTriple,
  TemplateVariable,
  TestResult,
  ThroughputMinute,
} from './types';

const V1 = '/api/v1';

/** The API grouped by resource, over one {@link ApiClient}. */
export class HeraldApi {
  constructor(readonly client: ApiClient) {}

  /** `GET /session`: the current session, or a 401 ApiError. */
  async currentSession(): Promise<Session> {
    const session = await this.client.get<Session>(`${V1}/session`);
    this.client.setCsrfToken(session.csrfToken);
    return session;
  }

  async signIn(username: string, password: string): Promise<Session> {
    const session = await this.client.post<Session>(`${V1}/session`, { username, password });
    this.client.setCsrfToken(session.csrfToken);
    return session;
  }

  async signOut(): Promise<void> {
    try {
      await this.client.delete(`${V1}/session`);
    } finally {
      this.client.setCsrfToken(null);
    }
  }

  getEmailSettings(): Promise<EmailSettingsView> {
    return this.client.get(`${V1}/settings/email`);
  }

  putEmailSettings(settings: EmailSettingsInput): Promise<EmailSettingsView> {
    return this.client.put(`${V1}/settings/email`, settings);
  }

  testEmail(settings: EmailSettingsInput, allServers: boolean): Promise<TestResult> {
    return this.client.post(`${V1}/settings/email/test`, { settings, allServers });
  }

  templateVariables(): Promise<Page<TemplateVariable>> {
    return this.client.get(`${V1}/templates/variables`);
  }

  previewTemplates(templates: TemplateTriple): Promise<TemplateTriple> {
    return this.client.post(`${V1}/templates/preview`, templates);
  }

  uploadCertificate(upload: CertificateUpload): Promise<CertificateView> {
    return this.client.post(`${V1}/certificates`, upload);
  }

  listCertificates(): Promise<Page<CertificateView>> {
    return this.client.get(`${V1}/certificates`);
  }

  getCertificate(id: string): Promise<CertificateView> {
    return this.client.get(`${V1}/certificates/${encodeURIComponent(id)}`);
  }

  getRules(): Promise<Rules> {
    return this.client.get(`${V1}/settings/rules`);
  }

  putRules(rules: Rules): Promise<Rules> {
    return this.client.put(`${V1}/settings/rules`, rules);
  }

  listPolicies(): Promise<Page<Policy>> {
    return this.client.get(`${V1}/policies`);
  }

  putPolicy(applicationId: string, body: { name: string; email: PolicyEmail; rules: Partial<Rules> }): Promise<Policy> {
    return this.client.put(`${V1}/policies/${encodeURIComponent(applicationId)}`, body);
  }

  deletePolicy(applicationId: string): Promise<void> {
    return this.client.delete(`${V1}/policies/${encodeURIComponent(applicationId)}`);
  }

  effectivePolicy(applicationId: string): Promise<EffectivePolicy> {
    return this.client.get(`${V1}/policies/${encodeURIComponent(applicationId)}/effective`);
  }

  listEvents(filter: { severity?: Severity | ''; applicationId?: string; deviceName?: string; before?: string | null }): Promise<Page<EventView>> {
    return this.client.get(`${V1}/events${query({ ...filter, limit: 50 })}`);
  }

  listGroups(active: boolean): Promise<Page<GroupView>> {
    return this.client.get(`${V1}/groups${query({ active: active ? 'true' : 'false', limit: 100 })}`);
  }

  throughput(minutes: number): Promise<{ items: ThroughputMinute[] }> {
    return this.client.get(`${V1}/stats/throughput${query({ minutes })}`);
  }

  listNotifications(filter: { status?: NotificationStatus | ''; before?: string | null }): Promise<Page<NotificationView>> {
    return this.client.get(`${V1}/notifications${query({ ...filter, limit: 50 })}`);
  }

  getNotification(id: string): Promise<NotificationDetail> {
    return this.client.get(`${V1}/notifications/${encodeURIComponent(id)}`);
  }

  retryNotification(id: string): Promise<void> {
    return this.client.post(`${V1}/notifications/${encodeURIComponent(id)}/retry`);
  }

  listAgentTokens(): Promise<Page<AgentTokenView>> {
    return this.client.get(`${V1}/agent-tokens`);
  }

  createAgentToken(name: string): Promise<AgentTokenCreated> {
    return this.client.post(`${V1}/agent-tokens`, { name });
  }

  revokeAgentToken(id: string): Promise<void> {
    return this.client.delete(`${V1}/agent-tokens/${encodeURIComponent(id)}`);
  }

  listAdminTokens(): Promise<Page<AdminTokenView>> {
    return this.client.get(`${V1}/admin-tokens`);
  }

  createAdminToken(name: string): Promise<AgentTokenCreated> {
    return this.client.post(`${V1}/admin-tokens`, { name });
  }

  revokeAdminToken(id: string): Promise<void> {
    return this.client.delete(`${V1}/admin-tokens/${encodeURIComponent(id)}`);
  }

  listAudit(before: string | null): Promise<Page<AuditEntryView>> {
    return this.client.get(`${V1}/audit${query({ limit: 50, before })}`);
  }

  changePassword(currentPassword: string, newPassword: string): Promise<void> {
    return this.client.put(`${V1}/session/password`, { currentPassword, newPassword });
  }

  // --- events in detail and the sample event (issue 14) ---

  getEvent(id: string): Promise<EventView> {
    return this.client.get(`${V1}/events/${encodeURIComponent(id)}`);
  }

  /** `POST /events` as the signed-in admin (the console's session may post events like an agent). */
  postEvents(events: EventInput[]): Promise<{ accepted: number; duplicates: number }> {
    return this.client.post(`${V1}/events`, { events });
  }

  getGroup(id: string): Promise<GroupView> {
    return this.client.get(`${V1}/groups/${encodeURIComponent(id)}`);
  }
}
