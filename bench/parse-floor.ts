// The floor under `probectl parse` of each new layout: node reading the input's lines and probectl's own start, against an eighth of the Python reader's time.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cliCommand } from './cli-path.js';
import { layoutSamples, writeBigInput } from './layout-inputs.js';
import { baseline } from './layouts.js';
import { measure, type Measure } from './measure.js';
import { loadAverage } from './proc.js';
import { fmt, median } from './stats.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const readLines = join(dirname(fileURLToPath(import.meta.url)), 'read-lines.js');

const lines = Number(process.env.BENCH_LINES ?? 500_000);
const rounds = Number(process.env.BENCH_ROUNDS ?? 5);
const tools = (process.env.BENCH_TOOLS ?? 'execsnoop,biolatency,syscount,tcpconnect').split(',');

interface Case {
  name: string;
  layout: string;
  tool: string;
  commands: Record<'python' | 'read' | 'start', string>;
  runs: Record<'python' | 'read' | 'start' | 'node', Measure[]>;
}

const dir = mkdtempSync(join(tmpdir(), 'probectl-bench-floor-'));
try {
  const loadBefore = loadAverage();
  const started = new Date().toISOString();
  const cases: Case[] = [];
  for (const sample of layoutSamples(join(root, 'recordings'))) {
    const python = baseline(sample);
    if (python === undefined || !tools.includes(sample.meta.parser)) continue;
    const input = writeBigInput(sample, dir, lines);
    cases.push({
      name: sample.name,
      layout: sample.layouts.join('+'),
      tool: sample.meta.parser,
      commands: {
        python: `${python} < ${input.file}`,
        read: `node ${readLines} ${input.file}`,
        start: `${cliCommand()} parse ${sample.meta.parser} /dev/null`,
      },
      runs: { python: [], read: [], start: [], node: [] },
    });
  }
  // Round after round, every command in turn: the machine's other work falls on all of them alike.
  for (let round = 0; round < rounds; round++)
    for (const c of cases) {
      for (const name of ['python', 'read', 'start'] as const) c.runs[name].push(measure(c.commands[name]));
      c.runs.node.push(measure('node -e 0'));
    }
  const cpu = execFileSync('sh', ['-c', "grep -m1 'model name' /proc/cpuinfo | cut -d: -f2"], { encoding: 'utf8' }).trim();
  console.log(`parse floor: about ${fmt(lines)} lines per layout, medians of ${rounds} rounds (${cpu}, node ${process.version})`);
  console.log(`started ${started}, load average before ${loadBefore}, after ${loadAverage()}`);
  console.log('floor = node reading the lines + (probectl parse of nothing - node -e 0): what any parse in node by probectl costs before it reads a field.');
  console.log(
    '| tool | layout | from | Python s (CPU s) | an eighth of it | node reading the lines | probectl parse of nothing | node -e 0 | floor | floor under an eighth, wall / CPU |',
  );
  console.log('| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |');
  const wall = (list: Measure[]) => median(list.map((m) => m.seconds));
  const cpuOf = (list: Measure[]) => median(list.map((m) => m.cpuSeconds));
  const pair = (w: number, c: number) => `${w.toFixed(2)} (${c.toFixed(2)})`;
  for (const c of cases) {
    const floorWall = wall(c.runs.read) + wall(c.runs.start) - wall(c.runs.node);
    const floorCpu = cpuOf(c.runs.read) + cpuOf(c.runs.start) - cpuOf(c.runs.node);
    const [eighthWall, eighthCpu] = [wall(c.runs.python) / 8, cpuOf(c.runs.python) / 8];
    const under = `${floorWall < eighthWall ? 'yes' : '**no**'} / ${floorCpu < eighthCpu ? 'yes' : '**no**'}`;
    console.log(
      `| ${c.tool} | ${c.layout} | ${c.name} | ${pair(wall(c.runs.python), cpuOf(c.runs.python))} | ${pair(eighthWall, eighthCpu)} | ${pair(wall(c.runs.read), cpuOf(c.runs.read))} | ${pair(wall(c.runs.start), cpuOf(c.runs.start))} | ${pair(wall(c.runs.node), cpuOf(c.runs.node))} | ${pair(floorWall, floorCpu)} | ${under} |`,
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
