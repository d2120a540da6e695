/**
 * The settings form: what the admin edits (lists as the `;`-separated text they type, the port
 * as text, the write-only password as an intent), converted from the GET document and to the
 * PUT/test body.
 */
import type { AuthInput, AuthMechanism, AuthView, EmailSettingsInput, EmailSettingsView, OAuth2Provider, TlsSettings } from '../../api/types';

/** What happens to the stored SMTP password on save: keep, replace, or remove it. */
export type PasswordIntent = { kind: 'keep' } | { kind: 'set'; value: string } | { kind: 'clear' };

/** The OAuth 2.0 part of the form; the write-only secrets as intents like the password. */
export interface OAuth2Form {
  provider: OAuth2Provider;
  tenant: string;
  clientId: string;
  tokenUrl: string;
  scope: string;
  clientSecretSet: boolean;
  clientSecret: PasswordIntent;
  serviceAccountKeySet: boolean;
  serviceAccountKey: PasswordIntent;
}

/** The authentication part of a form: the settings page's, and a policy's `auth` override. */
export interface AuthForm {
  authEnabled: boolean;
  username: string;
  passwordSet: boolean;
  password: PasswordIntent;
  mechanism: AuthMechanism;
  allowUnencrypted: boolean;
  oauth2: OAuth2Form;
}

/** The form's state. */
export interface SettingsForm extends AuthForm {
  recipients: string;
  servers: string;
  port: string;
  useMx: boolean;
  helo: string | null;
  tls: TlsSettings;
  sender: string;
  subject: string;
  body: string;
  digestSubject: string;
  digestBody: string;
  /** Messages per minute as typed; '' = no limit. */
  ratePerMinute: string;
}

/** The form for a stored document. */
export function formFromSettings(settings: EmailSettingsView): SettingsForm {
  return {
    recipients: settings.recipients.join('; '),
    servers: settings.servers.join('; '),
    port: String(settings.port),
    useMx: settings.useMx,
    helo: settings.helo,
    ...authForm(settings.auth),
    tls: { ...settings.tls },
    sender: settings.sender,
    subject: settings.subject,
    body: settings.body,
    digestSubject: settings.digestSubject,
    digestBody: settings.digestBody,
    ratePerMinute: settings.rateLimit.perMinute === null ? '' : String(settings.rateLimit.perMinute),
  };
}

/** The authentication form for a stored `auth` (write-only secrets kept while they are set). */
export function authForm(auth: AuthView): AuthForm {
  return {
    authEnabled: auth.enabled,
    username: auth.username,
    passwordSet: auth.passwordSet,
    password: auth.passwordSet ? { kind: 'keep' } : { kind: 'set', value: '' },
    mechanism: auth.mechanism ?? 'password',
    allowUnencrypted: auth.allowUnencrypted ?? false,
    oauth2: oauth2Form(auth.oauth2),
  };
}

function oauth2Form(view: AuthView['oauth2']): OAuth2Form {
  const clientSecretSet = view?.clientSecretSet ?? false;
  const serviceAccountKeySet = view?.serviceAccountKeySet ?? false;
  return {
    provider: view?.provider ?? 'microsoft',
    tenant: view?.tenant ?? '',
    clientId: view?.clientId ?? '',
    tokenUrl: view?.tokenUrl ?? '',
    scope: view?.scope ?? '',
    clientSecretSet,
    clientSecret: clientSecretSet ? { kind: 'keep' } : { kind: 'set', value: '' },
    serviceAccountKeySet,
    serviceAccountKey: serviceAccountKeySet ? { kind: 'keep' } : { kind: 'set', value: '' },
  };
}

/** A write-only secret's intent as the body says it: a string sets, absent keeps, null clears. */
function secretValue(intent: PasswordIntent): string | null | undefined {
  switch (intent.kind) {
    case 'keep':
      return undefined;
    case 'clear':
      return null;
    case 'set':
      return intent.value === '' ? undefined : intent.value;
  }
}

function orNull(text: string): string | null {
  const trimmed = text.trim();
  return trimmed === '' ? null : trimmed;
}

/** The `auth` part of a PUT body (settings or policy). */
export function authInput(form: AuthForm): AuthInput {
  const { oauth2 } = form;
  const clientSecret = secretValue(oauth2.clientSecret);
  const serviceAccountKey = secretValue(oauth2.serviceAccountKey);
  return {
    enabled: form.authEnabled,
    mechanism: form.mechanism,
    username: form.username.trim(),
    ...passwordValue(form.password),
    allowUnencrypted: form.allowUnencrypted,
    oauth2: {
      provider: oauth2.provider,
      tenant: orNull(oauth2.tenant),
      clientId: oauth2.clientId.trim(),
      tokenUrl: orNull(oauth2.tokenUrl),
      scope: orNull(oauth2.scope),
      ...(clientSecret === undefined ? {} : { clientSecret }),
      ...(serviceAccountKey === undefined ? {} : { serviceAccountKey }),
    },
  };
}

/** A number field (port, rate limit) as a number when it is one, else the text (the server then names the field). */
export function numberOrText(text: string): number | string {
  const trimmed = text.trim();
  return /^\d+$/.test(trimmed) ? Number(trimmed) : trimmed;
}

/** The password part of the body: a string sets, absent keeps, null clears. */
function passwordValue(intent: PasswordIntent): { password?: string | null } {
  switch (intent.kind) {
    case 'keep':
      return {};
    case 'clear':
      return { password: null };
    case 'set':
      return intent.value === '' ? {} : { password: intent.value };
  }
}

/** The PUT (and test) body for the form: the whole document. */
export function settingsInput(form: SettingsForm): EmailSettingsInput {
  return {
    recipients: form.recipients,
    servers: form.servers,
    port: numberOrText(form.port),
    useMx: form.useMx,
    helo: form.helo,
    auth: authInput(form),
    tls: {
      ...form.tls,
      // implicit TLS exists only in "always" mode; the server refuses it with any other
      implicit: form.tls.mode === 'required' && form.tls.implicit,
      serverName: form.tls.serverName === null || form.tls.serverName.trim() === '' ? null : form.tls.serverName.trim(),
    },
    sender: form.sender,
    subject: form.subject,
    body: form.body,
    digestSubject: form.digestSubject,
    digestBody: form.digestBody,
    rateLimit: { perMinute: form.ratePerMinute.trim() === '' ? null : numberOrText(form.ratePerMinute) },
  };
}

/** The non-empty `;`-separated entries, as the server counts them for `recipients[N]`. */
export function entries(text: string): string[] {
  return text
    .split(';')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
}
