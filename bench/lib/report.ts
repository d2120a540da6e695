/**
 * Benchmark results: each benchmark returns a `Section`; results are kept in
 * bench/results.json (so `npm run bench -- ingest` updates only its section) and
 * docs/BENCHMARKS.md is rewritten from all of them, the machine description and bench/notes.md.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { MachineInfo } from './machine.js';
import { ROOT } from './server.js';

/** One line of a results table. */
export interface Row {
  metric: string;
  /** Median over runs, formatted. */
  value: string;
  /** Every run, formatted (so the spread is visible). */
  runs: string;
  target: string;
  /** true met, false missed, null no target. */
  ok: boolean | null;
}

/** The results of one benchmark. */
export interface Section {
  name: string;
  title: string;
  /** How it was measured, one bullet each. */
  method: string[];
  rows: Row[];
  /** What the numbers mean, written by the benchmark from what it measured (optional). */
  findings?: string[];
  /** When it ran, and on what. */
  at: string;
  machine: MachineInfo;
  seconds: number;
}

const RESULTS = path.join(ROOT, 'bench', 'results.json');
const NOTES = path.join(ROOT, 'bench', 'notes.md');
const DOC = path.join(ROOT, 'docs', 'BENCHMARKS.md');

/** Sections stored by earlier runs, by name. */
export function loadResults(): Record<string, Section> {
  try {
    return JSON.parse(fs.readFileSync(RESULTS, 'utf8')) as Record<string, Section>;
  } catch {
    return {};
  }
}

/** Stores sections (replacing those of the same name). */
export function saveResults(all: Record<string, Section>): void {
  fs.writeFileSync(RESULTS, `${JSON.stringify(all, null, 2)}\n`);
}

function mark(ok: boolean | null): string {
  return ok === null ? '' : ok ? 'met' : '**missed**';
}

/** A section as a Markdown table. */
export function sectionMarkdown(section: Section): string {
  const lines = [
    `## ${section.title}`,
    '',
    ...section.method.map((m) => `- ${m}`),
    `- Ran ${section.at} on ${section.machine.cpu} (${section.machine.cores} cores; ${section.machine.os}), Node.js ${section.machine.node} (${Math.round(section.seconds)} s; load average before: ${section.machine.loadAverage}).`,
    '',
    '| measure | median | runs | target | |',
    '|---|---:|---|---|---|',
    ...section.rows.map((r) => `| ${r.metric} | ${r.value} | ${r.runs} | ${r.target} | ${mark(r.ok)} |`),
    '',
    ...(section.findings !== undefined && section.findings.length > 0 ? ['What this means:', '', ...section.findings.map((f) => `- ${f}`), ''] : []),
  ];
  return lines.join('\n');
}

/** A section as a plain-text table for the terminal. */
export function sectionText(section: Section): string {
  const header = ['measure', 'median', 'runs', 'target', ''];
  const rows = section.rows.map((r) => [r.metric, r.value, r.runs, r.target, r.ok === null ? '' : r.ok ? 'met' : 'MISSED']);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ');
  return [`== ${section.title}`, line(header), ...rows.map(line)].join('\n');
}

const ORDER = ['ingest', 'delivery', 'postfix', 'latency', 'backlog', 'growth', 'memory', 'lists', 'storm'];

/** Rewrites docs/BENCHMARKS.md from every stored section. */
export function writeDoc(all: Record<string, Section>, machine: MachineInfo): void {
  const sections = Object.values(all).sort((a, b) => ORDER.indexOf(a.name) - ORDER.indexOf(b.name));
  const notes = fs.existsSync(NOTES) ? fs.readFileSync(NOTES, 'utf8') : '';
  const doc = [
    '# Benchmarks',
    '',
    '_Written by `npm run bench` (bench/run.ts); the analysis at the end is bench/notes.md. Run `npm run bench -- <name…>` to',
    `re-run some (${ORDER.join(', ')}); the others keep their last results (bench/results.json)._`,
    '',
    '## Machine',
    '',
    `- CPU: ${machine.cpu}, ${machine.cores} cores; RAM ${machine.ramGiB} GiB; ${machine.os}`,
    `- Node.js ${machine.node}; PostgreSQL ${machine.postgres} on the same machine (default configuration); SQLite through better-sqlite3 (WAL, synchronous=NORMAL).`,
    '- The machine is **shared**: the server, the load generator, the SMTP peer and PostgreSQL share its 2 cores, and other',
    '  test suites may run too (each section shows the load average before it ran). Every number is the median of 3 runs',
    '  or more; the runs column shows the spread. Treat differences under ~20 % as noise.',
    '- The server is a separate process started the way `npm start` runs it: compiled with tsc (into dist/bench) and',
    '  run as `node dist/bench/src/cli.js serve`; the load generator is the benchmark process (Node `http` with',
    '  keep-alive agents). Total runtime of `npm run bench -- --growth-postgres=1000000 --lists-postgres=1000000` (every',
    '  section but `storm`, which runs only when named): about 10 minutes on a quiet machine.',
    ...hostsNote(sections),
    '',
    ...sections.map(sectionMarkdown),
    notes,
  ].join('\n');
  fs.writeFileSync(DOC, doc);
}

/**
 * A line saying so when the sections were run on different systems (a re-run of some sections
 * on a later day may land on another host build of the same machine kind, faster or slower).
 */
function hostsNote(sections: readonly Section[]): string[] {
  const systems = [...new Set(sections.map((section) => section.machine.os))];
  if (systems.length < 2) return [];
  return [`- The sections below ran on ${systems.length} systems (${systems.join('; ')}): each section's "Ran" line names its own, and figures of different sections compare only as far as their systems do (bench/notes.md measures how far).`];
}
