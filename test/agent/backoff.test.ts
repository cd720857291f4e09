import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Backoff } from '../../src/agent/backoff.js';

describe('the restart backoff', () => {
  const policy = { initialMs: 1000, maxMs: 10_000, healthyMs: 60_000 };

  it('doubles from the first wait and stays at the cap', () => {
    const backoff = new Backoff(policy);
    assert.deepEqual(
      Array.from({ length: 7 }, () => backoff.next(0)),
      [1000, 2000, 4000, 8000, 10_000, 10_000, 10_000],
    );
  });

  it('starts again from the first wait after a run that stayed ready as long as healthy_ms, and not after a shorter one', () => {
    const backoff = new Backoff(policy);
    assert.deepEqual([backoff.next(0), backoff.next(500), backoff.next(59_999)], [1000, 2000, 4000]);
    assert.deepEqual([backoff.next(60_000), backoff.next(0)], [1000, 2000]);
  });

  it('never passes the cap however many failures (no overflow to Infinity or NaN)', () => {
    const backoff = new Backoff({ initialMs: 10, maxMs: 86_400_000, healthyMs: 1 });
    let last = 0;
    for (let i = 0; i < 2000; i++) last = backoff.next(0);
    assert.equal(last, 86_400_000);
  });
});
