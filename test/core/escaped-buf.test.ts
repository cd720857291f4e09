// decodeEscapedBuf: a name padded with NULs reads as the name, and every other form still goes byte by byte.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { decodeEscapedBuf } from '../../src/core/escaped-buf.js';

const nuls = (n: number) => '\\x00'.repeat(n);

describe('decodeEscapedBuf', () => {
  it('reads a printable name padded with NULs as the name, whatever follows the first NUL', () => {
    assert.equal(decodeEscapedBuf('pctl-cli' + nuls(8)), 'pctl-cli');
    assert.equal(decodeEscapedBuf(nuls(16)), '');
    assert.equal(decodeEscapedBuf('x' + nuls(1) + 'stale\\x41'), 'x');
    assert.equal(decodeEscapedBuf('a b' + nuls(2) + '\u0001'), 'a b'); // nothing after the NUL is read
  });

  it('refuses a name with a character %r never prints before the padding, and decodes escapes before it', () => {
    assert.equal(decodeEscapedBuf('bad\u0001' + nuls(4)), undefined);
    assert.equal(decodeEscapedBuf('caf\\xc3\\xa9' + nuls(4)), 'café');
    assert.equal(decodeEscapedBuf('a\\x09b' + nuls(2)), 'a\tb');
  });

  it('gives for any printable name and padding what the name spelled out byte by byte gives', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[ -[\]-~]{0,15}$/), fc.integer({ min: 1, max: 16 }), (name, pad) => {
        const escaped = [...name].map((c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`).join('');
        assert.equal(decodeEscapedBuf(name + nuls(pad)), name);
        assert.equal(decodeEscapedBuf(escaped + nuls(pad)), name);
      }),
    );
  });
});
