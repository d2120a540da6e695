/**
 * The dependency rule of docs/ARCHITECTURE.md, enforced: which top-level module of src/ may
 * import which, which packages only one place may import, and that test helpers stay test-only.
 * Imports are read with the TypeScript parser (static, `export … from`, dynamic `import()`),
 * so multi-line and type-only imports count too. dependency-cruiser would do this but needs
 * Node ≥ 22 for its current release; this is the part of it we need, in one file.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * What each top-level module of src/ may import (besides itself). Lower layers first; the rule
 * is "point down": domain ◀ leaf services ◀ settings ◀ ingest/delivery ◀ http ◀ main ◀ cli.
 */
const ALLOWED: Readonly<Record<string, readonly string[]>> = {
  domain: [],
  types: [],
  runtime: [],
  config: ['domain'],
  auth: ['domain'],
  store: ['domain'],
  templates: ['domain'],
  certs: ['domain', 'runtime'],
  audit: ['domain', 'store'],
  observability: ['domain', 'config', 'store'],
  outbox: ['domain', 'store', 'auth'],
  settings: ['domain', 'templates', 'certs', 'store'],
  grouping: ['domain', 'settings', 'templates', 'store'],
  ingest: ['domain', 'settings', 'templates', 'grouping', 'store', 'observability'],
  delivery: ['domain', 'runtime', 'certs', 'settings', 'templates', 'outbox', 'store', 'observability'],
  http: ['domain', 'runtime', 'config', 'auth', 'audit', 'store', 'templates', 'certs', 'settings', 'outbox', 'grouping', 'ingest', 'delivery', 'observability'],
  main: ['domain', 'runtime', 'config', 'auth', 'audit', 'store', 'templates', 'certs', 'settings', 'outbox', 'grouping', 'ingest', 'delivery', 'observability', 'http'],
  cli: ['domain', 'runtime', 'config', 'auth', 'audit', 'store', 'templates', 'certs', 'settings', 'outbox', 'grouping', 'ingest', 'delivery', 'observability', 'main'],
};

/** Packages only these folders (or files) may import: one adapter per outside system. */
const PACKAGE_OWNERS: ReadonlyArray<{ pattern: RegExp; owners: readonly string[] }> = [
  { pattern: /^better-sqlite3$/, owners: ['src/store/sqlite/'] },
  { pattern: /^pg$/, owners: ['src/store/postgres/'] },
  { pattern: /^nodemailer(\/|$)/, owners: ['src/delivery/smtp/'] },
  { pattern: /^node-forge(\/|$)/, owners: ['src/certs/'] },
  // main.ts only names the type of the app it starts.
  { pattern: /^(fastify|@fastify\/.*|helmet)$/, owners: ['src/http/', 'src/main.ts'] },
];

/** The console (web/) may import from the server only these folders, and only files that import nothing outside them. */
const SHARED_WITH_CONSOLE = 'src/domain/';

interface ImportEdge {
  from: string;
  specifier: string;
  /** Repository-relative path of the target file (`.ts`/`.tsx`), or null for a package. */
  target: string | null;
}

function listFiles(dir: string, pattern: RegExp): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
    const rel = path.posix.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listFiles(rel, pattern));
    else if (pattern.test(entry.name)) out.push(rel);
  }
  return out;
}

function resolveRelative(from: string, specifier: string): string {
  const joined = path.posix.normalize(path.posix.join(path.posix.dirname(from), specifier));
  const base = joined.replace(/\.js$/, '');
  for (const candidate of [`${base}.ts`, `${base}.tsx`, `${base}/index.ts`, joined]) {
    if (fs.existsSync(path.join(ROOT, candidate))) return candidate;
  }
  throw new Error(`${from}: cannot resolve "${specifier}"`);
}

/** Every import of a file: static, re-exports and dynamic `import('…')`. */
function importsOf(file: string): ImportEdge[] {
  const source = ts.createSourceFile(file, fs.readFileSync(path.join(ROOT, file), 'utf8'), ts.ScriptTarget.Latest, true);
  const specifiers: string[] = [];
  const visit = (node: ts.Node): void => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      specifiers.push(node.moduleSpecifier.text);
    } else if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const [argument] = node.arguments;
      if (argument !== undefined && ts.isStringLiteral(argument)) specifiers.push(argument.text);
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      specifiers.push(node.argument.literal.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return specifiers.map((specifier) => ({ from: file, specifier, target: specifier.startsWith('.') ? resolveRelative(file, specifier) : null }));
}

const isTestFile = (file: string): boolean => /\.test\.tsx?$/.test(file);
const isTestHelper = (file: string): boolean => /\.test-helpers\.ts$/.test(file);
const isTestCode = (file: string): boolean => isTestFile(file) || isTestHelper(file);

/** `src/settings/service.ts` → `settings`; `src/main.ts` → `main`. */
function moduleOf(file: string): string {
  const [, top] = file.split('/');
  return (top ?? '').replace(/\.ts$/, '');
}

const sourceFiles = listFiles('src', /\.tsx?$/).filter((file) => !file.endsWith('.d.ts'));
const productionFiles = sourceFiles.filter((file) => !isTestCode(file));
const productionEdges = productionFiles.flatMap(importsOf);

describe('import rules (docs/ARCHITECTURE.md "Dependency rule")', () => {
  it('knows every top-level module of src/', () => {
    const modules = new Set(sourceFiles.map(moduleOf));
    expect([...modules].filter((module) => !(module in ALLOWED))).toEqual([]);
  });

  it('has no cycle in the table itself (so "point down" is a real order)', () => {
    const done = new Set<string>();
    const order: string[] = [];
    while (done.size < Object.keys(ALLOWED).length) {
      const next = Object.keys(ALLOWED).find((module) => !done.has(module) && (ALLOWED[module] ?? []).every((dep) => done.has(dep)));
      expect(next, `cycle among ${Object.keys(ALLOWED).filter((m) => !done.has(m)).join(', ')}`).toBeDefined();
      done.add(next!);
      order.push(next!);
    }
    expect(order[0]).toBe('domain');
  });

  it('imports only downwards between modules', () => {
    const violations = productionEdges
      .filter((edge) => edge.target !== null && edge.target.startsWith('src/'))
      .filter((edge) => {
        const from = moduleOf(edge.from);
        const to = moduleOf(edge.target!);
        return from !== to && !(ALLOWED[from] ?? []).includes(to);
      })
      .map((edge) => `${edge.from} → ${edge.target}`);
    expect(violations).toEqual([]);
  });

  it('lets one adapter own each outside system', () => {
    const violations = productionEdges
      .filter((edge) => edge.target === null)
      .flatMap((edge) => {
        const rule = PACKAGE_OWNERS.find(({ pattern }) => pattern.test(edge.specifier));
        if (rule === undefined || rule.owners.some((owner) => edge.from === owner || edge.from.startsWith(owner))) return [];
        return [`${edge.from} imports ${edge.specifier} (only ${rule.owners.join(', ')})`];
      });
    expect(violations).toEqual([]);
  });

  it('keeps the two stores apart', () => {
    const crossing = productionEdges
      .filter((edge) => edge.target !== null)
      .filter(
        (edge) =>
          (edge.from.startsWith('src/store/sqlite/') && edge.target!.startsWith('src/store/postgres/')) ||
          (edge.from.startsWith('src/store/postgres/') && edge.target!.startsWith('src/store/sqlite/')),
      )
      .map((edge) => `${edge.from} → ${edge.target}`);
    expect(crossing).toEqual([]);
  });

  it('never lets production code import a test or a test helper', () => {
    const violations = productionEdges.filter((edge) => edge.target !== null && isTestCode(edge.target)).map((edge) => `${edge.from} → ${edge.target}`);
    expect(violations).toEqual([]);
  });

  it('names every test-only file *.test-helpers.ts (tsconfig.build.json keeps them out of dist/)', () => {
    const importedByProduction = new Set(productionEdges.map((edge) => edge.target));
    const importedByTests = new Set(sourceFiles.filter(isTestCode).flatMap(importsOf).map((edge) => edge.target));
    const misnamedInSrc = productionFiles.filter((file) => importedByTests.has(file) && !importedByProduction.has(file) && !['src/main.ts', 'src/cli.ts'].includes(file));
    const misnamedInTest = listFiles('test', /\.tsx?$/).filter((file) => !isTestCode(file));
    expect([...misnamedInSrc, ...misnamedInTest]).toEqual([]);
    const build = JSON.parse(fs.readFileSync(path.join(ROOT, 'tsconfig.build.json'), 'utf8')) as { exclude?: string[] };
    expect(build.exclude).toEqual(expect.arrayContaining(['src/**/*.test.ts', 'src/**/*.test-helpers.ts']));
  });

  it('gives the console only domain files that import nothing else (no package, no other module)', () => {
    const consoleFiles = listFiles('web/src', /\.tsx?$/).filter((file) => !isTestCode(file));
    const pending = consoleFiles.flatMap(importsOf).map((edge) => edge.target).filter((target): target is string => target?.startsWith('src/') === true);
    const reached = new Set<string>();
    const violations: string[] = [];
    while (pending.length > 0) {
      const file = pending.pop()!;
      if (reached.has(file)) continue;
      reached.add(file);
      if (!file.startsWith(SHARED_WITH_CONSOLE)) violations.push(`the console reaches ${file}`);
      for (const edge of importsOf(file)) {
        if (edge.target === null) violations.push(`${file} imports ${edge.specifier}, which the console would bundle`);
        else pending.push(edge.target);
      }
    }
    expect(reached.size).toBeGreaterThan(0);
    expect(violations).toEqual([]);
  });
});
