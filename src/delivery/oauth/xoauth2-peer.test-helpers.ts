/**
 * The SMTP side of the OAuth tests: a real smtp-server that offers only XOAUTH2 (over STARTTLS
 * with the test PKI's server certificate) and accepts only tokens the test token endpoint issued,
 * on a TLS connection — so a test proves Herald fetched a token and sent it inside TLS.
 */
import type { Pem } from '../smtp/test-pki.test-helpers.js';
import { startPeer, type TestPeer } from '../smtp/test-peer.test-helpers.js';
import type { TokenServer } from './token-server.test-helpers.js';

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
