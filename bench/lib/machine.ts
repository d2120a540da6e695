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
