/**
 * `openStore` loads only the chosen store's driver, and nothing on the server's start path
 * (`main.ts` and what it imports) loads `pg` or node-forge (RC2 only): a process on SQLite must
 * not carry their code in its heap. Checked in a fresh Node process, since this test runner's
 * own process may have loaded anything.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const OPEN_MODULE = fileURLToPath(new URL('./open.ts', import.meta.url));
const PBE_MODULE = fileURLToPath(new URL('../certs/pbe.ts', import.meta.url));
const MAIN_MODULE = fileURLToPath(new URL('../main.ts', import.meta.url));

/** Packages (under node_modules) that a fresh process loaded by the end of `body`. */
function packagesLoadedBy(body: string): string[] {
  const script = `
    import { createRequire } from 'node:module';
    ${body}
    const loaded = Object.keys(createRequire(import.meta.url).cache)
      .map((file) => /node_modules\\/((?:@[^/]+\\/)?[^/]+)\\//.exec(file)?.[1])
      .filter((name) => name !== undefined);
    process.stdout.write(JSON.stringify([...new Set(loaded)]));`;
  const out = execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '--eval', script], { encoding: 'utf8' });
  return JSON.parse(out) as string[];
}

describe('openStore loads one driver', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('a SQLite store loads better-sqlite3 and neither pg nor node-forge', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'herald-open-'));
    dirs.push(dir);
    const loaded = packagesLoadedBy(`
      const { openStore } = await import(${JSON.stringify(OPEN_MODULE)});
      await import(${JSON.stringify(PBE_MODULE)});
      await import(${JSON.stringify(MAIN_MODULE)});
      const store = await openStore({ dataDir: ${JSON.stringify(dir)}, sqliteSync: 'normal' });
      await store.close();`);
    expect(loaded).toContain('better-sqlite3');
    expect(loaded).not.toContain('pg');
    expect(loaded).not.toContain('node-forge');
  });
});
