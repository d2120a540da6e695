/**
 * Delivery throughput end to end (event in → SMTP 250): Herald against raw nodemailer over the
 * same number of pooled connections into Postfix's smtp-sink, and Herald against Postfix's
 * smtp-source into a real Postfix instance, at the same session count.
 */
import { randomBytes } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startPostfix } from '../test/postfix/postfix-instance.test-helpers.js';
import type { BenchOptions } from './run.js';
import { batchBody } from './lib/events.js';
import { closedLoop } from './lib/http-load.js';
import { machineInfo } from './lib/machine.js';
import type { Row, Section } from './lib/report.js';
import { configure, freshDatabase, openProbe, startServer, type BenchServer, type Probe } from './lib/server.js';
import { nodemailerBaseline, smtpSource, startSmtpSink } from './lib/smtp.js';
import { fmt, median, waitFor } from './lib/stats.js';

/** Notifications per measured run. */
const MESSAGES = 10_000;
/** Pooled connections compared. */
const CONNECTIONS = [1, 4, 16];

/**
 * One Herald run: posts `count` critical events (batches of 500, 2 clients) and waits until
 * the probe counts `sentBefore + count` sent; returns notifications per second from the first
 * POST to the last recorded 250.
 */
async function heraldRun(server: BenchServer, token: string, probe: Probe, run: string, count: number, sentBefore: number): Promise<number> {
  let next = 0;
  const started = performance.now();
  const posted = await closedLoop({
    url: server.url,
    token,
    concurrency: 2,
    durationMs: 600_000,
    maxRequests: Math.ceil(count / 500),
    eventsPerRequest: 500,
    next: () => {
      const body = batchBody(run, next, 500, 'critical');
      next += 500;
      return body;
    },
  });
  if (posted.errors > 0) throw new Error(`posting events failed: ${posted.failures.join('; ')}`);
  const done = await waitFor(async () => ((await probe.counts())['sent'] ?? 0) >= sentBefore + count, 300_000, 20);
  if (!done) throw new Error(`Herald did not deliver ${count} notifications in time: ${JSON.stringify(await probe.counts())}`);
  return count / ((performance.now() - started) / 1000);
}

/** Herald with `connections` pooled SMTP connections into `port`: notifications/s per run. */
export async function measureHerald(port: number, connections: number, runs: number, count = MESSAGES): Promise<number[]> {
  const db = freshDatabase('sqlite');
  const server = await startServer(db, { env: { HERALD_SMTP_MAX_CONNECTIONS: String(connections) } });
  const probe = await openProbe(db);
  try {
    const token = await configure(server, port);
    const run = randomBytes(4).toString('hex');
    await heraldRun(server, token, probe, `${run}-warm`, 500, 0); // warm-up: pool open, JIT
    const out: number[] = [];
    for (let r = 0; r < runs; r += 1) {
      const before = (await probe.counts())['sent'] ?? 0;
      out.push(await heraldRun(server, token, probe, `${run}-${r}`, count, before));
    }
    return out;
  } finally {
    await probe.close();
    await server.stop();
    await db.drop();
  }
}

const runsOf = (values: number[]): string => values.map((v) => fmt(v)).join(', ');

/** Herald vs raw nodemailer into smtp-sink. */
export async function deliveryBench(options: BenchOptions): Promise<Section> {
  const started = performance.now();
  const machine = machineInfo();
  const sink = await startSmtpSink();
  const rows: Row[] = [];
  try {
    for (const connections of CONNECTIONS) {
      await nodemailerBaseline(sink.port, connections, 500); // warm-up
      const raw: number[] = [];
      for (let r = 0; r < options.runs; r += 1) raw.push(MESSAGES / ((await nodemailerBaseline(sink.port, connections, MESSAGES)) / 1000));
      const herald = await measureHerald(sink.port, connections, options.runs);
      const ratio = median(herald) / median(raw);
      rows.push({ metric: `${connections} connection(s): raw nodemailer (msg/s)`, value: fmt(median(raw)), runs: runsOf(raw), target: '', ok: null });
      rows.push({ metric: `${connections} connection(s): Herald end to end (notifications/s)`, value: fmt(median(herald)), runs: runsOf(herald), target: '', ok: null });
      rows.push({ metric: `${connections} connection(s): Herald / nodemailer`, value: ratio.toFixed(2), runs: '', target: '≥ 0.90', ok: ratio >= 0.9 });
      process.stdout.write(`   ${connections} connection(s): nodemailer ${fmt(median(raw))}/s, Herald ${fmt(median(herald))}/s\n`);
    }
  } finally {
    await sink.close();
  }
  return {
    name: 'delivery',
    title: '2a. Delivery throughput into smtp-sink (Herald vs raw nodemailer)',
    method: [
      `Receiver: Postfix's \`smtp-sink\` (accepts every message at once, stores nothing), same machine.`,
      `Herald (SQLite, \`HERALD_SMTP_MAX_CONNECTIONS\` = 1, 4, 16; worker concurrency 32): ${fmt(MESSAGES)} critical events posted in 500-event batches; the time runs from the first POST until the last notification is recorded \`sent\` (read from the database), so ingest, claim, render-free send (content is fixed at ingest), and the ledger write are all inside.`,
      `Baseline: raw nodemailer \`sendMail\` of ${fmt(MESSAGES)} messages of the same shape (same headers, ~600 bytes) over one pooled transport with the same \`maxConnections\`, all queued at once, timed until the last 250. \`maxMessages: Infinity\`: nodemailer's default (100) recycles a connection after 100 messages and pauses 100 ms each time, which would handicap the baseline; Herald's own pool never recycles.`,
      'Each side warmed up with 500 messages; per connection count the baseline runs first, then Herald (a fresh server and database).',
    ],
    rows,
    at: new Date().toISOString(),
    machine,
    seconds: (performance.now() - started) / 1000,
  };
}

/** A self-signed certificate for the Postfix instance (it wants one even when nobody uses STARTTLS). */
function selfSigned(): { cert: string; key: string; ca: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'herald-bench-cert-'));
  try {
    execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '2', '-subj', '/CN=mail.herald.test', '-keyout', path.join(dir, 'k.pem'), '-out', path.join(dir, 'c.pem')], { stdio: 'ignore' });
    const cert = fs.readFileSync(path.join(dir, 'c.pem'), 'utf8');
    return { cert, key: fs.readFileSync(path.join(dir, 'k.pem'), 'utf8'), ca: cert };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Sessions compared against a real Postfix. */
const POSTFIX_SESSIONS = [4];
/** Messages per run into Postfix (it writes each to its queue and then a Maildir). */
const POSTFIX_MESSAGES = 2000;

/** Herald vs smtp-source into a real Postfix instance. */
export async function postfixBench(options: BenchOptions): Promise<Section> {
  const started = performance.now();
  const machine = machineInfo();
  const rows: Row[] = [];
  const postfix = await startPostfix({ listeners: { plain: { smtpd_tls_security_level: 'none' } }, tls: selfSigned(), mailboxes: ['soc'] });
  try {
    const port = postfix.ports['plain'];
    if (port === undefined) throw new Error('the Postfix listener has no port');
    for (const sessions of POSTFIX_SESSIONS) {
      await smtpSource(port, sessions, 200, 600); // warm-up
      const source: number[] = [];
      for (let r = 0; r < options.runs; r += 1) source.push(POSTFIX_MESSAGES / ((await smtpSource(port, sessions, POSTFIX_MESSAGES, 600)) / 1000));
      const herald = await measureHerald(port, sessions, options.runs, POSTFIX_MESSAGES);
      const ratio = median(herald) / median(source);
      rows.push({ metric: `${sessions} sessions: smtp-source (msg/s)`, value: fmt(median(source)), runs: runsOf(source), target: '', ok: null });
      rows.push({ metric: `${sessions} connections: Herald end to end (notifications/s)`, value: fmt(median(herald)), runs: runsOf(herald), target: '', ok: null });
      rows.push({ metric: `${sessions}: Herald / smtp-source`, value: ratio.toFixed(2), runs: '', target: '≥ 0.90', ok: ratio >= 0.9 });
      process.stdout.write(`   ${sessions} sessions: smtp-source ${fmt(median(source))}/s, Herald ${fmt(median(herald))}/s\n`);
    }
  } finally {
    await postfix.stop();
  }
  return {
    name: 'postfix',
    title: '2b. Delivery throughput into a real Postfix (Herald vs smtp-source)',
    method: [
      'A private Postfix instance (test/postfix/postfix-instance.test-helpers.ts: smtpd on 127.0.0.1, no TLS, virtual(8) delivery into a Maildir), so every message is written to the Postfix queue (fsync) and then delivered to disk.',
      `Baseline: Postfix's \`smtp-source -s <sessions> -m ${fmt(POSTFIX_MESSAGES)} -l 600\` (parallel sessions, many messages per session), timed until it exits.`,
      `Herald: as in 2a with \`HERALD_SMTP_MAX_CONNECTIONS\` = sessions, ${fmt(POSTFIX_MESSAGES)} critical events, from the first POST until the last notification is recorded \`sent\`.`,
    ],
    rows,
    at: new Date().toISOString(),
    machine,
    seconds: (performance.now() - started) / 1000,
  };
}
