/**
 * Reads a V8 heap snapshot (`.heapsnapshot`, as `node --heapsnapshot-signal` writes it) and
 * sums the self size of its objects by kind and constructor: "what holds the memory" in a few
 * lines, without opening DevTools.
 */
import fs from 'node:fs';

interface Snapshot {
  snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] } };
  nodes: number[];
  strings: string[];
}

/** One line of the summary. */
export interface HeapGroup {
  name: string;
  count: number;
  bytes: number;
}

/** The `limit` biggest groups by self size, and the total heap size the snapshot holds. */
export function summarizeHeap(file: string, limit = 12): { totalBytes: number; groups: HeapGroup[] } {
  const data = JSON.parse(fs.readFileSync(file, 'utf8')) as Snapshot;
  const fields = data.snapshot.meta.node_fields;
  const types = data.snapshot.meta.node_types[0];
  const width = fields.length;
  const typeAt = fields.indexOf('type');
  const nameAt = fields.indexOf('name');
  const sizeAt = fields.indexOf('self_size');
  const groups = new Map<string, HeapGroup>();
  let totalBytes = 0;
  for (let i = 0; i < data.nodes.length; i += width) {
    const type = types[data.nodes[i + typeAt] ?? 0] ?? 'unknown';
    const size = data.nodes[i + sizeAt] ?? 0;
    totalBytes += size;
    // Objects by constructor; strings, code, arrays etc. by their kind.
    const name = type === 'object' || type === 'native' ? `${type} ${data.strings[data.nodes[i + nameAt] ?? 0] ?? '?'}` : type;
    const group = groups.get(name) ?? { name, count: 0, bytes: 0 };
    group.count += 1;
    group.bytes += size;
    groups.set(name, group);
  }
  return { totalBytes, groups: [...groups.values()].sort((a, b) => b.bytes - a.bytes).slice(0, limit) };
}
