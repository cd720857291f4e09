import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { describe, it } from 'node:test';
import { ProbeChild } from '../../src/run/child.js';
import { GATHER_MS, ReadGather } from '../../src/run/read-gather.js';

/** A stream whose handle counts the stops and starts, as a child's stdout's libuv handle would see them. */
function fakeStream() {
  const calls: string[] = [];
  const stream = new Readable({ read() {} });
  const handle = {
    reading: true,
    readStart: () => (calls.push('start'), 0),
    readStop: () => (calls.push('stop'), 0),
  };
  Object.assign(stream, { _handle: handle });
  stream.resume();
  return { stream, handle, calls };
}

describe('gathered reads', () => {
  it('reads a lone chunk at once, holds the reads back once chunks come steadily, and reads again when released', () => {
    const { stream, handle, calls } = fakeStream();
    const gather = new ReadGather(stream, 60_000);
    gather.chunkRead(1_000);
    assert.deepEqual(calls, [], 'the first chunk after a quiet spell is not held');
    gather.chunkRead(1_010);
    assert.deepEqual(calls, ['stop'], 'a chunk 10 ms after the last one holds the next read back');
    assert.equal(handle.reading, true, "the flag stays set, so Node's own stream code does not restart the handle");
    gather.chunkRead(1_011);
    assert.deepEqual(calls, ['stop'], 'a held handle is not stopped twice');
    gather.release();
    assert.deepEqual(calls, ['stop', 'start']);
    gather.release();
    assert.deepEqual(calls, ['stop', 'start'], 'released once');
    gather.chunkRead(5_000);
    assert.deepEqual(calls, ['stop', 'start'], 'a chunk after a quiet spell is read at once again');
  });

  it('leaves a handle that Node stopped meanwhile to Node', () => {
    const { stream, handle, calls } = fakeStream();
    const gather = new ReadGather(stream, 60_000);
    gather.chunkRead(0);
    gather.chunkRead(1);
    handle.reading = false; // as stream_base_commons does when its buffer is full
    gather.release();
    assert.deepEqual(calls, ['stop']);
  });

  it('reads a child writing a line a millisecond in a few dozen reads, every line in order, to its last one', async () => {
    const lines = 1000;
    const script = `let i=0;const t=setInterval(()=>{process.stdout.write('line '+i+'\\n');if(++i===${lines})clearInterval(t)},1)`;
    const chunks: string[] = [];
    const child = new ProbeChild(
      { argv: [process.execPath, '-e', script] },
      { output: (stream, bytes) => stream === 'stdout' && chunks.push(bytes.toString('utf8')) },
    );
    const end = await child.ended;
    assert.equal(end.exitCode, 0);
    const text = chunks.join('');
    assert.deepEqual(
      text.split('\n').slice(0, -1),
      Array.from({ length: lines }, (_, i) => `line ${i}`),
    );
    // The writes take at least a second; held GATHER_MS at a time, the reads are at most one per GATHER_MS and one more
    // after each. Unheld, they would be close to one a line.
    assert.ok(chunks.length < lines / 5, `${chunks.length} reads for ${lines} lines, gathering for ${GATHER_MS} ms`);
  });
});
