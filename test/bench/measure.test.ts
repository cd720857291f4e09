// The benchmarks' measure: a command's output into a pipe is read to its end, and a command that fails fails the measure in either sink.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { measure } from '../../bench/measure.js';

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
});
