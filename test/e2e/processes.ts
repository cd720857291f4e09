// The process table as /proc shows it: parents, process groups and start times, to tell our processes from others and a reused pid from the same process.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

export interface ProcessInfo {
  pid: number;
  ppid: number;
  pgid: number;
  /** Clock ticks after boot: with the pid, names one process even if the pid is reused. */
  starttime: number;
  /** Its arguments, joined by spaces. */
  cmdline: string;
}

/** One live (not zombie) process, or undefined. */
export function processInfo(pid: number): ProcessInfo | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // the name in parentheses may hold anything
    if (fields[0] === 'Z' || fields[0] === 'X') return undefined;
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
    return { pid, ppid: Number(fields[1]), pgid: Number(fields[2]), starttime: Number(fields[19]), cmdline };
  } catch {
    return undefined;
  }
}

/** Every live process. */
export function processTable(): ProcessInfo[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .flatMap((name) => processInfo(Number(name)) ?? []);
}

/** True while this very process (pid and start time) still runs. */
export const stillRunning = (p: ProcessInfo): boolean => processInfo(p.pid)?.starttime === p.starttime;

/** `pgrep -f pattern`: the pids whose command line matches (none is not an error). */
export function pgrepF(pattern: string): number[] {
  try {
    return execFileSync('pgrep', ['-f', pattern], { encoding: 'utf8' })
      .split('\n')
      .filter((l) => l !== '')
      .map(Number);
  } catch (error) {
    if ((error as { status?: number }).status === 1) return [];
    throw error;
  }
}
