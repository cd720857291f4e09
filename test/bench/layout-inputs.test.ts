// The layouts benchmark's inputs: numbers varied without moving a column, and every big input reads as the recording it was made from.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { checkBigInput, layoutSamples, vary, writeBigInput } from '../../bench/layout-inputs.js';
import { median, slope } from '../../bench/stats.js';
import type { ParserName } from '../../src/plan/plan.js';
import { toolParsers } from '../../src/probes/registry.js';
import { parseText } from '../helpers.js';
import { repoRoot } from '../recordings.js';

const sequence =
  (...values: number[]) =>
  () =>
    values.shift()!;

describe('vary', () => {
  it('replaces pids, ports and counts by numbers of as many digits, no larger, and keeps every column', () => {
    const line = '14750  pctl-open          17   0 /etc/hostname';
    const varied = vary(line, sequence(0));
    assert.equal(varied, '10000  pctl-open          17   0 /etc/hostname');
    assert.equal(vary('RETRANS\t4\t10.201.0.1\t37468\t10.201.0.2\t5001\t1', sequence(0.999999, 0)), 'RETRANS\t4\t10.201.0.1\t37468\t10.201.0.2\t1000\t1');
  });

  it('leaves addresses, decimals, stack offsets, short and zero-led numbers alone', () => {
    for (const line of ['10.201.0.1 1024.00 64.00 6.30', '        sk_skb_reason_drop+144', '[128, 256)    1 |@@|', 'FD 17 ERR 0 flags 0100000'])
      assert.equal(vary(line, sequence(0, 0, 0, 0)), line);
  });
});

describe('big inputs from the recordings', () => {
  it('every layout with recorded rows gives a big input with its layouts and its events in every copy', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'probectl-test-bench-'));
    try {
      const samples = layoutSamples(join(repoRoot, 'recordings'));
      assert.ok(samples.length >= 30, `${samples.length} layouts with rows`);
      for (const sample of samples) {
        const input = writeBigInput(sample, dir, 2000);
        assert.ok(input.lines >= 2000 && input.events >= sample.bodyEvents, sample.name);
        await checkBigInput(sample, input);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('layout samples', () => {
  it("repeat whole: each body twice after its prefix gives the recording's events twice (an execsnoop call, a histogram with its time)", () => {
    const samples = layoutSamples(join(repoRoot, 'recordings'));
    for (const name of ['execsnoop/probectl', 'biolatency/libbpf-mTF'])
      assert.ok(
        samples.some((s) => s.name === name),
        name,
      );
    for (const sample of samples) {
      const lines = [...sample.prefix, ...sample.body, ...sample.body, ...sample.suffix];
      const input = Buffer.from(lines.map((l) => l + '\n').join(''), 'latin1'); // a line's characters are its bytes
      const events = parseText(toolParsers[sample.meta.parser as ParserName], input, { layout: sample.meta.layout })
        .filter((e) => !['tool.diagnostic', 'tool.lost', 'probe.status'].includes(e.type))
        .map(({ ts: _t, seq: _s, ...rest }) => JSON.stringify(rest));
      const half = events.length / 2;
      assert.equal(events.length, 2 * sample.bodyEvents, sample.name);
      assert.deepEqual(events.slice(half), events.slice(0, half), sample.name);
    }
  });
});

describe('stats', () => {
  it('median and slope', () => {
    assert.equal(median([3, 1, 2]), 2);
    assert.equal(median([4, 1, 3, 2]), 2.5);
    assert.equal(
      slope([
        { x: 0, y: 1 },
        { x: 1, y: 3 },
        { x: 2, y: 5 },
      ]),
      2,
    );
    assert.equal(slope([{ x: 0, y: 7 }]), 0);
  });
});
