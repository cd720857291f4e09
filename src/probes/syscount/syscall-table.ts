// This machine's system call names by number, read at run time from the kernel's UAPI headers the system installs (<asm/unistd_64.h>).
import { readFileSync } from 'node:fs';

/**
 * Where distributions put the table, by Node's name of the architecture: Debian and Ubuntu under the multiarch
 * directory, Fedora and Arch in /usr/include/asm. arm64 and riscv64 use the generic table (asm-generic/unistd.h).
 */
export const UNISTD_PATHS: Readonly<Record<string, readonly string[]>> = {
  x64: ['/usr/include/x86_64-linux-gnu/asm/unistd_64.h', '/usr/include/asm/unistd_64.h'],
  arm64: ['/usr/include/asm-generic/unistd.h'],
  riscv64: ['/usr/include/asm-generic/unistd.h'],
};

export interface SyscallTable {
  /** The file the names came from. */
  source: string;
  names: ReadonlyMap<number, string>;
}

const DEFINE = /^#define __NR(3264)?_([a-z][a-z0-9_]*)\s+(\S+)\s*$/;

/**
 * The numbers the header defines: `#define __NR_getppid 110`; in the generic table also
 * `#define __NR_fcntl __NR3264_fcntl` after `#define __NR3264_fcntl 25`. Other lines are ignored.
 */
export function parseUnistd(text: string): Map<number, string> {
  const generic = new Map<string, number>();
  const names = new Map<number, string>();
  for (const line of text.split('\n')) {
    const m = DEFINE.exec(line);
    if (m === null) continue;
    const [, is3264, name, value] = m;
    const number = /^\d{1,4}$/.test(value!) ? Number(value) : value!.startsWith('__NR3264_') ? generic.get(value!.slice('__NR3264_'.length)) : undefined;
    if (number === undefined) continue;
    if (is3264 !== undefined) generic.set(name!, number);
    else if (name !== 'syscalls' && !names.has(number)) names.set(number, name!);
  }
  return names;
}

/** The first readable table for this architecture, or undefined when the system has none (events then carry numbers only). */
export function readSyscallTable(paths: readonly string[] = UNISTD_PATHS[process.arch] ?? []): SyscallTable | undefined {
  for (const source of paths) {
    let text: string;
    try {
      text = readFileSync(source, 'utf8');
    } catch {
      continue;
    }
    const names = parseUnistd(text);
    if (names.size > 0) return { source, names };
  }
  return undefined;
}
