// The layouts benchmark's throughput: the lines between the small input and the large one over the time between their runs.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { BigInput, LayoutSample } from '../../bench/layout-inputs.js';
import { type LayoutCase, throughputOf } from '../../bench/layouts.js';
import type { Measure } from '../../bench/measure.js';

const input = (lines: number): BigInput => ({ file: '', recording: '', lines, events: 0 });
const runs = (...pairs: [number, number][]): Measure[] => pairs.map(([seconds, cpuSeconds]) => ({ seconds, cpuSeconds, maxRssMb: 50 }));

function layoutCase(parse: Measure[], parseSmall: Measure[], python: Measure[], pythonSmall: Measure[]): LayoutCase {
  return { sample: {} as LayoutSample, input: input(500_000), small: input(100_000), runs: { parse, parseSmall, python, pythonSmall } };
}

describe('layouts benchmark throughput', () => {
  it("takes each command's medians and leaves out what both inputs' runs share (a start)", () => {
    // probectl: 0.10 s of start, then 1 µs a line of wall time; Python: 0.05 s, then 8 µs a line; CPU a little more.
    const c = layoutCase(
      runs([0.6, 0.65], [0.59, 0.64], [0.9, 0.9]),
      runs([0.2, 0.25], [0.19, 0.24], [0.2, 0.25]),
      runs([4.05, 4.1], [4.0, 4.1], [4.1, 4.1]),
      runs([0.85, 0.9], [0.85, 0.9], [0.85, 0.9]),
    );
    const flow = throughputOf(c)!;
    assert.equal(Math.round(flow.parse.lines), 1_000_000);
    assert.equal(Math.round(flow.parse.cpuLines), 1_000_000);
    assert.equal(Math.round(flow.python.lines), 125_000);
    assert.equal(Math.round(flow.python.cpuLines), 125_000);
  });

  it('gives nothing without the small input, or when the larger input took no longer', () => {
    const same = runs([0.3, 0.3]);
    assert.equal(throughputOf({ ...layoutCase(same, same, same, same), small: undefined }), undefined);
    assert.equal(throughputOf(layoutCase(runs([0.3, 0.3]), runs([0.3, 0.3]), runs([2, 2]), runs([1, 1]))), undefined);
    assert.equal(throughputOf(layoutCase(runs([0.5, 0.5]), runs([0.2, 0.2]), runs([2, 2]), runs([2.5, 2.5]))), undefined);
    // Medians equal but for floating point (0.1 + 0.2 > 0.3 by 6e-17): no time between them, not a rate of 10^21 lines/s.
    assert.equal(throughputOf(layoutCase(runs([0.5, 0.5]), runs([0.2, 0.2]), runs([2, 0.1 + 0.2]), runs([1, 0.3]))), undefined);
    // One resolution step apart (0.03 - 0.02, a hair under 0.01 in floating point) is a measurement.
    assert.equal(throughputOf(layoutCase(runs([0.03, 0.03]), runs([0.02, 0.02]), runs([2, 2]), runs([1, 1])))?.parse.lines, 400_000 / (0.03 - 0.02));
  });
});
