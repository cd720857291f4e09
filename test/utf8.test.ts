// The UTF-8 checks that tell a range of bytes without a Buffer for it, held to node's isUtf8.
import assert from 'node:assert/strict';
import { isUtf8 } from 'node:buffer';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { asciiEnd, isUtf8Range, utf8SequenceLength } from '../src/core/utf8.js';

/** The length isUtf8 gives the sequence at the start of bytes: as many bytes as its lead byte says, if they are valid. */
function reference(bytes: Buffer): number {
  const c = bytes[0]!;
  if (c < 0x80) return 1;
  const need = c >= 0xc2 && c <= 0xdf ? 2 : c >= 0xe0 && c <= 0xef ? 3 : c >= 0xf0 && c <= 0xf4 ? 4 : 0;
  return need > 0 && need <= bytes.length && isUtf8(bytes.subarray(0, need)) ? need : 0;
}

describe('utf8', () => {
  it('utf8SequenceLength equals isUtf8 of the sequence for every lead and second byte, with boundary bytes after them', () => {
    const after = [0x00, 0x7f, 0x80, 0x8f, 0x90, 0xbf, 0xc0, 0xff];
    for (let lead = 0; lead < 256; lead++)
      for (let second = 0; second < 256; second++)
        for (const third of after)
          for (const fourth of after) {
            const bytes = Buffer.from([lead, second, third, fourth]);
            for (const end of [1, 2, 3, 4]) {
              const expected = reference(bytes.subarray(0, end));
              if (utf8SequenceLength(bytes, 0, end) !== expected) assert.fail(`${[...bytes].map((b) => b.toString(16))} to ${end}: not ${expected}`);
            }
          }
  });

  it('isUtf8Range equals isUtf8 of the range, and asciiEnd finds the first byte over 0x7f, anywhere in a buffer', () => {
    const unit = fc.oneof(
      fc.uint8Array({ minLength: 1, maxLength: 4 }).map((b) => [...b]),
      fc.constantFrom([0x41, 0x42, 0x43, 0x44, 0x45], [0xc3, 0xa9], [0xe2, 0x82, 0xac], [0xf0, 0x9f, 0x98, 0x80], [0xed, 0xa0, 0x80], [0xff]),
    );
    fc.assert(
      fc.property(fc.array(unit, { maxLength: 12 }), fc.nat(), fc.nat(), (parts, a, b) => {
        const bytes = Buffer.from(parts.flat());
        const [from, end] = [a % (bytes.length + 1), b % (bytes.length + 1)].sort((x, y) => x - y) as [number, number];
        assert.equal(isUtf8Range(bytes, from, end), isUtf8(bytes.subarray(from, end)));
        const high = bytes.subarray(from, end).findIndex((c) => c >= 0x80);
        assert.equal(asciiEnd(bytes, from, end), high === -1 ? end : from + high);
      }),
      { numRuns: 3000 },
    );
  });
});
