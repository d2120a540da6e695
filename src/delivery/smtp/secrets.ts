/** Every form of a transport configuration's credentials that must never be shown. */
import { grantSecrets } from '../oauth/grant.js';
import type { TransportConfig } from './types.js';
import { mergeVariants, secretVariants } from './transcript.js';

/** The password's forms and the OAuth grant's secrets (client secret, private key). */
export function configSecrets(config: TransportConfig): string[] {
  const grant = config.auth.oauth2;
  return mergeVariants(secretVariants(config.auth.username, config.auth.password), grant === undefined ? [] : grantSecrets(grant));
}
