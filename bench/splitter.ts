// Why probectl splits lines itself: its LineSplitter against split2 on the same 1,000,000 opensnoop lines, read from one file.
// split2 is not a dependency: install it for this run only (npm install --no-save split2@4), then npm run bench:splitter.
import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LineSplitter } from '../src/core/lines.js';
import { writeOpensnoopCapture } from './capture.js';
import { fmt, median } from './stats.js';

type Split2 = () => NodeJS.ReadWriteStream;
const lines = Number(process.env.BENCH_LINES ?? 1_000_000);
const rounds = Number(process.env.BENCH_ROUNDS ?? 7);
const CHUNK = 1 << 16;

async function timed(run: () => Promise<number>): Promise<number> {
  const start = process.hrtime.bigint();
  const seen = await run();
  if (seen !== lines + 1) throw new Error(`counted ${seen} lines of ${lines + 1} (the header and the rows)`);
  return Number(process.hrtime.bigint() - start) / 1e6;
}

const viaSplit2 = (split2: Split2, file: string) => () =>
  new Promise<number>((resolve, reject) => {
    let n = 0;
    createReadStream(file, { highWaterMark: CHUNK })
      .pipe(split2())
      .on('data', () => n++)
      .on('end', () => resolve(n))
      .on('error', reject);
  });

/** Decoded to strings, as split2 hands them on; with bytes, the path a row writer takes (no decode at all). */
const viaSplitter = (file: string, bytes: boolean) => async () => {
  let n = 0;
  const count = () => n++;
  const splitter = new LineSplitter({ line: count, overlong: count, partial: count, ...(bytes && { bytes: () => (n++, true) }) });
  for await (const chunk of createReadStream(file, { highWaterMark: CHUNK })) splitter.push(chunk as Buffer, Date.now());
  return n;
};

const split2 = ((await import('split2' as string).catch(() => undefined)) as { default: Split2 } | undefined)?.default;
if (split2 === undefined) {
  process.stderr.write('bench:splitter needs split2 for the comparison: npm install --no-save split2@4, then run it again.\n');
  process.exit(2);
}
const dir = await mkdtemp(join(tmpdir(), 'probectl-splitter-'));
try {
  const file = join(dir, 'opensnoop.txt');
  await writeOpensnoopCapture(file, lines);
  const runs: Record<string, number[]> = { split2: [], 'LineSplitter (strings)': [], 'LineSplitter (bytes)': [] };
  for (let i = 0; i < rounds; i++) {
    runs.split2!.push(await timed(viaSplit2(split2, file)));
    runs['LineSplitter (strings)']!.push(await timed(viaSplitter(file, false)));
    runs['LineSplitter (bytes)']!.push(await timed(viaSplitter(file, true)));
  }
  const base = median(runs.split2!);
  process.stdout.write(`${fmt(lines)} lines, median of ${rounds} rounds, interleaved\n`);
  for (const [name, ms] of Object.entries(runs))
    process.stdout.write(`${name.padEnd(24)} ${fmt(median(ms)).padStart(6)} ms  ${fmt(base / median(ms), 2)}x split2\n`);
} finally {
  await rm(dir, { recursive: true, force: true });
}
