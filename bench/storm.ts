/**
 * Storm control (issue 11): 10,000 events of one type from 500 devices within 60 s, and 30 s
 * in one event of a new type, into an SMTP sink with `rateLimit.perMinute` 30 and the default
 * grouping (by application and event type, wait 0, interval 300 s). Measures how many e-mails
 * the storm becomes, how long the new type takes from its 202 to its 250 at the sink, and
 * checks through the API's ledger that every event is covered by exactly one notification.
 */
import { execFileSync } from 'node:child_process';
import http from 'node:http';
import os from 'node:os';
import { randomBytes } from 'node:crypto';
import type { BenchOptions } from './run.js';
import { eventJson, type EventShape } from './lib/events.js';
import { post } from './lib/http-load.js';
import { machineInfo } from './lib/machine.js';
import type { Row, Section } from './lib/report.js';
import { adminCall, configure, freshDatabase, startServer, type BenchServer, type StoreKind } from './lib/server.js';
import { startTimingSink, type TimingSink } from './lib/smtp.js';
import { fmt, sleep, waitFor } from './lib/stats.js';

/** Events of the storm's type. */
const STORM_EVENTS = 10_000;
/** Devices they come from. */
const DEVICES = 500;
/** Seconds the storm lasts. */
const STORM_SECONDS = 60;
/** Events per request (an agent forwards what it collected since its last request). */
const BATCH = 10;
/** Seconds into the storm when the new type's event arrives. */
const NEW_TYPE_AT_SECONDS = 30;
/** The transport's rate limit (Microsoft 365's per-mailbox limit). */
const PER_MINUTE = 30;
/** The default grouping interval: the digest is due this long after the first notification. */
const INTERVAL_SECONDS = 300;
/** Target: the new type's 202 → 250. */
const NEW_TYPE_TARGET_S = 5;

const STORM_SHAPE: EventShape = { devices: DEVICES };
const NEW_SHAPE: EventShape = { devices: DEVICES, type: ['GNRL_EV_ATTACK_DETECTED', 'Network attack detected'] };

/** What one storm measured. */
interface StormResult {
  /** Messages at the sink covering storm events / covering the new type. */
  stormMails: number;
  allMails: number;
  /** Seconds from the new type's 202 to its message's 250. */
  newTypeSeconds: number;
  /** Seconds from the storm's first 202 to its first message's 250. */
  firstSeconds: number;
  /** Seconds from the storm's start to the digest's 250. */
  digestAfterSeconds: number;
  /** Seconds the 10,000 events took to be accepted. */
  ingestSeconds: number;
  coverage: Coverage;
  loadAfter: string;
}

/** The ledger check: every event covered by exactly one notification. */
interface Coverage {
  events: number;
  uncovered: number;
  /** Events whose notificationId names no notification in the ledger. */
  dangling: number;
  /** Notifications whose eventCount differs from the events that name them. */
  mismatched: number;
  eventCountSum: number;
  notSent: number;
  kinds: string;
}

interface NotificationItem {
  id: string;
  status: string;
  kind: string;
  eventCount: number;
}
interface EventItem {
  id: string;
  notificationId: string | null;
}

/** Every item of a list endpoint (pages of 500 through `before`). */
async function listAll<T>(server: BenchServer, path: string): Promise<T[]> {
  const items: T[] = [];
  let before: string | null = null;
  do {
    const separator = path.includes('?') ? '&' : '?';
    const page: { items: T[]; nextCursor?: string | null } = await adminCall(
      server,
      'GET',
      `${path}${separator}limit=500${before === null ? '' : `&before=${encodeURIComponent(before)}`}`,
      undefined,
      200,
    );
    items.push(...page.items);
    before = page.nextCursor ?? null;
  } while (before !== null);
  return items;
}

/** Checks coverage from the ledger: events' notificationId against notifications' eventCount. */
async function checkCoverage(server: BenchServer): Promise<Coverage> {
  const notifications = await listAll<NotificationItem>(server, '/api/v1/notifications');
  const events = await listAll<EventItem>(server, '/api/v1/events');
  const pointing = new Map<string, number>();
  let uncovered = 0;
  for (const event of events) {
    if (event.notificationId === null) uncovered += 1;
    else pointing.set(event.notificationId, (pointing.get(event.notificationId) ?? 0) + 1);
  }
  const byId = new Map(notifications.map((n) => [n.id, n]));
  const dangling = [...pointing].filter(([id]) => !byId.has(id)).reduce((sum, [, n]) => sum + n, 0);
  const kinds = new Map<string, number>();
  for (const n of notifications) kinds.set(n.kind, (kinds.get(n.kind) ?? 0) + 1);
  return {
    events: events.length,
    uncovered,
    dangling,
    mismatched: notifications.filter((n) => (pointing.get(n.id) ?? 0) !== n.eventCount).length,
    eventCountSum: notifications.reduce((sum, n) => sum + n.eventCount, 0),
    notSent: notifications.filter((n) => n.status !== 'sent').length,
    kinds: [...kinds].map(([kind, n]) => `${n} ${kind}`).join(', '),
  };
}

/** Posts the storm (open loop, one batch every 60 s × BATCH / STORM_EVENTS) and the new type 30 s in; resolves with the 202 times. */
async function sendStorm(server: BenchServer, token: string, run: string): Promise<{ started: number; firstAccepted: number; newAccepted: number; ingestSeconds: number }> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 16 });
  const target = new URL('/api/v1/events', server.url);
  const accept = async (body: string): Promise<number> => {
    const answer = await post(agent, target, token, body);
    if (answer.status !== 202) throw new Error(`POST answered ${answer.status}: ${answer.body}`);
    return performance.now();
  };
  const started = performance.now();
  const newType = sleep(NEW_TYPE_AT_SECONDS * 1000).then(() => accept(`{"events":[${eventJson(`${run}-new`, 0, 'critical', NEW_SHAPE)}]}`));
  const batches = STORM_EVENTS / BATCH;
  const requests: Promise<number>[] = [];
  for (let b = 0; b < batches; b += 1) {
    const wait = started + (b * STORM_SECONDS * 1000) / batches - performance.now();
    if (wait > 1) await sleep(wait);
    const events = Array.from({ length: BATCH }, (_, i) => eventJson(`${run}-${b * BATCH + i}`, b * BATCH + i, 'critical', STORM_SHAPE));
    requests.push(accept(`{"events":[${events.join(',')}]}`));
  }
  const accepted = await Promise.all(requests);
  const newAccepted = await newType;
  agent.destroy();
  return { started, firstAccepted: accepted[0] ?? Number.NaN, newAccepted, ingestSeconds: (Math.max(...accepted) - started) / 1000 };
}

/** One storm on one database. */
async function stormRun(kind: StoreKind): Promise<StormResult> {
  const db = freshDatabase(kind);
  const sink: TimingSink = await startTimingSink();
  const server = await startServer(db);
  try {
    const token = await configure(server, sink.port, { email: { rateLimit: { perMinute: PER_MINUTE } }, grouping: 'default' });
    const run = randomBytes(4).toString('hex');
    const sent = await sendStorm(server, token, run);
    const total = STORM_EVENTS + 1;
    process.stdout.write(`   ${kind}: ${fmt(total)} events accepted in ${fmt(sent.ingestSeconds, 1)} s; waiting for the digest (due ${INTERVAL_SECONDS} s after the first) …\n`);
    const covered = (): number => sink.messages.reduce((sum, m) => sum + m.eventCount, 0);
    const done = await waitFor(() => covered() >= total, (INTERVAL_SECONDS + 120) * 1000, 500);
    if (!done) process.stdout.write(`   ${kind}: only ${fmt(covered())} of ${fmt(total)} events covered at the sink\n`);
    await sleep(1000); // the ledger records `sent` just after the 250
    const coverage = await checkCoverage(server);
    const newId = `${run}-new`;
    const stormMessages = sink.messages.filter((m) => !m.eventIds.includes(newId));
    const firstArrival = sink.arrivals.get(`${run}-0`) ?? Number.NaN;
    const lastArrival = Math.max(...stormMessages.map((m) => m.at));
    return {
      stormMails: stormMessages.length,
      allMails: sink.messages.length,
      newTypeSeconds: ((sink.arrivals.get(newId) ?? Number.NaN) - sent.newAccepted) / 1000,
      firstSeconds: (firstArrival - sent.firstAccepted) / 1000,
      digestAfterSeconds: (lastArrival - sent.started) / 1000,
      ingestSeconds: sent.ingestSeconds,
      coverage,
      loadAfter: os.loadavg().map((l) => l.toFixed(2)).join(' / '),
    };
  } finally {
    await server.stop();
    await sink.close();
    await db.drop();
  }
}

/** The rows of one store's storm. */
function stormRows(kind: StoreKind, r: StormResult): Row[] {
  const c = r.coverage;
  const exact = c.events === STORM_EVENTS + 1 && c.uncovered === 0 && c.dangling === 0 && c.mismatched === 0 && c.eventCountSum === STORM_EVENTS + 1;
  return [
    { metric: `${kind}: e-mails for the ${fmt(STORM_EVENTS)} storm events`, value: fmt(r.stormMails), runs: `${fmt(r.allMails)} in all`, target: '', ok: null },
    { metric: `${kind}: new type, 202 → 250 (s)`, value: fmt(r.newTypeSeconds, 3), runs: '', target: `≤ ${NEW_TYPE_TARGET_S}`, ok: r.newTypeSeconds <= NEW_TYPE_TARGET_S },
    { metric: `${kind}: storm's first event, 202 → 250 (s)`, value: fmt(r.firstSeconds, 3), runs: '', target: '', ok: null },
    { metric: `${kind}: digest's 250, after the storm began (s)`, value: fmt(r.digestAfterSeconds, 1), runs: '', target: `≈ ${INTERVAL_SECONDS}`, ok: null },
    {
      metric: `${kind}: events covered exactly once (ledger)`,
      value: `${fmt(c.events - c.uncovered - c.dangling)} / ${fmt(STORM_EVENTS + 1)}`,
      runs: `Σ eventCount ${fmt(c.eventCountSum)}; ${c.kinds}; uncovered ${c.uncovered}, dangling ${c.dangling}, count mismatches ${c.mismatched}, not sent ${c.notSent}`,
      target: 'all, once',
      ok: exact && c.notSent === 0,
    },
    { metric: `${kind}: storm accepted (s) / load average after`, value: fmt(r.ingestSeconds, 1), runs: r.loadAfter, target: `≤ ${STORM_SECONDS}`, ok: null },
  ];
}

/** `uptime` as the shell prints it (the load the other work on this machine put on it). */
function uptime(): string {
  try {
    return execFileSync('uptime', { encoding: 'utf8' }).trim();
  } catch {
    return `load average: ${os.loadavg().map((l) => l.toFixed(2)).join(', ')}`;
  }
}

/** Minutes as "5 h 33 min". */
function duration(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = Math.round(minutes - h * 60);
  return h > 0 ? `${h} h ${m} min` : `${m} min`;
}

/** What one store's storm means, from what it measured. */
function stormFindings(kind: StoreKind, r: StormResult): string {
  const c = r.coverage;
  return (
    `${kind}: the ${fmt(STORM_EVENTS)} storm events became ${fmt(r.stormMails)} e-mails — the group's first ${fmt(r.firstSeconds, 3)} s after the first 202, ` +
    `the digest of the other ${fmt(STORM_EVENTS - 1)} at ${fmt(r.digestAfterSeconds, 1)} s (one interval after the first) — and the new type went out ` +
    `${fmt(r.newTypeSeconds, 3)} s after its 202: it starts its own group, so nothing queues in front of it and the ${PER_MINUTE}/min limit is never reached. ` +
    `The ledger lists ${fmt(c.events)} events, ${c.uncovered === 0 ? 'none' : fmt(c.uncovered)} without a notification, and Σ eventCount = ${fmt(c.eventCountSum)} over ${c.kinds}.`
  );
}

/** What the storm would be without grouping, by arithmetic (not measured). */
function withoutGrouping(): string {
  const sendMinutes = STORM_EVENTS / PER_MINUTE;
  const before = (STORM_EVENTS * NEW_TYPE_AT_SECONDS) / STORM_SECONDS;
  return (
    `Without grouping (\`by: []\`) the same storm is ${fmt(STORM_EVENTS)} e-mails; at ${PER_MINUTE}/min sending them takes ${duration(sendMinutes)}, ` +
    `and the new type, queued behind the ~${fmt(before)} that arrived before it, would reach the admin after about ${duration(before / PER_MINUTE)} ` +
    '(arithmetic from the limit, not measured).'
  );
}

/** The storm-control benchmark section (one storm per database: each waits ~5 min for its digest). */
export async function stormBench(_options: BenchOptions): Promise<Section> {
  const started = performance.now();
  const machine = machineInfo();
  const rows: Row[] = [];
  const findings: string[] = [];
  const loadBefore = uptime();
  for (const kind of ['sqlite', 'postgres'] as const) {
    const result = await stormRun(kind);
    rows.push(...stormRows(kind, result));
    findings.push(stormFindings(kind, result));
  }
  findings.push(withoutGrouping());
  findings.push(`Machine load (\`uptime\`, other helpers' tests were running): before \`${loadBefore}\`; after \`${uptime()}\`. The storm itself is light (~167 events/s, one request every 60 ms).`);
  return {
    name: 'storm',
    title: '8. Storm control (grouping, digest, rate limit)',
    method: [
      `${fmt(STORM_EVENTS)} critical \`GNRL_EV_VIRUS_FOUND\` events from ${DEVICES} devices in ${STORM_SECONDS} s (a request of ${BATCH} events every ${(STORM_SECONDS * 1000 * BATCH) / STORM_EVENTS} ms, open loop), and ${NEW_TYPE_AT_SECONDS} s in one critical event of a new type (\`GNRL_EV_ATTACK_DETECTED\`) as its own request.`,
      `Herald with \`--role all\`, default rules (critical notifies) and default grouping (by application and event type, wait 0, interval ${INTERVAL_SECONDS} s, idle 3600 s), e-mail settings with \`rateLimit.perMinute: ${PER_MINUTE}\`, into an in-process \`smtp-server\` sink that timestamps each message by its \`X-Herald-Event-Id\` and counts \`X-Herald-Event-Count\`.`,
      `The run waits for the digest (due ${INTERVAL_SECONDS} s after the group's first notification), then checks coverage through the API: every event of \`GET /api/v1/events\` names a notificationId, that notification exists in \`GET /api/v1/notifications\`, each notification's eventCount equals the events naming it, and Σ eventCount = ${fmt(STORM_EVENTS + 1)}.`,
      'One storm per database (each takes about 6 minutes, most of it waiting for the digest), so the runs column carries details instead of repeats.',
    ],
    rows,
    findings,
    at: new Date().toISOString(),
    machine,
    seconds: (performance.now() - started) / 1000,
  };
}
