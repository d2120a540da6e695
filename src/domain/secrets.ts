import type { SealedSecret } from './email-settings.js';

/**
 * Encrypts secrets before they reach the store (AES-256-GCM under the master key). Injected
 * wherever a secret is written or read, so nothing else needs to know the key.
 */
export interface SecretBox {
  seal(plaintext: string): SealedSecret;
  /** Throws when the text was not sealed with this key (wrong master key, tampering). */
  open(sealed: SealedSecret): string;
}
