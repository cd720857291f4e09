// The live storm: a process opening one file at set rates and as fast as it can, traced by opensnoop through probectl run and by the same backend command alone, in turn.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { backendPlan, PROBECTL_READY, type BackendPlan } from './backend-plan.js';
import { STDOUT_BUFFER_BYTES } from '../src/run/launcher.js';
import { cpuSeconds, loadAverage, peakRssMb } from './proc.js';
import { fmt, median } from './stats.js';
import { startTracer, stopTracer, untilStill, type TracerRun } from './tracer-run.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const cli = join(root, 'dist', 'src', 'cli', 'main.js');
const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
const seconds = Number(process.env.BENCH_STORM_SECONDS ?? 3);
/** Opens per second asked of the storm; 0: as fast as it can. */
const rates = (process.env.BENCH_STORM_RATES ?? '5000,10000,20000,40000,0').split(',').map(Number);
const backendChoice = process.env.BENCH_BACKEND ?? 'auto';
/** Another build's CLI (dist/src/cli/main.js of a checkout of another commit), run alongside this one's. */
const otherCli = process.env.BENCH_OTHER_CLI;
const otherName = process.env.BENCH_OTHER_NAME ?? 'probectl run, other build';
const launcher = join(root, 'dist', 'native', 'launcher');
const COMM = 'pctl-storm'; // the workload binary's name, so its comm

interface Storm {
  binary: string;
  rate: number;
  /** The file it opens: events on it are the storm's. */
  target: string;
}

interface Result {
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
  if (children.length !== 1) throw new Error(`probectl ${pid} has ${children.length} children, not one`);
  return Number(children[0]);
}

async function traceStorm(run: TracerRun, backendPid: () => number, probectl: boolean, out: string, storm: Storm): Promise<Result> {
  await run.ready;
  const backend = backendPid();
  const cpu0 = { p: cpuSeconds(run.pid)!, b: cpuSeconds(backend)! };
  const [opens, , stormSeconds] = execFileSync(storm.binary, [String(seconds), String(storm.rate), storm.target], { encoding: 'utf8' })
    .trim()
    .split(' ')
    .map(Number);
  await untilStill(out);
  const cpu1 = { p: cpuSeconds(run.pid)!, b: cpuSeconds(backend)! };
  const peak = peakRssMb(run.pid)!;
  await stopTracer(run);
  const counted = countOutput(out, storm.target, probectl);
  return {
    opens: opens!,
    stormSeconds: stormSeconds!,
    ...counted,
    backendCpu: cpu1.b - cpu0.b,
    ...(probectl && { probectlCpu: cpu1.p - cpu0.p, probectlPeakMb: peak }),
  };
}

/** How the backend alone writes its stdout: to a file, to cat, or to cat with the send buffer the launcher gives it under probectl. */
type Alone = 'file' | 'cat' | 'cat, large buffer';

async function alone(plan: BackendPlan, dir: string, storm: Storm, how: Alone): Promise<Result> {
  const [out, err] = [join(dir, 'alone.out'), join(dir, 'alone.err')];
  const argv = how === 'cat, large buffer' ? [launcher, '--stdout-buffer', String(STDOUT_BUFFER_BYTES), '--', ...plan.argv] : plan.argv;
  const run = startTracer(argv, plan.env, { stdout: out, stderr: err, throughCat: how !== 'file' }, plan.ready, plan.stdinPipe);
  const result = await traceStorm(run, () => run.pid, false, out, storm);
  const lostOnStderr = countOutput(err, storm.target, false); // bpftrace may say it lost events on either stream
  return { ...result, lost: result.lost + lostOnStderr.lost, lostLines: result.lostLines + lostOnStderr.lostLines };
}

async function throughProbectl(dir: string, storm: Storm, build = cli): Promise<Result> {
  const out = join(dir, 'probectl.jsonl');
  const argv = [process.execPath, build, 'run', 'opensnoop', '--backend', backendChoice, '--comm', COMM, '--output', out];
  const run = startTracer(argv, {}, { stdout: join(dir, 'probectl.stdout'), stderr: join(dir, 'probectl.stderr'), watch: [out] }, PROBECTL_READY);
  return traceStorm(run, () => childPid(run.pid), true, out, storm);
}

function summary(rate: number, name: string, results: Result[]): string {
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

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'probectl-bench-storm-'));
  try {
    const binary = join(dir, COMM);
    execFileSync('cc', ['-O2', '-o', binary, join(root, 'bench', 'storm.c')]);
    const target = join(dir, 'target');
    writeFileSync(target, 'storm\n');
    const plan = backendPlan(cli, 'opensnoop', ['--backend', backendChoice, '--comm', COMM]);
    const bare = execFileSync(binary, [String(seconds), '0', target], { encoding: 'utf8' })
      .trim()
      .split(' ')
      .map(Number);
    const loadBefore = loadAverage();
    const started = new Date().toISOString();
    const withLauncher = existsSync(launcher);
    const results = rates.map((rate) => ({
      rate,
      alone: [] as Result[],
      cat: [] as Result[],
      catLarge: [] as Result[],
      other: [] as Result[],
      probectl: [] as Result[],
    }));
    for (let round = 0; round < rounds; round++)
      for (const r of results) {
        const storm = { binary, rate: r.rate, target };
        r.alone.push(await alone(plan, dir, storm, 'file'));
        r.cat.push(await alone(plan, dir, storm, 'cat'));
        if (withLauncher) r.catLarge.push(await alone(plan, dir, storm, 'cat, large buffer'));
        if (otherCli !== undefined) r.other.push(await throughProbectl(dir, storm, otherCli));
        r.probectl.push(await throughProbectl(dir, storm));
      }
    console.log(
      `storm: ${COMM} opening one file for ${seconds} s at each rate, traced by opensnoop (${plan.backend}, --comm ${COMM}), median of ${rounds} rounds (node ${process.version})`,
    );
    console.log(`started ${started}, load average before ${loadBefore}, after ${loadAverage()}; untraced, the storm made ${fmt(bare[0]! / bare[2]!)} opens/s`);
    console.log(
      `backend alone: ${plan.argv[0]} ... (the plan's argv and env) > file; backend read by cat: the same, its stdout read by cat > file${withLauncher ? `; with a ${STDOUT_BUFFER_BYTES / 2 ** 20} MiB buffer: started by dist/native/launcher --stdout-buffer ${STDOUT_BUFFER_BYTES}` : ''}; probectl: run opensnoop --backend ${backendChoice} --comm ${COMM} --output file${otherCli === undefined ? '' : `; ${otherName}: ${otherCli}`}`,
    );
    console.log(
      '| rate asked | tracer | opens/s made | events/s written | events missing | lost reported | missing/reported per round | probectl CPU (cores) | backend CPU (cores) | probectl peak RSS MB |',
    );
    console.log('| ---: | --- | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: |');
    for (const r of results) {
      console.log(summary(r.rate, 'backend alone', r.alone));
      console.log(summary(r.rate, 'backend read by cat', r.cat));
      if (r.catLarge.length > 0) console.log(summary(r.rate, `backend read by cat, ${STDOUT_BUFFER_BYTES / 2 ** 20} MiB buffer`, r.catLarge));
      if (otherCli !== undefined) console.log(summary(r.rate, otherName, r.other));
      console.log(summary(r.rate, 'probectl run', r.probectl));
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
