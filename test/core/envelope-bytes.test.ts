// The envelope's bytes with a seq counted up in place equal the envelope and String(seq), whatever the seqs asked.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { EnvelopeBytes } from '../../src/core/envelope-bytes.js';

const PREFIX = '{"type":"file.open","ts":1796523142231,"probe":"opensnoop","seq":';

describe('EnvelopeBytes', () => {
  it('counts up across every carry, from 1 to 100,001, as String(seq) writes each', () => {
    const envelope = new EnvelopeBytes(1, Buffer.from(PREFIX));
    for (let seq = 1; seq <= 100_001; seq++) assert.equal(envelope.upTo(seq).toString('latin1'), PREFIX + seq);
  });

  it('writes any seq asked, the same again (a row its writer declined), one more, or another, and keeps the envelope alone', () => {
    const step = fc.oneof(fc.constant(0), fc.constant(1), fc.nat(1_000_000), fc.constantFrom(9, 99, 999_999, 9_999_999_999_999, Number.MAX_SAFE_INTEGER - 1));
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.boolean(), step), { maxLength: 60 }), (steps) => {
        const envelope = new EnvelopeBytes(1, Buffer.from(PREFIX));
        let seq = 0;
        for (const [relative, n] of steps) {
          seq = relative ? Math.min(seq + n, Number.MAX_SAFE_INTEGER) : n;
          assert.equal(envelope.upTo(seq).toString('latin1'), PREFIX + seq);
          assert.equal(envelope.prefix.toString('latin1'), PREFIX);
        }
      }),
      { numRuns: 500 },
    );
  });
});
