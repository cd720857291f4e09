// Runs a benchmark command under GNU time: its wall seconds, CPU seconds and peak RSS, its output to /dev/null or into a pipe.
import { spawnSync } from 'node:child_process';

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
  // pipefail: a command that fails before cat fails the measure too
  const shell = sink === 'pipe' ? `set -o pipefail; ${command} 2>/dev/null | cat > /dev/null` : `${command} > /dev/null 2>/dev/null`;
  const result = spawnSync('/usr/bin/time', ['-f', '%e %U %S %M', 'bash', '-c', shell], { encoding: 'utf8' });
  const last = result.stderr.trim().split('\n').pop() ?? '';
  const [seconds, user, system, kb] = last.split(' ').map(Number);
  if (result.status !== 0 || !Number.isFinite(seconds)) throw new Error(`benchmark command failed: ${command}\n${result.stderr}`);
  return { seconds: seconds!, cpuSeconds: user! + system!, maxRssMb: kb! / 1024 };
}
