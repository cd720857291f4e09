import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { describe, it } from 'node:test';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { ProbeChild } from '../../src/run/child.js';
import { nativeLauncher } from '../../src/run/launcher.js';
import { GATHER_MS, SHORT_GATHER_MS, ReadGather } from '../../src/run/read-gather.js';

/** A stream whose handle logs its stops and starts, as a child's stdout's libuv handle would see them. */
function fakeStream(name: string, calls: string[]) {
  const stream = new Readable({ read() {} });
  const handle = {
    reading: true,
    readStart: () => (calls.push(`${name} start`), 0),
    readStop: () => (calls.push(`${name} stop`), 0),
  };
  Object.assign(stream, { _handle: handle });
  stream.resume();
  return { stream, handle };
}

/** A gather over one fake stdout, with the log of its handle's stops and starts. */
function gatherOne(longestHoldMs: number) {
  const calls: string[] = [];
  const out = fakeStream('stdout', calls);
  return { calls, out, gather: new ReadGather([out.stream], longestHoldMs) };
}

describe('gathered reads', () => {
  it('reads a lone chunk at once, holds both streams back once chunks come steadily, and restarts them in order', async () => {
    const calls: string[] = [];
    const out = fakeStream('stdout', calls);
    const err = fakeStream('stderr', calls);
    const gather = new ReadGather([out.stream, err.stream], 60_000);
    gather.chunkRead(1_000, 100);
    await nextTurn();
    assert.deepEqual(calls, [], 'the first chunk after a quiet spell is not held');
    gather.chunkRead(1_010, 100);
    gather.chunkRead(1_011, 100);
    assert.deepEqual(calls, [], 'not within the read callbacks: the loop reads everything ready first');
    await nextTurn();
    assert.deepEqual(calls, ['stdout stop', 'stderr stop'], 'a chunk 10 ms after the last one holds the next reads back, once');
    assert.equal(out.handle.reading, true, "the flag stays set, so Node's own stream code does not restart the handle");
    gather.release();
    assert.deepEqual(calls, ['stdout stop', 'stderr stop', 'stdout start', 'stderr start']);
    gather.release();
    assert.equal(calls.length, 4, 'released once');
    gather.chunkRead(1_011 + 60_000 + 75, 100);
    await nextTurn();
    assert.equal(calls.length, 4, 'a chunk a hold and 75 ms after the last one came after a quiet spell: read at once again');
    gather.chunkRead(1_011 + 60_000 + 75 + 60_000 + 74, 100);
    await nextTurn();
    assert.equal(calls.length, 6, 'one within a hold and 75 ms of the last (a read right after a hold) is steady: held');
    gather.release();
  });

  it('holds the longest after a small batch, and a short time after a large one', async (t) => {
    t.mock.timers.enable({ apis: ['setTimeout'] });
    const { calls, gather } = gatherOne(100);
    gather.chunkRead(0, 100);
    gather.chunkRead(1, 100);
    await nextTurn();
    assert.deepEqual(calls, ['stdout stop'], 'a batch of 200 bytes');
    t.mock.timers.tick(99);
    assert.equal(calls.length, 1, 'still held after 99 ms');
    t.mock.timers.tick(1);
    assert.deepEqual(calls, ['stdout stop', 'stdout start'], 'released after 100 ms');
    gather.chunkRead(101, 10_000);
    gather.chunkRead(102, 10_000);
    await nextTurn();
    assert.equal(calls.length, 3, 'what the kernel kept meanwhile, 20,000 bytes, starts the next hold');
    t.mock.timers.tick(24);
    assert.equal(calls.length, 3, 'still held after 24 ms');
    t.mock.timers.tick(1);
    assert.deepEqual(calls.slice(3), ['stdout start'], `released after ${SHORT_GATHER_MS} ms: 20,000 bytes in a hold is a high rate`);
    gather.chunkRead(128, 1_000);
    await nextTurn();
    t.mock.timers.tick(25);
    assert.equal(calls.length, 5, 'a small batch again: held longer than 25 ms');
    t.mock.timers.tick(75);
    assert.equal(calls.length, 6, 'and released after 100 ms');
  });

  it('does not hold back a stream that is behind (a full read), and leaves a handle that Node stopped meanwhile to Node', async () => {
    const { calls, out, gather } = gatherOne(60_000);
    gather.chunkRead(0, 65_536);
    gather.chunkRead(1, 65_536);
    await nextTurn();
    assert.deepEqual(calls, [], 'a 64 KiB read says more is waiting');
    gather.chunkRead(2, 10);
    await nextTurn();
    assert.deepEqual(calls, ['stdout stop']);
    out.handle.reading = false; // as stream_base_commons does when its buffer is full
    gather.release();
    assert.deepEqual(calls, ['stdout stop']);
  });

  it('reads a child writing a line a millisecond in a few dozen reads, every line in order, to its last one', async () => {
    const lines = 1000;
    const script = `let i=0;const t=setInterval(()=>{process.stdout.write('line '+i+'\\n');if(++i===${lines})clearInterval(t)},1)`;
    const chunks: string[] = [];
    const started = performance.now();
    const child = new ProbeChild(
      { argv: [process.execPath, '-e', script] },
      { output: (stream, bytes) => stream === 'stdout' && chunks.push(bytes.toString('utf8')) },
    );
    const end = await child.ended;
    assert.equal(end.exitCode, 0);
    assert.deepEqual(
      chunks.join('').split('\n').slice(0, -1),
      Array.from({ length: lines }, (_, i) => `line ${i}`),
    );
    // The writes take at least a second. Held a hold at a time, the reads are about one a hold (what the kernel kept,
    // read as the hold ends, is steady and starts the next; 13 in 1.2 s held 100 ms, 45 held 25 ms), and a few at the
    // start and the end; unheld, close to one a line. The hold is GATHER_MS through the launcher, which enlarges the
    // child's stdout, and SHORT_GATHER_MS without.
    const hold = nativeLauncher() === null ? SHORT_GATHER_MS : GATHER_MS;
    const most = Math.ceil((1.5 * (performance.now() - started)) / hold) + 4;
    assert.ok(chunks.length <= most, `${chunks.length} reads for ${lines} lines, held ${hold} ms at a time: at most ${most}`);
  });

  it('reads a child writing 100 MB as fast as it can at full speed, not a chunk a hold', async () => {
    const chunks: number[] = [];
    const started = performance.now();
    const child = new ProbeChild(
      { argv: ['sh', '-c', 'head -c 100000000 /dev/zero'] },
      { output: (stream, bytes) => stream === 'stdout' && chunks.push(bytes.length) },
    );
    const end = await child.ended;
    const seconds = (performance.now() - started) / 1000;
    assert.equal(end.exitCode, 0);
    assert.equal(
      chunks.reduce((a, b) => a + b, 0),
      100_000_000,
    );
    // Held 25 ms after each 64 KiB read, 100 MB would take 1,526 holds: 38 s (153 s held 100 ms).
    assert.ok(seconds < 20, `100 MB in ${seconds.toFixed(1)} s`);
  });
});
