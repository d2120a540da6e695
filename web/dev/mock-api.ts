/**
 * An in-memory stand-in for the Herald API, for working on the console without a server
 * (`vite --config web/vite.config.ts --mode mock`). Only for development: never built into
 * dist/web, never used by the browser tests (they run the real server). It follows
 * shared/API.md closely enough to exercise every screen, including field errors.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Plugin } from 'vite';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type Obj = { [key: string]: Json };

interface Reply {
  status: number;
  body?: Json;
  headers?: Record<string, string>;
}

const fail = (status: number, code: string, message: string, field?: string): Reply => ({
  status,
  body: { error: field === undefined ? { code, message } : { code, message, field } },
});

const VARIABLES: Array<[string, string]> = [
  ['%SEVERITY%', 'Severity (Critical, Functional failure, Warning, Info)'],
  ['%KLCSAK_EVENT_SEVERITY_NUM%', 'Severity number, 1 info … 4 critical'],
  ['%COMPUTER%', 'Device name'],
  ['%DOMAIN%', 'Device domain'],
  ['%EVENT%', 'Event type name'],
  ['%EVENT_TYPE%', 'Event type'],
  ['%DESCR%', 'Event description'],
  ['%RISE_TIME%', 'When the event occurred'],
  ['%KLCSAK_EVENT_TASK_DISPLAY_NAME%', 'Task name'],
  ['%KL_PRODUCT%', 'Application name'],
  ['%KL_VERSION%', 'Application version'],
  ['%HOST_IP%', 'Device IP address'],
  ['%HOST_CONN_IP%', 'Address the event arrived from'],
  ['%EVENT_ID%', 'Event id'],
];

const SAMPLE: Record<string, string> = {
  '%SEVERITY%': 'Critical',
  '%KLCSAK_EVENT_SEVERITY_NUM%': '4',
  '%COMPUTER%': 'WKS-042',
  '%DOMAIN%': 'CORP',
  '%EVENT%': 'Malicious object detected',
  '%EVENT_TYPE%': 'GNRL_EV_VIRUS_FOUND',
  '%DESCR%': 'Trojan.Win32.Agent detected in C:\\Users\\jdoe\\Downloads\\invoice.exe',
  '%RISE_TIME%': '2026-11-28 04:00:00 UTC',
  '%KLCSAK_EVENT_TASK_DISPLAY_NAME%': 'Virus scan',
  '%KL_PRODUCT%': 'Kaspersky Endpoint Security',
  '%KL_VERSION%': '12.1',
  '%HOST_IP%': '10.1.2.3',
  '%HOST_CONN_IP%': '10.1.0.9',
  '%EVENT_ID%': '7d0c2f3e-1b4a-4f0e-9a55-0c1d2e3f4a5b',
};

function render(template: string): { ok: true; text: string } | { ok: false; name: string } {
  let unknown: string | null = null;
  const text = template.replace(/%%|%[A-Z_]+%/g, (match) => {
    if (match === '%%') return '%';
    const value = SAMPLE[match];
    if (value === undefined) unknown ??= match;
    return value ?? match;
  });
  return unknown === null ? { ok: true, text } : { ok: false, name: unknown };
}

function list(value: Json | undefined): string[] {
  if (Array.isArray(value)) return value.map(String);
  if (typeof value === 'string') return value.split(';').map((s) => s.trim()).filter((s) => s !== '');
  return [];
}

const MAILBOX = /^(?:[^<>]*<)?[^\s@<>]+@[^\s@<>]+\.[^\s@<>]+>?$/;
const SERVER = /^(\[[0-9a-f:]+\]|[A-Za-z0-9.-]+)(:\d{1,5})?$/;

/** The whole mock state. */
function createState() {
  const now = Date.now();
  const iso = (minutesAgo: number) => new Date(now - minutesAgo * 60_000).toISOString();
  const settings: Obj = {
    recipients: ['soc@corp.example', 'Jane Doe <jane@corp.example>'],
    servers: ['mail1.corp.example', '10.0.0.25'],
    port: 25,
    useMx: false,
    helo: null,
    auth: { enabled: true, username: 'herald', passwordSet: true },
    tls: { mode: 'required', implicit: false, minVersion: '1.2', verifyHostname: true, serverName: null, serverCa: 'ca-1', clientCertificate: null },
    sender: 'herald@corp.example',
    subject: '[%SEVERITY%] %EVENT% on %COMPUTER%',
    body: 'Severity:     %SEVERITY%\nEvent:        %EVENT% (%EVENT_TYPE%)\nDevice:       %COMPUTER% (domain %DOMAIN%, IP %HOST_IP%)\nApplication:  %KL_PRODUCT% %KL_VERSION%\nTask:         %KLCSAK_EVENT_TASK_DISPLAY_NAME%\nOccurred at:  %RISE_TIME%\n\n%DESCR%\n\n--\nEvent id: %EVENT_ID%\nReported from %HOST_CONN_IP% to Herald.',
  };
  const certificates: Record<string, Obj> = {
    'ca-1': {
      id: 'ca-1',
      kind: 'ca',
      certificates: [{ subject: 'CN=Corp Root CA,O=Corp', issuer: 'CN=Corp Root CA,O=Corp', serialNumber: '01', notBefore: '2024-01-01T00:00:00Z', notAfter: '2034-01-01T00:00:00Z', fingerprintSha256: 'AB:CD:EF:01:23', selfSigned: true }],
      warnings: [],
    },
  };
  const severities = ['critical', 'error', 'warning', 'info'];
  const types = [
    ['GNRL_EV_VIRUS_FOUND', 'Malicious object detected', 'Trojan.Win32.Agent detected in C:\\Users\\jdoe\\Downloads\\invoice.exe'],
    ['KLPRCI_TaskState', 'Task state changed', 'Virus scan completed'],
    ['GNRL_EV_LICENSE_EXPIRATION', 'License expires soon', 'The license expires in 14 days'],
    ['GNRL_EV_APP_DB_OUTDATED', 'Databases are outdated', 'Anti-virus databases are 8 days old'],
  ];
  const events: Obj[] = Array.from({ length: 57 }, (_, i) => {
    const type = types[i % types.length] ?? types[0]!;
    return {
      id: `evt-${1000 - i}`,
      occurredAt: iso(i * 17 + 3),
      severity: severities[i % 4] ?? 'info',
      type: type[0]!,
      typeName: type[1]!,
      description: type[2]!,
      device: { id: `dev-${i % 9}`, name: `WKS-${String(40 + (i % 9)).padStart(3, '0')}`, domain: 'CORP', ip: `10.1.2.${i % 9}` },
      application: i % 3 === 0 ? { id: 'ksws', name: 'Kaspersky Security for Windows Server', version: '11.0' } : { id: 'kes', name: 'Kaspersky Endpoint Security', version: '12.1' },
      task: 'Virus scan',
    };
  });
  const statuses = ['sent', 'sent', 'failed', 'deferred', 'sent', 'queued'];
  const notifications: Obj[] = events.slice(0, 23).map((event, i) => {
    const status = statuses[i % statuses.length] ?? 'sent';
    const failed = status === 'failed' || status === 'deferred';
    const error = failed ? { code: i % 2 ? 'CONNECTION_FAILED' : 'CERT_UNTRUSTED', message: i % 2 ? 'connect ECONNREFUSED 10.0.0.25:25' : 'unable to verify the first certificate' } : null;
    return {
      id: `ntf-${500 - i}`,
      status,
      eventIds: [String(event['id'])],
      applicationId: (event['application'] as Obj)['id'] ?? null,
      recipients: ['soc@corp.example', 'jane@corp.example'],
      subject: `[${(SAMPLE['%SEVERITY%'])}] ${String(event['typeName'])} on ${String((event['device'] as Obj)['name'])}`,
      attemptCount: status === 'queued' ? 0 : failed ? 4 : 1,
      nextAttemptAt: status === 'deferred' ? iso(-12) : null,
      lastError: error,
      createdAt: event['occurredAt'] ?? null,
      sentAt: status === 'sent' ? iso(i * 17) : null,
      server: status === 'sent' ? 'mail1.corp.example:25' : null,
      attemptLog:
        status === 'queued'
          ? []
          : Array.from({ length: status === 'sent' ? 1 : 4 }, (_, k) => ({
              at: iso(i * 17 - k * 2),
              server: k % 2 ? '10.0.0.25:25' : 'mail1.corp.example:25',
              stage: status === 'sent' ? 'done' : k % 2 ? 'connect' : 'starttls',
              ok: status === 'sent',
              error: status === 'sent' ? null : error,
              tls: status === 'sent' ? { protocol: 'TLSv1.3', cipher: 'TLS_AES_256_GCM_SHA384', authorized: true, peerCertificate: { subject: 'CN=mail1.corp.example', issuer: 'CN=Corp Root CA', notAfter: '2027-03-01T00:00:00Z' } } : null,
            })),
    };
  });
  return {
    settings,
    rules: { severities: ['critical', 'error'], eventTypes: { GNRL_EV_LICENSE_EXPIRATION: true, KLPRCI_TaskState: false } } as Obj,
    policies: {
      kes: { applicationId: 'kes', name: 'Kaspersky Endpoint Security', email: { recipients: ['endpoint-team@corp.example'], port: 587, tls: { mode: 'required' } }, rules: { severities: ['critical', 'error', 'warning'] }, createdAt: iso(3000), updatedAt: iso(60) },
    } as Record<string, Obj>,
    certificates,
    events,
    notifications,
    tokens: [
      { id: 'tok-1', name: 'agents-berlin', createdAt: iso(40000) },
      { id: 'tok-2', name: 'agents-munich', createdAt: iso(9000) },
    ] as Obj[],
    nextId: 10,
  };
}

type State = ReturnType<typeof createState>;

function validateSettings(input: Obj): Reply | null {
  const recipients = list(input['recipients']);
  for (const [i, r] of recipients.entries()) if (!MAILBOX.test(r)) return fail(400, 'INVALID_RECIPIENT', `"${r}" is not a valid e-mail address.`, `recipients[${i}]`);
  const servers = list(input['servers']);
  for (const [i, s] of servers.entries()) if (!SERVER.test(s)) return fail(400, 'INVALID_SERVER', `"${s}" is not a host name, IP address or NetBIOS name.`, `servers[${i}]`);
  const port = input['port'];
  if (typeof port !== 'number' || !Number.isInteger(port) || port < 1 || port > 65535) return fail(400, 'VALIDATION_FAILED', 'The port must be a whole number from 1 to 65535.', 'port');
  const tls = (input['tls'] ?? {}) as Obj;
  if (tls['implicit'] === true && tls['mode'] !== 'required') return fail(400, 'VALIDATION_FAILED', 'Implicit TLS needs the mode "required".', 'tls.implicit');
  for (const key of ['sender', 'subject', 'body'] as const) {
    const result = render(String(input[key] ?? ''));
    if (!result.ok) return fail(400, 'UNKNOWN_TEMPLATE_VARIABLE', `${result.name} is not a template variable.`, key);
  }
  return null;
}

function normalise(input: Obj, previous: Obj): Obj {
  const auth = (input['auth'] ?? {}) as Obj;
  const prevAuth = previous['auth'] as Obj;
  const passwordSet = auth['password'] === undefined ? prevAuth['passwordSet'] === true : auth['password'] !== null && auth['password'] !== '';
  return {
    ...input,
    recipients: list(input['recipients']),
    servers: list(input['servers']),
    auth: { enabled: auth['enabled'] === true, username: String(auth['username'] ?? ''), passwordSet },
  };
}

function effective(state: State, id: string): Obj {
  const policy = state.policies[id] ?? { email: {}, rules: {} };
  const email = policy['email'] as Obj;
  const rules = policy['rules'] as Obj;
  const inherited: string[] = [];
  const merged: Obj = {};
  for (const [key, value] of Object.entries(state.settings)) {
    if (key === 'tls') continue;
    if (email[key] !== undefined) merged[key] = key === 'recipients' || key === 'servers' ? list(email[key]) : email[key]!;
    else {
      merged[key] = value;
      inherited.push(`email.${key}`);
    }
  }
  const tls: Obj = {};
  const ownTls = (email['tls'] ?? {}) as Obj;
  for (const [key, value] of Object.entries(state.settings['tls'] as Obj)) {
    if (ownTls[key] !== undefined) tls[key] = ownTls[key]!;
    else {
      tls[key] = value;
      inherited.push(`email.tls.${key}`);
    }
  }
  merged['tls'] = tls;
  const severities = rules['severities'] ?? state.rules['severities']!;
  if (rules['severities'] === undefined) inherited.push('rules.severities');
  const eventTypes: Obj = { ...(state.rules['eventTypes'] as Obj) };
  for (const key of Object.keys(eventTypes)) if (((rules['eventTypes'] ?? {}) as Obj)[key] === undefined) inherited.push(`rules.eventTypes.${key}`);
  Object.assign(eventTypes, (rules['eventTypes'] ?? {}) as Obj);
  return { email: merged, rules: { severities, eventTypes }, inherited };
}

function page(items: Obj[], url: URL): Obj {
  const limit = Math.min(Number(url.searchParams.get('limit') ?? 50), 500);
  const before = url.searchParams.get('before');
  const start = before === null ? 0 : Number(before);
  const slice = items.slice(start, start + limit);
  return { items: slice, nextCursor: start + limit < items.length ? String(start + limit) : null };
}

function testMessage(state: State, body: Obj): Reply {
  const settings = (body['settings'] ?? state.settings) as Obj;
  const invalid = validateSettings(settings);
  if (invalid !== null) return invalid;
  const servers = list(settings['servers']);
  if (servers.length === 0) return fail(400, 'NOT_CONFIGURED', 'No SMTP server is configured.', 'servers');
  if (list(settings['recipients']).length === 0) return fail(400, 'NOT_CONFIGURED', 'No recipient is configured.', 'recipients');
  const port = Number(settings['port']);
  const tlsMode = String((settings['tls'] as Obj)['mode']);
  const attempts: Obj[] = servers.map((server, index) => {
    const ok = index === servers.length - 1 && !server.includes('bad');
    const transcript = ok
      ? ['S: 220 mail.corp.example ESMTP Postfix', 'C: EHLO herald.corp.example', 'S: 250-mail.corp.example', 'S: 250-STARTTLS', 'S: 250 AUTH PLAIN LOGIN', 'C: STARTTLS', 'S: 220 2.0.0 Ready to start TLS', 'C: EHLO herald.corp.example', 'C: AUTH PLAIN ****', 'S: 235 2.7.0 Authentication successful', 'C: MAIL FROM:<herald@corp.example>', 'S: 250 2.1.0 Ok', 'C: RCPT TO:<soc@corp.example>', 'S: 250 2.1.5 Ok', 'C: DATA', 'S: 354 End data with <CR><LF>.<CR><LF>', 'S: 250 2.0.0 Ok: queued as 4F2A1C', 'C: QUIT']
      : [];
    return {
      server,
      port,
      ok,
      stage: ok ? 'done' : 'connect',
      tls: ok && tlsMode !== 'none' ? { protocol: 'TLSv1.3', cipher: 'TLS_AES_256_GCM_SHA384', authorized: tlsMode === 'required', peerCertificate: { subject: 'CN=mail1.corp.example', issuer: 'CN=Corp Root CA', notAfter: '2027-03-01T00:00:00Z' } } : null,
      error: ok ? null : { code: 'CONNECTION_FAILED', message: `connect ECONNREFUSED ${server}:${port}` },
      transcript,
    };
  });
  return { status: 200, body: { delivered: attempts.some((a) => a['ok'] === true), attempts } };
}

function route(state: State, method: string, url: URL, body: Obj, cookie: string): Reply {
  const path = url.pathname.replace(/^\/api\/v1/, '');
  if (path === '/session') {
    if (method === 'POST') {
      if (body['username'] === 'admin' && body['password'] === 'admin') return { status: 200, body: { username: 'admin', csrfToken: 'mock-csrf' }, headers: { 'Set-Cookie': 'herald_session=mock; HttpOnly; SameSite=Strict; Path=/' } };
      return fail(401, 'INVALID_CREDENTIALS', 'Wrong user name or password.');
    }
    if (method === 'DELETE') return { status: 204, headers: { 'Set-Cookie': 'herald_session=; Max-Age=0; Path=/' } };
    return cookie.includes('herald_session=mock') ? { status: 200, body: { username: 'admin', csrfToken: 'mock-csrf' } } : fail(401, 'UNAUTHORIZED', 'Sign in first.');
  }
  if (!cookie.includes('herald_session=mock')) return fail(401, 'UNAUTHORIZED', 'Sign in first.');
  const segments = path.split('/').filter(Boolean);
  const [resource, id, sub] = segments;
  switch (resource) {
    case 'settings':
      if (id === 'email' && sub === 'test') return testMessage(state, body);
      if (id === 'email') {
        if (method === 'PUT') {
          const invalid = validateSettings(body);
          if (invalid !== null) return invalid;
          state.settings = normalise(body, state.settings);
        }
        return { status: 200, body: state.settings };
      }
      if (id === 'rules') {
        if (method === 'PUT') state.rules = body;
        return { status: 200, body: state.rules };
      }
      break;
    case 'templates':
      if (id === 'variables') return { status: 200, body: { items: VARIABLES.map(([name, description]) => ({ name, description })) } };
      if (id === 'preview') {
        const out: Obj = {};
        for (const key of ['sender', 'subject', 'body']) {
          const result = render(String(body[key] ?? ''));
          if (!result.ok) return fail(400, 'UNKNOWN_TEMPLATE_VARIABLE', `${result.name} is not a template variable.`, key);
          out[key] = result.text;
        }
        return { status: 200, body: out };
      }
      break;
    case 'certificates': {
      if (method === 'GET' && id !== undefined) return state.certificates[id] ? { status: 200, body: state.certificates[id]! } : fail(404, 'NOT_FOUND', 'No such certificate.');
      if (method !== 'POST') break;
      if (body['password'] === 'wrong') return fail(400, 'WRONG_PASSWORD', 'The password does not open the container.', 'password');
      const newId = `cert-${state.nextId++}`;
      const isCa = body['kind'] === 'ca';
      const view: Obj = {
        id: newId,
        kind: isCa ? 'ca' : 'client',
        certificates: [{ subject: isCa ? 'CN=Uploaded CA' : 'CN=herald-client', issuer: isCa ? 'CN=Uploaded CA' : 'CN=Corp Issuing CA 2', serialNumber: '3f', notBefore: '2026-01-01T00:00:00Z', notAfter: '2027-01-01T00:00:00Z', fingerprintSha256: '5E:1A:9C:22:0B:77:41:D3:8F:10:AA:6B:0C:93:E4:27:5E:1A:9C:22:0B:77:41:D3:8F:10:AA:6B:0C:93:E4:27', selfSigned: isCa }],
        warnings: isCa ? [] : ['NO_CLIENT_AUTH_USAGE'],
      };
      state.certificates[newId] = view;
      return { status: 201, body: view };
    }
    case 'policies': {
      if (id === undefined) return { status: 200, body: { items: Object.values(state.policies), nextCursor: null } };
      if (sub === 'effective') return state.policies[id] ? { status: 200, body: effective(state, id) } : fail(404, 'NOT_FOUND', 'No such policy.');
      if (method === 'PUT') {
        const email = (body['email'] ?? {}) as Obj;
        if (email['servers'] !== undefined && email['auth'] === undefined) return fail(400, 'VALIDATION_FAILED', 'A policy that overrides the servers must also give auth.', 'email.auth');
        if (email['port'] !== undefined && (typeof email['port'] !== 'number' || email['port'] < 1 || email['port'] > 65535)) return fail(400, 'VALIDATION_FAILED', 'The port must be a whole number from 1 to 65535.', 'email.port');
        state.policies[id] = { applicationId: id, name: String(body['name'] ?? id), email: { ...email, ...(email['recipients'] !== undefined ? { recipients: list(email['recipients']) } : {}), ...(email['servers'] !== undefined ? { servers: list(email['servers']) } : {}) }, rules: body['rules'] ?? {}, updatedAt: new Date().toISOString() };
        return { status: 200, body: state.policies[id]! };
      }
      if (method === 'DELETE') {
        delete state.policies[id];
        return { status: 204 };
      }
      return state.policies[id] ? { status: 200, body: state.policies[id]! } : fail(404, 'NOT_FOUND', 'No such policy.');
    }
    case 'events': {
      const severity = url.searchParams.get('severity');
      const app = url.searchParams.get('applicationId');
      const device = url.searchParams.get('deviceName');
      const items = state.events.filter((e) => (!severity || e['severity'] === severity) && (!app || (e['application'] as Obj)['id'] === app) && (!device || String((e['device'] as Obj)['name']).toLowerCase().includes(device.toLowerCase())));
      return { status: 200, body: page(items, url) };
    }
    case 'notifications': {
      if (id === undefined) {
        const status = url.searchParams.get('status');
        return { status: 200, body: page(state.notifications.filter((n) => !status || n['status'] === status).map(({ attemptLog: _omit, ...rest }) => rest), url) };
      }
      const n = state.notifications.find((x) => x['id'] === id);
      if (n === undefined) return fail(404, 'NOT_FOUND', 'No such notification.');
      if (sub === 'retry') {
        if (n['status'] !== 'failed') return fail(409, 'CONFLICT', 'Only a failed notification can be retried.');
        n['status'] = 'queued';
        return { status: 202, body: {} };
      }
      return { status: 200, body: n };
    }
    case 'agent-tokens':
      if (method === 'POST') {
        const token = { id: `tok-${state.nextId++}`, name: String(body['name']), createdAt: new Date().toISOString() };
        state.tokens.unshift(token);
        return { status: 201, body: { ...token, token: 'hat_' + Array.from({ length: 43 }, (_, i) => 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'[(i * 7 + state.nextId) % 62]).join('') } };
      }
      if (method === 'DELETE') {
        state.tokens = state.tokens.filter((t) => t['id'] !== id);
        return { status: 204 };
      }
      return { status: 200, body: { items: state.tokens, nextCursor: null } };
  }
  return fail(404, 'NOT_FOUND', 'No such route in the mock.');
}

function readBody(req: IncomingMessage): Promise<Obj> {
  return new Promise((resolve) => {
    let text = '';
    req.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
    req.on('end', () => {
      try {
        resolve(text === '' ? {} : (JSON.parse(text) as Obj));
      } catch {
        resolve({});
      }
    });
  });
}

/** The Vite plugin that answers /api/v1/* from memory. */
export function mockApi(): Plugin {
  const state = createState();
  return {
    name: 'herald-mock-api',
    configureServer(server) {
      server.middlewares.use((req: IncomingMessage, res: ServerResponse, next: () => void) => {
        if (req.url === undefined || !req.url.startsWith('/api/v1/')) return next();
        const url = new URL(req.url, 'http://mock');
        void readBody(req).then((body) => {
          const method = req.method ?? 'GET';
          const cookie = req.headers.cookie ?? '';
          const csrfOk = method === 'GET' || url.pathname === '/api/v1/session' || req.headers['x-csrf-token'] === 'mock-csrf';
          const reply = csrfOk ? route(state, method, url, body, cookie) : fail(403, 'FORBIDDEN', 'CSRF token missing.');
          res.statusCode = reply.status;
          for (const [key, value] of Object.entries(reply.headers ?? {})) res.setHeader(key, value);
          if (reply.body === undefined) res.end();
          else {
            res.setHeader('Content-Type', 'application/json');
            res.end(JSON.stringify(reply.body));
          }
        });
      });
    },
  };
}
