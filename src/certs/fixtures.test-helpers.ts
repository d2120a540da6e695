/**
 * Test PKI made at test time with the `openssl` CLI (OpenSSL 3), shared by the certificate,
 * SMTP and browser tests. Nothing here is imported by production code and no key material is
 * committed: everything is written into a directory the caller owns (usually `mkdtemp`).
 *
 * EC P-256 keys by default (fast); one RSA identity where a test needs PKCS#1.
 *
 * Quick use:
 * ```ts
 * const dir = mkdtempSync(join(tmpdir(), 'herald-pki-'));
 * const pki = makeTestPki(dir);                       // CA, server (localhost/127.0.0.1), clients
 * const p12 = exportPkcs12(pki.client, join(dir, 'c.p12'), { password: 'x', encryption: 'rc2-40' });
 * ```
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** A certificate and its key on disk and in memory. */
export interface TestIdentity {
  /** File-name stem inside the PKI directory. */
  name: string;
  certPath: string;
  /** Unencrypted PKCS#8 PEM key file. */
  keyPath: string;
  certPem: string;
  keyPem: string;
  /** The subject as Herald shows it (RFC 4514 order), e.g. `CN=Herald Test Client, O=Herald Test`. */
  subject: string;
  keyType: 'ec' | 'rsa';
}

/** What `issue` makes. */
export interface IssueOptions {
  /** File-name stem (unique within the PKI directory). */
  name: string;
  commonName: string;
  keyType?: 'ec' | 'rsa';
  /** OpenSSL EKU names (`serverAuth`, `clientAuth`); omit or null for no EKU extension. */
  extendedKeyUsage?: string[] | null;
  /** OpenSSL SAN syntax, e.g. `DNS:localhost,IP:127.0.0.1`. */
  subjectAltName?: string;
  /** Defaults to one hour ago. */
  notBefore?: Date;
  /** Defaults to 365 days from now. */
  notAfter?: Date;
  /** The issuing CA; defaults to the PKI's root CA. */
  issuer?: TestIdentity;
  /** Make a CA certificate (an intermediate). */
  isCa?: boolean;
}

/** A ready-made test PKI. */
export interface TestPki {
  dir: string;
  /** Self-signed root, `CN=Herald Test CA, O=Herald Test`. */
  ca: TestIdentity;
  /** Server certificate for `localhost` and `127.0.0.1` (EKU serverAuth). */
  server: TestIdentity;
  /** Client certificate, EC, EKU clientAuth. */
  client: TestIdentity;
  /** Client certificate with an RSA key (for PKCS#1 cases), EKU clientAuth. */
  clientRsa: TestIdentity;
  /** Issues another certificate (by default from `ca`). */
  issue(options: IssueOptions): TestIdentity;
}

/** Runs `openssl` with the arguments (no shell); returns stdout. Throws with stderr on failure. */
export function runOpenssl(args: string[], input?: Buffer | string): Buffer {
  try {
    return execFileSync('openssl', args, { input, stdio: ['pipe', 'pipe', 'pipe'] });
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString() ?? '';
    throw new Error(`openssl ${args.join(' ')} failed: ${stderr}`);
  }
}

/** Runs `openssl` and returns stdout and stderr together (`pkcs12 -info` writes to stderr). */
export function runOpensslText(args: string[], input?: Buffer | string): string {
  const result = spawnSync('openssl', args, { input });
  if (result.status !== 0) throw new Error(`openssl ${args.join(' ')} failed: ${result.stderr.toString()}`);
  return result.stdout.toString() + result.stderr.toString();
}

/** OpenSSL's date form for `openssl ca -startdate/-enddate`. */
function opensslDate(date: Date): string {
  return date.toISOString().replace(/[-:T]/g, '').replace(/\.\d{3}Z$/, 'Z');
}

function generateKey(path: string, keyType: 'ec' | 'rsa'): void {
  const opts =
    keyType === 'ec'
      ? ['-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256']
      : ['-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048'];
  runOpenssl(['genpkey', ...opts, '-out', path]);
}

function identity(dir: string, name: string, commonName: string, keyType: 'ec' | 'rsa'): TestIdentity {
  const certPath = join(dir, `${name}.crt`);
  const keyPath = join(dir, `${name}.key`);
  return {
    name,
    certPath,
    keyPath,
    certPem: readFileSync(certPath, 'utf8'),
    keyPem: readFileSync(keyPath, 'utf8'),
    subject: `CN=${commonName}, O=Herald Test`,
    keyType,
  };
}

/** Makes a self-signed root CA `name` in `dir`. */
export function makeRootCa(dir: string, name = 'ca', commonName = 'Herald Test CA'): TestIdentity {
  const keyPath = join(dir, `${name}.key`);
  generateKey(keyPath, 'ec');
  const cfg = join(dir, `${name}.req.cnf`);
  writeFileSync(
    cfg,
    [
      '[req]',
      'distinguished_name = dn',
      'prompt = no',
      '[dn]',
      'CN = unused',
      '[v3]',
      'basicConstraints = critical,CA:TRUE',
      'keyUsage = critical,keyCertSign,cRLSign',
      'subjectKeyIdentifier = hash',
      '',
    ].join('\n'),
  );
  runOpenssl([
    'req', '-x509', '-new', '-utf8', '-config', cfg, '-extensions', 'v3', '-key', keyPath,
    '-subj', `/O=Herald Test/CN=${commonName}`, '-days', '3650', '-sha256',
    '-out', join(dir, `${name}.crt`),
  ]);
  return identity(dir, name, commonName, 'ec');
}

/** Issues a certificate with `openssl ca` (which, unlike `x509`, takes explicit start and end dates). */
export function issueCertificate(dir: string, defaultIssuer: TestIdentity, options: IssueOptions): TestIdentity {
  const issuer = options.issuer ?? defaultIssuer;
  const keyType = options.keyType ?? 'ec';
  const work = join(dir, `${options.name}.ca-db`);
  mkdirSync(work, { recursive: true });
  writeFileSync(join(work, 'index.txt'), '');
  writeFileSync(join(work, 'serial'), `${randomBytes(8).toString('hex').toUpperCase().replace(/^[89A-F]/, '1')}\n`);
  const ext = [
    options.isCa ? 'basicConstraints = critical,CA:TRUE' : 'basicConstraints = critical,CA:FALSE',
    options.isCa ? 'keyUsage = critical,keyCertSign,cRLSign' : 'keyUsage = critical,digitalSignature,keyEncipherment',
    'subjectKeyIdentifier = hash',
    'authorityKeyIdentifier = keyid',
  ];
  if (options.extendedKeyUsage) ext.push(`extendedKeyUsage = ${options.extendedKeyUsage.join(',')}`);
  if (options.subjectAltName) ext.push(`subjectAltName = ${options.subjectAltName}`);
  const cfg = join(work, 'ca.cnf');
  writeFileSync(
    cfg,
    [
      '[ca]',
      'default_ca = herald',
      '[herald]',
      `database = ${join(work, 'index.txt')}`,
      `new_certs_dir = ${work}`,
      `serial = ${join(work, 'serial')}`,
      'default_md = sha256',
      'policy = policy_any',
      'unique_subject = no',
      'email_in_dn = no',
      '[policy_any]',
      'organizationName = optional',
      'commonName = supplied',
      '[ext]',
      ...ext,
      '[req]',
      'distinguished_name = dn',
      'prompt = no',
      '[dn]',
      'CN = unused',
      '',
    ].join('\n'),
  );
  const keyPath = join(dir, `${options.name}.key`);
  const csrPath = join(work, 'req.csr');
  generateKey(keyPath, keyType);
  runOpenssl(['req', '-new', '-utf8', '-config', cfg, '-key', keyPath, '-subj', `/O=Herald Test/CN=${options.commonName}`, '-out', csrPath]);
  const notBefore = options.notBefore ?? new Date(Date.now() - 3_600_000);
  const notAfter = options.notAfter ?? new Date(Date.now() + 365 * 86_400_000);
  runOpenssl([
    'ca', '-batch', '-notext', '-config', cfg, '-extensions', 'ext',
    '-cert', issuer.certPath, '-keyfile', issuer.keyPath, '-in', csrPath,
    '-startdate', opensslDate(notBefore), '-enddate', opensslDate(notAfter),
    '-out', join(dir, `${options.name}.crt`),
  ]);
  return identity(dir, options.name, options.commonName, keyType);
}

/** Makes the standard test PKI in `dir` (about a second: one RSA key, the rest EC). */
export function makeTestPki(dir: string): TestPki {
  const ca = makeRootCa(dir);
  const issue = (options: IssueOptions): TestIdentity => issueCertificate(dir, ca, options);
  return {
    dir,
    ca,
    server: issue({
      name: 'server', commonName: 'localhost', extendedKeyUsage: ['serverAuth'],
      subjectAltName: 'DNS:localhost,IP:127.0.0.1',
    }),
    client: issue({ name: 'client', commonName: 'Herald Test Client', extendedKeyUsage: ['clientAuth'] }),
    clientRsa: issue({
      name: 'client-rsa', commonName: 'Herald Test RSA Client', keyType: 'rsa', extendedKeyUsage: ['clientAuth'],
    }),
    issue,
  };
}

/** How `exportPkcs12` protects the container. */
export interface Pkcs12ExportOptions {
  /** `''` for an empty password. */
  password: string;
  /** `aes` = OpenSSL 3 default (AES-256-CBC, PBKDF2); `3des` = PBE-SHA1-3DES both; `rc2-40` = `-legacy` (RC2-40 certs, 3DES key); `none` = no encryption. */
  encryption?: 'aes' | '3des' | 'rc2-40' | 'none';
  /** MAC digest; `none` = `-nomac`. Default: OpenSSL's (sha256, or sha1 for `3des`/`rc2-40`). */
  mac?: 'sha256' | 'sha1' | 'none';
  /** `both` (default), `certs-only` (`-nokeys`), `key-only` (`-nocerts`). */
  contents?: 'both' | 'certs-only' | 'key-only';
  /** Extra certificates put in (`-certfile`), e.g. the CA. */
  chain?: TestIdentity[];
  /** Use another key than the identity's (for mismatch cases). */
  keyPath?: string;
  /** Iteration count of encryption and MAC (`-iter`); OpenSSL's default 2048 when absent. */
  iterations?: number;
}

/** Exports `id` (cert + key) as PKCS#12 to `outPath`; returns the file's bytes. */
export function exportPkcs12(id: TestIdentity, outPath: string, options: Pkcs12ExportOptions): Buffer {
  const args = ['pkcs12', '-export', '-out', outPath, '-passout', `pass:${options.password}`];
  const contents = options.contents ?? 'both';
  if (contents === 'certs-only') args.push('-nokeys', '-in', id.certPath);
  else if (contents === 'key-only') args.push('-nocerts', '-inkey', options.keyPath ?? id.keyPath);
  else args.push('-in', id.certPath, '-inkey', options.keyPath ?? id.keyPath);
  if (options.chain && options.chain.length > 0) {
    const chainPath = `${outPath}.chain.pem`;
    writeFileSync(chainPath, options.chain.map((c) => c.certPem).join(''));
    args.push('-certfile', chainPath);
  }
  switch (options.encryption ?? 'aes') {
    case 'aes':
      break;
    case '3des':
      args.push('-certpbe', 'PBE-SHA1-3DES', '-keypbe', 'PBE-SHA1-3DES');
      break;
    case 'rc2-40':
      args.push('-legacy');
      break;
    case 'none':
      args.push('-certpbe', 'NONE', '-keypbe', 'NONE');
      break;
  }
  if (options.iterations !== undefined) args.push('-iter', String(options.iterations));
  if (options.mac === 'none') args.push('-nomac');
  else if (options.mac) args.push('-macalg', options.mac);
  else if (options.encryption === '3des' || options.encryption === 'rc2-40') args.push('-macalg', 'sha1');
  runOpenssl(args);
  return readFileSync(outPath);
}

/** How `exportKey` writes a private key. */
export interface KeyExportOptions {
  /** `pkcs8`, or the traditional form: `pkcs1` (RSA) / `sec1` (EC). */
  format: 'pkcs8' | 'traditional';
  encoding: 'pem' | 'der';
  /**
   * PKCS#8: `aes` (PBES2 AES-256-CBC), `3des` (PBES1 PBE-SHA1-3DES), `des` (PBES2 DES-CBC, legacy),
   * `md5-des` (PBES1 PBE-MD5-DES, legacy). Traditional PEM: `aes` (AES-256-CBC), `3des`
   * (DES-EDE3-CBC), `des` (DES-CBC). Omit for an unencrypted key.
   */
  encryption?: 'aes' | '3des' | 'des' | 'md5-des';
  password?: string;
  /** PKCS#8 only: the iteration count (`-iter`). */
  iterations?: number;
}

/** Writes `id`'s key in the given form to `outPath`; returns the file's bytes. */
export function exportKey(id: TestIdentity, outPath: string, options: KeyExportOptions): Buffer {
  const outform = options.encoding === 'der' ? 'DER' : 'PEM';
  const pass = `pass:${options.password ?? ''}`;
  if (options.format === 'pkcs8') {
    const args = ['pkcs8', '-topk8', '-in', id.keyPath, '-outform', outform, '-out', outPath];
    switch (options.encryption) {
      case undefined:
        args.push('-nocrypt');
        break;
      case 'aes':
        args.push('-v2', 'aes-256-cbc', '-passout', pass);
        break;
      case '3des':
        args.push('-v1', 'PBE-SHA1-3DES', '-passout', pass);
        break;
      case 'des':
        args.push('-v2', 'des-cbc', '-passout', pass, '-provider', 'legacy', '-provider', 'default');
        break;
      case 'md5-des':
        args.push('-v1', 'PBE-MD5-DES', '-passout', pass, '-provider', 'legacy', '-provider', 'default');
        break;
    }
    if (options.iterations !== undefined) args.push('-iter', String(options.iterations));
    runOpenssl(args);
  } else {
    const cmd = id.keyType === 'rsa' ? 'rsa' : 'ec';
    const args = [cmd, '-in', id.keyPath, '-outform', outform, '-out', outPath];
    if (cmd === 'rsa') args.push('-traditional');
    if (options.encryption) {
      const cipher = { aes: '-aes256', '3des': '-des3', des: '-des', 'md5-des': '-des' }[options.encryption];
      args.push(cipher, '-passout', pass);
      if (options.encryption === 'des' || options.encryption === 'md5-des') {
        args.push('-provider', 'legacy', '-provider', 'default');
      }
    }
    runOpenssl(args);
  }
  return readFileSync(outPath);
}
