// Every target of the overhead and throughput issues measured in one run: storm, startup, idle, parse and layouts, printed as one table of figure, measured, target, met.
import { execFileSync } from 'node:child_process';
import { IDLE_COMM, idleBench, type IdleRound, readAlone } from './idle.js';
import { caseMedians, layoutsBench, throughputOf } from './layouts.js';
import { loadAverage } from './proc.js';
import { parseBench } from './run.js';
import { startupBench, versionBench } from './startup.js';
import { fmt, median, times } from './stats.js';
import { stormBench, type Result as StormResult } from './storm.js';
import type { TargetRow } from './target-row.js';

const SECTIONS = ['storm', 'startup', 'idle', 'parse', 'layouts'] as const;
type Section = (typeof SECTIONS)[number];
/** The sections that trace live: they need root, bpftrace and libbpf-tools. */
const LIVE: readonly Section[] = ['storm', 'startup', 'idle'];

const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
/** Sections to leave out, comma-separated; `live` stands for storm, startup and idle. */
const skip = new Set<string>(
  (process.env.BENCH_SKIP ?? '')
    .split(',')
    .map((s) => s.trim())
    .flatMap((s): readonly string[] => (s === 'live' ? LIVE : s === '' ? [] : [s])),
);
/**
 * The storm's rates: the most bpftrace writing to a file drains here for 3 s without a loss, and the step above, where
 * it starts losing (docs/performance.md, the storm; its ring buffers sized as probectl plans them).
 */
const stormRates = (process.env.BENCH_STORM_RATES ?? '40000,50000').split(',').map(Number);
const stormSeconds = Number(process.env.BENCH_STORM_SECONDS ?? 3);
const idleSeconds = Number(process.env.BENCH_IDLE_SECONDS ?? 10);
/** BENCH_IDLE_FILTER=none: the idle runs see every open on the machine (bench/idle.ts says why they do not by default). */
const idleFiltered = process.env.BENCH_IDLE_FILTER !== 'none';
const parseLines = Number(process.env.BENCH_LINES ?? 1_000_000);
const layoutLines = Number(process.env.BENCH_LAYOUT_LINES ?? 500_000);
/** The tools whose layouts came with the issue that asks 8x Python of them. */
const NEW_TOOLS = ['execsnoop', 'biolatency', 'syscount', 'tcpconnect'];

const ms = (x: number): string => `${fmt(x)} ms`;
const pct = (x: number): string => `${x.toFixed(2)} %`;
const medianOf = <T>(list: readonly T[], f: (x: T) => number): number => median(list.map(f));

async function storm(): Promise<TargetRow[]> {
  const { plan, results } = await stormBench({ rounds, seconds: stormSeconds, rates: stormRates, backend: 'auto', withCat: false });
  const missing = (list: StormResult[]) => medianOf(list, (r) => r.opens - r.events);
  const reported = (list: StormResult[]) => medianOf(list, (r) => r.lost);
  return results.map(({ alone, probectl }, i) => {
    const made = medianOf([...alone, ...probectl], (r) => r.opens / r.stormSeconds);
    return {
      figure: `storm at ${fmt(stormRates[i]!)} opens/s for ${stormSeconds} s (${fmt(made)}/s made): events missing (lost, reported or not), probectl run opensnoop against ${plan.backend} alone writing to a file`,
      measured: `${fmt(missing(probectl))} against ${fmt(missing(alone))} (reported lost: ${fmt(reported(probectl))} against ${fmt(reported(alone))})`,
      target: `probectl's no higher than ${plan.backend}'s`,
      met: missing(probectl) <= missing(alone),
    };
  });
}

async function startup(): Promise<TargetRow[]> {
  const [opensnoop] = await startupBench([{ name: 'opensnoop', args: ['--backend', 'libbpf'], wrap: [] }], rounds);
  const [alone, probectl] = [median(opensnoop!.alone), median(opensnoop!.probectl)];
  // --version is short: three times the rounds, in turn with bare node
  const version = versionBench(rounds * 3);
  const [node, pv] = [median(version.node), median(version.version)];
  return [
    {
      figure: `\`probectl run opensnoop --backend libbpf\`, spawn to ready, over libbpf-tools opensnoop's spawn to its header (${opensnoop!.plan.argv.join(' ')})`,
      measured: `+${ms(probectl - alone)} (${ms(probectl)} against ${ms(alone)})`,
      target: 'within 150 ms',
      met: probectl - alone <= 150,
    },
    {
      figure: `\`probectl --version\` over \`node -e 0\`, spawn to exit (median of ${rounds * 3})`,
      measured: `+${ms(pv - node)} (${ms(pv)} against ${ms(node)})`,
      target: 'within 60 ms',
      met: pv - node <= 60,
    },
  ];
}

async function idle(): Promise<TargetRow[]> {
  const backends = ['auto', 'libbpf'];
  const results = await idleBench({ rounds, backends, seconds: idleSeconds, rate: 1000, settleSeconds: 2, filtered: idleFiltered, floor: true });
  return backends.flatMap((backend) => {
    const list = results.get(backend)!;
    const m = (f: (r: IdleRound) => number) => medianOf(list, f);
    const floor = results.get(readAlone(backend))!;
    const floorAdded = medianOf(floor, (r) => r.loadCpuPct - r.idleCpuPct);
    const floorSteady = medianOf(floor, (r) => r.steadyCpuPct - r.idleCpuPct);
    const run = `\`probectl run opensnoop${backend === 'auto' ? '' : ` --backend ${backend}`}${idleFiltered ? ` --comm ${IDLE_COMM}` : ''}\``;
    const added = m((r) => r.loadCpuPct - r.idleCpuPct);
    const steady = m((r) => r.steadyCpuPct - r.idleCpuPct);
    const seen = `${fmt(m((r) => r.eventsSeen))} of ${fmt(m((r) => r.opens))} opens written`;
    return [
      {
        figure: `${run}, idle after ready: node's RSS (largest of ${idleSeconds} samples, 1 s apart)`,
        measured: `${m((r) => r.idleRssMb).toFixed(1)} MB; the last sample, once V8's memory reducer has run: ${m((r) => r.lastRssMb).toFixed(1)} MB (other opens on the machine meanwhile: ${fmt(m((r) => r.backgroundPerSecond))}/s)`,
        target: 'under 50 MB',
        met: m((r) => r.idleRssMb) < 50,
      },
      {
        figure: `${run}: node's CPU at 1,000 opens/s beyond its CPU at idle, once the rate has gone on ${idleSeconds} s (each window ${idleSeconds} s)`,
        measured: `${pct(steady)} of a core (${pct(m((r) => r.steadyCpuPct))} against ${pct(m((r) => r.idleCpuPct))}; ${seen}); in the rate's first ${idleSeconds} s, while V8 compiles the event path: ${pct(added)}; its command read alone by probectl's child reader, nothing parsed (bench/read-floor.ts): ${pct(floorSteady)}, and ${pct(floorAdded)} at first`,
        target: 'under 1 % of a core',
        met: steady < 1,
      },
    ];
  });
}

async function parse(): Promise<TargetRow[]> {
  const result = await parseBench({ lines: parseLines, rounds, sink: 'pipe', validate: false });
  const probectl = result.readers.find((r) => r.name === 'probectl')!;
  const python = result.readers.find((r) => r.name === 'python')!;
  const speedUp = python.seconds / probectl.seconds;
  const growth = probectl.maxRssMb / result.smallRssMb;
  return [
    {
      figure: `\`probectl parse opensnoop\` of ${fmt(parseLines)} lines \`| cat > /dev/null\`, against bench/baseline_opensnoop.py into the same pipe (wall time)`,
      measured: `${times(speedUp)} (${probectl.seconds.toFixed(2)} s against ${python.seconds.toFixed(2)} s)`,
      target: 'at least 15x',
      met: speedUp >= 15,
    },
    {
      figure: `the same parse: peak RSS on ${fmt(parseLines)} lines against ${fmt(result.smallLines)} (memory flat)`,
      measured: `${probectl.maxRssMb.toFixed(0)} MB against ${result.smallRssMb.toFixed(0)} MB (${growth.toFixed(2)}x for 4x the input)`,
      target: 'under 1.25x',
      met: growth < 1.25,
    },
  ];
}

/**
 * Held to throughput: the lines between a fifth of the input and the whole over the time between the two runs, for
 * probectl and for Python. A run's whole time also holds node's start and Python's, which for the inputs Python reads
 * in a second or two is much of an eighth of that time (docs/performance.md); that ratio is shown beside.
 */
async function layouts(): Promise<TargetRow[]> {
  const cases = await layoutsBench({
    lines: layoutLines,
    rounds,
    select: (s) => NEW_TOOLS.includes(s.meta.parser),
    replay: false,
    withPythonOnly: true,
    throughput: true,
  });
  return cases.map((c) => {
    const [parse, python] = [caseMedians(c, 'parse')!, caseMedians(c, 'python')!];
    const flow = throughputOf(c);
    const [wall, cpu] = flow === undefined ? [0, 0] : [flow.parse.lines / flow.python.lines, flow.parse.cpuLines / flow.python.cpuLines];
    const whole = `whole runs ${times(python.seconds / parse.seconds)} wall (${parse.seconds.toFixed(2)} s against ${python.seconds.toFixed(2)} s), ${times(python.cpuSeconds / parse.cpuSeconds)} CPU`;
    return {
      figure: `\`probectl parse ${c.sample.meta.parser}\` throughput, layout ${c.sample.layouts.join('+')} (${c.sample.name}, ${fmt(c.small!.lines)} and ${fmt(c.input.lines)} lines), against its Python reader`,
      measured:
        flow === undefined
          ? `not measured: a run of the larger input took no longer than of the smaller; ${whole}`
          : `${times(wall)} wall (${fmt(flow.parse.lines)} against ${fmt(flow.python.lines)} lines/s), ${times(cpu)} CPU; ${whole}`,
      target: 'at least 8x, wall and CPU',
      met: flow === undefined ? undefined : wall >= 8 && cpu >= 8,
    };
  });
}

const RUN: Record<Section, () => Promise<TargetRow[]>> = { storm, startup, idle, parse, layouts };

/** What stops a live section before it starts: not root, or a tracer missing. */
function liveBlocker(): string | undefined {
  if (process.getuid?.() !== 0) return 'needs root';
  for (const tool of ['bpftrace', 'opensnoop'])
    try {
      execFileSync('sh', ['-c', `command -v ${tool}`], { stdio: 'ignore' });
    } catch {
      return `needs ${tool} on PATH`;
    }
  return undefined;
}

const notRun = (section: Section, why: string): TargetRow => ({ figure: section, measured: `not run: ${why}`, target: '', met: undefined });

async function main(): Promise<void> {
  if (!Number.isInteger(rounds) || rounds < 1) throw new Error(`BENCH_ROUNDS must be a whole number of 1 or more, not ${process.env.BENCH_ROUNDS}`);
  const unknown = [...skip].filter((s) => !(SECTIONS as readonly string[]).includes(s));
  if (unknown.length > 0) throw new Error(`BENCH_SKIP: unknown ${unknown.join(', ')}; use ${SECTIONS.join(', ')} or live`);
  const started = new Date();
  const loadBefore = loadAverage();
  const blocker = liveBlocker();
  const rows: TargetRow[] = [];
  for (const section of SECTIONS) {
    if (skip.has(section)) {
      rows.push(notRun(section, 'BENCH_SKIP'));
      continue;
    }
    if (LIVE.includes(section) && blocker !== undefined) {
      rows.push(notRun(section, blocker));
      continue;
    }
    const t0 = performance.now();
    console.error(`bench:all: ${section} (load average ${loadAverage()})...`);
    try {
      rows.push(...(await RUN[section]()));
    } catch (error) {
      rows.push(notRun(section, `failed: ${(error as Error).message.split('\n')[0]}`));
    }
    console.error(`bench:all: ${section} took ${fmt((performance.now() - t0) / 1000)} s`);
  }
  const cpu = execFileSync('sh', ['-c', "grep -m1 'model name' /proc/cpuinfo | cut -d: -f2"], { encoding: 'utf8' }).trim();
  console.log(
    `bench:all, medians of ${rounds} rounds (${cpu}, ${execFileSync('nproc', { encoding: 'utf8' }).trim()} CPUs, node ${process.version}); started ${started.toISOString()}, finished ${new Date().toISOString()}; load average before ${loadBefore}, after ${loadAverage()}`,
  );
  console.log('');
  console.log('| figure | measured | target | met |');
  console.log('| --- | --- | --- | --- |');
  const cell = (text: string) => text.replaceAll('|', '\\|'); // a pipe in a cell, even in a code span, would end it
  for (const r of rows) console.log(`| ${cell(r.figure)} | ${cell(r.measured)} | ${cell(r.target)} | ${r.met === undefined ? '' : r.met ? 'yes' : '**no**'} |`);
  console.log('');
  console.log('Not part of bench:all: the 600 s soak of every probe (npm run bench:soak).');
  const failed = rows.filter((r) => r.measured.startsWith('not run: failed'));
  if (failed.length > 0) process.exitCode = 1;
}

await main();
