// The live storm: a process opening one file at set rates and as fast as it can, traced by opensnoop through probectl run and by the same backend command alone, in turn.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { backendPlan, PROBECTL_READY, type BackendPlan } from './backend-plan.js';
import { cli, cliArgv } from './cli-path.js';
import { STDOUT_BUFFER_BYTES } from '../src/run/launcher.js';
import { cpuSeconds, loadAverage, peakRssMb } from './proc.js';
import { isMain } from './main-module.js';
import { fmt, median } from './stats.js';
import { startTracer, stopTracer, untilStill, type TracerRun } from './tracer-run.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const launcher = join(root, 'dist', 'native', 'launcher');
const gatheredReader = join(root, 'bench', 'gathered_reader.py');
/** The workload binary's name, so its comm (15 characters at most): the pid keeps another run's storm on the machine out of this one's filter. */
export const COMM = `pctl-storm${process.pid % 100_000}`;

interface Storm {
  binary: string;
  rate: number;
  seconds: number;
  /** The file it opens: events on it are the storm's. */
  target: string;
}

export interface Result {
  opens: number;
  stormSeconds: number;
  /** Events the tracer wrote for the storm's file. */
  events: number;
  /** Events the tracer said it lost (its own lost lines, or probectl's tool.lost events). */
  lost: number;
  lostLines: number;
  /** CPU seconds during the storm and the drain after it. */
  probectlCpu?: number;
  backendCpu: number;
  probectlPeakMb?: number;
}

/** Counts in the tracer's output: events on the target path, and lost reports with the events they count. */
function countOutput(file: string, target: string, json: boolean): { events: number; lost: number; lostLines: number } {
  let events = 0;
  let lost = 0;
  let lostLines = 0;
  const pathJson = `"path":${JSON.stringify(target)}`;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (json ? line.includes(pathJson) && line.startsWith('{"type":"file.open"') : line.endsWith(`\t${target}`)) events++;
    const m = json ? /^\{"type":"tool\.lost".*"count":(\d+)/.exec(line) : /^Lost (\d+) events/.exec(line);
    if (m !== null) {
      lost += Number(m[1]);
      lostLines++;
    }
  }
  return { events, lost, lostLines };
}

/** The pid of the backend under probectl: its only child (setpriv execs the backend). */
function childPid(pid: number): number {
  const children = readdirSync(`/proc/${pid}/task`).flatMap((t) => readFileSync(`/proc/${pid}/task/${t}/children`, 'utf8').trim().split(/\s+/).filter(Boolean));
  if (children.length !== 1) throw new Error(`process ${pid} has ${children.length} children, not one`);
  return Number(children[0]);
}

async function traceStorm(run: TracerRun, backendPid: () => number, probectl: boolean, out: string, storm: Storm): Promise<Result> {
  await run.ready;
  const backend = backendPid();
  const cpu0 = { p: cpuSeconds(run.pid)!, b: cpuSeconds(backend)! };
  const { opens, seconds: stormSeconds } = runStorm(storm.binary, storm.seconds, storm.rate, storm.target);
  await untilStill(out);
  const cpu1 = { p: cpuSeconds(run.pid)!, b: cpuSeconds(backend)! };
  const peak = peakRssMb(run.pid)!;
  await stopTracer(run);
  const counted = countOutput(out, storm.target, probectl);
  return {
    opens,
    stormSeconds,
    ...counted,
    backendCpu: cpu1.b - cpu0.b,
    ...(probectl && { probectlCpu: cpu1.p - cpu0.p, probectlPeakMb: peak }),
  };
}

/**
 * How the backend alone writes its stdout: to a file; to cat; to cat with the send buffer the launcher gives it under
 * probectl; or, with the launcher's buffer, into a pipe or a socket pair read as probectl reads (bench/gathered_reader.py).
 */
type Alone = 'file' | 'cat' | 'cat, large buffer' | 'pipe, gathered reads' | 'socket, gathered reads';

async function alone(plan: BackendPlan, dir: string, storm: Storm, how: Alone): Promise<Result> {
  const [out, err] = [join(dir, 'alone.out'), join(dir, 'alone.err')];
  const launched = [launcher, '--stdout-buffer', String(STDOUT_BUFFER_BYTES), '--', ...plan.argv];
  const gathered = how === 'pipe, gathered reads' ? 'pipe' : how === 'socket, gathered reads' ? 'socket' : undefined;
  const argv = gathered !== undefined ? ['python3', gatheredReader, gathered, '--', ...launched] : how === 'cat, large buffer' ? launched : plan.argv;
  const throughCat = how === 'cat' || how === 'cat, large buffer';
  const run = startTracer(argv, plan.env, { stdout: out, stderr: err, throughCat }, plan.ready, plan.stdinPipe);
  const result = await traceStorm(run, () => (gathered === undefined ? run.pid : childPid(run.pid)), false, out, storm);
  const lostOnStderr = countOutput(err, storm.target, false); // bpftrace may say it lost events on either stream
  return { ...result, lost: result.lost + lostOnStderr.lost, lostLines: result.lostLines + lostOnStderr.lostLines };
}

async function throughProbectl(dir: string, storm: Storm, backend: string, build = cli): Promise<Result> {
  const out = join(dir, 'probectl.jsonl');
  const argv = [...cliArgv(build), 'run', 'opensnoop', '--backend', backend, '--comm', COMM, '--output', out];
  const run = startTracer(argv, {}, { stdout: join(dir, 'probectl.stdout'), stderr: join(dir, 'probectl.stderr'), watch: [out] }, PROBECTL_READY);
  return traceStorm(run, () => childPid(run.pid), true, out, storm);
}

function summary(rate: number, name: string, results: Result[], seconds: number): string {
  const m = (f: (r: Result) => number) => median(results.map(f));
  const cells = [
    rate === 0 ? 'as fast as it can' : fmt(rate),
    name,
    fmt(m((r) => r.opens / r.stormSeconds)),
    fmt(m((r) => r.events / r.stormSeconds)),
    fmt(m((r) => r.opens - r.events)),
    fmt(m((r) => r.lost)),
    results.map((r) => `${fmt(r.opens - r.events)}/${fmt(r.lost)}`).join(', '),
    results[0]!.probectlCpu === undefined ? '' : `${(m((r) => r.probectlCpu!) / seconds).toFixed(2)}`,
    `${(m((r) => r.backendCpu) / seconds).toFixed(2)}`,
    results[0]!.probectlPeakMb === undefined ? '' : m((r) => r.probectlPeakMb!).toFixed(0),
  ];
  return `| ${cells.join(' | ')} |`;
}

/** Compiles bench/storm.c into dir under the name `comm` (its comm when it runs); returns its path. */
export function buildStorm(dir: string, comm: string): string {
  const binary = join(dir, comm);
  execFileSync('cc', ['-O2', '-o', binary, join(root, 'bench', 'storm.c')]);
  return binary;
}

/** Runs the storm binary: opens made, failures, and the seconds it took. */
export function runStorm(binary: string, seconds: number, rate: number, target: string): { opens: number; failed: number; seconds: number } {
  const [opens, failed, took] = execFileSync(binary, [String(seconds), String(rate), target], { encoding: 'utf8' })
    .trim()
    .split(' ')
    .map(Number);
  return { opens: opens!, failed: failed!, seconds: took! };
}

export interface StormBenchOptions {
  rounds: number;
  /** Seconds each storm lasts. */
  seconds: number;
  /** Opens per second asked; 0: as fast as it can. */
  rates: number[];
  /** probectl's --backend. */
  backend: string;
  /** Also the backend with its stdout read by cat (and, where the launcher is built, by cat with the launcher's buffer). */
  withCat: boolean;
  /** Also the backend, through the launcher, into a pipe and into a socket pair read as probectl reads (bench/gathered_reader.py). */
  withGathered?: boolean;
  /** Another build's CLI (dist/src/cli/main.js of a checkout of another commit), run alongside this one's. */
  otherCli?: string;
}

export interface StormBenchResult {
  plan: BackendPlan;
  /** Opens per second the storm made untraced, as fast as it can. */
  bareRate: number;
  results: { rate: number; alone: Result[]; cat: Result[]; catLarge: Result[]; pipe: Result[]; socket: Result[]; other: Result[]; probectl: Result[] }[];
}

/** Each rate's storm traced by the backend alone (to a file), by the backend read by cat, and by probectl run, in turn, round after round. */
export async function stormBench(options: StormBenchOptions): Promise<StormBenchResult> {
  const dir = mkdtempSync(join(tmpdir(), 'probectl-bench-storm-'));
  try {
    const binary = buildStorm(dir, COMM);
    const target = join(dir, 'target');
    writeFileSync(target, 'storm\n');
    const plan = backendPlan(cli, 'opensnoop', ['--backend', options.backend, '--comm', COMM]);
    const bare = runStorm(binary, options.seconds, 0, target);
    const withLauncher = existsSync(launcher);
    const results = options.rates.map((rate) => ({
      rate,
      alone: [] as Result[],
      cat: [] as Result[],
      catLarge: [] as Result[],
      pipe: [] as Result[],
      socket: [] as Result[],
      other: [] as Result[],
      probectl: [] as Result[],
    }));
    for (let round = 0; round < options.rounds; round++)
      for (const r of results) {
        const storm = { binary, rate: r.rate, seconds: options.seconds, target };
        r.alone.push(await alone(plan, dir, storm, 'file'));
        if (options.withCat) r.cat.push(await alone(plan, dir, storm, 'cat'));
        if (options.withCat && withLauncher) r.catLarge.push(await alone(plan, dir, storm, 'cat, large buffer'));
        if (options.withGathered && withLauncher) r.pipe.push(await alone(plan, dir, storm, 'pipe, gathered reads'));
        if (options.withGathered && withLauncher) r.socket.push(await alone(plan, dir, storm, 'socket, gathered reads'));
        if (options.otherCli !== undefined) r.other.push(await throughProbectl(dir, storm, options.backend, options.otherCli));
        r.probectl.push(await throughProbectl(dir, storm, options.backend));
      }
    return { plan, bareRate: bare.opens / bare.seconds, results };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
  const seconds = Number(process.env.BENCH_STORM_SECONDS ?? 3);
  const rates = (process.env.BENCH_STORM_RATES ?? '5000,10000,20000,40000,0').split(',').map(Number);
  const backend = process.env.BENCH_BACKEND ?? 'auto';
  const otherCli = process.env.BENCH_OTHER_CLI;
  const otherName = process.env.BENCH_OTHER_NAME ?? 'probectl run, other build';
  const loadBefore = loadAverage();
  const started = new Date().toISOString();
  const withGathered = process.env.BENCH_STORM_GATHERED === 'yes';
  const { plan, bareRate, results } = await stormBench({ rounds, seconds, rates, backend, withCat: true, withGathered, otherCli });
  console.log(
    `storm: ${COMM} opening one file for ${seconds} s at each rate, traced by opensnoop (${plan.backend}, --comm ${COMM}), median of ${rounds} rounds (node ${process.version})`,
  );
  console.log(`started ${started}, load average before ${loadBefore}, after ${loadAverage()}; untraced, the storm made ${fmt(bareRate)} opens/s`);
  console.log(
    `backend alone: ${plan.argv[0]} ... (the plan's argv and env) > file; backend read by cat: the same, its stdout read by cat > file${existsSync(launcher) ? `; with a ${STDOUT_BUFFER_BYTES / 2 ** 20} MiB buffer: started by dist/native/launcher --stdout-buffer ${STDOUT_BUFFER_BYTES}` : ''}${withGathered ? '; gathered reads: python3 bench/gathered_reader.py pipe|socket -- dist/native/launcher ...' : ''}; probectl: run opensnoop --backend ${backend} --comm ${COMM} --output file${otherCli === undefined ? '' : `; ${otherName}: ${otherCli}`}`,
  );
  console.log(
    '| rate asked | tracer | opens/s made | events/s written | events missing | lost reported | missing/reported per round | probectl CPU (cores) | backend CPU (cores) | probectl peak RSS MB |',
  );
  console.log('| ---: | --- | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: |');
  for (const r of results) {
    console.log(summary(r.rate, 'backend alone', r.alone, seconds));
    console.log(summary(r.rate, 'backend read by cat', r.cat, seconds));
    if (r.catLarge.length > 0) console.log(summary(r.rate, `backend read by cat, ${STDOUT_BUFFER_BYTES / 2 ** 20} MiB buffer`, r.catLarge, seconds));
    if (r.pipe.length > 0) console.log(summary(r.rate, 'backend into a pipe, gathered reads', r.pipe, seconds));
    if (r.socket.length > 0) console.log(summary(r.rate, 'backend into a socket pair, gathered reads', r.socket, seconds));
    if (r.other.length > 0) console.log(summary(r.rate, otherName, r.other, seconds));
    console.log(summary(r.rate, 'probectl run', r.probectl, seconds));
  }
}

if (isMain(import.meta.url)) await main();
