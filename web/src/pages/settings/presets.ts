/**
 * Provider presets of the settings page: choosing one fills the server, port, TLS and OAuth
 * choices that provider needs (pure, so it is tested without a browser too).
 */
import type { OAuth2Provider } from '../../api/types';
import type { SettingsForm } from './model';

/** The presets offered. */
export type PresetId = 'microsoft365' | 'googleWorkspace';

interface Preset {
  servers: string;
  port: string;
  provider: OAuth2Provider;
}

/** What each preset sets. */
export const PRESETS: Readonly<Record<PresetId, Preset>> = {
  // Exchange Online SMTP AUTH endpoint; STARTTLS on 587.
  microsoft365: { servers: 'smtp.office365.com', port: '587', provider: 'microsoft' },
  // Google Workspace SMTP with XOAUTH2; STARTTLS on 587.
  googleWorkspace: { servers: 'smtp.gmail.com', port: '587', provider: 'google' },
};

/** The form with a preset applied: servers, port, TLS "required", OAuth with the provider. */
export function applyPreset(form: SettingsForm, id: PresetId): SettingsForm {
  const preset = PRESETS[id];
  return {
    ...form,
    servers: preset.servers,
    port: preset.port,
    useMx: false,
    authEnabled: true,
    mechanism: 'oauth2',
    allowUnencrypted: false,
    oauth2: { ...form.oauth2, provider: preset.provider, tokenUrl: '', scope: '' },
    tls: { ...form.tls, mode: 'required', implicit: false },
  };
}
