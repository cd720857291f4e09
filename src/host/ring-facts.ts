// What sizing bpftrace's perf ring buffers needs to know of a host: how many CPUs are online (one buffer each) and its page size.
import { readText } from './read-text.js';

/** The count of CPUs in a kernel CPU list ("0-3,5,7-8", as in /sys/devices/system/cpu/online); undefined for text that is not one. */
export function cpuListCount(text: string): number | undefined {
  let count = 0;
  for (const part of text.trim().split(',')) {
    const range = /^(\d+)(?:-(\d+))?$/.exec(part);
    if (range === null) return undefined;
    const [first, last] = [Number(range[1]), Number(range[2] ?? range[1])];
    if (last < first) return undefined;
    count += last - first + 1;
  }
  return count;
}

/** The page size in bytes from a smaps text's first KernelPageSize line ("KernelPageSize:        4 kB"). */
export function smapsPageBytes(text: string): number | undefined {
  const kb = /^KernelPageSize:\s+(\d+) kB$/m.exec(text);
  return kb === null ? undefined : Number(kb[1]) * 1024;
}

/** This host's online CPUs and page size, each undefined where it cannot be read. */
export function localRingFacts(): { cpus?: number; pageBytes?: number } {
  const cpus = cpuListCount(readText('/sys/devices/system/cpu/online'));
  const pageBytes = smapsPageBytes(readText('/proc/self/smaps'));
  return { ...(cpus !== undefined && { cpus }), ...(pageBytes !== undefined && { pageBytes }) };
}
