/**
 * A real OAuth 2.0 token endpoint for tests: HTTPS on 127.0.0.1 with the test CA's server
 * certificate. It records every form it got, issues `tok-N` tokens with `expires_in`, and can
 * answer errors in Microsoft's (AADSTS) and Google's shapes.
 */
import https from 'node:https';
import type { AddressInfo } from 'node:net';

/** One request the endpoint received. */
export interface TokenRequest {
  path: string;
  contentType: string | undefined;
  form: Record<string, string>;
}

/** What the endpoint answers to one request. */
export interface TokenAnswer {
  status: number;
  body: unknown;
}

/** A running endpoint. */
export interface TokenServer {
  /** Base URL, e.g. `https://127.0.0.1:4711`. */
  origin: string;
  requests: TokenRequest[];
  /** Tokens issued, in order. */
  issued: string[];
  /** Lifetime in seconds of the next tokens. */
  expiresIn: number;
  /** Replaces the next answers (null = issue a token). */
  respond: ((request: TokenRequest) => TokenAnswer) | null;
  close(): Promise<void>;
}

/** Microsoft Entra's answer to a wrong client secret. */
export const MICROSOFT_BAD_SECRET: TokenAnswer = {
  status: 401,
  body: {
    error: 'invalid_client',
    error_description:
      "AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '00000000-1111-2222-3333-444444444444'. Trace ID: 1c2d Correlation ID: 5e6f Timestamp: 2026-11-30 23:00:00Z",
    error_codes: [7000215],
    timestamp: '2026-11-30 23:00:00Z',
    trace_id: '1c2d',
    correlation_id: '5e6f',
  },
};

/** Microsoft Entra's answer to an unknown tenant. */
export const MICROSOFT_BAD_TENANT: TokenAnswer = {
  status: 400,
  body: { error: 'invalid_request', error_description: "AADSTS90002: Tenant 'nope.onmicrosoft.com' not found.", error_codes: [90002] },
};

/** Google's answer when domain-wide delegation is missing for the scope. */
export const GOOGLE_UNAUTHORIZED: TokenAnswer = {
  status: 401,
  body: {
    error: 'unauthorized_client',
    error_description: 'Client is unauthorized to retrieve access tokens using this method, or client not authorized for any of the scopes requested.',
  },
};

/** Starts the endpoint with the given server key and certificate (PEM). */
export async function startTokenServer(tls: { key: string; cert: string }): Promise<TokenServer> {
  const state: TokenServer = { origin: '', requests: [], issued: [], expiresIn: 3600, respond: null, close: async () => undefined };
  const server = https.createServer({ key: tls.key, cert: tls.cert }, (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const form = Object.fromEntries(new URLSearchParams(Buffer.concat(chunks).toString('utf8')));
      const request: TokenRequest = { path: req.url ?? '', contentType: req.headers['content-type'], form };
      state.requests.push(request);
      let answer: TokenAnswer;
      if (state.respond !== null) {
        answer = state.respond(request);
      } else {
        const token = `tok-${state.issued.length + 1}-${Math.random().toString(36).slice(2, 10)}`;
        state.issued.push(token);
        answer = { status: 200, body: { token_type: 'Bearer', expires_in: state.expiresIn, access_token: token } };
      }
      res.writeHead(answer.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(answer.body));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  state.origin = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return state;
}
