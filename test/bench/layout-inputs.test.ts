// The layouts benchmark's inputs: numbers varied without moving a column, and every big input reads as the recording it was made from.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { checkBigInput, layoutSamples, vary, writeBigInput } from '../../bench/layout-inputs.js';
import { median, slope } from '../../bench/stats.js';
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
