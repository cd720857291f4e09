import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { ProbeEvent } from '../../src/events/index.js';
import { MergedStream } from '../../src/run/merge.js';

const event = (probe: string, seq: number): ProbeEvent => ({
  type: 'tool.lost',
  ts: 1,
  probe,
  source: { impl: 'bcc', tool: probe, layout: 'x' },
  host: 'h',
  seq,
  count: 1,
});

describe('the merged stream', () => {
  it("numbers seq 1, 2, 3 across probes in delivery order, whatever each probe's own numbering", async () => {
    const stream = new MergedStream();
    stream.push(event('a', 1));
    stream.push(event('b', 1));
    stream.push(event('a', 2));
    stream.push(event('b', 2));
    stream.end();
    const out: ProbeEvent[] = [];
    for await (const e of stream) out.push(e);
    assert.deepEqual(
      out.map((e) => [e.probe, e.seq]),
      [
        ['a', 1],
        ['b', 2],
        ['a', 3],
        ['b', 4],
      ],
    );
  });

  it('tells its producers to pause above the high-water mark and to resume once the reader caught up', async () => {
    const pressure: boolean[] = [];
    const stream = new MergedStream({ highWater: 3, lowWater: 1, onPressure: (behind) => pressure.push(behind) });
    for (let i = 1; i <= 5; i++) stream.push(event('a', i));
    assert.deepEqual(pressure, [true]);
    stream.end();
    for await (const _ of stream);
    assert.deepEqual(pressure, [true, false]);
  });

  it('counts a batch as held until the reader comes for the next one', async () => {
    const pressure: boolean[] = [];
    const stream = new MergedStream({ highWater: 3, lowWater: 2, onPressure: (behind) => pressure.push(behind) });
    for (let i = 1; i <= 4; i++) stream.push(event('a', i));
    assert.deepEqual(pressure, [true]);
    const reader = stream.batches();
    assert.equal((await reader.next()).value?.length, 4);
    assert.deepEqual(pressure, [true], 'the reader is still working through the four');
    stream.push(event('a', 5));
    const next = reader.next();
    await nextTurn();
    assert.deepEqual(pressure, [true, false], 'done with the four, one queued: under the low-water mark');
    assert.equal((await next).value?.length, 1);
    await reader.return(undefined);
  });

  it('hands the reader every queued event as one batch, in order, and what comes later in the next', async () => {
    const stream = new MergedStream();
    stream.push(event('a', 1));
    stream.push(event('b', 1));
    const reader = stream.batches();
    const first = await reader.next();
    assert.deepEqual(
      first.value?.map((e: ProbeEvent) => [e.probe, e.seq]),
      [
        ['a', 1],
        ['b', 2],
      ],
    );
    const second = reader.next();
    stream.push(event('a', 2));
    stream.end();
    assert.deepEqual(
      (await second).value?.map((e: ProbeEvent) => [e.probe, e.seq]),
      [['a', 3]],
    );
    assert.equal((await reader.next()).done, true);
  });

  it('drops what is pushed once the reader has left', async () => {
    const stream = new MergedStream();
    stream.push(event('a', 1));
    const reader = stream.batches();
    await reader.next();
    await reader.return(undefined);
    stream.push(event('a', 2));
    stream.end();
    const out: ProbeEvent[] = [];
    for await (const e of stream) out.push(e);
    assert.deepEqual(out, []);
  });

  it('tells its producers to pause when the text it holds passes its mark, however few the events', async () => {
    const pressure: boolean[] = [];
    const stream = new MergedStream({ highWaterText: 3_100_000, onPressure: (behind) => pressure.push(behind) });
    const line = (seq: number): ProbeEvent => ({
      type: 'tool.diagnostic',
      ts: 1,
      probe: 'a',
      source: { impl: 'probectl', tool: 'probectl', layout: 'lines' },
      host: 'h',
      seq,
      level: 'unparsed',
      message: 'x'.repeat(1_000_000),
    });
    for (let i = 1; i <= 3; i++) stream.push(line(i));
    assert.deepEqual(pressure, [], 'three 1 MB messages are not past the mark');
    stream.push(line(4));
    assert.deepEqual(pressure, [true]);
    const reader = stream[Symbol.asyncIterator]();
    for (let i = 0; i < 4; i++) await reader.next();
    assert.deepEqual(pressure, [true], 'the four are held until the reader comes for more');
    const more = reader.next();
    await nextTurn();
    assert.deepEqual(pressure, [true, false]);
    stream.end();
    assert.equal((await more).done, true);
  });

  it('throws the error it was ended with once the queued events are read', async () => {
    const stream = new MergedStream();
    stream.push(event('a', 1));
    stream.end(new Error('disk full'));
    const out: ProbeEvent[] = [];
    await assert.rejects(async () => {
      for await (const e of stream) out.push(e);
    }, /disk full/);
    assert.equal(out.length, 1);
  });
});
