// The startup benchmark: from `probectl run PROBE` to its ready probe.status event, against the same backend command alone to its ready line, alternating.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { backendPlan, PROBECTL_READY, type BackendPlan } from './backend-plan.js';
import { cli, cliArgv } from './cli-path.js';
import { isMain } from './main-module.js';
import { loadAverage } from './proc.js';
import { fmt, median } from './stats.js';
import { startTracer, stopTracer } from './tracer-run.js';

/** xdpcount counts on the loopback interface of a namespace of the benchmark's own, so it touches no real interface. */
const NETNS = `pctl-bench-${process.pid}`;
const IN_NETNS = ['ip', 'netns', 'exec', NETNS];

export interface StartupProbe {
  name: string;
  /** probectl run's arguments after the probe's name; the backend alone runs what `--dry-run` plans for them. */
  args: string[];
  /** A prefix of the command line: where it runs. */
  wrap: string[];
}

const PROBES: StartupProbe[] = [
  ...['tcpretrans', 'tcpdrop', 'tcplife', 'opensnoop'].map((name) => ({ name, args: [], wrap: [] })),
  { name: 'xdpcount', args: ['--iface', 'lo'], wrap: IN_NETNS },
];

/** ms from the spawn to the first sight of the ready line, and for probectl the child's own "ready after" figure. */
async function timeToReady(
  argv: string[],
  env: Record<string, string>,
  ready: RegExp,
  stdinPipe: boolean,
  dir: string,
): Promise<{ ms: number; childMs?: number }> {
  const files = { stdout: join(dir, 'out'), stderr: join(dir, 'err') };
  const run = startTracer(argv, env, files, ready, stdinPipe);
  try {
    const ms = await run.ready;
    const status = readFileSync(files.stdout, 'utf8')
      .split('\n')
      .find((l) => PROBECTL_READY.test(l));
    const after = status === undefined ? undefined : /ready after ([\d.]+) (ms|s)/.exec(status); // "ready after 366 ms", "ready after 1.2 s"
    return { ms, ...(after && { childMs: Number(after[1]) * (after[2] === 's' ? 1000 : 1) }) };
  } finally {
    await stopTracer(run);
  }
}

export interface StartupTimes {
  probe: StartupProbe;
  plan: BackendPlan;
  /** ms from the spawn to the ready line, one per round. */
  alone: number[];
  probectl: number[];
  /** probectl's own "ready after" figure for its child. */
  child: number[];
}

/** Each probe's backend alone and probectl run, in turn, round after round: spawn to ready. */
export async function startupBench(probes: readonly StartupProbe[], rounds: number): Promise<StartupTimes[]> {
  const dir = mkdtempSync(join(tmpdir(), 'probectl-bench-startup-'));
  const netns = probes.some((p) => p.wrap.length > 0);
  if (netns) execFileSync('ip', ['netns', 'add', NETNS]);
  try {
    if (netns) execFileSync('ip', ['-n', NETNS, 'link', 'set', 'lo', 'up']);
    const times: StartupTimes[] = probes.map((probe) => ({ probe, plan: backendPlan(cli, probe.name, probe.args), alone: [], probectl: [], child: [] }));
    for (let round = 0; round < rounds; round++)
      for (const t of times) {
        const { probe, plan } = t;
        t.alone.push((await timeToReady([...probe.wrap, ...plan.argv], plan.env, plan.ready, plan.stdinPipe, dir)).ms);
        const viaProbectl = await timeToReady([...probe.wrap, ...cliArgv(), 'run', probe.name, ...probe.args], {}, PROBECTL_READY, false, dir);
        t.probectl.push(viaProbectl.ms);
        if (viaProbectl.childMs !== undefined) t.child.push(viaProbectl.childMs);
      }
    return times;
  } finally {
    if (netns) execFileSync('ip', ['netns', 'del', NETNS]);
    rmSync(dir, { recursive: true, force: true });
  }
}

/** ms from the spawn to the exit of a command whose output is discarded. */
function timeToExit(argv: readonly string[]): number {
  const start = performance.now();
  const result = spawnSync(argv[0]!, argv.slice(1), { stdio: 'ignore' });
  const ms = performance.now() - start;
  if (result.status !== 0) throw new Error(`${argv.join(' ')} failed (${result.status ?? result.signal})`);
  return ms;
}

/** `probectl --version` and bare `node -e 0`, in turn: ms from the spawn to the exit of each, one per round. */
export function versionBench(rounds: number): { node: number[]; version: number[] } {
  const times = { node: [] as number[], version: [] as number[] };
  for (let round = 0; round < rounds; round++) {
    times.node.push(timeToExit([process.execPath, '-e', '0']));
    times.version.push(timeToExit([...cliArgv(), '--version']));
  }
  return times;
}

async function main(): Promise<void> {
  const rounds = Number(process.env.BENCH_ROUNDS ?? 7);
  const loadBefore = loadAverage();
  const started = new Date().toISOString();
  const times = await startupBench(PROBES, rounds);
  console.log(`startup: spawn to ready, median of ${rounds} rounds, backend alone and probectl run in turn (node ${process.version})`);
  console.log(`started ${started}, load average before ${loadBefore}, after ${loadAverage()}`);
  console.log(
    '| probe | backend | backend alone ms | probectl run ms | added ms | probectl\'s own "ready after" (its child) ms | rounds, alone / probectl ms |',
  );
  console.log('| --- | --- | ---: | ---: | ---: | ---: | --- |');
  for (const t of times) {
    const [alone, probectl] = [median(t.alone), median(t.probectl)];
    const each = t.alone.map((a, i) => `${fmt(a)}/${fmt(t.probectl[i]!)}`).join(', ');
    console.log(`| ${t.probe.name} | ${t.plan.backend} | ${fmt(alone)} | ${fmt(probectl)} | ${fmt(probectl - alone)} | ${fmt(median(t.child))} | ${each} |`);
  }
}

if (isMain(import.meta.url)) await main();
