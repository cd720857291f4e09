// probectl parse with stdout on a file or /dev/null: every event written, memory that does not grow with the output, and a full disk told.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { repoRoot } from '../recordings.js';

const MAIN = join(repoRoot, 'dist', 'cli', 'main.js');
const OPENSNOOP = join(repoRoot, 'recordings', 'opensnoop', 'libbpf-default', 'stdout');

/** The recording's header, then its rows again and again up to `rows` rows. */
function opensnoopInput(rows: number): { text: string; rows: number } {
  const [header, ...body] = readFileSync(OPENSNOOP, 'utf8').trimEnd().split('\n');
  const copies = Math.ceil(rows / body.length);
  return { text: `${header}\n${`${body.join('\n')}\n`.repeat(copies)}`, rows: copies * body.length };
}

/** Runs `probectl parse opensnoop input` under GNU time with stdout on `out`; its stderr and peak RSS in MB. */
function parseInto(input: string, out: string): { stderr: string; peakMb: number } {
  const fd = openSync(out, 'w');
  try {
    const result = spawnSync('/usr/bin/time', ['-f', 'peak-kb %M', process.execPath, MAIN, 'parse', 'opensnoop', input], {
      stdio: ['ignore', fd, 'pipe'],
      encoding: 'utf8',
      timeout: 60_000,
    });
    assert.equal(result.status, 0, result.stderr);
    const peak = /peak-kb (\d+)/.exec(result.stderr);
    assert.ok(peak, result.stderr);
    return { stderr: result.stderr, peakMb: Number(peak[1]) / 1024 };
  } finally {
    closeSync(fd);
  }
}

describe('probectl parse into a file', () => {
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'probectl-parse-file-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('writes every event to a regular file, and peaks no higher for 300,000 events (to a file or /dev/null) than for 30,000', () => {
    const small = opensnoopInput(30_000);
    const big = opensnoopInput(300_000);
    writeFileSync(join(dir, 'small.txt'), small.text);
    writeFileSync(join(dir, 'big.txt'), big.text);
    const smallRun = parseInto(join(dir, 'small.txt'), join(dir, 'small.jsonl'));
    const bigRun = parseInto(join(dir, 'big.txt'), join(dir, 'big.jsonl'));
    assert.match(bigRun.stderr, new RegExp(`probectl: ${big.rows} events, 0 diagnostics`));
    const lines = readFileSync(join(dir, 'big.jsonl'), 'utf8').trimEnd().split('\n');
    assert.equal(lines.length, big.rows);
    assert.equal((JSON.parse(lines.at(-1)!) as { seq: number }).seq, big.rows);
    assert.ok(statSync(join(dir, 'big.jsonl')).size > 60 * 1024 * 1024, 'the output is larger than any buffer probectl keeps');
    const devNull = parseInto(join(dir, 'big.txt'), '/dev/null');
    assert.match(devNull.stderr, new RegExp(`probectl: ${big.rows} events, 0 diagnostics`));
    // Writes whose buffers were released only after the parse kept all 60+ MB of output: about 240 MB against 70.
    assert.ok(bigRun.peakMb < smallRun.peakMb + 25, `peak RSS ${bigRun.peakMb.toFixed(0)} MB for 300,000 events, ${smallRun.peakMb.toFixed(0)} MB for 30,000`);
    assert.ok(devNull.peakMb < smallRun.peakMb + 25, `peak RSS ${devNull.peakMb.toFixed(0)} MB for 300,000 events into /dev/null`);
  });

  it('ends parse and replay with exit 2 and what to do when stdout cannot be written (a full disk), before the closing line', () => {
    const recording = join(repoRoot, 'recordings', 'opensnoop', 'libbpf-default');
    const big = opensnoopInput(300_000);
    writeFileSync(join(dir, 'full.txt'), big.text);
    for (const args of [
      ['parse', 'opensnoop', join(recording, 'stdout')],
      ['parse', 'opensnoop', join(dir, 'full.txt')],
      ['replay', recording],
    ]) {
      const fd = openSync('/dev/full', 'w');
      try {
        const result = spawnSync(process.execPath, [MAIN, ...args], { stdio: ['ignore', fd, 'pipe'], encoding: 'utf8', timeout: 60_000 });
        assert.equal(result.status, 2, `${args.join(' ')}: ${result.stderr}`);
        assert.deepEqual(result.stderr.split('\n'), [
          'probectl: could not write the events to stdout: the disk is full (ENOSPC).',
          'Free some space on that filesystem, or write the events to another one.',
          '',
        ]);
      } finally {
        closeSync(fd);
      }
    }
  });
});
