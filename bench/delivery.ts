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
import { cpuBetween, machineInfo, processCpu, type ProcessCpu } from './lib/machine.js';
import type { Row, Section } from './lib/report.js';
import { configure, freshDatabase, openProbe, startServer, type BenchServer, type Probe } from './lib/server.js';
import { nodemailerBaseline, smtpSource, startSmtpSink, type Listener } from './lib/smtp.js';
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

/**
 * CPU per message of one timed run, in µs, by who spent it. For Herald: its event loop, its
 * delivery thread, its other threads (V8's GC and compiler helpers, libuv), the benchmark
 * process (posting the events, polling the ledger) and smtp-sink. For raw nodemailer: the
 * benchmark process (that is nodemailer) and smtp-sink.
 */
interface CpuPerMessage {
  eventLoop: number;
  deliveryThread: number;
  otherThreads: number;
  client: number;
  sink: number;
}

/** What one side of the comparison measured: messages/s and CPU per message, per run. */
interface Measured {
  rates: number[];
  cpu: CpuPerMessage[];
}

/** Thread names (/proc/<pid>/task/<tid>/comm) of Node's main thread and of a worker thread. */
const MAIN_THREAD = 'node-MainThread';
const WORKER_THREAD = 'WorkerThread';

/** Reads the CPU clocks of everything taking part in a run. */
function cpuClocks(serverPid: number | null, sink: Listener | null): { server: ProcessCpu | null; sink: ProcessCpu | null; client: NodeJS.CpuUsage } {
  return { server: serverPid === null ? null : processCpu(serverPid), sink: sink?.pid === undefined ? null : processCpu(sink.pid), client: process.cpuUsage() };
}

/** CPU per message (µs) between two `cpuClocks` readings. */
function cpuPerMessage(before: ReturnType<typeof cpuClocks>, serverPid: number | null, sink: Listener | null, count: number): CpuPerMessage {
  const after = cpuClocks(serverPid, sink);
  const perMessage = (ms: number): number => (ms * 1000) / count;
  const server = before.server !== null && after.server !== null ? cpuBetween(before.server, after.server) : null;
  // Node names its threads so (comm): the main thread, and each worker thread (only the delivery
  // thread runs during these runs). A Node that names them otherwise must not read as zeros.
  if (server !== null && !(server.byThread.has(MAIN_THREAD) && server.byThread.has(WORKER_THREAD))) {
    throw new Error(`no "${MAIN_THREAD}" or "${WORKER_THREAD}" thread in the server: ${[...server.byThread.keys()].join(', ')}`);
  }
  const eventLoop = server?.byThread.get(MAIN_THREAD) ?? 0;
  const deliveryThread = server?.byThread.get(WORKER_THREAD) ?? 0;
  const client = process.cpuUsage(before.client);
  return {
    eventLoop: perMessage(eventLoop),
    deliveryThread: perMessage(deliveryThread),
    otherThreads: perMessage(server === null ? 0 : server.totalMs - eventLoop - deliveryThread),
    client: perMessage((client.user + client.system) / 1000),
    sink: before.sink !== null && after.sink !== null ? perMessage(after.sink.totalMs - before.sink.totalMs) : 0,
  };
}

/** Raw nodemailer into the sink: messages/s and CPU per message, per run. */
async function measureNodemailer(sink: Listener, connections: number, runs: number): Promise<Measured> {
  await nodemailerBaseline(sink.port, connections, 500); // warm-up
  const out: Measured = { rates: [], cpu: [] };
  for (let r = 0; r < runs; r += 1) {
    const before = cpuClocks(null, sink);
    out.rates.push(MESSAGES / ((await nodemailerBaseline(sink.port, connections, MESSAGES)) / 1000));
    out.cpu.push(cpuPerMessage(before, null, sink, MESSAGES));
  }
  return out;
}

/** Herald with `connections` pooled SMTP connections into `sink`: notifications/s and CPU per message, per run. */
export async function measureHerald(sink: Listener, connections: number, runs: number, count = MESSAGES): Promise<Measured> {
  const db = freshDatabase('sqlite');
  const server = await startServer(db, { env: { HERALD_SMTP_MAX_CONNECTIONS: String(connections) } });
  const probe = await openProbe(db);
  try {
    const token = await configure(server, sink.port);
    const run = randomBytes(4).toString('hex');
    await heraldRun(server, token, probe, `${run}-warm`, 500, 0); // warm-up: pool open, JIT
    const out: Measured = { rates: [], cpu: [] };
    for (let r = 0; r < runs; r += 1) {
      const sentBefore = (await probe.counts())['sent'] ?? 0;
      const before = cpuClocks(server.pid, sink);
      out.rates.push(await heraldRun(server, token, probe, `${run}-${r}`, count, sentBefore));
      out.cpu.push(cpuPerMessage(before, server.pid, sink, count));
    }
    return out;
  } finally {
    await probe.close();
    await server.stop();
    await db.drop();
  }
}

/** The median of each part of the CPU per message over runs. */
function medianCpu(runs: CpuPerMessage[]): CpuPerMessage {
  const of = (part: keyof CpuPerMessage): number => median(runs.map((run) => run[part]));
  return { eventLoop: of('eventLoop'), deliveryThread: of('deliveryThread'), otherThreads: of('otherThreads'), client: of('client'), sink: of('sink') };
}

/** Rows saying where the CPU of each side went (medians, µs per message). */
function cpuRows(connections: number, raw: CpuPerMessage[], herald: CpuPerMessage[]): Row[] {
  const n = medianCpu(raw);
  const h = medianCpu(herald);
  const heraldOwn = h.eventLoop + h.deliveryThread + h.otherThreads;
  return [
    {
      metric: `${connections} connection(s): CPU per message, raw nodemailer (µs)`,
      value: fmt(n.client + n.sink),
      runs: `nodemailer ${fmt(n.client)} + smtp-sink ${fmt(n.sink)}`,
      target: '',
      ok: null,
    },
    {
      metric: `${connections} connection(s): CPU per message, Herald end to end (µs)`,
      value: fmt(heraldOwn + h.client + h.sink),
      runs: `event loop ${fmt(h.eventLoop)} + delivery thread ${fmt(h.deliveryThread)} + other threads ${fmt(h.otherThreads)} + load generator ${fmt(h.client)} + smtp-sink ${fmt(h.sink)}`,
      target: '',
      ok: null,
    },
  ];
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
      const raw = await measureNodemailer(sink, connections, options.runs);
      const herald = await measureHerald(sink, connections, options.runs);
      const ratio = median(herald.rates) / median(raw.rates);
      rows.push({ metric: `${connections} connection(s): raw nodemailer (msg/s)`, value: fmt(median(raw.rates)), runs: runsOf(raw.rates), target: '', ok: null });
      rows.push({ metric: `${connections} connection(s): Herald end to end (notifications/s)`, value: fmt(median(herald.rates)), runs: runsOf(herald.rates), target: '', ok: null });
      rows.push({ metric: `${connections} connection(s): Herald / nodemailer`, value: ratio.toFixed(2), runs: '', target: '≥ 0.90', ok: ratio >= 0.9 });
      rows.push(...cpuRows(connections, raw.cpu, herald.cpu));
      process.stdout.write(`   ${connections} connection(s): nodemailer ${fmt(median(raw.rates))}/s, Herald ${fmt(median(herald.rates))}/s\n`);
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
      'CPU per message: the CPU time (/proc utime + stime) each process, and each thread of the server, used during the timed runs, divided by the messages (medians). The cores are shared: on a 2-core machine the sum bounds the rate once nothing waits on the network.',
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
      const herald = (await measureHerald({ port, close: async () => undefined }, sessions, options.runs, POSTFIX_MESSAGES)).rates;
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
