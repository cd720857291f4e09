import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { inputChunks } from '../src/cli/input.js';

describe('the input of probectl parse', () => {
  const dir = mkdtempSync(join(tmpdir(), 'probectl-input-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('reads a file whole and in order, although each chunk is read into the same buffer', async () => {
    const file = join(dir, 'big');
    const bytes = randomBytes(1_000_001); // four reads and a bit
    writeFileSync(file, bytes);
    const copies: Buffer[] = [];
    for await (const chunk of inputChunks(file)) copies.push(Buffer.from(chunk));
    assert.ok(copies.length > 2);
    assert.ok(Buffer.concat(copies).equals(bytes));
  });

  it('closes the file when the reader stops early', async () => {
    const file = join(dir, 'early');
    writeFileSync(file, randomBytes(200_000));
    for await (const chunk of inputChunks(file)) {
      assert.ok(chunk.length > 0);
      break;
    }
  });

  it('fails with the reason when the file cannot be read', async () => {
    await assert.rejects(
      async () => {
        for await (const _ of inputChunks(join(dir, 'missing')));
      },
      { code: 'ENOENT' },
    );
    await assert.rejects(
      async () => {
        for await (const _ of inputChunks(dir));
      },
      { code: 'EISDIR' },
    );
  });
});
