// Finds the libc a process has mapped (from /proc/PID/maps, through /proc/PID/root), and which allocator functions it exports.
import { readFileSync, readlinkSync } from 'node:fs';
import { type AllocatorFunction, allocatorFunctions } from './events.js';

/** The path of the libc.so.6 (glibc) or ld-musl / libc.musl (musl) mapping in a maps file, or undefined when there is none (a static binary). */
export function libcOfMaps(maps: string): string | undefined {
  for (const line of maps.split('\n')) {
    const slash = line.indexOf('/');
    if (slash === -1) continue;
    const path = line.slice(slash).trimEnd();
    const base = path.slice(path.lastIndexOf('/') + 1);
    if (/^libc\.so\.6$|^libc-2\.\d+\.so$|^libc\.musl-[\w]+\.so\.1$|^ld-musl-[\w]+\.so\.1$/.test(base)) return path.replace(/ \(deleted\)$/, '');
  }
  return undefined;
}

/** Every libc has these; bpftrace refuses a program whose uprobe names a symbol the library lacks. */
const REQUIRED: readonly AllocatorFunction[] = ['malloc', 'calloc', 'realloc', 'free'];

/**
 * The allocator functions a library has: the four every libc has, and each aligned one whose name ends a string in it
 * (the linker stores "malloc" inside "__libc_malloc", so a name is looked for as a string's end, not a whole string).
 */
export function exportedAllocators(library: Buffer): Set<AllocatorFunction> {
  const found = new Set<AllocatorFunction>(REQUIRED);
  for (const name of allocatorFunctions) if (library.indexOf(`${name}\0`) !== -1) found.add(name);
  return found;
}

export interface ProcessLibc {
  /** The libc file as probectl sees it (through /proc/PID/root when the process is in another mount namespace). */
  path: string;
  functions: Set<AllocatorFunction>;
}

export type LibcLookup = { found: ProcessLibc } | { missing: 'process' | 'libc' };

function sharesRoot(pid: number, proc: string): boolean {
  try {
    return readlinkSync(`${proc}/${pid}/root`) === '/';
  } catch {
    return false;
  }
}

/** The libc of a running process: through /proc/PID/root, which is the same file when the process shares probectl's mount namespace. */
export function processLibc(pid: number | 'self', proc = '/proc'): LibcLookup {
  let maps: string;
  try {
    maps = readFileSync(`${proc}/${pid}/maps`, 'utf8');
  } catch {
    return { missing: 'process' };
  }
  const mapped = libcOfMaps(maps);
  if (mapped === undefined) return { missing: 'libc' };
  const path = pid === 'self' || sharesRoot(pid, proc) ? mapped : `${proc}/${pid}/root${mapped}`;
  try {
    return { found: { path, functions: exportedAllocators(readFileSync(path)) } };
  } catch {
    return { missing: 'libc' };
  }
}
