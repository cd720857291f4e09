// Runs a benchmark command under GNU time: its wall seconds, CPU seconds and peak RSS, its output to /dev/null or into a pipe.
import { spawnSync } from 'node:child_process';
import { closeSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

export interface Measure {
  seconds: number;
  /** User and system CPU time: what the work cost, less swayed than wall time by the machine's other work. */
  cpuSeconds: number;
  maxRssMb: number;
}

/**
 * Where the command's stdout goes: `/dev/null` (a write costs nothing and never blocks), or a pipe read by
 * `cat > /dev/null`, as when its output is piped to another program (each write a copy, and a wait when the pipe is full).
 */
export type Sink = 'devnull' | 'pipe';

/** Runs a shell command under GNU time with stderr to /dev/null; wall and CPU seconds (cat's too, in a pipe) and peak RSS of the largest process. */
export function measure(command: string, sink: Sink = 'devnull'): Measure {
  warmPageCache(command);
  // pipefail: a command that fails before cat fails the measure too
  const shell = sink === 'pipe' ? `set -o pipefail; ${command} 2>/dev/null | cat > /dev/null` : `${command} > /dev/null 2>/dev/null`;
  const result = spawnSync('/usr/bin/time', ['-f', '%e %U %S %M', 'bash', '-c', shell], { encoding: 'utf8' });
  const last = result.stderr.trim().split('\n').pop() ?? '';
  const [seconds, user, system, kb] = last.split(' ').map(Number);
  if (result.status !== 0 || !Number.isFinite(seconds)) throw new Error(`benchmark command failed: ${command}\n${result.stderr}`);
  return { seconds: seconds!, cpuSeconds: user! + system!, maxRssMb: kb! / 1024 };
}

/**
 * Reads every file the command names (its program, its script, its input), node's executable when it runs node, and
 * every chunk beside the command line's bundle, so that none is timed coming from the disk. This machine's kernel pages
 * out what was not touched for a minute (DAMON's reclaim, `/sys/kernel/mm/damon`): between two rounds of the layouts
 * benchmark, a minute or more apart, it took the pages of node's 94 MB executable that only a parse uses, and a parse
 * read from a cold cache took 0.59-0.78 s where it took 0.42-0.47 s warm (`echo 1 > /proc/sys/vm/drop_caches` before
 * each). Python's reader took the same time either way: node's executable is the larger, and only it was penalised.
 */
export function warmPageCache(command: string): void {
  const files = new Set<string>();
  for (const word of command.split(/\s+/)) {
    if (word === 'node') files.add(process.execPath);
    if (!word.startsWith('/')) continue;
    if (isFile(word)) files.add(word);
    if (basename(word) === 'main.js' && basename(dirname(word)) === 'cli')
      for (const chunk of readdirSync(dirname(word))) if (chunk.endsWith('.js')) files.add(join(dirname(word), chunk));
  }
  const buffer = Buffer.allocUnsafe(1 << 20);
  for (const file of files) {
    const fd = openSync(file, 'r');
    try {
      while (readSync(fd, buffer, 0, buffer.length, null) > 0);
    } finally {
      closeSync(fd);
    }
  }
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}
