/**
 * The SMTP side of the OAuth tests: a real smtp-server that offers only XOAUTH2 (over STARTTLS
 * with the test PKI's server certificate) and accepts only tokens the test token endpoint issued,
 * on a TLS connection — so a test proves Herald fetched a token and sent it inside TLS.
 */
import fs from 'node:fs';
import path from 'node:path';
import { makeSmtpTestPki, type Pem, type SmtpTestPki } from '../smtp/test-pki.test-helpers.js';
import { startPeer, type TestPeer } from '../smtp/test-peer.test-helpers.js';
import { startTokenServer, type TokenServer } from './token-server.test-helpers.js';

/** Starts the peer; with `mailbox`, the XOAUTH2 user name must also be that mailbox. */
export function startXoauth2Peer(tls: Pem, endpoint: TokenServer, mailbox?: string): Promise<TestPeer> {
  return startPeer({
    key: tls.key,
    cert: tls.cert,
    authMethods: ['XOAUTH2'],
    authOptional: false,
    onAuth(auth, session, callback) {
      const issued = endpoint.issued.includes(auth.accessToken ?? '');
      const rightUser = mailbox === undefined || auth.username === mailbox;
      if (issued && session.secure && rightUser) callback(null, { user: auth.username ?? '' });
      else callback(null, { data: { status: '401', schemes: 'bearer' } });
    },
  });
}

/** Everything an OAuth test talks to: the test PKI, the HTTPS token endpoint and the XOAUTH2 peer. */
export interface OAuthPeers {
  pki: SmtpTestPki;
  endpoint: TokenServer;
  smtp: TestPeer;
  /** The PKI's CA in a file, for a server process's NODE_EXTRA_CA_CERTS. */
  caFile: string;
  /** Stops the peer and the endpoint and removes the PKI. */
  close(): Promise<void>;
}

/** Starts a fresh PKI, a token endpoint on it and an XOAUTH2 peer (see `startXoauth2Peer` for `mailbox`). */
export async function startOAuthPeers(mailbox?: string): Promise<OAuthPeers> {
  const pki = makeSmtpTestPki();
  const caFile = path.join(pki.dir, 'extra-ca.pem');
  fs.writeFileSync(caFile, pki.ca.cert);
  const endpoint = await startTokenServer(pki.server);
  const smtp = await startXoauth2Peer(pki.server, endpoint, mailbox);
  return {
    pki,
    endpoint,
    smtp,
    caFile,
    close: async () => {
      await smtp.close();
      await endpoint.close();
      pki.cleanup();
    },
  };
}
