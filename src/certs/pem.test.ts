/**
 * The PEM block scan (issue 13 item 9): the same blocks as the regular expression it replaced,
 * and linear in the input. The pathological input — BEGIN lines that never end, twice the
 * largest upload — is scanned in one pass (tens of milliseconds); the replaced
 * `/BEGIN (X)…?END \1/g` rescans the rest of the text for every such line (measured: 11 s for
 * 1 MiB, 4× that for this input), so with it this test exceeds the suite's time limit and fails.
 */
import { describe, expect, it } from 'vitest';
import { makeTestPki } from './fixtures.test-helpers.js';
import { pemBlocks } from './pem.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The replaced implementation's matching, as the reference for the spans. */
const REFERENCE = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/g;

function referenceLabels(text: string): string[] {
  return [...text.matchAll(REFERENCE)].map((m) => m[1] as string);
}

/** A small random PEM-ish text: markers with two labels, some never closed, some nested. */
function randomText(seed: number): string {
  let state = seed;
  const next = () => {
    state = (state * 1103515245 + 12345) & 0x7fffffff;
    return state;
  };
  const parts: string[] = [];
  for (let i = 0; i < 12; i += 1) {
    const label = ['CERTIFICATE', 'X509 CRL', 'PRIVATE KEY'][next() % 3] as string;
    const kind = next() % 3;
    if (kind === 0) parts.push(`-----BEGIN ${label}-----\n`);
    else if (kind === 1) parts.push(`-----END ${label}-----\n`);
    else parts.push('QUJD\n');
  }
  return parts.join('');
}

describe('pemBlocks', () => {
  it('finds the same blocks as the regular expression it replaced', () => {
    for (let seed = 1; seed <= 500; seed += 1) {
      const text = randomText(seed);
      expect(pemBlocks(Buffer.from(text)).map((b) => b.label), text).toEqual(referenceLabels(text));
    }
  });

  it('scans megabytes of never-ending BEGIN lines in one pass and still finds the real block', () => {
    const dir = mkdtempSync(join(tmpdir(), 'herald-pem-'));
    try {
      const ca = makeTestPki(dir).ca;
      const junk = '-----BEGIN X509 CRL-----\nQUJD\n'.repeat(72_000); // ~2 MiB: twice the largest upload
      const blocks = pemBlocks(Buffer.from(junk + ca.certPem));
      expect(blocks.map((b) => b.label)).toEqual(['CERTIFICATE']);
      expect(blocks[0]?.text).toBe(ca.certPem.replace(/\r\n/g, '\n'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
