/**
 * A Google service account's JSON key (the file the Cloud console downloads): read and
 * checked when it is saved, so a wrong file is a 400 at once instead of a failed delivery.
 */
import crypto from 'node:crypto';

/** The parts of the key Herald uses. */
export interface ServiceAccountKey {
  /** The JWT's `iss`. */
  clientEmail: string;
  /** PEM (PKCS#8) of the RSA key that signs the JWT. */
  privateKey: string;
  /** The JWT header's `kid`, when the key names it. */
  privateKeyId: string | null;
  /** The key's token endpoint; null when the file has none. */
  tokenUri: string | null;
}

/** The key, or a sentence saying what is wrong with the file (never the key's content). */
export type ReadServiceAccountKey = { ok: true; key: ServiceAccountKey } | { ok: false; problem: string };

function text(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value : null;
}

/** Reads a service account JSON key. */
export function readServiceAccountKey(json: string): ReadServiceAccountKey {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return { ok: false, problem: "The service account key is not JSON; upload the key file as downloaded from the Google Cloud console (Service accounts ▸ Keys ▸ Add key ▸ JSON)." };
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    return { ok: false, problem: 'The service account key must be a JSON object.' };
  }
  const record = parsed as Record<string, unknown>;
  if (record['type'] !== undefined && record['type'] !== 'service_account') {
    return { ok: false, problem: `This JSON key is of type "${String(record['type'])}"; a service account key ("type": "service_account") is needed.` };
  }
  const clientEmail = text(record['client_email']);
  if (clientEmail === null) return { ok: false, problem: 'The service account key has no "client_email".' };
  const privateKey = text(record['private_key']);
  if (privateKey === null) return { ok: false, problem: 'The service account key has no "private_key".' };
  try {
    const key = crypto.createPrivateKey(privateKey);
    if (key.asymmetricKeyType !== 'rsa') return { ok: false, problem: 'The service account key\'s "private_key" is not an RSA key.' };
  } catch {
    return { ok: false, problem: 'The service account key\'s "private_key" cannot be read as a PEM private key.' };
  }
  const tokenUri = text(record['token_uri']);
  if (tokenUri !== null && !tokenUri.startsWith('https://')) {
    return { ok: false, problem: 'The service account key\'s "token_uri" must be an https:// URL.' };
  }
  return { ok: true, key: { clientEmail, privateKey, privateKeyId: text(record['private_key_id']), tokenUri } };
}
