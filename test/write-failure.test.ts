import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { cutToWholeLines, writeFailureReason } from '../src/core/write-failure.js';

describe('cutting what a failed write left half-written', () => {
  let dir: string;
  before(() => (dir = mkdtempSync(join(tmpdir(), 'probectl-cut-'))));
  after(() => rmSync(dir, { recursive: true, force: true }));

  const cut = (name: string, text: string) => {
    const file = join(dir, name);
    writeFileSync(file, text);
    return { removed: cutToWholeLines(file), left: readFileSync(file, 'utf8') };
  };

  it('removes the bytes after the last newline and says how many', () => {
    assert.deepEqual(cut('half', '{"seq":1}\n{"seq":2}\n{"se'), { removed: 4, left: '{"seq":1}\n{"seq":2}\n' });
  });

  it('leaves a file of whole lines alone, and empties one without any newline', () => {
    assert.deepEqual(cut('whole', 'a\nb\n'), { removed: 0, left: 'a\nb\n' });
    assert.deepEqual(cut('none', 'abc'), { removed: 3, left: '' });
    assert.deepEqual(cut('empty', ''), { removed: 0, left: '' });
  });

  it('finds the last newline however far back it is (a half line longer than its read block)', () => {
    const tail = 'x'.repeat(200_000);
    assert.deepEqual(cut('long', `first\n${tail}`), { removed: 200_000, left: 'first\n' });
  });

  it('touches nothing that is not a regular file, and says so', () => {
    assert.equal(cutToWholeLines('/dev/null'), undefined);
    assert.equal(cutToWholeLines(join(dir, 'missing')), undefined);
  });

  it('names a full disk in words, with its code', () => {
    const error = Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    assert.equal(writeFailureReason(error), 'the disk is full (ENOSPC)');
    assert.equal(writeFailureReason(new Error('EIO: i/o error, write')), 'EIO: i/o error, write');
  });
});
