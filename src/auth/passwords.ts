/**
 * Password hashing with scrypt (node:crypto) and token hashing with SHA-256, as API.md
 * requires. Passwords: `scrypt$N$r$p$salt$hash` so parameters can be raised later.
 * Tokens are 256-bit random values, so a plain SHA-256 is enough to store them.
 */
import { hash, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

const SCRYPT_N = 16384;
const SCRYPT_R = 8;
const SCRYPT_P = 1;
const SCRYPT_KEY_BYTES = 32;

function scryptAsync(password: string, salt: Buffer, n: number, r: number, p: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password, salt, SCRYPT_KEY_BYTES, { N: n, r, p, maxmem: 64 * 1024 * 1024 }, (error, key) =>
      error ? reject(error) : resolve(key),
    );
  });
}

/** Hashes a password for storage. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const hash = await scryptAsync(password, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P);
  return `scrypt$${SCRYPT_N}$${SCRYPT_R}$${SCRYPT_P}$${salt.toString('base64')}$${hash.toString('base64')}`;
}

/** Checks a password against a stored hash in constant time. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !n || !r || !p || salt === undefined || hash === undefined) return false;
  const expected = Buffer.from(hash, 'base64');
  const actual = await scryptAsync(password, Buffer.from(salt, 'base64'), Number(n), Number(r), Number(p));
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** A new 256-bit random token, URL-safe (session and CSRF tokens). */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** What every agent and admin token starts with. */
export const BEARER_TOKEN_PREFIX = 'herald_';

/**
 * A new agent or admin token: the prefix, then 256 random bits, URL-safe. The prefix lets
 * secret scanners recognise a leaked token, and it keeps the token from starting with "-",
 * which a command line (`herald … --token "$ADMIN"`) would read as an option — one raw
 * base64url token in 64 did.
 */
export function newBearerToken(): string {
  return BEARER_TOKEN_PREFIX + newToken();
}

/** How tokens are stored and looked up. */
export function hashToken(token: string): string {
  return hash('sha256', token, 'hex');
}

/** Constant-time comparison of two `hashToken` digests (a token against a known token's digest). */
export function tokenHashesEqual(a: string, b: string): boolean {
  return a.length === b.length && timingSafeEqual(Buffer.from(a, 'latin1'), Buffer.from(b, 'latin1'));
}

/** Constant-time comparison of two strings of any length (a CSRF token, the operations token). */
export function safeEqual(a: string, b: string): boolean {
  return timingSafeEqual(hash('sha256', a, 'buffer'), hash('sha256', b, 'buffer'));
}
