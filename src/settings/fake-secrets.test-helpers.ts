/**
 * A reversible, visibly fake SecretBox for unit tests of the settings parsers: sealing is
 * observable (`sealed:<text>`) without needing the real key handling.
 */
import type { SealedSecret } from '../domain/email-settings.js';
import type { SecretBox } from '../domain/secrets.js';

/** A SecretBox for tests: `seal('x')` → `sealed:x`. Not for production use. */
export function fakeSecrets(): SecretBox {
  return {
    seal: (plaintext) => `sealed:${plaintext}` as SealedSecret,
    open: (sealed) => {
      if (!sealed.startsWith('sealed:')) throw new Error('not sealed by this box');
      return sealed.slice('sealed:'.length);
    },
  };
}

/** A sealed value as `fakeSecrets` would produce it. */
export function sealedFake(plaintext: string): SealedSecret {
  return `sealed:${plaintext}` as SealedSecret;
}
