/**
 * A throw-away PKI made with openssl at test time in a temp dir (never committed): a CA, server
 * certificates (good, wrong name, self-signed, expired) and a client certificate. EC P-256
 * keys keep it fast.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A certificate and its key, PEM. */
export interface Pem {
  cert: string;
  key: string;
}

/** Everything the SMTP tests need. */
export interface SmtpTestPki {
  dir: string;
  ca: Pem;
  /** CN=mail.test, SAN mail.test, localhost, 127.0.0.1; issued by `ca`. */
  server: Pem;
  /** SAN other.test only; issued by `ca`. */
  wrongName: Pem;
  /** SAN mail.test, 127.0.0.1; self-signed. */
  selfSigned: Pem;
  /** SAN mail.test, 127.0.0.1; issued by `ca`, valid 2020 only. */
  expired: Pem;
  /** CN=herald-client, clientAuth; issued by `ca`. */
  client: Pem;
  /** A second CA that issued nothing here (a wrong trust anchor). */
  otherCa: Pem;
  /** Deletes the directory. */
  cleanup(): void;
}

function openssl(args: string[], cwd: string): void {
  execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
}

function read(dir: string, name: string): string {
  return fs.readFileSync(path.join(dir, name), 'utf8');
}

function key(dir: string, name: string): void {
  openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', `${name}.key`], dir);
}

function selfSignedCa(dir: string, name: string, cn: string): Pem {
  key(dir, name);
  openssl(
    ['req', '-x509', '-new', '-key', `${name}.key`, '-subj', `/CN=${cn}`, '-days', '30', '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign', '-out', `${name}.crt`],
    dir,
  );
  return { cert: read(dir, `${name}.crt`), key: read(dir, `${name}.key`) };
}

function issue(dir: string, name: string, cn: string, ext: string, issuer: string): Pem {
  key(dir, name);
  fs.writeFileSync(path.join(dir, `${name}.ext`), ext);
  openssl(['req', '-new', '-key', `${name}.key`, '-subj', `/CN=${cn}`, '-out', `${name}.csr`], dir);
  openssl(['x509', '-req', '-in', `${name}.csr`, '-CA', `${issuer}.crt`, '-CAkey', `${issuer}.key`, '-CAcreateserial', '-days', '30', '-extfile', `${name}.ext`, '-out', `${name}.crt`], dir);
  return { cert: read(dir, `${name}.crt`), key: read(dir, `${name}.key`) };
}

/** An expired certificate: `openssl ca` is the 3.0 tool that takes explicit dates. */
function issueExpired(dir: string, name: string, issuer: string, ext: string): Pem {
  key(dir, name);
  fs.writeFileSync(path.join(dir, 'index.txt'), '');
  fs.writeFileSync(path.join(dir, 'serial'), '1000\n');
  fs.writeFileSync(
    path.join(dir, 'ca.cnf'),
    [
      '[ca]',
      'default_ca = test',
      '[test]',
      `dir = ${dir}`,
      'database = $dir/index.txt',
      'serial = $dir/serial',
      'new_certs_dir = $dir',
      'default_md = sha256',
      'policy = any',
      'copy_extensions = none',
      'unique_subject = no',
      '[any]',
      'commonName = supplied',
      '[ext]',
      ext,
    ].join('\n'),
  );
  openssl(['req', '-new', '-key', `${name}.key`, '-subj', '/CN=mail.test', '-out', `${name}.csr`], dir);
  openssl(
    ['ca', '-batch', '-config', 'ca.cnf', '-cert', `${issuer}.crt`, '-keyfile', `${issuer}.key`, '-in', `${name}.csr`, '-startdate', '20200101000000Z', '-enddate', '20201231000000Z', '-extensions', 'ext', '-notext', '-out', `${name}.crt`],
    dir,
  );
  return { cert: read(dir, `${name}.crt`), key: read(dir, `${name}.key`) };
}

const SERVER_EXT = 'subjectAltName=DNS:mail.test,DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n';

/** Makes the test PKI in a new temp dir. */
export function makeSmtpTestPki(): SmtpTestPki {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'herald-smtp-pki-'));
  const ca = selfSignedCa(dir, 'ca', 'Herald SMTP Test CA');
  const otherCa = selfSignedCa(dir, 'other-ca', 'Some Other CA');
  const server = issue(dir, 'server', 'mail.test', SERVER_EXT, 'ca');
  const wrongName = issue(dir, 'wrong', 'other.test', 'subjectAltName=DNS:other.test\nextendedKeyUsage=serverAuth\n', 'ca');
  key(dir, 'self');
  openssl(['req', '-x509', '-new', '-key', 'self.key', '-subj', '/CN=mail.test', '-days', '30', '-addext', 'subjectAltName=DNS:mail.test,IP:127.0.0.1', '-out', 'self.crt'], dir);
  const selfSigned = { cert: read(dir, 'self.crt'), key: read(dir, 'self.key') };
  const expired = issueExpired(dir, 'expired', 'ca', 'subjectAltName=DNS:mail.test,IP:127.0.0.1');
  const client = issue(dir, 'client', 'herald-client', 'extendedKeyUsage=clientAuth\n', 'ca');
  return { dir, ca, server, wrongName, selfSigned, expired, client, otherCa, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}
