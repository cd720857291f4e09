import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  asciiKey,
  isPrintableAscii,
  needsJsonEscape,
  putDecimalText,
  putDigits,
  putJsonChars,
  putKey,
  putScaledDigits,
  putUint,
} from '../src/core/json-from-bytes.js';

const out = Buffer.alloc(4096);
const outView = new DataView(out.buffer, out.byteOffset, out.byteLength);
const word = (bytes: number[]): number => Buffer.from(bytes).readInt32LE(0);

describe('writing JSON from bytes', () => {
  it('putUint writes String(n)', () => {
    fc.assert(
      fc.property(fc.oneof(fc.nat(), fc.maxSafeNat(), fc.constantFrom(0, 9, 10, 99, 100, 2 ** 31, 2 ** 32)), (n) =>
        assert.equal(out.toString('latin1', 7, putUint(out, 7, n)), String(n)),
      ),
    );
  });

  it('putKey writes its key, whatever it stores past it', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), minLength: 4, maxLength: 12 }),
        fc.nat({ max: 100 }),
        (key, at) => {
          assert.equal(out.toString('latin1', at, putKey(outView, at, asciiKey(key))), key);
        },
      ),
    );
  });

  it('putDigits drops leading zeros as String(Number(digits)) does', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'0123456789'.split('')), minLength: 1, maxLength: 15 }), (digits) => {
        const line = Buffer.from(digits);
        assert.equal(out.toString('latin1', 0, putDigits(out, 0, line, 0, line.length)), String(Number(digits)));
      }),
    );
  });

  const digitText = (min: number, max: number) =>
    fc.oneof(
      fc.string({ unit: fc.constantFrom('0', '1', '5', '9'), minLength: min, maxLength: max }),
      fc.string({ unit: fc.integer({ min: 48, max: 57 }).map((c) => String.fromCharCode(c)), minLength: min, maxLength: max }),
    );

  it('putScaledDigits writes String(Number(digits) / 10 ** decimals) for up to 15 digits', () => {
    fc.assert(
      fc.property(digitText(1, 15), fc.integer({ min: 0, max: 6 }), (digits, decimals) => {
        const line = Buffer.from(`  ${digits}  `);
        const written = out.toString('latin1', 3, putScaledDigits(out, 3, line, 2, 2 + digits.length, decimals));
        assert.equal(written, String(Number(digits) / 10 ** decimals), `${digits} with ${decimals} decimals`);
      }),
      { numRuns: 2000 },
    );
    const examples: [string, string][] = [
      ['0', '0'],
      ['000', '0'],
      ['5', '0.005'],
      ['50', '0.05'],
      ['1000', '1'],
      ['1335', '1.335'],
      ['001230', '1.23'],
    ];
    for (const [digits, seconds] of examples)
      assert.equal(out.toString('latin1', 0, putScaledDigits(out, 0, Buffer.from(digits), 0, digits.length, 3)), seconds);
  });

  it('putDecimalText writes String(Number(text)) of "int.frac" up to 15 digits', () => {
    fc.assert(
      fc.property(digitText(1, 12), digitText(0, 3), (int, frac) => {
        const text = `${int}.${frac}`;
        const line = Buffer.from(`x${text}x`);
        const written = out.toString('latin1', 0, putDecimalText(out, 0, line, 1, 1 + int.length, 1 + text.length));
        assert.equal(written, String(Number(text)), text);
      }),
      { numRuns: 2000 },
    );
  });

  it('needsJsonEscape tells a word holding a control character, a quote or a backslash', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.integer({ min: 0, max: 255 }), fc.constantFrom(0x1f, 0x20, 0x21, 0x22, 0x5b, 0x5c, 0x5d, 0x7f, 0x80)), {
          minLength: 4,
          maxLength: 4,
        }),
        (bytes) => {
          assert.equal(
            needsJsonEscape(word(bytes)),
            bytes.some((b) => b < 0x20 || b === 0x22 || b === 0x5c),
          );
        },
      ),
      { numRuns: 5000 },
    );
  });

  it('isPrintableAscii tells bytes 0x20 to 0x7e from all others', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 20 }), fc.nat({ max: 3 }), (bytes, from) => {
        const start = Math.min(from, bytes.length);
        assert.equal(
          isPrintableAscii(bytes, start, bytes.length),
          [...bytes.subarray(start)].every((b) => b >= 0x20 && b <= 0x7e),
        );
      }),
      { numRuns: 5000 },
    );
  });

  it('putJsonChars writes what JSON.stringify writes between the quotes', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (text) => {
        const line = Buffer.from(text);
        const written = out.toString('utf8', 0, putJsonChars(out, outView, 0, line, 0, line.length));
        assert.equal(written, JSON.stringify(line.toString('utf8')).slice(1, -1));
      }),
      { numRuns: 1000 },
    );
  });
});
