import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { LineSplitter, type LineHandler } from '../src/core/lines.js';

type Seen = [kind: string, text: string, extra: number];

/** What a handler receives from a splitter fed these chunks; with `bytes`, lines are offered as bytes first and taken by `take`. */
function split(chunks: Buffer[], maxLineBytes: number, take?: (text: string) => boolean): Seen[] {
  const seen: Seen[] = [];
  const handler: LineHandler = {
    line: (text, ts) => void seen.push(['line', text, ts]),
    overlong: (text, dropped) => void seen.push(['overlong', text, dropped]),
    partial: (text, ts) => void seen.push(['partial', text, ts]),
  };
  if (take !== undefined)
    handler.bytes = (line, start, end, ts) => {
      const text = line.toString('utf8', start, end);
      if (!take(text)) return false;
      seen.push(['line', text, ts]);
      return true;
    };
  const splitter = new LineSplitter(handler, maxLineBytes);
  chunks.forEach((chunk, i) => splitter.push(chunk, i));
  splitter.end(chunks.length);
  return seen;
}

describe('LineSplitter', () => {
  it('gives a handler that takes bytes exactly the lines, in the order and with the times, that a text handler gets', () => {
    const unit = fc.oneof(fc.constantFrom('\n', '\r', '\r\n', 'é', '😀', ' ', '0'), fc.string({ unit: 'binary', maxLength: 1 }), fc.string({ maxLength: 1 }));
    const input = fc.array(
      fc.oneof(
        fc.string({ unit, maxLength: 60 }).map((s) => Buffer.from(s)),
        fc.uint8Array({ maxLength: 12 }).map((b) => Buffer.from(b)),
      ),
      { maxLength: 8 },
    );
    fc.assert(
      fc.property(input, fc.constantFrom(4, 16, 1 << 20), fc.constantFrom('none', 'all', 'even'), (chunks, maxLineBytes, policy) => {
        const take = policy === 'none' ? () => false : policy === 'all' ? () => true : (text: string) => text.length % 2 === 0;
        assert.deepEqual(split(chunks, maxLineBytes, take), split(chunks, maxLineBytes));
      }),
      { numRuns: 2000 },
    );
  });
});
