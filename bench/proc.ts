// What /proc says about a process and the machine: resident memory, CPU time, load average.
import { readdirSync, readFileSync } from 'node:fs';

const TICKS_PER_SECOND = 100; // USER_HZ, 100 on every Linux architecture

/** A field of /proc/PID/status in MB (its value is in kB), or undefined once the process is gone. */
function statusMb(pid: number, field: 'VmRSS' | 'VmHWM'): number | undefined {
  try {
    const line = readFileSync(`/proc/${pid}/status`, 'utf8')
      .split('\n')
      .find((l) => l.startsWith(`${field}:`));
    return line === undefined ? undefined : Number(line.split(/\s+/)[1]) / 1024;
  } catch {
    return undefined;
  }
}

/** Resident set size (VmRSS) in MB, or undefined once the process is gone. */
export const rssMb = (pid: number): number | undefined => statusMb(pid, 'VmRSS');

/** Peak resident set size (VmHWM) in MB, or undefined once the process is gone. */
export const peakRssMb = (pid: number): number | undefined => statusMb(pid, 'VmHWM');

/** The fields of /proc/PID/stat after "pid (comm) ", or undefined once the process is gone. */
export function statFields(pid: number): string[] | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  } catch {
    return undefined;
  }
}

/** User plus system CPU seconds the process has used itself (children not counted), or undefined once it is gone. */
export function cpuSeconds(pid: number): number | undefined {
  const fields = statFields(pid);
  return fields === undefined ? undefined : (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND; // utime, stime: fields 14 and 15
}

/** The 1-, 5- and 15-minute load averages. */
export function loadAverage(): string {
  return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
}

/** The pids of a process's live children, from /proc/PID/task/TID/children of each of its threads. */
function childPids(pid: number): number[] {
  try {
    return readdirSync(`/proc/${pid}/task`).flatMap((tid) => {
      try {
        return readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8').split(' ').filter(Boolean).map(Number);
      } catch {
        return [];
      }
    });
  } catch {
    return [];
  }
}

/**
 * User plus system CPU seconds of a process and all it started: its own (every thread's), its children's that it has
 * waited for, and its live descendants', recursively; 0 once it is gone.
 */
export function treeCpuSeconds(pid: number): number {
  const fields = statFields(pid);
  if (fields === undefined) return 0;
  const own = [11, 12, 13, 14].reduce((sum, i) => sum + Number(fields[i]), 0) / TICKS_PER_SECOND; // utime, stime, cutime, cstime: fields 14-17
  return childPids(pid).reduce((sum, child) => sum + treeCpuSeconds(child), own);
}

/**
 * The machine's CPU seconds so far from /proc/stat's first line, all CPUs together: busy (user, nice, system, irq,
 * softirq), stolen by the hypervisor, and in all (those and idle and iowait).
 */
export function machineCpuSeconds(): { busy: number; steal: number; total: number } {
  const [user, nice, system, idle, iowait, irq, softirq, steal] = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.split(/\s+/).slice(1, 9).map(Number);
  const busy = user! + nice! + system! + irq! + softirq!;
  return { busy: busy / TICKS_PER_SECOND, steal: steal! / TICKS_PER_SECOND, total: (busy + idle! + iowait! + steal!) / TICKS_PER_SECOND };
}

/** User plus system CPU seconds of the kernel's own threads (kthreadd and its children) alive now. */
export function kernelThreadCpuSeconds(): number {
  let ticks = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const fields = statFields(Number(entry));
    if (fields !== undefined && (entry === '2' || fields[1] === '2')) ticks += Number(fields[11]) + Number(fields[12]); // ppid, utime, stime: fields 4, 14, 15
  }
  return ticks / TICKS_PER_SECOND;
}
