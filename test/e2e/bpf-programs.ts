// The BPF programs loaded in the kernel (bpftool), and which processes hold them (the prog_id of their file descriptors in /proc/<pid>/fdinfo).
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** The ids of every BPF program loaded now. */
export function loadedPrograms(): Set<number> {
  const programs = JSON.parse(execFileSync('bpftool', ['prog', 'show', '--json'], { encoding: 'utf8' })) as { id: number }[];
  return new Set(programs.map((p) => p.id));
}

/** The programs a process holds through its file descriptors: programs themselves, and links to them (libbpf). */
export function programsHeldBy(pid: number): Set<number> {
  const held = new Set<number>();
  let fds: string[];
  try {
    fds = readdirSync(`/proc/${pid}/fdinfo`);
  } catch {
    return held; // gone
  }
  for (const fd of fds) {
    try {
      const id = /^prog_id:\s*(\d+)$/m.exec(readFileSync(`/proc/${pid}/fdinfo/${fd}`, 'utf8'));
      if (id !== null) held.add(Number(id[1]));
    } catch {
      // closed meanwhile
    }
  }
  return held;
}

/** Every program some process holds, with the holders' pids. */
export function programHolders(pids: readonly number[]): Map<number, number[]> {
  const holders = new Map<number, number[]>();
  for (const pid of pids) for (const id of programsHeldBy(pid)) holders.set(id, [...(holders.get(id) ?? []), pid]);
  return holders;
}
