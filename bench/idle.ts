// The idle benchmark: `probectl run opensnoop` once ready, its node process's RSS and CPU while nothing is asked of it, then while a workload opens a file 1,000 times a second.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { backendPlan, PROBECTL_READY } from './backend-plan.js';
import { cli, cliArgv } from './cli-path.js';
import { isMain } from './main-module.js';
import { cpuSeconds, loadAverage, rssMb } from './proc.js';
import { fmt, median } from './stats.js';
import { buildStorm } from './storm.js';
import { startTracer, stopTracer, untilStill } from './tracer-run.js';

const run = promisify(execFile);
/** The workload's name, so its comm: its own, so that no other run's workload passes probectl's --comm filter. */
export const IDLE_COMM = `pctl-idle${process.pid % 100_000}`;

export interface IdleBenchOptions {
  rounds: number;
  /** probectl run's --backend values, measured in turn each round. */
  backends: string[];
  /** Seconds of each window: idle, then under the workload. */
  seconds: number;
  /** Opens per second the workload makes. */
  rate: number;
  /** Seconds after ready before the idle window opens: the start's own work (compiling, collecting) is not idle. */
  settleSeconds: number;
  /**
   * Whether probectl runs with `--comm` of the workload: on a shared machine the others' opens (thousands a second)
   * would otherwise be the load, in both windows. The filter keeps them out of probectl's stream (bpftrace drops them
   * in the kernel, libbpf-tools' opensnoop in its own process), so idle is idle and the load is the workload's alone.
   */
  filtered: boolean;
  /**
   * Also, for each backend, its command read alone by bench/read-floor.ts (probectl's child reader, nothing parsed),
   * in the results as `BACKEND, read alone`: the least probectl's reading of the backend costs.
   */
  floor?: boolean;
}

/** The results' key of a backend read alone. */
export const readAlone = (backend: string): string => `${backend}, read alone`;

/** What one round starts: probectl, or the floor reader; and how its output shows an open. */
interface IdleTracer {
  key: string;
  argv: string[];
  env: Record<string, string>;
  ready: RegExp;
  /** probectl writes file.open events as JSON; the floor reader, the backend's own lines. */
  output: 'json' | 'backend';
}

export interface IdleRound {
  /** The largest VmRSS of the node process sampled once a second over the idle window. */
  idleRssMb: number;
  /**
   * The last of those samples. V8's memory reducer, which gives back the young generation grown while the modules
   * loaded, runs about 8 s after node starts: within the window, so the first samples are above the last.
   */
  lastRssMb: number;
  /** CPU of the node process (its children not counted) as % of one core, over each window. */
  idleCpuPct: number;
  /** The first window under the workload, which includes V8 compiling the event path as it becomes hot. */
  loadCpuPct: number;
  /** The window after it, the workload going on: the cost of the rate itself once the start's compiling is done. */
  steadyCpuPct: number;
  /** The workload's opens per second, and how many of them probectl wrote as file.open events. */
  opensPerSecond: number;
  eventsSeen: number;
  opens: number;
  /** Other opens on the machine that probectl wrote during the idle window, per second: how idle it was. */
  backgroundPerSecond: number;
}

/** Opens in the bytes [from, to) of the output (file.open events, or the backend's rows), and those among them on `path`. */
function countOpens(text: Buffer, from: number, to: number, path: string, output: IdleTracer['output']): { all: number; onPath: number } {
  // The backend's rows: libbpf-tools' ("PID COMM FD ERR PATH") and probectl's program's (OPEN and its fields, tab-separated, the path last).
  const isOpen = output === 'json' ? (line: string) => line.startsWith('{"type":"file.open"') : (line: string) => /^(OPEN\t|\d+ )/.test(line);
  const pathJson = `"path":${JSON.stringify(path)}`;
  const isOnPath = output === 'json' ? (line: string) => line.includes(pathJson) : (line: string) => line.endsWith(` ${path}`) || line.endsWith(`\t${path}`);
  let all = 0;
  let onPath = 0;
  for (const line of text.subarray(from, to).toString('utf8').split('\n'))
    if (isOpen(line)) {
      all++;
      if (isOnPath(line)) onPath++;
    }
  return { all, onPath };
}

function tracersOf(backend: string, options: IdleBenchOptions): IdleTracer[] {
  const filter = options.filtered ? ['--comm', IDLE_COMM] : [];
  const probectl: IdleTracer = {
    key: backend,
    argv: [...cliArgv(), 'run', 'opensnoop', '--backend', backend, ...filter],
    env: {},
    ready: PROBECTL_READY,
    output: 'json',
  };
  if (!options.floor) return [probectl];
  const plan = backendPlan(cli, 'opensnoop', ['--backend', backend, ...filter]);
  const reader = fileURLToPath(new URL('./read-floor.js', import.meta.url));
  return [
    probectl,
    {
      key: readAlone(backend),
      argv: [process.execPath, reader, plan.ready.source, plan.ready.flags, ...plan.argv],
      env: plan.env,
      ready: plan.ready,
      output: 'backend',
    },
  ];
}

/** CPU % of one core the process used from `cpu0` at `t0` (performance.now()) to now. */
function cpuPctSince(pid: number, cpu0: number, t0: number): number {
  return ((cpuSeconds(pid)! - cpu0) / ((performance.now() - t0) / 1000)) * 100;
}

async function oneRound(what: IdleTracer, options: IdleBenchOptions, dir: string, binary: string, target: string): Promise<IdleRound> {
  const [out, err] = [join(dir, 'tracer.out'), join(dir, 'tracer.err')];
  const tracer = startTracer(what.argv, what.env, { stdout: out, stderr: err }, what.ready);
  try {
    await tracer.ready;
    await sleep(options.settleSeconds * 1000);
    const pid = tracer.pid; // node itself: the backend is its child
    const idleFrom = statSync(out).size;
    const [idleCpu0, idleT0] = [cpuSeconds(pid)!, performance.now()];
    const rss: number[] = [];
    for (let s = 0; s < options.seconds; s++) {
      rss.push(rssMb(pid)!);
      await sleep(1000);
    }
    const idleCpuPct = cpuPctSince(pid, idleCpu0, idleT0);
    const idleSeconds = (performance.now() - idleT0) / 1000;
    const idleTo = statSync(out).size;
    const [loadCpu0, loadT0] = [cpuSeconds(pid)!, performance.now()];
    const workload = run(binary, [String(2 * options.seconds), String(options.rate), target], { encoding: 'utf8' });
    await sleep(options.seconds * 1000);
    const loadCpuPct = cpuPctSince(pid, loadCpu0, loadT0);
    const [steadyCpu0, steadyT0] = [cpuSeconds(pid)!, performance.now()];
    const { stdout } = await workload;
    const steadyCpuPct = cpuPctSince(pid, steadyCpu0, steadyT0);
    const [opens, , took] = stdout.trim().split(' ').map(Number);
    await untilStill(out, 500, 3000); // the workload's last events: at 1,000 a second, written within a few ms
    const text = readFileSync(out);
    const idle = countOpens(text, idleFrom, idleTo, target, what.output);
    return {
      idleRssMb: Math.max(...rss),
      lastRssMb: rss[rss.length - 1]!,
      idleCpuPct,
      loadCpuPct,
      steadyCpuPct,
      opensPerSecond: opens! / took!,
      opens: opens!,
      eventsSeen: countOpens(text, 0, text.length, target, what.output).onPath,
      backgroundPerSecond: idle.all / idleSeconds,
    };
  } finally {
    await stopTracer(tracer);
  }
}

/** Each backend's round in turn (and its floor's), round after round: a fresh `probectl run opensnoop` each time. */
export async function idleBench(options: IdleBenchOptions): Promise<Map<string, IdleRound[]>> {
  const dir = mkdtempSync(join(tmpdir(), 'probectl-bench-idle-'));
  try {
    const binary = buildStorm(dir, IDLE_COMM);
    const target = join(dir, 'opened-1000-times-a-second');
    writeFileSync(target, 'idle\n');
    const tracers = options.backends.flatMap((backend) => tracersOf(backend, options));
    const results = new Map(tracers.map((t) => [t.key, [] as IdleRound[]]));
    for (let round = 0; round < options.rounds; round++)
      for (const tracer of tracers) results.get(tracer.key)!.push(await oneRound(tracer, options, dir, binary, target));
    return results;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const options: IdleBenchOptions = {
    rounds: Number(process.env.BENCH_ROUNDS ?? 5),
    backends: (process.env.BENCH_BACKENDS ?? 'auto,libbpf').split(','),
    seconds: Number(process.env.BENCH_IDLE_SECONDS ?? 10),
    rate: Number(process.env.BENCH_IDLE_RATE ?? 1000),
    settleSeconds: 2,
    filtered: process.env.BENCH_IDLE_FILTER !== 'none',
    floor: process.env.BENCH_IDLE_FLOOR !== 'no',
  };
  const loadBefore = loadAverage();
  const started = new Date().toISOString();
  const results = await idleBench(options);
  console.log(
    `idle: probectl run opensnoop${options.filtered ? ` --comm ${IDLE_COMM}` : ' (no filter)'}, ${options.settleSeconds} s after ready: ${options.seconds} s idle, then ${IDLE_COMM} opening one file ${fmt(options.rate)} times/s for twice ${options.seconds} s, each window measured; node's own RSS and CPU, median of ${options.rounds} rounds (node ${process.version})`,
  );
  console.log(`started ${started}, load average before ${loadBefore}, after ${loadAverage()}`);
  console.log(
    `| backend (probectl run, or its command read alone) | idle RSS MB: largest, last | idle CPU % | CPU % under load, first ${options.seconds} s | added CPU % | CPU % under load, the next ${options.seconds} s | added CPU %, steady | opens/s made | events seen / opens | other opens/s while idle |`,
  );
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: |');
  for (const [backend, rounds] of results) {
    const m = (f: (r: IdleRound) => number) => median(rounds.map(f));
    console.log(
      `| ${backend} | ${m((r) => r.idleRssMb).toFixed(1)}, ${m((r) => r.lastRssMb).toFixed(1)} | ${m((r) => r.idleCpuPct).toFixed(2)} | ${m((r) => r.loadCpuPct).toFixed(2)} | ${m((r) => r.loadCpuPct - r.idleCpuPct).toFixed(2)} | ${m((r) => r.steadyCpuPct).toFixed(2)} | ${m((r) => r.steadyCpuPct - r.idleCpuPct).toFixed(2)} | ${fmt(m((r) => r.opensPerSecond))} | ${rounds.map((r) => `${fmt(r.eventsSeen)}/${fmt(r.opens)}`).join(', ')} | ${fmt(m((r) => r.backgroundPerSecond))} |`,
    );
  }
}

if (isMain(import.meta.url)) await main();
