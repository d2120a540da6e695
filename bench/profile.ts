/**
 * `npx tsx bench/profile.ts <batched|single> [sqlite|postgres] [seconds]`: runs one ingest
 * load against a server started with `node --cpu-prof` and prints the functions with the most
 * self time (and where the .cpuprofile is, for Chrome DevTools).
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { batchBody } from './lib/events.js';
import { closedLoop } from './lib/http-load.js';
import { buildServer, configure, freshDatabase, openProbe, startServer, type StoreKind } from './lib/server.js';
import { waitFor } from './lib/stats.js';
import { startSmtpSink } from './lib/smtp.js';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

/** Self time per function (top `limit`), from a .cpuprofile. */
export function topSelfTime(file: string, limit = 30): string[] {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as { nodes: ProfileNode[]; samples: number[] };
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const counts = new Map<string, number>();
  for (const sample of profile.samples) {
    const node = byId.get(sample);
    if (node === undefined) continue;
    const frame = node.callFrame;
    const key = `${frame.functionName || '(anonymous)'} ${frame.url.replace(/^.*node_modules\//, '~/').replace(/^file:\/\/\/work\/main\//, '')}:${frame.lineNumber + 1}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const total = profile.samples.length;
  return [...counts]
    .sort((a, b) => b[1] - a[1])
    .slice(0, limit)
    .map(([key, n]) => `${((100 * n) / total).toFixed(1).padStart(5)} %  ${key}`);
}

async function main(): Promise<void> {
  buildServer();
  if (process.argv[2] === 'delivery') return profileDelivery(Number(process.argv[3] ?? '4'));
  const mode = process.argv[2] === 'single' ? 'single' : 'batched';
  const kind = (process.argv[3] ?? 'sqlite') as StoreKind;
  const seconds = Number(process.argv[4] ?? '5');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'herald-prof-'));
  const db = freshDatabase(kind);
  const sink = await startSmtpSink();
  const server = await startServer(db, { role: 'api', cpuProfDir: dir });
  const token = await configure(server, sink.port);
  const run = randomBytes(4).toString('hex');
  let next = 0;
  const size = mode === 'single' ? 1 : 500;
  const result = await closedLoop({
    url: server.url,
    token,
    concurrency: mode === 'single' ? 8 : 4,
    durationMs: seconds * 1000,
    eventsPerRequest: size,
    next: () => {
      const body = batchBody(run, next, size);
      next += size;
      return body;
    },
  });
  process.stdout.write(`${mode} on ${kind}: ${Math.round(result.events / (result.ms / 1000))} events/s, ${result.errors} errors\n`);
  await server.stop();
  await sink.close();
  await db.drop();
  for (const file of fs.readdirSync(dir)) {
    process.stdout.write(`${path.join(dir, file)}\n${topSelfTime(path.join(dir, file)).join('\n')}\n`);
  }
}

/** Profiles the server while it delivers 6,000 notifications into smtp-sink over `connections` connections. */
async function profileDelivery(connections: number): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'herald-prof-'));
  const db = freshDatabase('sqlite');
  const sink = await startSmtpSink();
  const server = await startServer(db, { cpuProfDir: dir, env: { HERALD_SMTP_MAX_CONNECTIONS: String(connections) } });
  const token = await configure(server, sink.port);
  const probe = await openProbe(db);
  const run = randomBytes(4).toString('hex');
  let next = 0;
  const started = performance.now();
  await closedLoop({
    url: server.url, token, concurrency: 2, durationMs: 600_000, maxRequests: 12, eventsPerRequest: 500,
    next: () => {
      const body = batchBody(run, next, 500, 'critical');
      next += 500;
      return body;
    },
  });
  await waitFor(async () => ((await probe.counts())['sent'] ?? 0) >= 6000, 120_000, 20);
  process.stdout.write(`delivery: ${Math.round(6000 / ((performance.now() - started) / 1000))} notifications/s\n`);
  await probe.close();
  await server.stop();
  await sink.close();
  await db.drop();
  for (const file of fs.readdirSync(dir)) process.stdout.write(`${path.join(dir, file)}\n${topSelfTime(path.join(dir, file), 40).join('\n')}\n`);
}

if (process.argv[1]?.endsWith('profile.ts')) {
  main().then(
    () => process.exit(0),
    (error: unknown) => {
      process.stderr.write(`${String(error)}\n`);
      process.exit(1);
    },
  );
}
