/** What the benchmarks ran on: CPU model, cores, RAM, Node, databases, and how loaded the machine was. */
import fs from 'node:fs';
import os from 'node:os';
import { execFileSync } from 'node:child_process';

/** A description of the machine. */
export interface MachineInfo {
  cpu: string;
  cores: number;
  ramGiB: number;
  node: string;
  os: string;
  postgres: string;
  loadAverage: string;
}

/** Reads the machine's description (PostgreSQL's version through psql when available). */
export function machineInfo(): MachineInfo {
  const cpus = os.cpus();
  let postgres = 'unknown';
  try {
    postgres = execFileSync('psql', ['-h', '127.0.0.1', '-U', 'postgres', '-At', '-c', 'SHOW server_version', 'test'], { encoding: 'utf8', timeout: 5000 }).trim();
  } catch {
    // no psql, or no server: say unknown
  }
  let osName = `${os.type()} ${os.release()}`;
  try {
    const pretty = /^PRETTY_NAME="?(.*?)"?$/m.exec(fs.readFileSync('/etc/os-release', 'utf8'))?.[1];
    if (pretty !== undefined) osName = `${pretty} (${os.release()})`;
  } catch {
    // keep the kernel name
  }
  return {
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    ramGiB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    os: osName,
    postgres,
    loadAverage: os.loadavg().map((l) => l.toFixed(2)).join(' / '),
  };
}

/** Peak resident set size (VmHWM) of a process in MiB, or NaN when unreadable. */
export function peakRssMiB(pid: number): number {
  try {
    const kb = /^VmHWM:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb === undefined ? Number.NaN : Number(kb) / 1024;
  } catch {
    return Number.NaN;
  }
}

/** Current resident set size (VmRSS) of a process in MiB, or NaN when unreadable. */
export function rssMiB(pid: number): number {
  try {
    const kb = /^VmRSS:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return kb === undefined ? Number.NaN : Number(kb) / 1024;
  } catch {
    return Number.NaN;
  }
}

/** Clock ticks per second of /proc's CPU times (USER_HZ; 100 on Linux unless getconf says otherwise). */
const TICKS_PER_SECOND = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

/** utime + stime of one /proc `stat` line, in ms (fields 14 and 15; the name in parentheses may hold spaces). */
function statCpuMs(stat: string): number {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
}

/** CPU time a process used so far, in ms: in all, and per thread name (summed over threads of one name). */
export interface ProcessCpu {
  totalMs: number;
  byThread: Map<string, number>;
}

/** Reads a process's CPU time from /proc (zeros when it is gone). */
export function processCpu(pid: number): ProcessCpu {
  const byThread = new Map<string, number>();
  try {
    const totalMs = statCpuMs(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));
    for (const tid of fs.readdirSync(`/proc/${pid}/task`)) {
      try {
        const name = fs.readFileSync(`/proc/${pid}/task/${tid}/comm`, 'utf8').trim();
        byThread.set(name, (byThread.get(name) ?? 0) + statCpuMs(fs.readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8')));
      } catch {
        // the thread ended meanwhile
      }
    }
    return { totalMs, byThread };
  } catch {
    return { totalMs: 0, byThread };
  }
}

/** CPU used between two readings of one process: in all and per thread name, in ms. */
export function cpuBetween(before: ProcessCpu, after: ProcessCpu): ProcessCpu {
  const byThread = new Map<string, number>();
  for (const [name, ms] of after.byThread) byThread.set(name, ms - (before.byThread.get(name) ?? 0));
  return { totalMs: after.totalMs - before.totalMs, byThread };
}
