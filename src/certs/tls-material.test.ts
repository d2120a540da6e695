import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import tls from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { StoredCertificate } from '../domain/certificate.js';
import type { SealedSecret } from '../domain/email-settings.js';
import type { SecretBox } from '../domain/secrets.js';
import { exportKey, exportPkcs12, issueCertificate, makeRootCa, makeTestPki, type Pkcs12ExportOptions, runOpenssl, type TestIdentity, type TestPki } from './fixtures.test-helpers.js';
import { type ClientIngestResult, ingestCaFile, ingestClientPkcs12, ingestClientX509 } from './ingest.js';
import { CertificateUnavailableError, resolveTlsMaterial, type TlsMaterial, toStoredCertificate } from './tls-material.js';

/** A real AES-256-GCM box, as the production one works. */
function testSecretBox(): SecretBox {
  const key = randomBytes(32);
  return {
    seal(plaintext) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), data]).toString('base64') as SealedSecret;
    },
    open(sealed) {
      const raw = Buffer.from(sealed, 'base64');
      const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
      decipher.setAuthTag(raw.subarray(12, 28));
      return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
    },
  };
}

/** An in-memory certificate lookup. */
class MemoryCerts {
  readonly rows = new Map<string, StoredCertificate>();
  async get(id: string): Promise<StoredCertificate | null> {
    return this.rows.get(id) ?? null;
  }
}

let dir: string;
let pki: TestPki;
let stranger: TestIdentity;
let intermediate: TestIdentity;
let serverViaIntermediate: TestIdentity;
const secrets = testSecretBox();
const certs = new MemoryCerts();
let n = 0;
const now = new Date();

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'herald-tls-'));
  pki = makeTestPki(dir);
  intermediate = pki.issue({ name: 'intermediate', commonName: 'Herald Test Intermediate', isCa: true });
  serverViaIntermediate = pki.issue({
    name: 'server-int', commonName: 'localhost', issuer: intermediate, extendedKeyUsage: ['serverAuth'], subjectAltName: 'DNS:localhost,IP:127.0.0.1',
  });
  const strangerDir = join(dir, 'stranger');
  mkdirSync(strangerDir);
  const strangerCa = makeRootCa(strangerDir, 'ca', 'Stranger CA');
  stranger = issueCertificate(strangerDir, strangerCa, { name: 'stranger-client', commonName: 'Stranger', extendedKeyUsage: ['clientAuth'] });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function storeClient(format: 'x509' | 'pkcs12', result: ClientIngestResult): string {
  const id = `client-${n++}`;
  certs.rows.set(id, toStoredCertificate(id, 'client', format, result, secrets, now));
  return id;
}

interface ServerSaw {
  authorized: boolean;
  peerCommonName: string | undefined;
}

/**
 * Runs one handshake against a server that REQUIRES a client certificate from the test CA;
 * resolves with what the server saw, rejects when the server refused the client.
 */
async function handshakeWithClientCert(material: TlsMaterial): Promise<ServerSaw> {
  const server = tls.createServer({ key: pki.server.keyPem, cert: pki.server.certPem, ca: pki.ca.certPem, requestCert: true, rejectUnauthorized: true });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  const seen = new Promise<ServerSaw>((resolve, reject) => {
    server.once('secureConnection', (socket: tls.TLSSocket) => {
      resolve({ authorized: socket.authorized, peerCommonName: socket.getPeerCertificate().subject?.CN as string | undefined });
      socket.end();
    });
    server.once('tlsClientError', (error) => reject(error));
  });
  const client = tls.connect({ host: '127.0.0.1', port, servername: 'localhost', ca: pki.ca.certPem, cert: material.cert, key: material.key, minVersion: 'TLSv1.2' });
  client.on('error', () => undefined); // the server's verdict is what is asserted
  try {
    return await Promise.race([seen, new Promise<ServerSaw>((_, reject) => setTimeout(() => reject(new Error('handshake timeout')), 5000))]);
  } finally {
    client.destroy();
    server.close();
  }
}

/** Connects to a server with `serverId`'s certificate, trusting only `ca`; resolves with the client's verdict. */
async function verifyServerWith(ca: string | Buffer, serverId: TestIdentity): Promise<{ authorized: boolean; error?: string }> {
  const server = tls.createServer({ key: serverId.keyPem, cert: serverId.certPem });
  server.on('tlsClientError', () => undefined);
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  try {
    const client = tls.connect({ host: '127.0.0.1', port, servername: 'localhost', ca, rejectUnauthorized: true });
    try {
      await once(client, 'secureConnect');
      return { authorized: client.authorized };
    } catch (error) {
      return { authorized: false, error: (error as { code?: string }).code ?? String(error) };
    } finally {
      client.destroy();
    }
  } finally {
    server.close();
  }
}

describe('a real TLS handshake presents the client certificate of each accepted format', () => {
  const x509Cases: Array<[string, () => { id: TestIdentity; cert: Buffer; key: Buffer; password: string }]> = [
    ['X.509: PEM certificate + PKCS#8 PEM key', () => ({ id: pki.client, cert: Buffer.from(pki.client.certPem), key: Buffer.from(pki.client.keyPem), password: '' })],
    ['X.509: DER certificate + PKCS#8 DER key', () => ({
      id: pki.client, cert: runOpenssl(['x509', '-in', pki.client.certPath, '-outform', 'DER']),
      key: exportKey(pki.client, join(dir, `k${n++}`), { format: 'pkcs8', encoding: 'der' }), password: '',
    })],
    ['X.509: certificate + chain, encrypted PKCS#8 (AES, non-ASCII password)', () => ({
      id: pki.client, cert: Buffer.from(pki.client.certPem + pki.ca.certPem),
      key: exportKey(pki.client, join(dir, `k${n++}`), { format: 'pkcs8', encoding: 'pem', encryption: 'aes', password: 'p@ss wörd' }), password: 'p@ss wörd',
    })],
    ['X.509: encrypted PKCS#8 (PBES1 3DES)', () => ({
      id: pki.client, cert: Buffer.from(pki.client.certPem),
      key: exportKey(pki.client, join(dir, `k${n++}`), { format: 'pkcs8', encoding: 'pem', encryption: '3des', password: 'pw' }), password: 'pw',
    })],
    ['X.509: PKCS#1 RSA, legacy PEM encryption DES-EDE3-CBC', () => ({
      id: pki.clientRsa, cert: Buffer.from(pki.clientRsa.certPem),
      key: exportKey(pki.clientRsa, join(dir, `k${n++}`), { format: 'traditional', encoding: 'pem', encryption: '3des', password: 'pw' }), password: 'pw',
    })],
    ['X.509: PKCS#1 RSA DER', () => ({
      id: pki.clientRsa, cert: Buffer.from(pki.clientRsa.certPem),
      key: exportKey(pki.clientRsa, join(dir, `k${n++}`), { format: 'traditional', encoding: 'der' }), password: '',
    })],
    ['X.509: SEC1 EC, legacy PEM encryption AES-256-CBC', () => ({
      id: pki.client, cert: Buffer.from(pki.client.certPem),
      key: exportKey(pki.client, join(dir, `k${n++}`), { format: 'traditional', encoding: 'pem', encryption: 'aes', password: 'pw' }), password: 'pw',
    })],
    ['X.509: SEC1 EC DER', () => ({
      id: pki.client, cert: Buffer.from(pki.client.certPem),
      key: exportKey(pki.client, join(dir, `k${n++}`), { format: 'traditional', encoding: 'der' }), password: '',
    })],
  ];
  for (const [name, make] of x509Cases) {
    it(name, async () => {
      const { id, cert, key, password } = make();
      const stored = storeClient('x509', ingestClientX509(cert, key, password, now));
      const material = await resolveTlsMaterial(certs, secrets, { serverCa: null, clientCertificate: stored });
      expect(material.ca).toBeUndefined();
      expect(await handshakeWithClientCert(material)).toEqual({ authorized: true, peerCommonName: id.subject.split(',')[0]?.slice(3) });
    });
  }

  const p12Cases: Array<[string, () => TestIdentity, Omit<Pkcs12ExportOptions, 'chain'> & { chain?: 'ca' }]> = [
    ['PKCS#12: AES-256 (OpenSSL 3 default) with chain', () => pki.client, { password: 'pw', chain: 'ca' }],
    ['PKCS#12: AES-256, non-ASCII password', () => pki.client, { password: 'p@ss wörd' }],
    ['PKCS#12: 3DES', () => pki.client, { password: 'pw', encryption: '3des' }],
    ['PKCS#12: legacy RC2-40', () => pki.client, { password: 'pw', encryption: 'rc2-40' }],
    ['PKCS#12: empty password, no MAC', () => pki.client, { password: '', mac: 'none' }],
    ['PKCS#12: empty password with MAC', () => pki.client, { password: '' }],
    ['PKCS#12: RSA key', () => pki.clientRsa, { password: 'pw' }],
  ];
  for (const [name, id, options] of p12Cases) {
    it(name, async () => {
      const identity = id();
      const container = exportPkcs12(identity, join(dir, `c${n++}.p12`), { ...options, chain: options.chain === 'ca' ? [pki.ca] : [] });
      const stored = storeClient('pkcs12', ingestClientPkcs12(container, options.password, now));
      const material = await resolveTlsMaterial(certs, secrets, { serverCa: null, clientCertificate: stored });
      expect(await handshakeWithClientCert(material)).toEqual({ authorized: true, peerCommonName: identity.subject.split(',')[0]?.slice(3) });
    });
  }

  it('(control) a client certificate from another CA is refused by the server', async () => {
    const stored = storeClient('x509', ingestClientX509(Buffer.from(stranger.certPem), Buffer.from(stranger.keyPem), '', now));
    const material = await resolveTlsMaterial(certs, secrets, { serverCa: null, clientCertificate: stored });
    await expect(handshakeWithClientCert(material)).rejects.toThrow();
  });
});

describe('a CA bundle from each accepted format verifies a server signed by that CA', () => {
  const p7b = (outform: string, ...ids: TestIdentity[]): Buffer =>
    runOpenssl(['crl2pkcs7', '-nocrl', ...ids.flatMap((id) => ['-certfile', id.certPath]), '-outform', outform]);
  const cases: Array<[string, () => Buffer, () => TestIdentity]> = [
    ['PEM', () => Buffer.from(pki.ca.certPem), () => pki.server],
    ['PEM bundle root + intermediate (server signed by the intermediate)', () => Buffer.from(pki.ca.certPem + intermediate.certPem), () => serverViaIntermediate],
    ['PEM with BOM and CRLF', () => Buffer.from(`\uFEFF${pki.ca.certPem.replace(/\n/g, '\r\n')}`), () => pki.server],
    ['DER', () => runOpenssl(['x509', '-in', pki.ca.certPath, '-outform', 'DER']), () => pki.server],
    ['PKCS#7 PEM', () => p7b('PEM', pki.ca, intermediate), () => serverViaIntermediate],
    ['PKCS#7 DER', () => p7b('DER', pki.ca, intermediate), () => serverViaIntermediate],
  ];
  for (const [name, file, server] of cases) {
    it(name, async () => {
      const id = `ca-${n++}`;
      certs.rows.set(id, toStoredCertificate(id, 'ca', null, ingestCaFile(file(), now), secrets, now));
      const material = await resolveTlsMaterial(certs, secrets, { serverCa: id, clientCertificate: null });
      expect(material.cert).toBeUndefined();
      expect(material.key).toBeUndefined();
      expect(await verifyServerWith(material.ca ?? '', server())).toEqual({ authorized: true });
    });
  }

  it('(control) another CA does not verify the server', async () => {
    const result = await verifyServerWith(ingestCaFile(Buffer.from(stranger.certPem)).certificatePem, pki.server);
    expect(result.authorized).toBe(false);
  });

  it('(why we normalise) the raw DER file handed to Node as `ca` does not verify', async () => {
    const der = runOpenssl(['x509', '-in', pki.ca.certPath, '-outform', 'DER']);
    const result = await verifyServerWith(der, pki.server).catch((error: Error) => ({ authorized: false, error: error.message }));
    expect(result.authorized).toBe(false);
  });
});

describe('resolveTlsMaterial and toStoredCertificate', () => {
  it('seals the key: the stored form never holds it in the clear', () => {
    const result = ingestClientX509(Buffer.from(pki.client.certPem), Buffer.from(pki.client.keyPem), '', now);
    const stored = toStoredCertificate('x', 'client', 'x509', result, secrets, now);
    expect(stored.privateKeySealed).not.toContain('PRIVATE KEY');
    expect(secrets.open(stored.privateKeySealed as SealedSecret)).toBe(result.privateKeyPem);
    expect(stored).toMatchObject({ id: 'x', kind: 'client', format: 'x509', certificatePem: result.certificatePem, certificates: result.certificates, warnings: [], createdAt: now });
  });
  it('a CA has no key and no format', () => {
    const stored = toStoredCertificate('y', 'ca', null, ingestCaFile(Buffer.from(pki.ca.certPem), now), secrets, now);
    expect(stored).toMatchObject({ kind: 'ca', format: null, privateKeySealed: null });
  });
  it('refuses a kind/format/result mix-up (programming error)', () => {
    const ca = ingestCaFile(Buffer.from(pki.ca.certPem), now);
    expect(() => toStoredCertificate('z', 'client', 'x509', ca, secrets, now)).toThrow();
    expect(() => toStoredCertificate('z', 'ca', 'x509', ca, secrets, now)).toThrow();
  });
  it('null ids give empty material', async () => {
    expect(await resolveTlsMaterial(certs, secrets, { serverCa: null, clientCertificate: null })).toEqual({});
  });

  const unavailable = async (ids: { serverCa: string | null; clientCertificate: string | null }, box: SecretBox = secrets): Promise<CertificateUnavailableError> => {
    const error = await resolveTlsMaterial(certs, box, ids).then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(CertificateUnavailableError);
    expect((error as CertificateUnavailableError).reason).toBe('CERTIFICATE_UNAVAILABLE');
    return error as CertificateUnavailableError;
  };

  it('CertificateUnavailableError for a missing id', async () => {
    const e = await unavailable({ serverCa: 'gone', clientCertificate: null });
    expect({ setting: e.setting, id: e.certificateId }).toEqual({ setting: 'tls.serverCa', id: 'gone' });
    expect((await unavailable({ serverCa: null, clientCertificate: 'gone' })).setting).toBe('tls.clientCertificate');
  });
  it('CertificateUnavailableError for the wrong kind', async () => {
    certs.rows.set('a-ca', toStoredCertificate('a-ca', 'ca', null, ingestCaFile(Buffer.from(pki.ca.certPem), now), secrets, now));
    const client = storeClient('x509', ingestClientX509(Buffer.from(pki.client.certPem), Buffer.from(pki.client.keyPem), '', now));
    expect((await unavailable({ serverCa: client, clientCertificate: null })).message).toContain('client certificate');
    expect((await unavailable({ serverCa: null, clientCertificate: 'a-ca' })).setting).toBe('tls.clientCertificate');
  });
  it('CertificateUnavailableError when the key cannot be unsealed (other master key)', async () => {
    const client = storeClient('x509', ingestClientX509(Buffer.from(pki.client.certPem), Buffer.from(pki.client.keyPem), '', now));
    await unavailable({ serverCa: null, clientCertificate: client }, testSecretBox());
  });
  it('CertificateUnavailableError for a client row without a key', async () => {
    const client = storeClient('x509', ingestClientX509(Buffer.from(pki.client.certPem), Buffer.from(pki.client.keyPem), '', now));
    const row = certs.rows.get(client);
    if (row) certs.rows.set(client, { ...row, privateKeySealed: null });
    await unavailable({ serverCa: null, clientCertificate: client });
  });
});
