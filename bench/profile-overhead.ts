// The profile probe's cost: `probectl run profile` sampling every CPU at 99 Hz, in CPU time of bpftrace, of probectl and of the BPF programs.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readdirSync, readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { bpfProgramsOf, bpfRunTime, enableBpfStats, type BpfRunTime } from './bpf-stats.js';
import { cliArgv } from './cli-path.js';
import { cpuSeconds, loadAverage } from './proc.js';
import { median } from './stats.js';

const seconds = Number(process.env.BENCH_PROFILE_SECONDS ?? 20);
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const FREQUENCY = 99;
const CPUS = cpus().length;
const TICKS_PER_SECOND = 100; // USER_HZ

interface Round {
  wall: number;
  bpftrace: number;
  probectl: number;
  bpf: BpfRunTime;
  /** The whole machine's busy share of all its CPUs during the window (everyone's work), from /proc/stat. */
  machineBusy: number;
  /** profile.stack events and the samples they carry, received during the window. */
  events: number;
  samples: number;
  /** Samples probectl reported lost (tool.lost) from ready to its end. */
  lost: number;
  /** Seconds from ready to the first profile.stack event (null: none came before probectl stopped), and the events that came after the window. */
  firstStackS: number | null;
  eventsAfter: number;
  load: string;
}

/** Busy and total ticks of all CPUs (/proc/stat's first line; idle and iowait are not busy). */
function machineTicks(): { busy: number; total: number } {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0]!.trim().split(/\s+/).slice(1, 9).map(Number);
  const total = fields.reduce((a, b) => a + b, 0);
  return { busy: total - fields[3]! - fields[4]!, total };
}

/** The process's child named `comm` (setpriv and stdbuf exec, so the backend keeps the child's pid). */
function childNamed(pid: number, comm: string): number | undefined {
  for (const task of readdirSync(`/proc/${pid}/task`)) {
    const children = readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim().split(' ').filter(Boolean).map(Number);
    const found = children.find((c) => readFileSync(`/proc/${c}/comm`, 'utf8').trim() === comm);
    if (found !== undefined) return found;
  }
  return undefined;
}

async function round(): Promise<Round> {
  const [node, ...nodeArgs] = cliArgv();
  const child = spawn(node!, [...nodeArgs, 'run', 'profile', '--frequency', String(FREQUENCY)], { stdio: ['ignore', 'pipe', 'pipe'] });
  const pid = child.pid!;
  const closed = once(child, 'close');
  let stderr = '';
  let rest = '';
  let counting = false;
  const seen = { events: 0, samples: 0, lost: 0 };
  let readyAt = 0;
  let firstStackAt: number | undefined;
  let eventsAfter = 0;
  let onReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => (onReady = resolve));
  child.stderr.setEncoding('utf8').on('data', (t: string) => (stderr += t));
  child.stdout.setEncoding('utf8').on('data', (text: string) => {
    const lines = (rest + text).split('\n');
    rest = lines.pop()!;
    for (const line of lines) {
      if (line.startsWith('{"type":"probe.status"') && line.includes('"state":"ready"')) {
        readyAt = performance.now();
        onReady();
      }
      if (line.startsWith('{"type":"profile.stack"')) firstStackAt ??= performance.now();
      if (line.startsWith('{"type":"tool.lost"')) seen.lost += Number(/"count":(\d+)/.exec(line)![1]);
      if (!counting) {
        if (readyAt > 0 && line.startsWith('{"type":"profile.stack"')) eventsAfter++;
        continue;
      }
      if (line.startsWith('{"type":"profile.stack"')) {
        seen.events++;
        seen.samples += Number(/"count":(\d+)/.exec(line)![1]);
      }
    }
  });
  try {
    await Promise.race([ready, closed.then(() => Promise.reject(new Error(`probectl ended before the probe was ready:\n${stderr}`)))]);
    const bpftrace = childNamed(pid, 'bpftrace');
    if (bpftrace === undefined) throw new Error('no bpftrace child of probectl');
    const programs = bpfProgramsOf(bpftrace);
    const start = {
      t: performance.now(),
      probectl: cpuSeconds(pid)!,
      bpftrace: cpuSeconds(bpftrace)!,
      bpf: bpfRunTime(programs),
      machine: machineTicks(),
    };
    counting = true;
    await sleep(seconds * 1000);
    const end = { t: performance.now(), probectl: cpuSeconds(pid)!, bpftrace: cpuSeconds(bpftrace)!, bpf: bpfRunTime(programs), machine: machineTicks() };
    counting = false;
    const load = loadAverage();
    child.kill('SIGINT');
    await closed;
    return {
      wall: (end.t - start.t) / 1000,
      probectl: end.probectl - start.probectl,
      bpftrace: end.bpftrace - start.bpftrace,
      bpf: { ns: end.bpf.ns - start.bpf.ns, runs: end.bpf.runs - start.bpf.runs },
      machineBusy: (end.machine.busy - start.machine.busy) / (end.machine.total - start.machine.total),
      ...seen,
      firstStackS: firstStackAt === undefined ? null : (firstStackAt - readyAt) / 1000,
      eventsAfter,
      load,
    };
  } finally {
    child.kill('SIGKILL');
  }
}

const pct = (cpuS: number, wallS: number, of = 1): string => `${((100 * cpuS) / wallS / of).toFixed(2)} %`;

function report(results: Round[], loadBefore: string): void {
  console.log(
    `profile overhead: probectl run profile --frequency ${FREQUENCY} on all ${CPUS} CPUs, ${rounds} rounds of ${seconds} s (node ${process.version})`,
  );
  console.log(`load average before: ${loadBefore}; after each round: ${results.map((r) => r.load).join(' | ')}`);
  console.log(`whole machine busy during each round (everyone's work, of all CPUs): ${results.map((r) => `${(100 * r.machineBusy).toFixed(1)} %`).join(', ')}`);
  console.log('');
  console.log(
    '| round | seconds | bpftrace CPU s | probectl CPU s | BPF programs s (runs) | profile.stack events, samples | lost (to the end) | first profile.stack after ready | events after the window |',
  );
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const [i, r] of results.entries())
    console.log(
      `| ${i + 1} | ${r.wall.toFixed(2)} | ${r.bpftrace.toFixed(2)} | ${r.probectl.toFixed(2)} | ${(r.bpf.ns / 1e9).toFixed(4)} (${r.bpf.runs}) | ${r.events}, ${r.samples} | ${r.lost} | ${r.firstStackS === null ? 'none' : `${r.firstStackS.toFixed(1)} s`} | ${r.eventsAfter} |`,
    );
  console.log('');
  const components: Array<[string, (r: Round) => number]> = [
    ['bpftrace (user + system)', (r) => r.bpftrace],
    ['probectl (node, user + system)', (r) => r.probectl],
    ['BPF programs (run_time_ns)', (r) => r.bpf.ns / 1e9],
    ['whole pipeline', (r) => r.bpftrace + r.probectl + r.bpf.ns / 1e9],
  ];
  console.log(`| component | CPU s per ${seconds} s, median | % of one core | % of all ${CPUS} CPUs |`);
  console.log('| --- | ---: | ---: | ---: |');
  for (const [name, of] of components) {
    const share = median(results.map((r) => of(r) / r.wall));
    console.log(`| ${name} | ${median(results.map(of)).toFixed(3)} | ${pct(share, 1)} | ${pct(share, 1, CPUS)} |`);
  }
  console.log(`(CPU times from /proc/PID/stat in ticks of ${1000 / TICKS_PER_SECOND} ms; BPF run time from bpftool prog show, kernel.bpf_stats_enabled=1)`);
}

async function main(): Promise<void> {
  if (process.getuid?.() !== 0) throw new Error('profile-overhead needs root (bpftrace, bpftool and kernel.bpf_stats_enabled)');
  const loadBefore = loadAverage();
  const restore = enableBpfStats();
  const results: Round[] = [];
  try {
    for (let i = 0; i < rounds; i++) results.push(await round());
  } finally {
    restore();
  }
  report(results, loadBefore);
}

await main();
