/**
 * Opens a PKCS#12 (.pfx/.p12) container: verifies its MAC, decrypts its safes and returns
 * every certificate and private key in it, as Node objects.
 *
 * Hand-written on purpose (RFC 7292 walked with our BER reader), instead of
 * `forge.pkcs12.pkcs12FromAsn1`, because forge:
 * - passes one JavaScript string to both the MAC / PKCS#12 PBE (BMPString) and PBKDF2
 *   (treats each UTF-16 code unit as one byte) — so an AES (PBES2) container with a
 *   non-ASCII password cannot be opened, which is the OpenSSL 3 default form;
 * - only parses RSA certificates and keys (EC would come back as raw ASN.1 at best);
 * - has no notion of the "null" password Windows uses for an empty one.
 * Node's `tls.createSecureContext({pfx})` can load a PFX but exposes neither certificates nor
 * key, and knows no RC2-40 (OpenSSL 3 legacy provider), so it is no fallback either.
 *
 * Password candidates, tried in this order, the MAC deciding which one is right (without a
 * MAC, the first that decrypts everything): the password as given (BMPString / UTF-8); for an
 * empty password also the null password; for a non-ASCII password also each UTF-8 byte
 * widened to 16 bits (what OpenSSL 1.0 wrote).
 */
import { createHmac, createPrivateKey, type KeyObject, timingSafeEqual, X509Certificate } from 'node:crypto';
import { InputError } from '../domain/errors.js';
import { type Asn1Node, Asn1Error, child, decodeDer, isContext, isUniversal, octets, oid, smallInt, Tag } from './der.js';
import { KdfBudget, KdfBudgetExceeded, KDF_WORK_BUDGET, pkcs12KdfWork } from './kdf-budget.js';
import { decryptPbe, iterationCount, PbeDecryptError, type PbePassword, UnsupportedPbeError } from './pbe.js';
import { pkcs12Kdf, pkcs12PasswordBytes } from './pkcs12-kdf.js';

/** What a container holds. */
export interface Pkcs12Contents {
  certificates: X509Certificate[];
  keys: KeyObject[];
}

const OID = {
  data: '1.2.840.113549.1.7.1',
  encryptedData: '1.2.840.113549.1.7.6',
  envelopedData: '1.2.840.113549.1.7.3',
  keyBag: '1.2.840.113549.1.12.10.1.1',
  shroudedKeyBag: '1.2.840.113549.1.12.10.1.2',
  certBag: '1.2.840.113549.1.12.10.1.3',
  safeContentsBag: '1.2.840.113549.1.12.10.1.6',
  x509Certificate: '1.2.840.113549.1.9.22.1',
} as const;

const MAC_HASH: Record<string, { hash: string; length: number }> = {
  '1.3.14.3.2.26': { hash: 'sha1', length: 20 },
  '2.16.840.1.101.3.4.2.4': { hash: 'sha224', length: 28 },
  '2.16.840.1.101.3.4.2.1': { hash: 'sha256', length: 32 },
  '2.16.840.1.101.3.4.2.2': { hash: 'sha384', length: 48 },
  '2.16.840.1.101.3.4.2.3': { hash: 'sha512', length: 64 },
};

/** The password forms to try (see the module comment). */
export function passwordCandidates(password: string): PbePassword[] {
  const utf8 = Buffer.from(password, 'utf8');
  const candidates: PbePassword[] = [{ bmp: pkcs12PasswordBytes(password), utf8 }];
  if (password === '') candidates.push({ bmp: Buffer.alloc(0), utf8 });
  if (/[^\x00-\x7f]/.test(password)) candidates.push({ bmp: pkcs12PasswordBytes(utf8.toString('latin1')), utf8 });
  return candidates;
}

function notPkcs12(): InputError {
  return new InputError('CERT_UNREADABLE', 'The file is not a PKCS#12 (.pfx/.p12) container. Export the certificate with its private key as PKCS#12 again, or upload it in X.509 format (certificate and key files).', 'container');
}

function wrongPassword(password: string): InputError {
  return new InputError(
    'WRONG_PASSWORD',
    password === '' ? 'The PKCS#12 container is protected by a password. Enter the password it was exported with.' : 'The password does not open the PKCS#12 container. Check the password (it is case-sensitive) and try again.',
    'password',
  );
}

function unsupported(algorithm: string, field: 'container'): InputError {
  return new InputError('CERT_UNREADABLE', `The PKCS#12 container is encrypted with ${algorithm}, which Herald cannot decrypt. Export it again with AES (the default of current Windows and OpenSSL) or 3DES.`, field);
}

interface ParsedPfx {
  authSafe: Buffer;
  mac: { hash: string; length: number; digest: Buffer; salt: Buffer; iterations: number } | null;
}

function parsePfx(der: Buffer): ParsedPfx {
  const pfx = decodeDer(der);
  const version = child(pfx, 0, 'PFX version');
  if (!isUniversal(pfx, Tag.SEQUENCE) || smallInt(version) !== 3) throw new Asn1Error('not a PFX v3');
  const authSafeInfo = child(pfx, 1, 'authSafe');
  const contentType = oid(child(authSafeInfo, 0, 'authSafe content type'));
  if (contentType !== OID.data) throw new Asn1Error(`authSafe content type ${contentType} (public-key integrity mode) is not supported`);
  const explicit = child(authSafeInfo, 1, 'authSafe content');
  if (!isContext(explicit, 0)) throw new Asn1Error('authSafe content is not [0]');
  const authSafe = octets(child(explicit, 0, 'authSafe data'));
  const macData = pfx.children[2];
  if (!macData) return { authSafe, mac: null };
  const digestInfo = child(macData, 0, 'MAC DigestInfo');
  const macOid = oid(child(child(digestInfo, 0, 'MAC algorithm'), 0, 'MAC algorithm OID'));
  const spec = MAC_HASH[macOid];
  if (!spec) throw new UnsupportedPbeError(`MAC ${macOid}`);
  const iterationsNode = macData.children[2];
  return {
    authSafe,
    mac: {
      ...spec,
      digest: octets(child(digestInfo, 1, 'MAC digest')),
      salt: octets(child(macData, 1, 'MAC salt')),
      iterations: iterationsNode ? iterationCount(iterationsNode) : 1,
    },
  };
}

function macMatches(pfx: ParsedPfx, password: PbePassword, budget: KdfBudget): boolean {
  const mac = pfx.mac;
  if (!mac) return false;
  budget.charge(pkcs12KdfWork(mac.iterations, mac.hash, mac.length));
  const key = pkcs12Kdf(mac.hash, password.bmp, mac.salt, 3, mac.iterations, mac.length);
  const computed = createHmac(mac.hash, key).update(pfx.authSafe).digest();
  return computed.length === mac.digest.length && timingSafeEqual(computed, mac.digest);
}

/** Collects certificates and keys from a SafeContents, decrypting shrouded keys. */
function readSafeContents(safeContents: Buffer, password: PbePassword, out: Pkcs12Contents, budget: KdfBudget): void {
  const bags = decodeDer(safeContents);
  for (const bag of bags.children) {
    const bagId = oid(child(bag, 0, 'bag id'));
    const valueWrapper = child(bag, 1, 'bag value');
    if (!isContext(valueWrapper, 0)) throw new Asn1Error('bag value is not [0]');
    const value = child(valueWrapper, 0, 'bag value');
    switch (bagId) {
      case OID.keyBag:
        out.keys.push(loadPkcs8(value.raw));
        break;
      case OID.shroudedKeyBag: {
        const plain = decryptPbe(child(value, 0, 'key encryption algorithm'), octets(child(value, 1, 'encrypted key')), password, budget);
        out.keys.push(loadPkcs8(plain));
        break;
      }
      case OID.certBag: {
        if (oid(child(value, 0, 'cert type')) !== OID.x509Certificate) break; // SDSI certificates: ignored
        const certWrapper = child(value, 1, 'cert value');
        out.certificates.push(new X509Certificate(octets(child(certWrapper, 0, 'cert'))));
        break;
      }
      case OID.safeContentsBag:
        readSafeContents(Buffer.from(value.raw), password, out, budget);
        break;
      default:
        break; // CRL and secret bags carry nothing Herald uses
    }
  }
}

/** Thrown for a key bag Node cannot load (an unusual key type). */
class KeyLoadError extends Error {
  override readonly name = 'KeyLoadError';
}

function loadPkcs8(der: Buffer): KeyObject {
  try {
    return createPrivateKey({ key: Buffer.from(der), format: 'der', type: 'pkcs8' });
  } catch {
    throw new KeyLoadError('key bag is not a readable PKCS#8 key');
  }
}

/** Reads every safe of the AuthenticatedSafe with one password candidate. */
function readAuthSafe(authSafe: Buffer, password: PbePassword, budget: KdfBudget): Pkcs12Contents {
  const out: Pkcs12Contents = { certificates: [], keys: [] };
  for (const info of decodeDer(authSafe).children) {
    const type = oid(child(info, 0, 'safe content type'));
    const explicit = info.children[1];
    if (type === OID.data) {
      if (!explicit) continue;
      readSafeContents(octets(child(explicit, 0, 'safe data')), password, out, budget);
    } else if (type === OID.encryptedData) {
      if (!explicit) continue;
      const encryptedContentInfo = child(child(explicit, 0, 'EncryptedData'), 1, 'EncryptedContentInfo');
      const algId = child(encryptedContentInfo, 1, 'content encryption algorithm');
      const content: Asn1Node | undefined = encryptedContentInfo.children[2];
      if (!content) continue;
      const encrypted = content.constructed ? octets(content) : content.content;
      readSafeContents(decryptPbe(algId, encrypted, password, budget), password, out, budget);
    } else if (type === OID.envelopedData) {
      throw new UnsupportedPbeError('public-key (certificate-based) encryption');
    }
  }
  return out;
}

/** The container asks for more key derivation than one upload may cause. */
function tooExpensive(error: KdfBudgetExceeded): InputError {
  return new InputError(
    'CERT_UNREADABLE',
    `The PKCS#12 container asks for more password-based key derivation than Herald allows for one upload (${Math.round(error.requested).toLocaleString('en')} units, at most ${error.limit.toLocaleString('en')}: its iteration counts × the items they protect). Export it again with the usual iteration count (e.g. \`openssl pkcs12 -export -iter 2048\`).`,
    'container',
  );
}

/**
 * Opens a PKCS#12 container with `password`, charging every key derivation (MAC, each
 * encrypted safe and key bag, each password form tried) to `budget` before it runs.
 * Throws InputError: CERT_UNREADABLE (field `container`: not PKCS#12, unsupported encryption,
 * too much key-derivation work), KEY_UNREADABLE (a key Node cannot load), WRONG_PASSWORD
 * (field `password`).
 */
export function openPkcs12(container: Buffer, password: string, budget: KdfBudget = new KdfBudget(KDF_WORK_BUDGET)): Pkcs12Contents {
  try {
    return openWithin(container, password, budget);
  } catch (error) {
    if (error instanceof KdfBudgetExceeded) throw tooExpensive(error);
    throw error;
  }
}

function openWithin(container: Buffer, password: string, budget: KdfBudget): Pkcs12Contents {
  let pfx: ParsedPfx;
  try {
    pfx = parsePfx(container);
  } catch (error) {
    if (error instanceof UnsupportedPbeError) throw unsupported(error.algorithm, 'container');
    throw notPkcs12();
  }
  const candidates = passwordCandidates(password);
  let toTry = candidates;
  if (pfx.mac) {
    const verified = candidates.find((c) => macMatches(pfx, c, budget));
    if (!verified) throw wrongPassword(password);
    toTry = [verified];
  }
  let lastError: unknown = null;
  for (const candidate of toTry) {
    try {
      return readAuthSafe(pfx.authSafe, candidate, budget);
    } catch (error) {
      if (error instanceof UnsupportedPbeError) throw unsupported(error.algorithm, 'container');
      if (error instanceof KdfBudgetExceeded) throw error;
      lastError = error;
    }
  }
  // Without a MAC a wrong password shows up as bad padding or, rarely, garbage after decryption.
  if (!pfx.mac && (lastError instanceof PbeDecryptError || lastError instanceof Asn1Error || lastError instanceof KeyLoadError)) {
    throw wrongPassword(password);
  }
  if (lastError instanceof KeyLoadError) {
    throw new InputError('KEY_UNREADABLE', 'The private key in the PKCS#12 container is of a type Herald cannot read. Use an RSA or EC key.', 'container');
  }
  throw new InputError('CERT_UNREADABLE', 'The PKCS#12 container is damaged: its contents could not be read although the password is right. Export it again.', 'container');
}
