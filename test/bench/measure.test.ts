// The benchmarks' measure: a command's output into a pipe is read to its end, and a command that fails fails the measure in either sink.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { measure, warmPageCache } from '../../bench/measure.js';

/** Bytes of the file in the page cache, as fincore counts them. */
const cached = (file: string): number => Number(execFileSync('fincore', ['--bytes', '--noheadings', '--output', 'RES', file], { encoding: 'utf8' }).trim());

describe('measure', () => {
  it('times a command writing into a pipe read by cat, and reports the peak RSS of its largest process', () => {
    // 64 MB through a pipe: head must write all of it, cat read all of it, for the command to end
    const m = measure('head -c 67108864 /dev/zero', 'pipe');
    assert.ok(m.seconds >= 0 && m.cpuSeconds >= 0);
    assert.ok(m.maxRssMb > 0 && m.maxRssMb < 64, `peak RSS ${m.maxRssMb} MB: a pipe holds no copy of the stream`);
  });

  it('fails when the command fails, though cat after it in the pipe succeeds', () => {
    assert.throws(() => measure('exit 3', 'pipe'), /benchmark command failed: exit 3/);
    assert.throws(() => measure('exit 3'), /benchmark command failed: exit 3/);
  });

  it('reads into the page cache every file a command names, and no other', () => {
    const dir = mkdtempSync(join(tmpdir(), 'probectl-warm-'));
    try {
      // Written past the page cache (O_DIRECT): none of either file is cached until something reads it.
      const [named, other] = [join(dir, 'named'), join(dir, 'other')];
      for (const file of [named, other]) execFileSync('dd', ['if=/dev/zero', `of=${file}`, 'bs=1M', 'count=4', 'oflag=direct', 'status=none']);
      assert.deepEqual([cached(named), cached(other)], [0, 0]);
      warmPageCache(`python3 /no/such/reader.py < ${named}`);
      assert.deepEqual([cached(named), cached(other)], [4 << 20, 0]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
