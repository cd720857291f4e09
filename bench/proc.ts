// What /proc says about a process and the machine: resident memory, CPU time, load average.
import { readFileSync } from 'node:fs';

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

/** User plus system CPU seconds the process has used itself (children not counted), or undefined once it is gone. */
export function cpuSeconds(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' '); // after "pid (comm) ": field 3 is state
    return (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND; // utime, stime: fields 14 and 15
  } catch {
    return undefined;
  }
}

/** The 1-, 5- and 15-minute load averages. */
export function loadAverage(): string {
  return readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
}
