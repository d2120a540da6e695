/**
 * Labels of the TLS choices, keyed by the server's own lists (src/domain/email-settings.ts):
 * a mode or version added there without a label here does not compile.
 */
import type { TlsMinVersion, TlsMode } from '../api/types';
import type { MessageKey } from './en';

/** KSC's wording of each TLS mode. */
export const TLS_MODE_LABELS: Readonly<Record<TlsMode, MessageKey>> = {
  none: 'settings.tls.none',
  opportunistic: 'settings.tls.opportunistic',
  required: 'settings.tls.required',
};

/** The wording of each minimum TLS version. */
export const TLS_MIN_VERSION_LABELS: Readonly<Record<TlsMinVersion, MessageKey>> = {
  any: 'settings.minVersion.any',
  '1.2': 'settings.minVersion.12',
};
