import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { JsonBytes } from '../src/core/json-line-batch.js';

/** Appends a string as raw bytes, the way a row writer does. */
function putBytes(out: JsonBytes, text: string): void {
  const bytes = Buffer.from(text);
  out.reserve(bytes.length);
  out.bytes.set(bytes, out.length);
  out.length += bytes.length;
  out.lineWritten();
}

describe('JsonBytes', () => {
  it('keeps text lines and bytes in the order they were appended, across batches, growth and reused buffers', () => {
    const piece = fc.tuple(fc.boolean(), fc.string({ unit: 'binary', maxLength: 300 }));
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 60 }), fc.constantFrom(16, 64, 1024), (pieces, flushAt) => {
        const written: string[] = [];
        const out: JsonBytes = new JsonBytes(flushAt, () => {
          const batch = out.take()!;
          written.push(batch.toString('utf8'));
          out.reuse(batch);
        });
        let expected = '';
        for (const [asBytes, text] of pieces) {
          if (asBytes) putBytes(out, text + '\n');
          else out.line(text);
          expected += Buffer.from(text + '\n').toString('utf8');
        }
        const last = out.take();
        if (last !== undefined) written.push(last.toString('utf8'));
        assert.equal(written.join(''), expected);
      }),
      { numRuns: 500 },
    );
  });

  it('hands the batch on once it holds flushAt bytes', () => {
    let full = 0;
    const out = new JsonBytes(100, () => full++);
    out.line('x'.repeat(98));
    assert.equal(full, 0);
    out.line('');
    assert.equal(full, 1);
  });

  it('writes a reused buffer again only once it has been given back', () => {
    const out = new JsonBytes(8, () => {});
    putBytes(out, 'first\n');
    const first = out.take()!;
    putBytes(out, 'second\n');
    assert.equal(first.toString(), 'first\n');
    out.reuse(first);
    out.take();
    putBytes(out, 'third\n');
    assert.equal(out.take()!.buffer, first.buffer);
  });

  it('is empty after take()', () => {
    const out = new JsonBytes(8, () => {});
    assert.equal(out.take(), undefined);
    out.line('{}');
    assert.equal(out.take()!.toString(), '{}\n');
    assert.equal(out.take(), undefined);
  });
});
