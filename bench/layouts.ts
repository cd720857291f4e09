// The layouts benchmark: probectl parse and replay of a large input per layout with real recorded rows, and the Python baselines where one reads that layout.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { toolParsers } from '../src/probes/registry.js';
import { checkBigInput, layoutSamples, writeBigInput, type BigInput, type LayoutSample } from './layout-inputs.js';
import { cliCommand } from './cli-path.js';
import { isMain } from './main-module.js';
import { measure, type Measure } from './measure.js';
import { python } from './python.js';
import { loadAverage } from './proc.js';
import { fmt, median, times } from './stats.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The command of a Python reader in bench/. */
const reader = (script: string, ...args: string[]): string => [python(), join(root, 'bench', script), ...args].join(' ');

/** The tools whose probectl-v1 layout bench/baseline_probectl.py reads (not malloc's, profile's or xdpcount's). */
export const PROBECTL_READERS: ReadonlySet<string> = new Set(['tcpretrans', 'tcpdrop', 'tcplife', 'opensnoop', 'execsnoop', 'tcpconnect', 'syscount']);

/** The Python reader of this layout, if there is one. */
export function baseline(sample: LayoutSample): string | undefined {
  const layout = sample.layouts.join('+');
  if (sample.meta.parser === 'opensnoop' && layout === 'libbpf') return reader('baseline_opensnoop.py');
  if (sample.meta.parser === 'biolatency') return reader('baseline_biolatency.py');
  if (sample.meta.parser === 'execsnoop' && /^(libbpf(-T?t?U?q?)?|bt)$/.test(layout)) return reader('baseline_execsnoop.py');
  if (sample.meta.parser === 'syscount' && /^(libbpf(-P?(L|Lm)?)?|bt)$/.test(layout)) return reader('baseline_syscount.py');
  if (layout === 'probectl-v1' && PROBECTL_READERS.has(sample.meta.parser)) return reader('baseline_probectl.py', sample.meta.parser);
  return undefined;
}

export interface LayoutsBenchOptions {
  /** Lines per input, at least (whole copies of the recording's rows). */
  lines: number;
  rounds: number;
  /** Which recordings' layouts to measure. */
  select: (sample: LayoutSample) => boolean;
  /** Also time `probectl replay` of each input. */
  replay: boolean;
  /** Only layouts a Python reader reads. */
  withPythonOnly: boolean;
  /**
   * Also parse (and read with Python) an input of a fifth of the lines, for each one's throughput: the lines between
   * the two inputs over the time between their runs, without node's and Python's start or what a run does once.
   */
  throughput: boolean;
}

export interface LayoutCase {
  sample: LayoutSample;
  input: BigInput;
  /** The input of a fifth of the lines, when throughput was asked. */
  small?: BigInput;
  /** Each command's measures, one per round: parse, replay (if asked), python (where a reader exists), and of the small input parseSmall, pythonSmall. */
  runs: Record<string, Measure[]>;
}

/** Medians of a case's command over its rounds, or undefined when it was not run. */
export function caseMedians(c: LayoutCase, name: string): { seconds: number; cpuSeconds: number; maxRssMb: number } | undefined {
  const list = c.runs[name];
  if (list === undefined) return undefined;
  return { seconds: median(list.map((m) => m.seconds)), cpuSeconds: median(list.map((m) => m.cpuSeconds)), maxRssMb: median(list.map((m) => m.maxRssMb)) };
}

/** Writes each selected layout's big input, checks it, and times its commands round after round. */
export async function layoutsBench(options: LayoutsBenchOptions): Promise<LayoutCase[]> {
  const dir = mkdtempSync(join(tmpdir(), 'probectl-bench-layouts-'));
  try {
    const samples = layoutSamples(join(root, 'recordings')).filter(options.select);
    const cases: (LayoutCase & { commands: Record<string, string> })[] = [];
    for (const sample of samples) {
      const python = baseline(sample);
      if (options.withPythonOnly && python === undefined) continue;
      const input = writeBigInput(sample, dir, options.lines);
      await checkBigInput(sample, input);
      const small = options.throughput ? writeBigInput(sample, mkdtempSync(join(dir, 'small-')), Math.round(input.lines / 5)) : undefined;
      const commands: Record<string, string> = {
        parse: `${cliCommand()} parse ${sample.meta.parser} ${input.file}`,
        ...(options.replay && { replay: `${cliCommand()} replay ${input.recording}` }),
        ...(python !== undefined && { python: `${python} < ${input.file}` }),
        ...(small !== undefined && { parseSmall: `${cliCommand()} parse ${sample.meta.parser} ${small.file}` }),
        ...(small !== undefined && python !== undefined && { pythonSmall: `${python} < ${small.file}` }),
      };
      cases.push({ sample, input, small, commands, runs: Object.fromEntries(Object.keys(commands).map((k) => [k, []])) });
    }
    // Round after round, every command of every case in turn: the machine's other work falls on all of them alike.
    for (let round = 0; round < options.rounds; round++)
      for (const c of cases) for (const [name, command] of Object.entries(c.commands)) c.runs[name]!.push(measure(command));
    return cases.map(({ sample, input, small, runs }) => ({ sample, input, small, runs }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** GNU time's resolution (`%e`, `%U`, `%S`): a difference under it is no measurement. */
const TIME_RESOLUTION = 0.01;

/**
 * Parse and Python throughput of a case measured with `throughput`: lines per second of wall and of CPU time between
 * the small input and the large one (medians of each). Undefined without both, or when a run of the large input took
 * less than GNU time's resolution longer (medians such as 0.3 and 0.1 + 0.2 differ by 6e-17, not by a measurement).
 */
export function throughputOf(c: LayoutCase): { parse: Rates; python: Rates } | undefined {
  const [parse, parseSmall] = [caseMedians(c, 'parse'), caseMedians(c, 'parseSmall')];
  const [python, pythonSmall] = [caseMedians(c, 'python'), caseMedians(c, 'pythonSmall')];
  if (c.small === undefined || !parse || !parseSmall || !python || !pythonSmall) return undefined;
  const lines = c.input.lines - c.small.lines;
  // 1e-9: a difference of exactly the resolution (0.03 - 0.02) comes out a hair under it in floating point.
  const rate = (big: number, small: number): number => (big - small >= TIME_RESOLUTION - 1e-9 ? lines / (big - small) : Number.NaN);
  const result = {
    parse: { lines: rate(parse.seconds, parseSmall.seconds), cpuLines: rate(parse.cpuSeconds, parseSmall.cpuSeconds) },
    python: { lines: rate(python.seconds, pythonSmall.seconds), cpuLines: rate(python.cpuSeconds, pythonSmall.cpuSeconds) },
  };
  const all = [result.parse.lines, result.parse.cpuLines, result.python.lines, result.python.cpuLines];
  return all.every(Number.isFinite) ? result : undefined;
}

/** Lines per second of wall time and of CPU time. */
export interface Rates {
  lines: number;
  cpuLines: number;
}

async function main(): Promise<void> {
  const lines = Number(process.env.BENCH_LINES ?? 500_000);
  const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
  const only = process.env.BENCH_ONLY; // a substring of the recording's name, to run a few
  const loadBefore = loadAverage();
  const started = new Date().toISOString();
  const cases = await layoutsBench({
    lines,
    rounds,
    select: (s) => only === undefined || s.name.includes(only),
    replay: true,
    withPythonOnly: false,
    throughput: process.env.BENCH_THROUGHPUT !== 'no',
  });
  const cpu = execFileSync('sh', ['-c', "grep -m1 'model name' /proc/cpuinfo | cut -d: -f2"], { encoding: 'utf8' }).trim();
  console.log(`layouts: parse and replay of about ${fmt(lines)} lines per layout, median of ${rounds} rounds (${cpu}, node ${process.version})`);
  console.log(`started ${started}, load average before ${loadBefore}, after ${loadAverage()}`);
  console.log(
    '| tool | layout | from | lines | events | parse s | parse lines/s | replay s | replay lines/s | Python s | Python lines/s | parse vs Python | parse vs Python, CPU s | parse throughput, lines/s | throughput vs Python, wall / CPU | parse RSS MB | replay RSS MB |',
  );
  console.log('| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const c of cases) {
    const [parse, replay, python] = [caseMedians(c, 'parse')!, caseMedians(c, 'replay')!, caseMedians(c, 'python')];
    const rate = (sec: number | undefined) => (sec === undefined ? '' : fmt(c.input.lines / sec));
    const cpuRatio =
      python === undefined ? '' : `${times(python.cpuSeconds / parse.cpuSeconds)} (${parse.cpuSeconds.toFixed(2)} vs ${python.cpuSeconds.toFixed(2)})`;
    const from = `${c.sample.name}${c.sample.meta.synthetic ? ' (synthetic fixture)' : ''}`;
    const flow = throughputOf(c);
    const flowRatio = flow === undefined ? '' : `${times(flow.parse.lines / flow.python.lines)} / ${times(flow.parse.cpuLines / flow.python.cpuLines)}`;
    console.log(
      `| ${c.sample.meta.parser} | ${c.sample.layouts.join('+')} | ${from} | ${fmt(c.input.lines)} | ${fmt(c.input.events)} | ${parse.seconds.toFixed(2)} | ${rate(parse.seconds)} | ${replay.seconds.toFixed(2)} | ${rate(replay.seconds)} | ${python?.seconds.toFixed(2) ?? ''} | ${rate(python?.seconds)} | ${python === undefined ? '' : times(python.seconds / parse.seconds)} | ${cpuRatio} | ${flow === undefined ? '' : fmt(flow.parse.lines)} | ${flowRatio} | ${parse.maxRssMb.toFixed(0)} | ${replay.maxRssMb.toFixed(0)} |`,
    );
  }
  const covered = new Set(cases.map((c) => `${c.sample.meta.parser} ${c.sample.layouts.join('+')}`));
  const missing = Object.values(toolParsers).flatMap((p) => p.layouts.filter((l) => !covered.has(`${p.tool} ${l.name}`)).map((l) => `${p.tool} ${l.name}`));
  console.log(`layouts with no recorded rows, not measured (${missing.length}): ${missing.join(', ')}`);
}

if (isMain(import.meta.url)) await main();
