// A FIFO reader whose writer never opened sees its end once touchWriter has opened and closed one; one whose writer holds on does not.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { closeSync, constants, mkdtempSync, openSync, rmSync, unlinkSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { openFifo, touchWriter } from '../../src/run/stdout-fifo.js';

const dir = mkdtempSync(join(tmpdir(), 'probectl-fifo-'));
let made = 0;

/** A FIFO opened for reading, its name removed (as the launcher removes it), and whether and when its stream closed. */
function reader() {
  const path = join(dir, `f${++made}`);
  assert.equal(spawnSync('mkfifo', [path]).status, 0);
  const fifo = openFifo(path);
  const seen = { data: '', closed: false };
  fifo.stream.on('data', (b: Buffer) => (seen.data += b.toString()));
  const closed = new Promise<void>((resolve) =>
    fifo.stream.once('close', () => {
      seen.closed = true;
      resolve();
    }),
  );
  return { path, fifo, seen, closed };
}
const wait = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('the stdout FIFO', () => {
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('a reader whose writer never opened waits for ever; touchWriter ends it', async () => {
    const { path, fifo, seen, closed } = reader();
    unlinkSync(path);
    await wait(300);
    assert.equal(seen.closed, false, 'closed without a writer having come and gone');
    touchWriter(fifo);
    await Promise.race([closed, wait(2000)]);
    assert.equal(seen.closed, true, 'not closed 2 s after touchWriter');
  });

  it('touchWriter leaves a reader whose writer still holds the FIFO reading what comes', async () => {
    const { path, fifo, seen, closed } = reader();
    const writer = openSync(path, constants.O_WRONLY | constants.O_NONBLOCK);
    unlinkSync(path);
    touchWriter(fifo);
    await wait(200);
    assert.equal(seen.closed, false);
    writeSync(writer, 'after\n');
    closeSync(writer);
    await closed;
    assert.equal(seen.data, 'after\n');
  });

  it('touchWriter does nothing to a reader whose stream has closed', async () => {
    const { path, fifo, closed } = reader();
    unlinkSync(path);
    fifo.stream.destroy();
    await closed;
    touchWriter(fifo); // its descriptor number may name another file now: not opened
  });
});
