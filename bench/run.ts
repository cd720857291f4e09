// The parse benchmark: probectl parse opensnoop against the Python baseline, side by side in one run.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeOpensnoopCapture } from './capture.js';
import { measure, type Measure } from './measure.js';
import { median } from './stats.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const cli = join(root, 'dist', 'src', 'cli', 'main.js');
const baseline = join(root, 'bench', 'baseline_opensnoop.py');
const lines = Number(process.env.BENCH_LINES ?? 1_000_000);
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'probectl-bench-'));
  try {
    const big = join(dir, 'opensnoop-big.txt');
    const small = join(dir, 'opensnoop-small.txt');
    await writeOpensnoopCapture(big, lines);
    await writeOpensnoopCapture(small, Math.floor(lines / 4));
    const runs: Record<string, Measure[]> = { probectl: [], 'probectl --validate': [], python: [] };
    for (let round = 0; round < rounds; round++) {
      runs.probectl!.push(measure(`node ${cli} parse opensnoop ${big}`));
      runs['probectl --validate']!.push(measure(`node ${cli} parse opensnoop --validate ${big}`));
      runs.python!.push(measure(`python3 ${baseline} < ${big}`));
    }
    const smallRss = measure(`node ${cli} parse opensnoop ${small}`).maxRssMb;
    const python = median(runs.python!.map((m) => m.seconds));
    const cpu = execFileSync('sh', ['-c', "grep -m1 'model name' /proc/cpuinfo | cut -d: -f2"], { encoding: 'utf8' }).trim();
    console.log(`opensnoop parse, ${lines.toLocaleString('en')} lines, median of ${rounds} rounds (${cpu}, node ${process.version})`);
    console.log('| reader | seconds | lines/s | speed-up vs Python | peak RSS MB |');
    console.log('| --- | --- | --- | --- | --- |');
    for (const [name, list] of Object.entries(runs)) {
      const s = median(list.map((m) => m.seconds));
      const rss = median(list.map((m) => m.maxRssMb));
      console.log(`| ${name} | ${s.toFixed(2)} | ${Math.round(lines / s).toLocaleString('en')} | ${(python / s).toFixed(1)}x | ${rss.toFixed(0)} |`);
    }
    console.log(
      `peak RSS of probectl on ${Math.floor(lines / 4).toLocaleString('en')} lines: ${smallRss.toFixed(0)} MB (memory does not grow with the input when this matches the row above)`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
