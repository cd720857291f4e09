import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_TIMER_MS, type Scheduler, setLongTimeout, sleepLong } from '../../src/core/long-timer.js';

/** A fake clock: timers fire when the test advances time, and every delay asked for is kept. */
function fakeScheduler() {
  let now = 0;
  let next = 1;
  const timers = new Map<number, { at: number; callback: () => void }>();
  const delays: number[] = [];
  const scheduler: Scheduler = {
    now: () => now,
    set(callback, ms) {
      delays.push(ms);
      timers.set(next, { at: now + ms, callback });
      return next++;
    },
    clear: (handle) => void timers.delete(handle as number),
  };
  /** Moves the clock forward, firing each timer that falls due in order. */
  const advance = (ms: number) => {
    const until = now + ms;
    for (;;) {
      const due = [...timers].filter(([, t]) => t.at <= until).sort((a, b) => a[1].at - b[1].at)[0];
      if (due === undefined) break;
      timers.delete(due[0]);
      now = due[1].at;
      due[1].callback();
    }
    now = until;
  };
  return { scheduler, advance, delays, pending: () => timers.size };
}

const DAY = 86_400_000;

describe('a long timer', () => {
  it('fires a wait of 35 days at its end, never before, with no step beyond what setTimeout honours', () => {
    const clock = fakeScheduler();
    let fired = 0;
    setLongTimeout(() => fired++, 35 * DAY, clock.scheduler);
    clock.advance(35 * DAY - 1);
    assert.equal(fired, 0, 'it fired early');
    clock.advance(1);
    assert.equal(fired, 1);
    assert.ok(clock.delays.length >= 2, 'a wait beyond 2^31-1 ms takes more than one step');
    assert.ok(
      clock.delays.every((ms) => ms >= 1 && ms <= MAX_TIMER_MS),
      `every step within setTimeout's range: ${clock.delays}`,
    );
    clock.advance(100 * DAY);
    assert.equal(fired, 1, 'it fires once');
  });

  it('fires a short wait with a single timer', () => {
    const clock = fakeScheduler();
    let fired = 0;
    setLongTimeout(() => fired++, 1500, clock.scheduler);
    clock.advance(1499);
    assert.equal(fired, 0);
    clock.advance(1);
    assert.deepEqual([fired, clock.delays], [1, [1500]]);
  });

  it('re-arms for what is left when a step fires early', () => {
    const clock = fakeScheduler();
    let fired = 0;
    const realSet = clock.scheduler.set;
    clock.scheduler.set = (callback, ms) => realSet(callback, ms === 1000 ? 990 : ms); // the first step comes 10 ms early
    setLongTimeout(() => fired++, 1000, clock.scheduler);
    clock.advance(995);
    assert.equal(fired, 0);
    clock.advance(5);
    assert.equal(fired, 1);
  });

  it('never fires once cleared, even between two steps', () => {
    const clock = fakeScheduler();
    let fired = 0;
    const timer = setLongTimeout(() => fired++, 60 * DAY, clock.scheduler);
    clock.advance(30 * DAY);
    timer.clear();
    clock.advance(60 * DAY);
    assert.equal(fired, 0);
    assert.equal(clock.pending(), 0);
  });

  it('refuses a delay that is not a finite number of ms', () => {
    for (const ms of [Number.POSITIVE_INFINITY, Number.NaN, -1]) assert.throws(() => setLongTimeout(() => {}, ms), RangeError);
  });

  it('sleeps through a long wait, and stops sleeping when aborted', async () => {
    const clock = fakeScheduler();
    let woke = false;
    const sleeping = sleepLong(40 * DAY, undefined, clock.scheduler).then(() => (woke = true));
    clock.advance(40 * DAY - 1);
    await Promise.resolve();
    assert.equal(woke, false);
    clock.advance(1);
    await sleeping;
    assert.equal(woke, true);

    const abort = new AbortController();
    const aborted = sleepLong(40 * DAY, abort.signal, clock.scheduler);
    abort.abort(new Error('stopped'));
    await assert.rejects(aborted, /stopped/);
    assert.equal(clock.pending(), 0);
  });

  it('keeps a real process waiting when the delay is beyond 2^31-1 ms, without a TimeoutOverflowWarning', async () => {
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(warning.name);
    process.on('warning', onWarning);
    let fired = false;
    const timer = setLongTimeout(() => (fired = true), 3_000_000_000);
    await new Promise((resolve) => setTimeout(resolve, 50));
    timer.clear();
    process.off('warning', onWarning);
    assert.equal(fired, false, 'a wait of 35 days fired at once');
    assert.deepEqual(warnings, []);
  });
});
