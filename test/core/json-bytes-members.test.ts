// Members written as bytes: a string member is the bytes of its key and JSON.stringify's text of its value, whatever the value.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { putStringMember } from '../../src/core/json-bytes-members.js';
import { asciiKey } from '../../src/core/json-from-bytes.js';
import { JsonBytes } from '../../src/core/json-line-batch.js';

describe('putStringMember', () => {
  const key = asciiKey(',"comm":');

  it("writes JSON.stringify's text of any string: printable ASCII, quotes, backslashes, controls, other characters, lone surrogates", () => {
    const unit = fc.oneof(
      fc.constantFrom('a', ' ', '~', '"', '\\', '\n', '\u001f', '\u007f', 'é', '€', '😀', '\ud800', '\udc80'),
      fc.string({ unit: 'binary', maxLength: 2 }),
    );
    fc.assert(
      fc.property(fc.array(unit, { maxLength: 40 }), fc.nat({ max: 5 }), (parts, before) => {
        const text = parts.join('');
        // A batch with a few bytes in it, and no room to spare: the member makes its own.
        const out = new JsonBytes(1, () => {});
        out.length = before;
        out.bytes = Buffer.alloc(before + 1);
        out.view = new DataView(out.bytes.buffer, out.bytes.byteOffset, out.bytes.byteLength);
        putStringMember(out, key, text);
        assert.equal(out.bytes.toString('utf8', before, out.length), `,"comm":${JSON.stringify(text)}`);
      }),
      { numRuns: 2000 },
    );
  });
});
