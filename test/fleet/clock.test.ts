import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ProbeEvent } from '../../src/events/index.js';
import { measureClock, type ClockReading } from '../../src/fleet/clock.js';
import { ClockWatch, clockMoved } from '../../src/fleet/clock-watch.js';
import { OrderedMerge } from '../../src/fleet/ordered-merge.js';
import { onLocalClock, shiftedToolTime } from '../../src/fleet/tool-time.js';

/** A connection whose host clock runs `offsetMs` ahead and answers each round trip after the given delays (ms out, ms back). */
function fakeConnection(offsetMs: number, trips: [number, number][]) {
  let now = 1_000_000;
  let i = 0;
  return {
    async remoteClock() {
      const [out, back] = trips[i++ % trips.length]!;
      const before = now;
      now += out;
      const remoteNs = BigInt(Math.round((now + offsetMs) * 1000)) * 1000n;
      now += back;
      return { remoteNs, before, after: now };
    },
  };
}

describe('clock offset', () => {
  it('takes the fastest round trip: its midpoint is nearest the moment the host read its clock', async () => {
    // Slow trips are lopsided (their midpoint is off by half the difference); the 2 ms one is even.
    const reading = await measureClock(
      fakeConnection(250, [
        [40, 2],
        [1, 1],
        [3, 30],
        [20, 20],
        [5, 9],
      ]),
      1000,
    );
    assert.deepEqual(reading, { offsetMs: 250, rttMs: 2 });
  });

  it('says nothing when the host never printed its clock', async () => {
    assert.equal(await measureClock({ remoteClock: async () => undefined }, 1000), undefined);
  });

  it('counts a move only past both readings uncertainty (half of each round trip, 1 ms) and 5 ms', () => {
    const at = (offsetMs: number, rttMs: number): ClockReading => ({ offsetMs, rttMs });
    assert.equal(clockMoved(at(0, 1), at(4.9, 1)), false);
    assert.equal(clockMoved(at(0, 1), at(6, 1)), true);
    assert.equal(clockMoved(at(0, 1), at(-6, 1)), true);
    // 20 ms round trips: each reading is exact to 10 ms, so 15 ms apart may be the same clock.
    assert.equal(clockMoved(at(0, 20), at(15, 20)), false);
    assert.equal(clockMoved(at(0, 20), at(22, 20)), true);
  });

  it('measures again every interval, applies the latest reading, and reports a real move with the offset it replaces, not the noise', async () => {
    const readings: ClockReading[] = [
      { offsetMs: 1.0, rttMs: 1 },
      { offsetMs: 2.5, rttMs: 1 }, // noise: kept at 1.0
      { offsetMs: 41.0, rttMs: 1 }, // the host's clock was stepped
      { offsetMs: 41.8, rttMs: 1 },
    ];
    let i = 0;
    const moves: string[] = [];
    const watch = new ClockWatch(
      async () => readings[Math.min(i++, readings.length - 1)],
      20,
      (now, before) => moves.push(`${before.offsetMs}->${now.offsetMs}`),
    );
    const first = await watch.start();
    assert.deepEqual(first, readings[0]);
    while (watch.measures < 4) await sleep(5);
    watch.stop();
    const measured = watch.measures;
    await sleep(60);
    assert.equal(watch.measures, measured, 'no measurement after stop()');
    assert.deepEqual(moves, ['1->41']);
    // The latest reading is the one applied; the last reported stays until the offset moves from it.
    assert.equal(watch.current?.offsetMs, 41.8);
    assert.equal(watch.reported?.offsetMs, 41);
  });
});

describe("the tools' own time column on this machine's clock", () => {
  it('moves HH:MM:SS back by the offset in whole seconds, across midnight, and keeps other text as printed', () => {
    assert.equal(shiftedToolTime('12:00:05', 3000), '12:00:02');
    assert.equal(shiftedToolTime('12:00:05', -3000), '12:00:08');
    assert.equal(shiftedToolTime('00:00:01', 2600), '23:59:58');
    assert.equal(shiftedToolTime('23:59:59', -1500), '00:00:01');
    assert.equal(shiftedToolTime('12:00:05', 400), '12:00:05'); // under half a second: the column cannot say
    assert.equal(shiftedToolTime('12:00', 5000), '12:00');
  });

  const hms = (ms: number) => new Date(ms).toISOString().slice(11, 19);
  const drop = (host: string, ts: number, time: string, seq: number): ProbeEvent => ({
    type: 'tcp.drop',
    ts,
    probe: 'tcpdrop',
    source: { impl: 'bcc', tool: 'tcpdrop', layout: 'bcc-time' },
    host,
    seq,
    time,
    pid: 0,
    family: 4,
    saddr: '10.0.0.1',
    sport: 5001,
    daddr: '10.0.0.2',
    dport: 40000,
  });

  it('merges two hosts whose clocks are 5 s ahead and 3 s behind into one stream whose time column follows ts', async () => {
    const offsets = new Map([
      ['ahead', 5000],
      ['behind', -3000],
    ]);
    const start = Date.UTC(2026, 0, 1, 23, 59, 57);
    const merge = new OrderedMerge(50, () => start + 60_000);
    const raw: ProbeEvent[] = [];
    // One drop a second on each host, alternately; each tool prints the time by its own host's clock.
    for (let k = 0; k < 6; k++)
      for (const [host, offset] of offsets) {
        const ts = start + k * 1000 + (host === 'ahead' ? 0 : 500);
        const event = drop(host, ts, hms(ts + offset), k + 1);
        raw.push({ ...event });
        merge.push(onLocalClock(event, offset));
      }
    merge.end();
    const out: ProbeEvent[] = [];
    for await (const e of merge) out.push(e);
    const times = (events: ProbeEvent[]) => events.map((e) => (e as { time: string }).time);
    assert.deepEqual(
      out.map((e) => e.ts),
      raw.map((e) => e.ts).sort((a, b) => a - b),
    );
    assert.deepEqual(
      times(out),
      out.map((e) => hms(e.ts)),
    );
    // As printed, the hosts' columns disagree by 8 s about the same moments.
    assert.notDeepEqual(
      times(raw),
      raw.map((e) => hms(e.ts)),
    );
  });
});
