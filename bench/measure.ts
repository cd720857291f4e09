// Runs a benchmark command under GNU time: its wall seconds, CPU seconds and peak RSS, its output to /dev/null.
import { spawnSync } from 'node:child_process';

export interface Measure {
  seconds: number;
  /** User and system CPU time: what the work cost, less swayed than wall time by the machine's other work. */
  cpuSeconds: number;
  maxRssMb: number;
}

/** Runs a shell command under GNU time with stdout and stderr to /dev/null; wall and CPU seconds and peak RSS. */
export function measure(command: string): Measure {
  const result = spawnSync('/usr/bin/time', ['-f', '%e %U %S %M', 'sh', '-c', `${command} > /dev/null 2>/dev/null`], { encoding: 'utf8' });
  const last = result.stderr.trim().split('\n').pop() ?? '';
  const [seconds, user, system, kb] = last.split(' ').map(Number);
  if (result.status !== 0 || !Number.isFinite(seconds)) throw new Error(`benchmark command failed: ${command}\n${result.stderr}`);
  return { seconds: seconds!, cpuSeconds: user! + system!, maxRssMb: kb! / 1024 };
}
