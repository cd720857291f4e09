// What a probectl run left behind once it ended: processes it started, processes matching the tools' command lines, BPF programs.
import { setTimeout as sleep } from 'node:timers/promises';
import { loadedPrograms, programHolders } from './bpf-programs.js';
import { ledGroups, type WatchedCli } from './cli-process.js';
import { pgrepF, processTable, stillRunning } from './processes.js';

export interface Leftovers {
  /** Processes probectl started (or their group mates) still running, as "pid cmdline". */
  processes: string[];
  /** `pgrep -f` hits for the tools' command lines that are ours (started by probectl, or in one of their groups). */
  pgrep: number[];
  /** Programs our processes held that are still loaded. */
  ours: number[];
  /** Programs loaded since `before` that are still loaded and held by no process: attached or pinned, nobody's. */
  orphans: number[];
}

export function leftoversOf(run: WatchedCli, before: ReadonlySet<number>, patterns: readonly string[]): Leftovers {
  const started = [...run.started.values()];
  const groups = ledGroups(started);
  const table = processTable();
  const processes = [...started.filter(stillRunning), ...table.filter((p) => groups.has(p.pgid) && !run.started.has(p.pid))].map(
    (p) => `${p.pid} ${p.cmdline.slice(0, 120)}`,
  );
  const oursByPid = new Set(started.map((p) => p.pid));
  const pgrep = patterns.flatMap(pgrepF).filter((pid) => oursByPid.has(pid) || table.some((p) => p.pid === pid && groups.has(p.pgid)));
  const loaded = loadedPrograms();
  const ours = [...run.programs].filter((id) => loaded.has(id));
  const fresh = [...loaded].filter((id) => !before.has(id) && !run.programs.has(id));
  const holders = fresh.length === 0 ? new Map<number, number[]>() : programHolders(table.map((p) => p.pid));
  const orphans = fresh.filter((id) => !holders.has(id));
  return { processes, pgrep, ours, orphans };
}

const isEmpty = (l: Leftovers) => l.processes.length + l.pgrep.length + l.ours.length + l.orphans.length === 0;

/** Waits up to withinMs for nothing to be left (the kernel frees a program shortly after its last descriptor closes); returns what is left then. */
export async function awaitNothingLeft(run: WatchedCli, before: ReadonlySet<number>, patterns: readonly string[], withinMs = 3000): Promise<Leftovers> {
  const deadline = Date.now() + withinMs;
  for (;;) {
    const left = leftoversOf(run, before, patterns);
    if (isEmpty(left) || Date.now() > deadline) return left;
    await sleep(50);
  }
}
