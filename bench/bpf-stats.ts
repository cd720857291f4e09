// The kernel's own accounting of BPF programs: kernel.bpf_stats_enabled switched on for a measurement, and each program's run time.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';

const SYSCTL = '/proc/sys/kernel/bpf_stats_enabled';

/** Turns the kernel's BPF run-time statistics on and returns what puts the setting back as it was. */
export function enableBpfStats(): () => void {
  const before = readFileSync(SYSCTL, 'utf8').trim();
  writeFileSync(SYSCTL, '1');
  return () => writeFileSync(SYSCTL, before);
}

/** The ids of the BPF programs a process holds open (its fds on anon_inode:bpf-prog, their prog_id in fdinfo). */
export function bpfProgramsOf(pid: number): number[] {
  const ids: number[] = [];
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    let target: string;
    try {
      target = readlinkSync(`/proc/${pid}/fd/${fd}`);
    } catch {
      continue; // closed meanwhile
    }
    if (target !== 'anon_inode:bpf-prog') continue;
    const id = /^prog_id:\s+(\d+)$/m.exec(readFileSync(`/proc/${pid}/fdinfo/${fd}`, 'utf8'));
    if (id !== null) ids.push(Number(id[1]));
  }
  return [...new Set(ids)];
}

export interface BpfRunTime {
  /** Nanoseconds the programs ran, added up, and how many times they ran. */
  ns: number;
  runs: number;
}

/** run_time_ns and run_cnt of these programs as `bpftool prog show` reports them, added up. */
export function bpfRunTime(ids: readonly number[]): BpfRunTime {
  const total = { ns: 0, runs: 0 };
  for (const id of ids) {
    const prog = JSON.parse(execFileSync('bpftool', ['prog', 'show', 'id', String(id), '--json'], { encoding: 'utf8' })) as {
      run_time_ns?: number;
      run_cnt?: number;
    };
    total.ns += prog.run_time_ns ?? 0;
    total.runs += prog.run_cnt ?? 0;
  }
  return total;
}
