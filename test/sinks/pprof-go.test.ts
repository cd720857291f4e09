// The pprof writer against the reference reader: `go tool pprof` (Debian's golang-go) reads what it writes.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { encodePprof } from '../../src/sinks/pprof.js';
import { goPprof } from '../go-pprof.js';

const work = mkdtempSync(join(tmpdir(), 'pctl-pprof-'));
after(() => rmSync(work, { recursive: true, force: true }));

describe('encodePprof read by go tool pprof', () => {
  it('lists the functions by flat samples, with C++ names whole, and the sample types it was given', (t) => {
    const file = join(work, 'cpu.pb.gz');
    writeFileSync(
      file,
      encodePprof({
        sampleTypes: [
          { type: 'samples', unit: 'count' },
          { type: 'cpu', unit: 'nanoseconds' },
        ],
        periodType: { type: 'cpu', unit: 'nanoseconds' },
        period: 10_101_010,
        samples: [
          {
            frames: [
              { function: 'spin_here', module: '/usr/bin/spinner' },
              { function: 'main', module: '/usr/bin/spinner' },
            ],
            values: [7, 70_707_070],
          },
          {
            frames: [
              { function: 'Shape::area(double, int) const', module: '/usr/bin/shapes' },
              { function: 'main', module: '/usr/bin/shapes' },
            ],
            values: [3, 30_303_030],
          },
          { frames: [{ function: 'do_syscall_64' }], values: [1, 10_101_010] },
        ],
      }),
    );
    // pprof shortens C++ names in its views (`Shape::area const`) unless told to show them as demangled.
    const top = goPprof(t, '-top', '-sample_index=samples', '-symbolize=demangle=full', file);
    if (top === undefined) return;
    assert.equal(top.status, 0, top.stderr);
    const rows = top.stdout
      .split('\n')
      .filter((line) => /^\s+\d+\s+[\d.]+%/.test(line))
      .map((line) => line.trim().split(/\s+/));
    assert.deepEqual(
      rows.map((r) => [r[0], r.slice(5).join(' ')]),
      [
        ['7', 'spin_here'],
        ['3', 'Shape::area(double, int) const'],
        ['1', 'do_syscall_64'],
        ['0', 'main'],
      ],
      'main of two binaries is one function to pprof at its default granularity',
    );
    const raw = goPprof(t, '-raw', file)!;
    assert.equal(raw.status, 0, raw.stderr);
    assert.match(raw.stdout, /^PeriodType: cpu nanoseconds\nPeriod: 10101010\nSamples:\nsamples\/count cpu\/nanoseconds\n\s+7\s+70707070: 1 2 \n/);
    assert.match(raw.stdout, /^\s+2: 0x0 M=1 main :0 s=0$/m, 'a frame names its module by its mapping, not as a source file');
  });
});
