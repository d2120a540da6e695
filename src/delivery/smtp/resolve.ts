/**
 * Server entries → the hosts to try, in order. With `useMx` an entry is a mail domain: its MX
 * hosts by preference, or the domain itself when it has no MX (RFC 5321 §5.1). Names resolve
 * through `dnsServers` when given (a node:dns Resolver of our own, never the process-wide
 * one), else through the OS resolver (dns.lookup: /etc/hosts, DNS, and NetBIOS names when
 * the host resolves them — on Linux that needs winbind's `wins` in /etc/nsswitch.conf).
 * NetBIOS names (no dot) always go through the OS resolver.
 */
import dns from 'node:dns';
import net from 'node:net';
import type { TransportConfig } from './types.js';
import { splitServerEntry } from './server-entry.js';

/** One host to try. */
export interface Target {
  /** What the attempt reports as `server`: the entry's host, or the MX host. */
  server: string;
  /** Name to resolve, present in SNI and check in the certificate (may be an IP literal). */
  name: string;
  port: number;
  /** E.g. `MX 10 of example.com`. */
  via?: string;
}

/** A step of the plan: a host to try, or an entry that failed before any host was known. */
export type PlanStep = { kind: 'target'; target: Target } | { kind: 'failed'; server: string; port: number; error: unknown };

/** The DNS questions the engine asks. */
export interface HostResolver {
  /** MX records by preference; `[]` when the domain has none (or does not exist as a mail domain). */
  mx(domain: string): Promise<Array<{ exchange: string; priority: number }>>;
  /** The addresses of a name, IPv4 first; an IP literal is its own answer. */
  addresses(name: string): Promise<string[]>;
}

/** An error with a DNS code, so classification says DNS_FAILED. */
function dnsError(message: string, code: string): Error {
  return Object.assign(new Error(message), { code });
}

/** Rejects after `ms` with a DNS timeout. */
function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(dnsError(`DNS look-up of ${what} timed out after ${ms} ms`, 'EAI_AGAIN')), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Codes that mean "no such records" rather than "DNS is broken". */
const NO_RECORDS = new Set(['ENODATA', 'ENOTFOUND']);

function codeOf(err: unknown): string | null {
  const code = typeof err === 'object' && err !== null ? (err as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : null;
}

/** A resolver over `dnsServers` (`ip[:port]`, `[v6]:port`), or the system's when none are given. */
export function createHostResolver(dnsServers: readonly string[] | undefined, timeoutMs: number): HostResolver {
  const custom = dnsServers !== undefined && dnsServers.length > 0;
  const resolver = new dns.promises.Resolver({ timeout: timeoutMs, tries: 2 });
  if (custom) resolver.setServers([...dnsServers]);
  const viaOs = async (name: string): Promise<string[]> => {
    const found = await withTimeout(dns.promises.lookup(name, { all: true }), timeoutMs, name);
    const v4 = found.filter((a) => a.family === 4).map((a) => a.address);
    const v6 = found.filter((a) => a.family === 6).map((a) => a.address);
    return [...v4, ...v6];
  };
  return {
    async mx(domain) {
      try {
        const records = await resolver.resolveMx(domain);
        return records.sort((a, b) => a.priority - b.priority);
      } catch (err) {
        if (NO_RECORDS.has(codeOf(err) ?? '')) return [];
        throw err;
      }
    },
    async addresses(name) {
      if (net.isIP(name)) return [name];
      if (!custom || !name.includes('.')) return viaOs(name);
      const [v4, v6] = await Promise.allSettled([resolver.resolve4(name), resolver.resolve6(name)]);
      const found = [...(v4.status === 'fulfilled' ? v4.value : []), ...(v6.status === 'fulfilled' ? v6.value : [])];
      if (found.length > 0) return found;
      const reason = v4.status === 'rejected' ? (v4.reason as unknown) : v6.status === 'rejected' ? (v6.reason as unknown) : null;
      throw reason ?? dnsError(`${name} has no addresses`, 'ENODATA');
    },
  };
}

/**
 * The hosts to try, in the configured order; an entry's own port wins over `config.port`.
 * With `useMx`, MX hosts by preference (a null MX `0 .` means the domain takes no mail).
 */
export async function planTargets(config: TransportConfig, resolver: HostResolver): Promise<PlanStep[]> {
  const steps: PlanStep[] = [];
  for (const entry of config.servers) {
    const { host, port: ownPort } = splitServerEntry(entry);
    const port = ownPort ?? config.port;
    if (!config.useMx || net.isIP(host)) {
      steps.push({ kind: 'target', target: { server: host, name: host, port } });
      continue;
    }
    try {
      const records = await resolver.mx(host);
      if (records.length === 0) {
        steps.push({ kind: 'target', target: { server: host, name: host, port, via: `no MX for ${host}; its own address (RFC 5321)` } });
        continue;
      }
      const usable = records.filter((r) => r.exchange !== '' && r.exchange !== '.');
      if (usable.length === 0) {
        steps.push({ kind: 'failed', server: host, port, error: dnsError(`${host} accepts no mail (null MX)`, 'ENODATA') });
        continue;
      }
      for (const record of usable) {
        steps.push({ kind: 'target', target: { server: record.exchange, name: record.exchange, port, via: `MX ${record.priority} of ${host}` } });
      }
    } catch (err) {
      steps.push({ kind: 'failed', server: host, port, error: err });
    }
  }
  return steps;
}
