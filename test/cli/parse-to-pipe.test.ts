// probectl parse with stdout on a pipe: the pipe enlarged once the output is large, every event in order for a slow reader, memory that does not grow.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { nativeLauncher } from '../../src/run/launcher.js';
import { repoRoot } from '../recordings.js';
import { MAIN } from './cli-process.js';

const OPENSNOOP = join(repoRoot, 'recordings', 'opensnoop', 'libbpf-default', 'stdout');

/** The recording's header, then its rows again and again up to `rows` rows. */
function opensnoopInput(rows: number): { text: string; rows: number } {
  const [header, ...body] = readFileSync(OPENSNOOP, 'utf8').trimEnd().split('\n');
  const copies = Math.ceil(rows / body.length);
  return { text: `${header}\n${`${body.join('\n')}\n`.repeat(copies)}`, rows: copies * body.length };
}

/** Reads its stdin to the end, then prints the pipe's size (F_GETPIPE_SZ) and the lines it read. */
const PIPE_READER =
  'import fcntl, sys\nn = 0\nwhile True:\n    b = sys.stdin.buffer.read1(1 << 20)\n    if not b: break\n    n += b.count(b"\\n")\nprint(fcntl.fcntl(0, 1032), n)';

interface PipedParse {
  /** What the reader saw: the pipe's size once the parse ended, and the lines it read. */
  pipeBytes: number;
  lines: number;
  peakMb: number;
  stderr: string;
}

/** `probectl parse opensnoop INPUT | READER` under GNU time (probectl's peak RSS), from bash. */
function parseIntoPipe(dir: string, input: string, reader: string): { stdout: string; peakMb: number; stderr: string } {
  const timeFile = join(dir, 'time.txt');
  const script = `/usr/bin/time -f 'peak-kb %M' -o "${timeFile}" "${process.execPath}" "${MAIN}" parse opensnoop "${input}" | ${reader}`;
  const result = spawnSync('bash', ['-o', 'pipefail', '-c', script], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(result.status, 0, result.stderr);
  const peak = /peak-kb (\d+)/.exec(readFileSync(timeFile, 'utf8'));
  assert.ok(peak);
  return { stdout: result.stdout, peakMb: Number(peak[1]) / 1024, stderr: result.stderr };
}

function intoReader(dir: string, input: string): PipedParse {
  const script = join(dir, 'reader.py');
  writeFileSync(script, PIPE_READER);
  const run = parseIntoPipe(dir, input, `python3 "${script}"`);
  const [pipeBytes, lines] = run.stdout.trim().split(' ').map(Number) as [number, number];
  return { pipeBytes, lines, peakMb: run.peakMb, stderr: run.stderr };
}

/** The events' JSON lines without their ts (the time of the parse). */
const withoutTs = (jsonl: string): string => jsonl.replace(/"ts":\d+,/g, '');

describe('probectl parse into a pipe', () => {
  let dir: string;
  before(() => {
    assert.ok(nativeLauncher() !== null, 'dist/native/launcher is not built: npm run build:native (needs clang)');
    dir = mkdtempSync(join(tmpdir(), 'probectl-parse-pipe-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('enlarges the pipe to 1 MiB (or fs.pipe-max-size) once its output passes a batch, and leaves a small output its pipe as it was', () => {
    const big = opensnoopInput(300_000);
    writeFileSync(join(dir, 'big.txt'), big.text);
    const bigRun = intoReader(dir, join(dir, 'big.txt'));
    const maxSize = Number(readFileSync('/proc/sys/fs/pipe-max-size', 'utf8'));
    assert.equal(bigRun.lines, big.rows);
    assert.ok(bigRun.pipeBytes === 1 << 20 || bigRun.pipeBytes === maxSize, `a pipe of ${bigRun.pipeBytes} bytes`);
    assert.ok(bigRun.pipeBytes > 1 << 16, `a pipe of ${bigRun.pipeBytes} bytes`);

    const smallRun = intoReader(dir, OPENSNOOP);
    assert.equal(smallRun.lines, opensnoopInput(1).rows);
    assert.ok(smallRun.pipeBytes < bigRun.pipeBytes, `a pipe of ${smallRun.pipeBytes} bytes for ${smallRun.lines} events`);
  });

  it('gives a slow reader every event in order, as a file gets them, and peaks no higher for 300,000 events than for 30,000', () => {
    const small = opensnoopInput(30_000);
    const big = opensnoopInput(300_000);
    writeFileSync(join(dir, 'small.txt'), small.text);
    writeFileSync(join(dir, 'big.txt'), big.text);
    const toFile = spawnSync(process.execPath, [MAIN, 'parse', 'opensnoop', join(dir, 'big.txt')], { encoding: 'utf8', maxBuffer: 1 << 30, timeout: 60_000 });
    assert.equal(toFile.status, 0, toFile.stderr);
    // The reader waits before it reads: the pipe fills, and probectl's writes meet a full pipe (EAGAIN) and wait.
    const slow = parseIntoPipe(dir, join(dir, 'big.txt'), `{ sleep 1; cat > "${join(dir, 'slow.jsonl')}"; }`);
    assert.equal(withoutTs(readFileSync(join(dir, 'slow.jsonl'), 'utf8')), withoutTs(toFile.stdout));
    assert.match(slow.stderr, new RegExp(`probectl: ${big.rows} events, 0 diagnostics`));

    // A reader that keeps up: writes the pipe takes at once must give their buffers back at once (they kept all
    // 70 MB of output, 282 MB peak for 1,000,000 events, when only the stream wrote to an enlarged pipe).
    const fastSmall = intoReader(dir, join(dir, 'small.txt'));
    const fastBig = intoReader(dir, join(dir, 'big.txt'));
    assert.equal(fastBig.lines, big.rows);
    assert.ok(
      fastBig.peakMb < fastSmall.peakMb + 25,
      `peak RSS ${fastBig.peakMb.toFixed(0)} MB for 300,000 events, ${fastSmall.peakMb.toFixed(0)} MB for 30,000`,
    );
    assert.ok(slow.peakMb < fastSmall.peakMb + 25, `peak RSS ${slow.peakMb.toFixed(0)} MB for 300,000 events into a slow reader`);
  });
});
