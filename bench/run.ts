// The parse benchmark: probectl parse opensnoop against the Python baseline, side by side in one run.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeOpensnoopCapture } from './capture.js';
import { cliCommand } from './cli-path.js';
import { isMain } from './main-module.js';
import { measure, type Measure, type Sink } from './measure.js';
import { python } from './python.js';
import { median } from './stats.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const baseline = join(root, 'bench', 'baseline_opensnoop.py');

export interface ParseBenchOptions {
  lines: number;
  rounds: number;
  /** Where every reader's output goes (the Python baseline's too). */
  sink: Sink;
  /** Also time `parse --validate`. */
  validate: boolean;
}

export interface ReaderFigures {
  name: string;
  /** Medians over the rounds. */
  seconds: number;
  cpuSeconds: number;
  maxRssMb: number;
  /** Each round's wall seconds. */
  each: number[];
}

export interface ParseBenchResult extends ParseBenchOptions {
  readers: ReaderFigures[];
  /** probectl's median peak RSS on a quarter of the lines: memory is flat when it is about the full input's. */
  smallLines: number;
  smallRssMb: number;
}

/** Times probectl parse opensnoop (and --validate) and the Python reader round after round on the same capture. */
export async function parseBench(options: ParseBenchOptions): Promise<ParseBenchResult> {
  const { lines, rounds, sink } = options;
  const dir = mkdtempSync(join(tmpdir(), 'probectl-bench-'));
  try {
    const big = join(dir, 'opensnoop-big.txt');
    const small = join(dir, 'opensnoop-small.txt');
    const smallLines = Math.floor(lines / 4);
    await writeOpensnoopCapture(big, lines);
    await writeOpensnoopCapture(small, smallLines);
    const commands: Record<string, string> = {
      probectl: `${cliCommand()} parse opensnoop ${big}`,
      ...(options.validate && { 'probectl --validate': `${cliCommand()} parse opensnoop --validate ${big}` }),
      python: `${python()} ${baseline} < ${big}`,
    };
    const runs: Record<string, Measure[]> = Object.fromEntries(Object.keys(commands).map((name) => [name, []]));
    const smallRuns: Measure[] = [];
    for (let round = 0; round < rounds; round++) {
      for (const [name, command] of Object.entries(commands)) runs[name]!.push(measure(command, sink));
      smallRuns.push(measure(`${cliCommand()} parse opensnoop ${small}`, sink));
    }
    const readers = Object.entries(runs).map(([name, list]) => ({
      name,
      seconds: median(list.map((m) => m.seconds)),
      cpuSeconds: median(list.map((m) => m.cpuSeconds)),
      maxRssMb: median(list.map((m) => m.maxRssMb)),
      each: list.map((m) => m.seconds),
    }));
    return { ...options, readers, smallLines, smallRssMb: median(smallRuns.map((m) => m.maxRssMb)) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const sink: Sink = process.env.BENCH_SINK === 'pipe' ? 'pipe' : 'devnull';
  const result = await parseBench({
    lines: Number(process.env.BENCH_LINES ?? 1_000_000),
    rounds: Number(process.env.BENCH_ROUNDS ?? 3),
    sink,
    validate: true,
  });
  const { lines, rounds } = result;
  const python = result.readers.find((r) => r.name === 'python')!.seconds;
  const cpu = execFileSync('sh', ['-c', "grep -m1 'model name' /proc/cpuinfo | cut -d: -f2"], { encoding: 'utf8' }).trim();
  const into = sink === 'pipe' ? ', output into a pipe (| cat > /dev/null)' : '';
  console.log(`opensnoop parse, ${lines.toLocaleString('en')} lines, median of ${rounds} rounds${into} (${cpu}, node ${process.version})`);
  console.log('| reader | seconds | lines/s | speed-up vs Python | peak RSS MB |');
  console.log('| --- | --- | --- | --- | --- |');
  for (const r of result.readers)
    console.log(
      `| ${r.name} | ${r.seconds.toFixed(2)} | ${Math.round(lines / r.seconds).toLocaleString('en')} | ${(python / r.seconds).toFixed(1)}x | ${r.maxRssMb.toFixed(0)} |`,
    );
  console.log(
    `peak RSS of probectl on ${result.smallLines.toLocaleString('en')} lines: ${result.smallRssMb.toFixed(0)} MB (memory does not grow with the input when this matches the row above)`,
  );
}

if (isMain(import.meta.url)) await main();
