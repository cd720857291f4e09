// The startup benchmark: from `probectl run PROBE` to its ready probe.status event, against the same backend command alone to its ready line, alternating.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { backendPlan, PROBECTL_READY, type BackendPlan } from './backend-plan.js';
import { loadAverage } from './proc.js';
import { fmt, median } from './stats.js';
import { startTracer, stopTracer } from './tracer-run.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const cli = join(root, 'dist', 'src', 'cli', 'main.js');
const rounds = Number(process.env.BENCH_ROUNDS ?? 7);
/** xdpcount counts on the loopback interface of a namespace of the benchmark's own, so it touches no real interface. */
const NETNS = `pctl-bench-${process.pid}`;
const IN_NETNS = ['ip', 'netns', 'exec', NETNS];

interface Probe {
  name: string;
  args: string[];
  /** A prefix of the command line: where it runs. */
  wrap: string[];
}

const PROBES: Probe[] = [
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

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'probectl-bench-startup-'));
  execFileSync('ip', ['netns', 'add', NETNS]);
  try {
    execFileSync('ip', ['-n', NETNS, 'link', 'set', 'lo', 'up']);
    const plans = new Map<string, BackendPlan>(PROBES.map((p) => [p.name, backendPlan(cli, p.name, p.args)]));
    const times = new Map(PROBES.map((p) => [p.name, { alone: [] as number[], probectl: [] as number[], child: [] as number[] }]));
    const loadBefore = loadAverage();
    const started = new Date().toISOString();
    for (let round = 0; round < rounds; round++)
      for (const probe of PROBES) {
        const plan = plans.get(probe.name)!;
        const t = times.get(probe.name)!;
        t.alone.push((await timeToReady([...probe.wrap, ...plan.argv], plan.env, plan.ready, plan.stdinPipe, dir)).ms);
        const viaProbectl = await timeToReady([...probe.wrap, process.execPath, cli, 'run', probe.name, ...probe.args], {}, PROBECTL_READY, false, dir);
        t.probectl.push(viaProbectl.ms);
        if (viaProbectl.childMs !== undefined) t.child.push(viaProbectl.childMs);
      }
    console.log(`startup: spawn to ready, median of ${rounds} rounds, backend alone and probectl run in turn (node ${process.version})`);
    console.log(`started ${started}, load average before ${loadBefore}, after ${loadAverage()}`);
    console.log(
      '| probe | backend | backend alone ms | probectl run ms | added ms | probectl\'s own "ready after" (its child) ms | rounds, alone / probectl ms |',
    );
    console.log('| --- | --- | ---: | ---: | ---: | ---: | --- |');
    for (const probe of PROBES) {
      const t = times.get(probe.name)!;
      const [alone, probectl] = [median(t.alone), median(t.probectl)];
      const each = t.alone.map((a, i) => `${fmt(a)}/${fmt(t.probectl[i]!)}`).join(', ');
      console.log(
        `| ${probe.name} | ${plans.get(probe.name)!.backend} | ${fmt(alone)} | ${fmt(probectl)} | ${fmt(probectl - alone)} | ${fmt(median(t.child))} | ${each} |`,
      );
    }
  } finally {
    execFileSync('ip', ['netns', 'del', NETNS]);
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
