import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { isUtf8 } from 'node:buffer';
import { decodeBytes, LineSplitter, type LineHandler } from '../src/core/lines.js';

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
    handler.bytes = (line, start, end, ts, notUtf8) => {
      // Taking a line that is not UTF-8 means reading it as decodeBytes does.
      const text = notUtf8 ? decodeBytes(line.subarray(start, end)) : line.toString('utf8', start, end);
      if (!take(text)) return false;
      seen.push(['line', text, ts]);
      return true;
    };
  const splitter = new LineSplitter(handler, maxLineBytes);
  chunks.forEach((chunk, i) => splitter.push(chunk, i));
  splitter.end(chunks.length);
  return seen;
}

/** The lines of text offered as bytes (each, in order) and those passed on as text, the handler taking those `take` accepts. */
function offerLines(text: string, take: (line: string) => boolean): { offered: string[]; texts: string[] } {
  const offered: string[] = [];
  const texts: string[] = [];
  const splitter = new LineSplitter({
    line: (t) => void texts.push(t),
    overlong: () => assert.fail('no line is over the bound'),
    partial: () => assert.fail('every line ends'),
    bytes: (line, start, end) => {
      const t = line.toString('utf8', start, end);
      offered.push(t);
      return take(t);
    },
  });
  splitter.push(Buffer.from(text), 0);
  splitter.end(1);
  return { offered, texts };
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

  it('decodes a chunk of lines over 64 KB in pieces cut at newlines: every line whole, in order, as one decode of the chunk gives them', () => {
    // Lines of up to 70,000 characters (some longer than a piece), empty lines, CRs and characters of 2 to 4 bytes.
    const line = fc.oneof(
      fc.constantFrom('', '\r', 'é\r', '😀'),
      fc.tuple(fc.constantFrom('a', 'é', '😀', ' '), fc.integer({ min: 1, max: 70_000 })).map(([c, n]) => c.repeat(n)),
      fc.string({ maxLength: 200 }).map((s) => s.replaceAll('\n', ' ')),
    );
    fc.assert(
      fc.property(fc.array(line, { minLength: 1, maxLength: 40 }), fc.constantFrom('none', 'all', 'even'), (lines, policy) => {
        const text = lines.join('\n') + '\n';
        const take = policy === 'none' ? () => false : policy === 'all' ? () => true : (t: string) => t.length % 2 === 0;
        const expected = lines.map((l): Seen => ['line', l.endsWith('\r') ? l.slice(0, -1) : l, 0]);
        assert.deepEqual(split([Buffer.from(text)], 1 << 20, take), expected);
      }),
      { numRuns: 60 },
    );
  });
});

describe('LineSplitter, a chunk with bytes that are not UTF-8', () => {
  it('offers every line as bytes, marks those that are not UTF-8, and decodes the ones not taken with their bytes escaped', () => {
    const offered: [string, boolean][] = [];
    const decoded: string[] = [];
    const splitter = new LineSplitter({
      line: (text) => void decoded.push(text),
      overlong: () => assert.fail('no line is overlong'),
      partial: () => assert.fail('no line is partial'),
      bytes: (line, start, end, _ts, notUtf8) => {
        offered.push([decodeBytes(line.subarray(start, end)), notUtf8]);
        return !notUtf8;
      },
    });
    splitter.push(Buffer.concat([Buffer.from('a b\r\nq"u '), Buffer.from([0xff]), Buffer.from(' nl\né€\n')]), 1);
    splitter.end(2);
    assert.deepEqual(offered, [
      ['a b', false],
      ['q"u \\xff nl', true],
      ['é€', false],
    ]);
    assert.deepEqual(decoded, ['q"u \\xff nl']);
  });

  it('marks a line as not UTF-8 exactly when isUtf8 says so, whatever its bytes and wherever chunks are cut', () => {
    const unit = fc.oneof(
      fc.uint8Array({ minLength: 1, maxLength: 4 }).map((b) => Buffer.from(b)),
      fc.constantFrom(
        ...['é', '😀', 'a b', '\n', '\r\n'].map((t) => Buffer.from(t)),
        Buffer.from([0xff]),
        Buffer.from([0xed, 0xa0, 0x80]),
        Buffer.from([0xf4, 0x90]),
      ),
    );
    fc.assert(
      fc.property(fc.array(unit, { maxLength: 16 }), fc.array(fc.nat(), { maxLength: 3 }), (parts, cuts) => {
        const input = Buffer.concat([...parts, Buffer.from('\n')]);
        const at = [...new Set(cuts.map((c) => c % (input.length + 1)))].sort((a, b) => a - b);
        const lines: [Buffer, boolean][] = [];
        const splitter = new LineSplitter({
          line: () => {},
          overlong: () => assert.fail('no line is overlong'),
          partial: () => {},
          bytes: (line, start, end, _ts, notUtf8) => {
            lines.push([Buffer.from(line.subarray(start, end)), notUtf8]);
            return true;
          },
        });
        [0, ...at].forEach((from, i) => splitter.push(input.subarray(from, at[i] ?? input.length), i));
        for (const [line, notUtf8] of lines) assert.equal(notUtf8, !isUtf8(line), JSON.stringify([...line]));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('decodeBytes', () => {
  /** Sequence by sequence: each valid UTF-8 sequence decoded on its own, any other byte written \xNN. */
  function reference(bytes: Buffer): string {
    let out = '';
    for (let i = 0; i < bytes.length; ) {
      const need = [2, 3, 4].find(
        (n) =>
          i + n <= bytes.length && bytes[i]! >= 0x80 && isUtf8(bytes.subarray(i, i + n)) && (n === 2 ? bytes[i]! <= 0xdf : n === 3 ? bytes[i]! <= 0xef : true),
      );
      const len = bytes[i]! < 0x80 ? 1 : (need ?? 0);
      if (len > 0) {
        out += bytes.toString('utf8', i, i + len);
        i += len;
      } else out += `\\x${bytes[i++]!.toString(16).padStart(2, '0')}`;
    }
    return out;
  }

  it('decodes valid runs whole and escapes every other byte, as decoding sequence by sequence does', () => {
    const unit = fc.oneof(
      fc.uint8Array({ minLength: 1, maxLength: 4 }).map((b) => Buffer.from(b)),
      fc.string({ maxLength: 6 }).map((s) => Buffer.from(s)),
      fc.constantFrom(...['é', '😀', '€', 'a b'].map((s) => Buffer.from(s)), Buffer.from([0xff]), Buffer.from([0xe2, 0x82]), Buffer.from([0xc0, 0x80])),
    );
    fc.assert(
      fc.property(fc.array(unit, { maxLength: 12 }), (parts) => {
        const bytes = Buffer.concat(parts);
        assert.equal(decodeBytes(bytes), reference(bytes));
      }),
      { numRuns: 3000 },
    );
  });

  it('after four lines in a row it does not take, decodes one piece of 64 KB as text and offers the lines after it as bytes again', () => {
    const rows = Array.from({ length: 20_000 }, (_, i) => `row ${i}`);
    const text = ['Attaching 3 probes...', '', 'flags = Write', 'HEADER', ...rows].join('\n') + '\n';
    const { offered, texts } = offerLines(text, (t) => t.startsWith('row '));
    const taken = offered.filter((t) => t.startsWith('row '));
    // The first three lines are declined and decoded alone; from the fourth, 64 KB as text; every row after that piece as bytes.
    const asText = texts.filter((t) => t.startsWith('row ')).length;
    assert.ok(asText > 0 && Buffer.byteLength(['HEADER', ...rows.slice(0, asText)].join('\n')) <= 1 << 16, `rows as text: ${asText}`);
    assert.deepEqual([...texts.filter((t) => t.startsWith('row ')), ...taken], rows);
    assert.deepEqual(offered.slice(0, 5), ['Attaching 3 probes...', '', 'flags = Write', 'HEADER', `row ${asText}`]);
  });

  it("offers every line as bytes again after fewer than four it does not take in a row (a histogram's heading)", () => {
    const blocks = Array.from({ length: 2_000 }, (_, i) => ['flags = Write', 'HEADER', `row ${i}`, `row ${i}.5`]).flat();
    const { offered, texts } = offerLines(blocks.join('\n') + '\n', (t) => t.startsWith('row '));
    assert.deepEqual(offered, blocks);
    assert.deepEqual(
      texts,
      blocks.filter((t) => !t.startsWith('row ')),
    );
  });
});
