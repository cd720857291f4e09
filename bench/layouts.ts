// The layouts benchmark: probectl parse and replay of a large input per layout with real recorded rows, and the Python baselines where one reads that layout.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { toolParsers } from '../src/probes/registry.js';
import { checkBigInput, layoutSamples, writeBigInput, type BigInput, type LayoutSample } from './layout-inputs.js';
import { measure, type Measure } from './measure.js';
import { loadAverage } from './proc.js';
import { fmt, median } from './stats.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const cli = join(root, 'dist', 'src', 'cli', 'main.js');
const lines = Number(process.env.BENCH_LINES ?? 500_000);
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);
const only = process.env.BENCH_ONLY; // a substring of the recording's name, to run a few

/** The Python reader of this layout, if there is one. */
function baseline(sample: LayoutSample): string | undefined {
  const layout = sample.layouts.join('+');
  if (sample.meta.parser === 'opensnoop' && layout === 'libbpf') return `python3 ${join(root, 'bench', 'baseline_opensnoop.py')}`;
  if (sample.meta.parser === 'biolatency') return `python3 ${join(root, 'bench', 'baseline_biolatency.py')}`;
  if (sample.meta.parser === 'execsnoop' && /^(libbpf(-T?t?U?q?)?|bt)$/.test(layout)) return `python3 ${join(root, 'bench', 'baseline_execsnoop.py')}`;
  if (sample.meta.parser === 'syscount' && /^(libbpf(-P?(L|Lm)?)?|bt)$/.test(layout)) return `python3 ${join(root, 'bench', 'baseline_syscount.py')}`;
  if (layout === 'probectl-v1') return `python3 ${join(root, 'bench', 'baseline_probectl.py')} ${sample.meta.parser}`;
  return undefined;
}

interface Case {
  sample: LayoutSample;
  input: BigInput;
  commands: Record<string, string>;
  runs: Record<string, Measure[]>;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'probectl-bench-layouts-'));
  try {
    const samples = layoutSamples(join(root, 'recordings')).filter((s) => only === undefined || s.name.includes(only));
    const cases: Case[] = [];
    for (const sample of samples) {
      const input = writeBigInput(sample, dir, lines);
      await checkBigInput(sample, input);
      const python = baseline(sample);
      const commands: Record<string, string> = {
        parse: `node ${cli} parse ${sample.meta.parser} ${input.file}`,
        replay: `node ${cli} replay ${input.recording}`,
        ...(python !== undefined && { python: `${python} < ${input.file}` }),
      };
      cases.push({ sample, input, commands, runs: Object.fromEntries(Object.keys(commands).map((k) => [k, []])) });
    }
    const loadBefore = loadAverage();
    const started = new Date().toISOString();
    // Round after round, every command of every case in turn: the machine's other work falls on all of them alike.
    for (let round = 0; round < rounds; round++)
      for (const c of cases) for (const [name, command] of Object.entries(c.commands)) c.runs[name]!.push(measure(command));
    const cpu = execFileSync('sh', ['-c', "grep -m1 'model name' /proc/cpuinfo | cut -d: -f2"], { encoding: 'utf8' }).trim();
    console.log(`layouts: parse and replay of about ${fmt(lines)} lines per layout, median of ${rounds} rounds (${cpu}, node ${process.version})`);
    console.log(`started ${started}, load average before ${loadBefore}, after ${loadAverage()}`);
    console.log(
      '| tool | layout | from | lines | events | parse s | parse lines/s | replay s | replay lines/s | Python s | Python lines/s | parse vs Python | parse vs Python, CPU s | parse RSS MB | replay RSS MB |',
    );
    console.log('| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
    for (const c of cases) {
      const s = (name: string) => (c.runs[name] === undefined ? undefined : median(c.runs[name]!.map((m) => m.seconds)));
      const rss = (name: string) => median(c.runs[name]!.map((m) => m.maxRssMb));
      const rate = (sec: number | undefined) => (sec === undefined ? '' : fmt(c.input.lines / sec));
      const [parse, replay, python] = [s('parse'), s('replay'), s('python')];
      const cpu = (name: string) => median(c.runs[name]!.map((m) => m.cpuSeconds));
      const cpuRatio = python === undefined ? '' : `${(cpu('python') / cpu('parse')).toFixed(1)}x (${cpu('parse').toFixed(2)} vs ${cpu('python').toFixed(2)})`;
      const from = `${c.sample.name}${c.sample.meta.synthetic ? ' (synthetic fixture)' : ''}`;
      console.log(
        `| ${c.sample.meta.parser} | ${c.sample.layouts.join('+')} | ${from} | ${fmt(c.input.lines)} | ${fmt(c.input.events)} | ${parse!.toFixed(2)} | ${rate(parse)} | ${replay!.toFixed(2)} | ${rate(replay)} | ${python?.toFixed(2) ?? ''} | ${rate(python)} | ${python === undefined ? '' : `${(python / parse!).toFixed(1)}x`} | ${cpuRatio} | ${rss('parse').toFixed(0)} | ${rss('replay').toFixed(0)} |`,
      );
    }
    const covered = new Set(cases.map((c) => `${c.sample.meta.parser} ${c.sample.layouts.join('+')}`));
    const missing = Object.values(toolParsers).flatMap((p) => p.layouts.filter((l) => !covered.has(`${p.tool} ${l.name}`)).map((l) => `${p.tool} ${l.name}`));
    console.log(`layouts with no recorded rows, not measured (${missing.length}): ${missing.join(', ')}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
